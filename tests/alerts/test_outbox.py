"""The outbox: the writer marks changes that alert, the fan-out creates one delivery per
recipient once, senders claim rows before sending, and the sweeper recovers lost work."""

from datetime import timedelta
from itertools import pairwise
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.test import TestCase
from django.utils import timezone
from kombu.exceptions import OperationalError

from channels_app.alerts import tasks
from channels_app.alerts.models import Delivery
from channels_app.alerts.services import email, fanout, outbox
from channels_app.models import Origin, StateChange
from channels_app.services.changes import change_remove, channel_set_state
from tests.factories import SOURCE

from .conftest import CUT, NOW, alerting_change
from .factories import SubscriberFactory

pytestmark = pytest.mark.django_db
Status = Delivery.Status


def sweep(now=None):
    """What the sweep task does, at `now`: sweep, then queue what was found. The task runs
    outside any transaction, so it queues at once; the test's transaction never commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        result = outbox.sweep(now=now)
        tasks.requeue(result)
    return result


def deliveries(change, status=None):
    rows = Delivery.objects.filter(change=change)
    return rows.filter(status=status) if status else rows


def test_a_committed_alerting_change_reaches_its_subscriber(cn_us, run_on_commit):
    SubscriberFactory(email="ana@example.org", scopes=["pair:CN-US"])
    change = run_on_commit(alerting_change, cn_us)
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    assert deliveries(change, Status.SENT).count() == 1
    change.refresh_from_db()
    assert change.alert_processed_at is not None


def test_nothing_is_queued_before_the_change_commits(cn_us, django_capture_on_commit_callbacks):
    SubscriberFactory(scopes=["all"])
    with mock.patch.object(tasks.fanout_change, "apply_async") as queued:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            alerting_change(cn_us)
        assert not queued.called
        with django_capture_on_commit_callbacks(execute=True):
            for callback in callbacks:
                callback()
    assert queued.call_count == 1


@pytest.mark.parametrize("origin", [Origin.IMPORT])
def test_a_change_that_does_not_alert_queues_no_fan_out(cn_us, run_on_commit, origin):
    SubscriberFactory(scopes=["all"])
    with mock.patch.object(tasks.fanout_change, "apply_async") as queued:
        change = run_on_commit(
            channel_set_state,
            channel=cn_us,
            state="severed",
            effective_at=CUT,
            origin=origin,
            now=NOW,
        )
    assert not change.alerts
    assert not queued.called and not mail.outbox


def test_a_backdated_change_that_leaves_the_current_state_queues_no_fan_out(cn_us, run_on_commit):
    SubscriberFactory(scopes=["all"])
    alerting_change(cn_us, state="severed")
    with mock.patch.object(tasks.fanout_change, "apply_async") as queued:
        backdated = run_on_commit(
            channel_set_state,
            channel=cn_us,
            state="limited",
            effective_at=CUT - timedelta(days=30),
            origin=Origin.MANUAL,
            now=NOW,
            evidence=SOURCE,
        )
    assert not backdated.alerts and not queued.called


def test_fanning_out_twice_creates_no_second_delivery_or_email(change, run_on_commit):
    SubscriberFactory.create_batch(3, scopes=["all"])
    run_on_commit(tasks.fanout_change, change.pk)
    run_on_commit(tasks.fanout_change, change.pk)
    assert deliveries(change).count() == 3
    assert len(mail.outbox) == 3


def test_a_change_removed_before_its_fan_out_alerts_nobody(change, editor_user):
    SubscriberFactory(scopes=["all"])
    change_remove(change=change, actor=editor_user, reason="Wrong channel", now=NOW)
    fanout.fanout_change(change_id=change.pk)
    assert not deliveries(change).exists()


def test_a_digest_subscriber_gets_a_digest_row_due_at_the_digest_hour(change, settings):
    settings.ALERTS_DIGEST_HOUR = 7
    SubscriberFactory(mode="digest", scopes=["all"])
    with time_machine.travel(NOW, tick=False):
        fanout.fanout_change(change_id=change.pk)
    row = deliveries(change).get()
    assert row.transport == "digest"
    assert row.next_attempt_at == NOW.replace(day=3, hour=7)


def test_two_claims_never_hold_the_same_delivery(change):
    SubscriberFactory.create_batch(5, scopes=["all"])
    fanout.fanout_change(change_id=change.pk)
    now = timezone.now()
    first = outbox.claim(transport="email", limit=3, now=now)
    second = outbox.claim(transport="email", limit=3, now=now)
    assert len(first.deliveries) == 3 and len(second.deliveries) == 2
    assert not {d.pk for d in first.deliveries} & {d.pk for d in second.deliveries}
    assert first.token != second.token


def test_a_delivery_claimed_by_one_worker_is_not_sent_by_another(change):
    SubscriberFactory.create_batch(2, scopes=["all"])
    fanout.fanout_change(change_id=change.pk)
    outbox.claim(transport="email", limit=10, now=timezone.now())  # worker A, then it stalls
    assert email.send_email_batch() == 0
    assert not mail.outbox


def test_only_the_claim_holder_can_mark_a_delivery_sent(change):
    SubscriberFactory(scopes=["all"])
    fanout.fanout_change(change_id=change.pk)
    claim = outbox.claim(transport="email", limit=10, now=timezone.now())
    assert outbox.mark_sent(claim.deliveries, __import__("uuid").uuid4(), timezone.now()) == 0
    assert outbox.mark_sent(claim.deliveries, claim.token, timezone.now()) == 1


def test_a_worker_lost_mid_batch_loses_nothing_and_doubles_nothing(change, settings):
    """Worker A claims a batch and dies; after the lease the sweeper hands it back and one
    email goes to each recipient, with the Message-ID the lost attempt would have used."""
    settings.ALERTS_CLAIM_SECONDS = 60
    subscribers = SubscriberFactory.create_batch(4, scopes=["all"])
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fanout.fanout_change(change_id=change.pk)
        lost = outbox.claim(transport="email", limit=10, now=start)
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        assert sweep().returned == 0  # the lease still runs
    assert not mail.outbox
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        result = sweep()
    assert result.returned == 4
    assert sorted(m.to[0] for m in mail.outbox) == sorted(s.email for s in subscribers)
    keys = {f"<{d.key}@127.0.0.1>" for d in lost.deliveries}
    assert {m.extra_headers["Message-ID"] for m in mail.outbox} == keys
    assert deliveries(change, Status.SENT).count() == 4


def test_the_sweeper_gives_up_on_a_lost_claim_that_was_the_last_attempt(change, settings):
    settings.ALERTS_CLAIM_SECONDS = 60
    SubscriberFactory(scopes=["all"])
    fanout.fanout_change(change_id=change.pk)
    Delivery.objects.update(attempts=settings.ALERTS_MAX_ATTEMPTS - 1)
    start = timezone.now()
    outbox.claim(transport="email", limit=10, now=start)
    assert sweep(now=start + timedelta(seconds=61)).gave_up == 1
    assert deliveries(change).get().status == Status.FAILED


def test_the_sweeper_fans_out_a_change_whose_task_was_lost(change, run_on_commit):
    SubscriberFactory(email="ana@example.org", scopes=["all"])
    assert change.alert_processed_at is None  # its post-commit task never ran
    result = run_on_commit(sweep)
    assert list(result.changes_requeued) == [change.pk]
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]


def test_a_broker_that_is_down_does_not_break_the_write_and_the_sweeper_catches_up(
    cn_us, run_on_commit
):
    SubscriberFactory(scopes=["all"])
    with mock.patch.object(
        tasks.fanout_change, "apply_async", side_effect=OperationalError("down")
    ):
        change = run_on_commit(alerting_change, cn_us)
    assert StateChange.objects.get(pk=change.pk).alert_processed_at is None
    run_on_commit(sweep)
    assert len(mail.outbox) == 1


def test_the_sweeper_queues_due_retries(change):
    SubscriberFactory(scopes=["all"])
    fanout.fanout_change(change_id=change.pk)
    Delivery.objects.update(attempts=2, next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert sweep().tasks["email"] == 1
    assert deliveries(change, Status.SENT).count() == 1


def test_retry_delays_grow_and_eight_attempts_span_about_a_day(settings):
    settings.ALERTS_RETRY_BASE_SECONDS = 80
    delays = [outbox.retry_delay(n) for n in range(1, settings.ALERTS_MAX_ATTEMPTS)]
    assert all(a < b for a, b in pairwise(delays))
    assert timedelta(hours=24) <= sum(delays, timedelta()) <= timedelta(hours=31)


def test_retry_delays_are_jittered():
    assert len({outbox.retry_delay(3) for _ in range(20)}) > 1


def test_the_sweeper_leaves_a_just_recorded_change_to_its_own_task(change):
    with time_machine.travel(change.recorded_at + timedelta(seconds=5), tick=False):
        assert list(sweep().changes_requeued) == []
    assert change.__class__.objects.get(pk=change.pk).alert_processed_at is None
