"""Retry timing for outbound HTTP, shared by the feed poller and the webhook sender: what a
server asks for (Retry-After, Cache-Control max-age), exponential backoff with jitter, and
keeping a delay within bounds. Every server hint is capped, so a hostile header can neither
overflow a timedelta nor park a caller for years."""

import email.utils
import random
import re
from collections.abc import Mapping
from datetime import datetime, timedelta

# Any server hint longer than this is as good as "a day" once clamped (and cannot overflow).
HINT_CAP = timedelta(days=2)
_MAX_AGE = re.compile(r"(?:^|[,\s])max-age=\"?([0-9]+)", re.ASCII)
_SECONDS = re.compile(r"[0-9]+", re.ASCII)


def retry_after(headers: Mapping[str, str], now: datetime) -> timedelta | None:
    """What Retry-After asks for (seconds or an HTTP date), unclamped but finite; None if
    absent or unreadable."""
    value = (headers.get("retry-after") or "").strip()
    if _SECONDS.fullmatch(value):
        return capped_seconds(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return min(max(timedelta(0), when - now), HINT_CAP) if when.tzinfo else None


def max_age(headers: Mapping[str, str]) -> timedelta | None:
    """Cache-Control max-age, capped; None if absent."""
    match = _MAX_AGE.search(headers.get("cache-control", ""))
    return capped_seconds(match.group(1)) if match else None


def capped_seconds(digits: str) -> timedelta:
    # A hostile "max-age=99999999999" would overflow timedelta; anything past the cap clamps
    # to a day anyway.
    seconds = int(digits) if len(digits) <= 9 else 10**9
    return min(timedelta(seconds=seconds), HINT_CAP)


def clamp(delay: timedelta, *, low: timedelta, high: timedelta) -> timedelta:
    return max(low, min(high, delay))


def backoff(
    base: timedelta, failures: int, *, low: timedelta, high: timedelta, jitter: float = 0.2
) -> timedelta:
    """`base` doubled for each failure after the first (at most 2**10 times), with ±`jitter`
    so failing callers spread out, within [low, high]."""
    grown = min(base, high) * (2 ** min(failures - 1, 10))
    return clamp(grown * random.uniform(1 - jitter, 1 + jitter), low=low, high=high)
