"""A fixed-window counter in the Django cache (Redis in production): enough to stop one
client or one address from being used to send floods of confirmation emails."""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


def address_allowed(address: str) -> bool:
    """The per-address limit on emails we send because someone typed this (normalised)
    address."""
    return allow(
        "address",
        address,
        limit=settings.ALERTS_RATE_PER_ADDRESS,
        window=settings.ALERTS_RATE_WINDOW_SECONDS,
    )


def allow(bucket: str, ident: str, *, limit: int, window: int) -> bool:
    """Count one hit for `ident` in `bucket`; False once it is over `limit` in this window.
    Fails open (logged) if the cache is down: a missing cache must not take subscribing
    down with it."""
    slot = int(time.time()) // window
    digest = hashlib.sha256(ident.encode()).hexdigest()[:32]  # no addresses in cache keys
    key = f"alerts-rate:{bucket}:{digest}:{slot}"
    try:
        cache.add(key, 0, timeout=window + 60)
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 60)
        count = 1
    except Exception:
        logger.warning("rate limit %s: cache unavailable, allowing", bucket, exc_info=True)
        return True
    return count <= limit
