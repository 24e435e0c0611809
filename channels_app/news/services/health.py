"""Feed polling's lines on the admin's health page (registered in news/hooks.py)."""

from datetime import datetime, timedelta

from django.db.models import Count, Min, Q

from ...services.health import HealthLine, counted, duration
from ..models import Feed

# The dispatcher runs every minute and jitters polls by seconds: a feed due for longer than
# this means polling has stalled or cannot keep up.
FEED_LAG_LIMIT = timedelta(minutes=10)


def feed_health(now: datetime) -> list[HealthLine]:
    return [_feed_lag_line(now), _feed_failures_line()]


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
        f"{counted(due['count'], 'feed', 'feeds')} due; the most overdue should have been "
        f"polled {duration(lag)} ago. Expected under {duration(FEED_LAG_LIMIT)}.",
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
