"""A task that fails in a real worker: Sentry (over real HTTP to a local collector) gets the
exception scrubbed, and /metrics counts the failure."""

import pytest

from channels_app.news.tasks import poll_feed
from tests.ops.conftest import sentry_events
from tests.ops.test_metrics import scrape

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker_env(sentry_server, metrics_dir):
    dsn = f"http://publickey@127.0.0.1:{sentry_server.server_port}/42"
    return {"SENTRY_DSN": dsn, "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)}


def failures(client) -> float:
    samples = scrape(client)
    labels = (("state", "FAILURE"), ("task", "channels_app.poll_feed"))
    return samples.get(("tracker_celery_tasks_total", labels), 0)


def test_a_failing_task_reaches_sentry_scrubbed_and_is_counted(
    celery_worker_process, sentry_server, metrics_dir, client, settings
):
    settings.PROMETHEUS_MULTIPROC_DIR = str(metrics_dir)
    # The claim must be an ISO time: this one makes the task raise, quoting it.
    poll_feed.apply_async((1, "reader@example.org"), queue=celery_worker_process.queue)
    worker = celery_worker_process
    assert worker.wait_for(lambda: sentry_events(b"".join(sentry_server.received)), 30)
    [event] = sentry_events(b"".join(sentry_server.received))
    [exception] = event["exception"]["values"]
    assert exception["type"] == "ValueError"
    assert "[email]" in exception["value"]
    assert b"reader@example.org" not in b"".join(sentry_server.received)
    assert worker.wait_for(lambda: failures(client) == 1, 20)
