"""The daily digest: one email with the day's changes in the subscriber's scopes, each change
in exactly one digest."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail

from channels_app.alerts import tasks
from channels_app.alerts.models import Delivery
from channels_app.alerts.services import digest, fanout
from channels_app.models import Kind
from tests.factories import ChannelFactory

from .conftest import CUT, NOW, alerting_change, assessed
from .factories import SubscriberFactory

pytestmark = pytest.mark.django_db
DIGEST_TIME = datetime(2025, 11, 3, 7, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _digest_hour(settings):
    settings.ALERTS_DIGEST_HOUR = 7


@pytest.fixture
def digest_reader(cn_us):
    return SubscriberFactory(email="ana@example.org", mode="digest", scopes=["pair:CN-US"])


def test_the_digest_brings_the_day_s_changes_in_one_email(digest_reader, cn_us):
    trade = assessed(ChannelFactory(country_a="CN", country_b="US", kind=Kind.TRADE), "severed")
    fanned(alerting_change(cn_us))
    fanned(alerting_change(trade, state="open", effective_at=CUT + timedelta(hours=1)))
    with time_machine.travel(DIGEST_TIME, tick=False):
        assert digest.send_digest_batch() == 2
    [message] = mail.outbox
    assert message.to == ["ana@example.org"]
    assert message.subject == "Channel Tracker daily digest: 2 changes"
    assert "US–China military channels" in message.body and "Open → Suspended" in message.body
    assert "trade talks" in message.body and "Severed → Open" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def fanned(change):
    with time_machine.travel(NOW, tick=False):
        fanout.fanout_change(change_id=change.pk)
    return change


def test_nothing_goes_out_before_the_digest_hour(digest_reader, cn_us):
    fanned(alerting_change(cn_us))
    with time_machine.travel(DIGEST_TIME - timedelta(minutes=1), tick=False):
        assert digest.send_digest_batch() == 0
    assert not mail.outbox


def test_a_change_is_in_exactly_one_digest(digest_reader, cn_us):
    fanned(alerting_change(cn_us))
    with time_machine.travel(DIGEST_TIME, tick=False):
        digest.send_digest_batch()
    with time_machine.travel(DIGEST_TIME + timedelta(days=1), tick=False):
        assert digest.send_digest_batch() == 0
    assert len(mail.outbox) == 1
    assert Delivery.objects.get().status == Delivery.Status.SENT


def test_immediate_subscribers_are_not_in_the_digest(digest_reader, cn_us):
    SubscriberFactory(email="now@example.org", scopes=["all"])
    fanned(alerting_change(cn_us))
    with time_machine.travel(DIGEST_TIME, tick=False):
        digest.send_digest_batch()
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]


def test_the_daily_beat_task_queues_the_due_digests(digest_reader, cn_us, run_on_commit):
    fanned(alerting_change(cn_us))
    with time_machine.travel(DIGEST_TIME, tick=False):
        run_on_commit(tasks.queue_digests)
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]


def test_a_digest_keeps_its_message_id_when_retried(digest_reader, cn_us):
    change = fanned(alerting_change(cn_us))
    rows = list(Delivery.objects.filter(change=change).select_related("subscriber"))
    first = digest.digest_message(digest_reader, rows, DIGEST_TIME).extra_headers["Message-ID"]
    again = digest.digest_message(digest_reader, rows, DIGEST_TIME).extra_headers["Message-ID"]
    assert first == again
