"""Polling feeds: claim the due ones, fetch politely, parse safely, ingest, and keep each
feed's health (next poll, errors, backoff, disabling). Nothing raises out of poll_feed: a
feed's failure is recorded on the feed."""

import logging
import random
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from ...net import http, retry
from ..models import Feed
from ..parse import FeedRejected, parse_feed
from .ingest import IngestResult, ingest_entries

logger = logging.getLogger(__name__)
MIN_INTERVAL = timedelta(minutes=5)
MAX_INTERVAL = timedelta(hours=24)
# Two ints for pg_try_advisory_xact_lock: this namespace plus hashtext(host).
_HOST_LOCK_NAMESPACE = 0x46454544  # "FEED"
URL_MAX_LENGTH: int = Feed._meta.get_field("url").max_length or 2000


@dataclass(frozen=True)
class FeedClaim:
    """A feed the dispatcher claimed: its poll task carries `claimed_at` and starts after
    `countdown` seconds (jitter, so polls spread out)."""

    feed_id: int
    claimed_at: datetime
    countdown: float


@dataclass(frozen=True)
class PollOutcome:
    ok: bool
    status: int | None
    detail: str
    ingest: IngestResult | None = None


# --- dispatching --------------------------------------------------------------------------


def dispatch_due_feeds(*, now: datetime | None = None) -> list[FeedClaim]:
    """Claim the feeds that are due, for the dispatch task to queue their polls. A claim
    moves next_poll_at forward by a lease (a lost poll retries after it); it is a conditional
    update, so two dispatchers never claim one feed twice. The claim (the claimed_at written)
    goes with the poll task, so a poll that waited in the queue past its lease, while a newer
    claim was made, polls once, not twice (see poll_feed)."""
    now = now or timezone.now()
    lease = now + timedelta(seconds=settings.FEEDS_CLAIM_SECONDS)
    with transaction.atomic():
        due = Feed.objects.due(now).only("id", "url", "next_poll_at")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        candidates = list(due[: settings.FEEDS_DISPATCH_BATCH])
        hosts = _lock_hosts({_host(f.url) for f in candidates})
        busy = _in_flight_per_host(now)  # read after the host locks: sees earlier claims
        claimed = [
            FeedClaim(f.pk, now, random.uniform(0, settings.FEEDS_JITTER_SECONDS))
            for f in candidates
            if _host(f.url) in hosts and _within_host_cap(f, busy) and _claim(f, lease, now)
        ]
    return claimed


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _lock_hosts(hosts: set[str]) -> set[str]:
    """The hosts this dispatcher may claim feeds of. On PostgreSQL a dispatcher running at
    the same time holds the others until it commits: its claims are invisible to our count
    till then, so claiming for the same host at once could break the per-host cap."""
    if connection.vendor != "postgresql" or not hosts:
        return hosts
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT h FROM unnest(%s::text[]) AS h"
            " WHERE pg_try_advisory_xact_lock(%s, hashtext(h))",
            [sorted(hosts), _HOST_LOCK_NAMESPACE],
        )
        return {row[0] for row in cursor.fetchall()}


def _in_flight_per_host(now: datetime) -> Counter[str]:
    """Feeds claimed and not yet polled whose lease still runs (a lost poll's lease ends)."""
    leased = Feed.objects.filter(
        enabled=True, claimed_at__isnull=False, next_poll_at__gt=now
    ).values_list("url", flat=True)
    return Counter(_host(url) for url in leased)


def _within_host_cap(feed: Feed, busy: Counter[str]) -> bool:
    host = _host(feed.url)
    if busy[host] >= settings.FEEDS_MAX_PER_HOST:
        return False
    busy[host] += 1
    return True


def _claim(feed: Feed, lease: datetime, now: datetime) -> bool:
    # Conditional on the next_poll_at we read: whoever moves it first owns the poll.
    return bool(
        Feed.objects.filter(pk=feed.pk, enabled=True, next_poll_at=feed.next_poll_at).update(
            next_poll_at=lease, claimed_at=now
        )
    )


