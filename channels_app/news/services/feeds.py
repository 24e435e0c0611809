"""Managing feeds: adding and editing them (their URL checked against the private-address
guard), polling one now, and re-enabling one the poller gave up on. Polling itself lives in
news.services.polling."""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from ...net import http
from ...queueing import enqueue_on_commit
from ...services.errors import ChangeRejected
from .. import tasks
from ..models import Feed
from .polling import MAX_INTERVAL, MIN_INTERVAL

DEFAULT_INTERVAL = timedelta(minutes=30)
EDITABLE_FIELDS = ("url", "title", "outlet", "enabled", "poll_interval")


def feed_validate_url(url: str) -> None:
    """Raise ChangeRejected for a URL the poller would refuse: not http(s), malformed, or a
    host that resolves to a private, loopback or otherwise non-public address (unless
    OUTBOUND_ALLOW_PRIVATE_ADDRESSES). A host that does not resolve right now passes: DNS
    failures are transient, and every fetch checks the address again."""
    try:
        http.check_url(url.strip())
    except http.FetchError as exc:
        if exc.transient:
            return
        raise ChangeRejected(_refusal(exc), code=exc.kind) from exc


def _refusal(exc: http.FetchError) -> str:
    if exc.kind == "blocked_address":
        return (
            f"This URL points at a private or local address ({exc}); feeds are fetched "
            "from the public internet only."
        )
    return f"This URL cannot be polled: {exc}."


def feed_validate_interval(interval: timedelta) -> None:
    if not MIN_INTERVAL <= interval <= MAX_INTERVAL:
        low, high = MIN_INTERVAL // timedelta(minutes=1), MAX_INTERVAL // timedelta(hours=1)
        raise ChangeRejected(
            f"Poll at most every {low} minutes and at least every {high} hours.",
            code="interval",
        )


def feed_create(
    *,
    url: str,
    title: str = "",
    outlet: str = "",
    poll_interval: timedelta = DEFAULT_INTERVAL,
    enabled: bool = True,
    now: datetime | None = None,
) -> Feed:
    """Add a feed, due at once. Raises ChangeRejected for a refused URL or interval, or a URL
    already added."""
    url = url.strip()
    feed_validate_url(url)
    feed_validate_interval(poll_interval)
    if Feed.objects.filter(url=url).exists():
        raise ChangeRejected("This feed is already added.", code="duplicate")
    try:
        with transaction.atomic():
            return Feed.objects.create(
                url=url,
                title=title,
                outlet=outlet,
                poll_interval=poll_interval,
                enabled=enabled,
                next_poll_at=now or timezone.now(),
            )
    except IntegrityError as exc:  # added by someone else since the check above
        raise ChangeRejected("This feed is already added.", code="duplicate") from exc


def feed_update(*, feed: Feed, now: datetime | None = None, **changes: Any) -> Feed:
    """Write the editable settings given, and only them: a poll finishing meanwhile keeps the
    health it wrote. A new URL is checked, forgets the old URL's validators and is due now."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    if "url" in changes:
        changes["url"] = changes["url"].strip()
        feed_validate_url(changes["url"])
        changes.update(etag="", last_modified="", next_poll_at=now or timezone.now())
    if "poll_interval" in changes:
        feed_validate_interval(changes["poll_interval"])
    if changes:
        Feed.objects.filter(pk=feed.pk).update(**changes)
        feed.refresh_from_db()
    return feed


def feed_poll_now(*, feed: Feed, now: datetime | None = None) -> bool:
    """Poll the feed now: claim it as the dispatcher would (so the dispatcher does not also
    queue it; a lost poll is retried when the claim's lease runs out) and queue its poll
    after commit. False, queueing nothing, for a disabled feed or one already being polled."""
    now = now or timezone.now()
    lease = now + timedelta(seconds=settings.FEEDS_CLAIM_SECONDS)
    idle = Q(claimed_at__isnull=True) | Q(next_poll_at__lte=now)  # or its lease ran out
    with transaction.atomic():
        claimed = (
            Feed.objects.filter(idle, pk=feed.pk, enabled=True).update(
                next_poll_at=lease, claimed_at=now
            )
            == 1
        )
        if claimed:
            enqueue_on_commit(tasks.poll_feed, feed.pk)
    return claimed


def feed_reenable(*, feed: Feed, now: datetime | None = None) -> None:
    """Enable a feed again with a clean slate: no disabled reason, no failure streak, due
    now."""
    Feed.objects.filter(pk=feed.pk).update(
        enabled=True,
        disabled_reason="",
        error_count=0,
        failing_since=None,
        claimed_at=None,
        next_poll_at=now or timezone.now(),
    )
