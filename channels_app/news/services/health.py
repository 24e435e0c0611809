"""Feed polling's lines on the admin's health page (registered in news/hooks.py)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Min, Q

from ...services.health import HealthLine, counted, duration
from ..models import Feed

# The dispatcher runs every minute and jitters polls by seconds: a feed due for longer than
# this means polling has stalled or cannot keep up.
FEED_LAG_LIMIT = timedelta(minutes=10)


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


def feed_health(now: datetime) -> list[HealthLine]:
    feeds = feed_figures(now)
    return [_feed_lag_line(now, feeds), _feed_failures_line(feeds)]


def _feed_lag_line(now: datetime, feeds: FeedFigures) -> HealthLine:
    """How late the most overdue enabled feed is."""
    if not feeds.due or feeds.oldest_due is None:
        return HealthLine("Feed polling lag", True, "none due", "Every enabled feed is on time.")
    lag = now - feeds.oldest_due
    return HealthLine(
        "Feed polling lag",
        lag < FEED_LAG_LIMIT,
        duration(lag),
        f"{counted(feeds.due, 'feed', 'feeds')} due; the most overdue should have been "
        f"polled {duration(lag)} ago. Expected under {duration(FEED_LAG_LIMIT)}.",
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
