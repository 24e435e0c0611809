"""The writer announces each committed change once, after commit; the page cache, news and
alerts subscribe to it from their apps' ready()."""

from datetime import UTC, datetime

import pytest

from channels_app.models import Origin
from channels_app.services import announce
from channels_app.services.announce import CommittedChange
from channels_app.services.changes import change_remove, channel_set_state
from channels_app.services.errors import ChangeRejected
from tests.factories import SOURCE, ChannelFactory

pytestmark = pytest.mark.django_db
T1, T2 = datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 6, 1, tzinfo=UTC)


@pytest.fixture
def heard(monkeypatch):
    """The announcements, to a receiver of the test's own instead of the app's."""
    calls: list[CommittedChange] = []
    monkeypatch.setattr(announce, "_receivers", {"test": calls.append})
    return calls


def record(channel, state="open", effective_at=T1):
    return channel_set_state(
        evidence=SOURCE,
        channel=channel,
        state=state,
        effective_at=effective_at,
        origin=Origin.MANUAL,
    )


def test_the_apps_subscribe_the_cache_then_news_then_alerts():
    assert announce.receivers() == ["public-pages", "news.supersede_fulfilled", "alerts.fanout"]


def test_a_recorded_change_is_announced_once_after_commit(
    heard, django_capture_on_commit_callbacks
):
    channel = ChannelFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        change = record(channel)
    assert heard == []
    for callback in callbacks:
        callback()
    assert heard == [CommittedChange(channel.pk, change.pk)]


def test_a_removal_is_announced_too(heard, django_capture_on_commit_callbacks, editor_user):
    channel = ChannelFactory()
    record(channel)
    later = record(channel, state="limited", effective_at=T2)
    with django_capture_on_commit_callbacks(execute=True):
        change_remove(change=later, actor=editor_user, reason="Misread the source")
    assert heard == [CommittedChange(channel.pk, later.pk)]


def test_a_write_that_rolls_back_announces_nothing(heard, django_capture_on_commit_callbacks):
    channel = ChannelFactory()
    with django_capture_on_commit_callbacks(execute=True):
        record(channel)
        with pytest.raises(ChangeRejected):
            record(channel)  # refused: writes nothing, announces nothing
    assert len(heard) == 1


def test_receivers_run_in_the_order_they_subscribed(monkeypatch):
    order: list[str] = []
    monkeypatch.setattr(announce, "_receivers", {})
    announce.subscribe("first", lambda change: order.append("first"))
    announce.subscribe("second", lambda change: order.append("second"))
    announce.subscribe("first", lambda change: order.append("first again"))

    announce.announce(CommittedChange(1, 2))

    assert order == ["first again", "second"]