# --- polling ------------------------------------------------------------------------------


def poll_feed(
    *, feed_id: int, claim: datetime | None = None, now: datetime | None = None
) -> PollOutcome:
    """Fetch, parse and ingest one feed, and record how it went on the feed. Never raises
    for anything the feed or its server does: the error is kept on the feed instead.

    With `claim` (a dispatched poll), the poll first takes the claim over by a conditional
    update: a task whose claim was superseded (it waited past its lease and the feed was
    claimed again), already polled (the poll clears it) or taken by a redelivered copy of
    the same task does nothing. Without it ("poll now", the CLI, tests) the feed is polled."""
    now = now or timezone.now()
    deadline = time.monotonic() + settings.FEEDS_POLL_BUDGET_SECONDS  # before the soft limit
    if claim is not None and not _take_claim(feed_id, claim, now):
        return PollOutcome(False, None, "claim superseded or already polled")
    feed = Feed.objects.filter(pk=feed_id, enabled=True).first()
    if feed is None:
        return PollOutcome(False, None, "feed missing or disabled")
    try:
        return _poll(feed, now, deadline)
    except Exception as exc:  # a bug or a surprise must not kill the worker or lose the feed
        logger.exception("feed %s: unexpected error while polling", feed.pk)
        return _failed(feed, now, f"internal: {type(exc).__name__}: {exc}", transient=True)


def _take_claim(feed_id: int, claim: datetime, now: datetime) -> bool:
    # claimed_at moves to the start of this poll: the feed still counts as in flight for its
    # host, and any other task holding the old claim now fails this same test.
    return bool(
        Feed.objects.filter(pk=feed_id, enabled=True, claimed_at=claim).update(claimed_at=now)
    )


def _poll(feed: Feed, now: datetime, deadline: float) -> PollOutcome:
    try:
        result = http.fetch(
            feed.url,
            headers=_conditional_headers(feed),
            timeout=settings.FEEDS_FETCH_TIMEOUT_SECONDS,
            deadline=settings.FEEDS_FETCH_DEADLINE_SECONDS,
        )
    except http.FetchError as exc:
        return _failed(feed, now, f"{exc.kind}: {exc}", transient=exc.transient)
    return _handle(feed, result, now, deadline)


def _conditional_headers(feed: Feed) -> dict[str, str]:
    headers = {
        "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"
    }
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    return headers


def _handle(feed: Feed, result: http.FetchResult, now: datetime, deadline: float) -> PollOutcome:
    status = result.status
    if status == 304:
        return _succeeded(feed, result, now, None, ttl=None)
    if status == 410:
        _disable(feed, now, "The server says the feed is gone for good (HTTP 410).", error=True)
        return PollOutcome(False, status, "gone")
    if status in (408, 429) or status >= 500:
        return _failed(feed, now, f"HTTP {status}", transient=True, result=result)
    if not 200 <= status < 300:
        return _failed(feed, now, f"HTTP {status}", transient=False, result=result)
    try:
        parsed = parse_feed(result.body, headers=dict(result.headers), url=result.url)
    except FeedRejected as exc:
        return _failed(feed, now, f"rejected: {exc}", transient=False)
    ingest = ingest_entries(feed=feed, entries=parsed.entries, now=now, deadline=deadline)
    if ingest.left_for_later:
        parsed.errors.insert(0, _left_for_later(ingest))  # first: last_error is cut at 2,000
        # The next poll must get the document again, not a 304.
        headers = result.headers.copy()
        for name in ("etag", "last-modified"):
            headers.pop(name, None)
        result = replace(result, headers=headers)
    if parsed.errors:
        logger.warning("feed %s: %s", feed.pk, "; ".join(parsed.errors)[:500])
    title = feed.title or parsed.title[:300]
    return _succeeded(
        feed, result, now, ingest, ttl=parsed.ttl_minutes, title=title, warnings=parsed.errors
    )


def _left_for_later(ingest: IngestResult) -> str:
    stored = ingest.new_entries - ingest.left_for_later
    return f"stored {stored:,} of {ingest.new_entries:,} new entries; the rest on the next poll"


