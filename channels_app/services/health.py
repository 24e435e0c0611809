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
    return [
        _worker_line(now),
        _feed_lag_line(now),
        _feed_failures_line(),
        *_outbox_lines(now),
    ]


def _worker_line(now: datetime) -> HealthLine:
    beat = Heartbeat.objects.filter(name=WORKER_HEARTBEAT).first()
    limit = timedelta(seconds=settings.TRACKER_HEARTBEAT_INTERVAL_SECONDS * 3)
    if beat is None:
        return HealthLine(
            "Celery worker heartbeat",
            False,
            "never",
            "No heartbeat yet: is a worker and beat running?",
        )
    age = now - beat.beat_at
    return HealthLine(
        "Celery worker heartbeat",
        age <= limit,
        f"{int(age.total_seconds())} s ago",
        f"Expected at least every {settings.TRACKER_HEARTBEAT_INTERVAL_SECONDS} s.",
    )


def _feed_lag_line(now: datetime) -> HealthLine:
    """How late the most overdue enabled feed is: now minus the oldest next_poll_at that has
    passed (a claimed feed's next_poll_at is its lease, so a lost poll shows up here too)."""
    due = Feed.objects.due(now).aggregate(count=Count("id"), oldest=Min("next_poll_at"))
    if not due["count"]:
        return HealthLine("Feed polling lag", True, "none due", "Every enabled feed is on time.")
    lag = now - due["oldest"]
    return HealthLine(
        "Feed polling lag",
        lag < FEED_LAG_LIMIT,
        duration(lag),
        f"{due['count']} feed(s) due; the most overdue should have been polled {duration(lag)} "
        f"ago. Expected under {duration(FEED_LAG_LIMIT)}.",
    )


def _feed_failures_line() -> HealthLine:
    counts = Feed.objects.aggregate(
        failing=Count("id", filter=Q(enabled=True, error_count__gt=0)),
        disabled=Count("id", filter=Q(enabled=False) & ~Q(disabled_reason="")),
    )
    failing, disabled = counts["failing"], counts["disabled"]
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
            f"{counted(b.changes, 'change', 'changes')} to fan out, "
            f"{counted(b.due, 'delivery', 'deliveries')} due",
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


def counted(n: int, one: str, many: str) -> str:
    """ "1 change", "3 changes", "0 deliveries": no "(s)" on a page people read."""
    return f"{n} {one if n == 1 else many}"


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
