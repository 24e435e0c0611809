"""The one way to queue a task: after commit, with its countdown, as many copies as asked;
a broker that is down is logged and raises nothing into the committed caller."""

from unittest import mock

import pytest
from kombu.exceptions import OperationalError

from channels_app import tasks
from channels_app.queueing import enqueue_on_commit

pytestmark = pytest.mark.django_db


@pytest.fixture
def apply_async():
    with mock.patch.object(tasks.heartbeat, "apply_async") as patched:
        yield patched


def test_nothing_is_queued_before_the_commit(apply_async, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue_on_commit(tasks.heartbeat, 7, countdown=3.5)
    assert not apply_async.called
    callbacks[0]()
    apply_async.assert_called_once_with((7,), countdown=3.5)


def test_copies_queue_the_task_that_many_times(apply_async, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(tasks.heartbeat, copies=3)
    assert apply_async.call_count == 3


def test_a_broker_that_is_down_is_logged_once_not_raised(
    apply_async, django_capture_on_commit_callbacks, caplog
):
    apply_async.side_effect = OperationalError("down")
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(tasks.heartbeat, copies=5)
    assert apply_async.call_count == 1  # the rest would fail the same way
    assert "could not queue heartbeat()" in caplog.text
