from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from channels_app.models import Feed
from channels_app.services.health import system_health

pytestmark = pytest.mark.django_db
HEALTH = reverse("admin:channels_app_channel_system_health")
NOW = datetime(2025, 11, 2, 12, 0, tzinfo=UTC)


def line(name):
    return next(line for line in system_health(NOW) if line.name == name)


def feed(path, **fields):
    return Feed.objects.create(url=f"https://93.184.215.14/{path}", **fields)


def test_the_lag_is_that_of_the_most_overdue_enabled_feed():
    feed("a", next_poll_at=NOW - timedelta(minutes=3))
    feed("b", next_poll_at=NOW - timedelta(minutes=25))
    feed("c", next_poll_at=NOW - timedelta(hours=5), enabled=False)  # disabled: not due
    feed("d", next_poll_at=NOW + timedelta(minutes=30))  # not yet due
    lag = line("Feed polling lag")
    assert (lag.ok, lag.value) == (False, "25 min")
    assert lag.help.startswith("2 feeds due")


def test_a_lag_under_ten_minutes_is_ok():
    feed("a", next_poll_at=NOW - timedelta(seconds=90))
    lag = line("Feed polling lag")
    assert (lag.ok, lag.value) == (True, "1 min")


def test_no_feed_due_is_ok():
    feed("a", next_poll_at=NOW + timedelta(minutes=1))
    assert line("Feed polling lag").ok


def test_failing_and_disabled_feeds_are_counted():
    feed("a", error_count=2)
    feed("b", enabled=False, disabled_reason="Gone (HTTP 410)")
    feed("c", enabled=False)  # switched off by an editor: not a problem
    feed("d")
    failures = line("Failing or disabled feeds")
    assert (failures.ok, failures.value) == (False, "1 failing, 1 disabled")


@time_machine.travel(NOW, tick=False)
def test_the_health_page_shows_the_most_overdue_feeds_lag(editor_client):
    feed("a", next_poll_at=NOW - timedelta(hours=2, minutes=5))
    page = editor_client.get(HEALTH).content.decode()
    assert "Feed polling lag" in page and "2 h 5 min" in page
    assert "Celery worker heartbeat" in page  # the existing line stays
