"""System health: heartbeats from periodic work, read by the admin's health view."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Min, Q
from django.utils import timezone

from ..models import Feed, Heartbeat

WORKER_HEARTBEAT = "celery-worker"
# The dispatcher runs every minute and jitters polls by seconds: a feed due for longer than
# this means polling has stalled or cannot keep up.
FEED_LAG_LIMIT = timedelta(minutes=10)
# Alerts go out within seconds and the sweeper runs every minute.
OUTBOX_LAG_LIMIT = timedelta(minutes=15)


def record_heartbeat(*, name: str, detail: str = "", now: datetime | None = None) -> None:
    Heartbeat.objects.update_or_create(
        name=name, defaults={"beat_at": now or timezone.now(), "detail": detail}
    )


@dataclass(frozen=True)
class HealthLine:
    name: str
    ok: bool
    value: str
    help: str


def system_health(now: datetime | None = None) -> list[HealthLine]:
    """One line per check; later features (feeds, outbox) add theirs here."""
    now = now or timezone.now()
    feeds = feed_figures(now)
    return [
        _worker_line(now),
        _feed_lag_line(now, feeds),
        _feed_failures_line(feeds),
        *_outbox_lines(now),
    ]


def heartbeat_limit() -> timedelta:
    """A worker heartbeat older than this (three missed beats) means no worker or no beat."""
    return timedelta(seconds=settings.TRACKER_HEARTBEAT_INTERVAL_SECONDS * 3)


def worker_heartbeat_age(now: datetime) -> timedelta | None:
    """How long ago a worker last ran the heartbeat task; None if it never did."""
    beat_at = (
        Heartbeat.objects.filter(name=WORKER_HEARTBEAT).values_list("beat_at", flat=True).first()
    )
    return None if beat_at is None else now - beat_at


def _worker_line(now: datetime) -> HealthLine:
    age = worker_heartbeat_age(now)
    if age is None:
        return HealthLine(
            "Celery worker heartbeat",
            False,
            "never",
            "No heartbeat yet: is a worker and beat running?",
        )
    return HealthLine(
        "Celery worker heartbeat",
        age <= heartbeat_limit(),
        f"{int(age.total_seconds())} s ago",
        f"Expected at least every {settings.TRACKER_HEARTBEAT_INTERVAL_SECONDS} s.",
    )


@dataclass(frozen=True)
class FeedFigures:
    enabled: int
    due: int
    lagging: int  # due for longer than FEED_LAG_LIMIT
    failing: int  # enabled, last poll failed
    disabled: int  # disabled by the poller (a reason is shown), not by an editor
    oldest_due: datetime | None


def feed_figures(now: datetime) -> FeedFigures:
    """The feed counts the health page and the metrics show, in one query. "Due" is
    FeedQuerySet.due: enabled and next_poll_at passed (a claimed feed's next_poll_at is its
    lease, so a lost poll counts as due too)."""
    due = Q(enabled=True, next_poll_at__lte=now)
    row = Feed.objects.aggregate(  # aliases must differ from field names ("enabled")
        n_enabled=Count("id", filter=Q(enabled=True)),
        n_due=Count("id", filter=due),
        n_lagging=Count("id", filter=due & Q(next_poll_at__lt=now - FEED_LAG_LIMIT)),
        n_failing=Count("id", filter=Q(enabled=True, error_count__gt=0)),
        n_disabled=Count("id", filter=Q(enabled=False) & ~Q(disabled_reason="")),
        oldest_due=Min("next_poll_at", filter=due),
    )
    return FeedFigures(**{key.removeprefix("n_"): value for key, value in row.items()})


def _feed_lag_line(now: datetime, feeds: FeedFigures) -> HealthLine:
    """How late the most overdue enabled feed is."""
    if not feeds.due or feeds.oldest_due is None:
        return HealthLine("Feed polling lag", True, "none due", "Every enabled feed is on time.")
    lag = now - feeds.oldest_due
    return HealthLine(
        "Feed polling lag",
        lag < FEED_LAG_LIMIT,
        duration(lag),
        f"{feeds.due} feed(s) due; the most overdue should have been polled {duration(lag)} "
        f"ago. Expected under {duration(FEED_LAG_LIMIT)}.",
    )


def _feed_failures_line(feeds: FeedFigures) -> HealthLine:
    failing, disabled = feeds.failing, feeds.disabled
    return HealthLine(
        "Failing or disabled feeds",
        failing == 0 and disabled == 0,
        f"{failing} failing, {disabled} disabled",
        "Failing: the last poll failed (retried with backoff). Disabled: the poller gave up "
        "(gone, or failing for days); re-enable from the feed list once fixed.",
    )


def _outbox_lines(now: datetime) -> list[HealthLine]:
    """The alert outbox: what waits to be fanned out or sent, and how late the oldest is
    (items waiting for a retry or the digest hour are not late)."""
    from ..alerts.services.outbox import backlog  # the alerts app builds on the core

    b = backlog(now)
    late = now - b.oldest if b.oldest else timedelta(0)
    return [
        HealthLine(
            "Alert outbox backlog",
            late < OUTBOX_LAG_LIMIT,
            f"{b.changes} change(s) to fan out, {b.due} delivery(ies) due",
            f"Plus {b.waiting} waiting for a retry or the daily digest. Changes that alert "
            "are fanned out after commit; the sweeper re-queues any the workers lost.",
        ),
        HealthLine(
            "Oldest undelivered alert",
            late < OUTBOX_LAG_LIMIT,
            duration(late) if b.oldest else "none",
            f"How long the oldest change or delivery has been due. Expected under "
            f"{duration(OUTBOX_LAG_LIMIT)}; more means no worker, beat or SMTP server.",
        ),
    ]


def duration(delta: timedelta) -> str:
    """A short human duration: "42 s", "12 min", "3 h 5 min", "2 d 4 h"."""
    seconds = int(delta.total_seconds())
    if seconds < 60:
        return f"{seconds} s"
    minutes, hours, days = seconds // 60, seconds // 3600, seconds // 86400
    if seconds < 3600:
        return f"{minutes} min"
    if seconds < 86400:
        return f"{hours} h {minutes % 60} min"
    return f"{days} d {hours % 24} h"