def _succeeded(
    feed: Feed,
    result: http.FetchResult,
    now: datetime,
    ingest: IngestResult | None,
    *,
    ttl: int | None,
    title: str | None = None,
    warnings: list[str] | None = None,
) -> PollOutcome:
    Feed.objects.filter(pk=feed.pk).update(
        url=_moved_url(feed, result),
        title=title or feed.title,
        etag=result.headers.get("etag", feed.etag if result.status == 304 else "")[:500],
        last_modified=result.headers.get(
            "last-modified", feed.last_modified if result.status == 304 else ""
        )[:100],
        next_poll_at=now + next_interval(feed, result.headers, ttl),
        last_polled_at=now,
        last_success_at=now,
        error_count=0,
        failing_since=None,
        last_error="; ".join(warnings or [])[:2000],
        last_error_at=now if warnings else None,
        claimed_at=None,
    )
    return PollOutcome(True, result.status, "not modified" if ingest is None else "ok", ingest)


def _moved_url(feed: Feed, result: http.FetchResult) -> str:
    """The feed's URL from now on: where permanent redirects (301/308 only) led, as feed
    readers do, unless another feed already polls that address; else unchanged."""
    moved = result.moved_to
    if not moved or moved == feed.url or len(moved) > URL_MAX_LENGTH:
        return feed.url
    if Feed.objects.filter(url=moved).exists():
        logger.warning("feed %s moved to %s, which another feed already polls", feed.pk, moved)
        return feed.url
    logger.info("feed %s moved permanently: %s -> %s", feed.pk, feed.url, moved)
    return moved


def _failed(
    feed: Feed,
    now: datetime,
    error: str,
    *,
    transient: bool,
    result: http.FetchResult | None = None,
) -> PollOutcome:
    count = feed.error_count + 1
    since = feed.failing_since or now
    delay = backoff(feed.poll_interval, count)
    hint = retry.retry_after(result.headers, now) if result is not None else None
    if hint is not None:
        delay = clamp(hint)
    Feed.objects.filter(pk=feed.pk).update(
        error_count=count,
        failing_since=since,
        last_error=error[:2000],
        last_error_at=now,
        last_polled_at=now,
        next_poll_at=now + delay,
        claimed_at=None,
    )
    if now - since >= timedelta(days=settings.FEEDS_DISABLE_AFTER_DAYS):
        _disable(
            feed,
            now,
            f"Failing for {settings.FEEDS_DISABLE_AFTER_DAYS} days; last error: {error[:200]}",
        )
    logger.info("feed %s failed (%s, transient=%s): %s", feed.pk, count, transient, error)
    return PollOutcome(False, result.status if result else None, error)


def _disable(feed: Feed, now: datetime, reason: str, *, error: bool = False) -> None:
    fields = {"last_error": reason, "last_error_at": now} if error else {}
    Feed.objects.filter(pk=feed.pk).update(
        enabled=False, disabled_reason=reason[:300], last_polled_at=now, claimed_at=None, **fields
    )


# --- timing ---------------------------------------------------------------------------


def clamp(delay: timedelta) -> timedelta:
    return retry.clamp(delay, low=MIN_INTERVAL, high=MAX_INTERVAL)


def next_interval(feed: Feed, headers: Mapping[str, str], ttl_minutes: int | None) -> timedelta:
    """The feed's interval, lengthened by what the server asks (Retry-After, Cache-Control
    max-age, RSS <ttl>), within [5 min, 24 h]."""
    hints = [feed.poll_interval]
    if ttl_minutes:
        hints.append(timedelta(minutes=min(ttl_minutes, 48 * 60)))
    hints += [h for h in (retry.max_age(headers), retry.retry_after(headers, timezone.now())) if h]
    return clamp(max(hints))


def backoff(interval: timedelta, failures: int) -> timedelta:
    """Exponential from the feed's interval, with ±20% jitter so failing feeds spread out."""
    return retry.backoff(interval, failures, low=MIN_INTERVAL, high=MAX_INTERVAL)
