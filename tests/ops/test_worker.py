"""A real Celery worker on Redis: its task metrics reach /metrics through the multiprocess
folder, its log lines are JSON with the id of the request that queued the task, and
/readyz is green once it has beaten."""

import json

import pytest

from channels_app.models import Heartbeat
from channels_app.services.health import WORKER_HEARTBEAT
from channels_app.tasks import heartbeat
from tests.ops.test_metrics import scrape, value
from tracker.logging import request_id_var

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker_env(metrics_dir):
    return {"PROMETHEUS_MULTIPROC_DIR": str(metrics_dir), "LOG_FORMAT": "json"}


def run_heartbeat(worker, request_id: str = "") -> None:
    token = request_id_var.set(request_id or None)
    try:
        heartbeat.apply_async(queue=worker.queue)
    finally:
        request_id_var.reset(token)
    ran = worker.wait_for(lambda: Heartbeat.objects.filter(name=WORKER_HEARTBEAT).exists())
    assert ran, worker.log.read_text()[-3000:]


def test_task_counts_and_durations_from_the_worker_reach_metrics(
    celery_worker_process, metrics_dir, client, settings
):
    settings.PROMETHEUS_MULTIPROC_DIR = str(metrics_dir)
    run_heartbeat(celery_worker_process)
    task = {"task": "channels_app.heartbeat"}
    # The pool process counts after the task returns, a moment after its row is visible.
    assert celery_worker_process.wait_for(
        lambda: value(scrape(client), "tracker_celery_tasks_total", state="SUCCESS", **task) == 1,
        timeout=20,
    )
    samples = scrape(client)
    assert value(samples, "tracker_celery_task_duration_seconds_count", **task) == 1
    assert value(samples, "tracker_worker_heartbeat_age_seconds") < 60


def test_worker_logs_are_json_lines_with_the_queuing_requests_id_and_the_task_id(
    celery_worker_process,
):
    run_heartbeat(celery_worker_process, request_id="req-from-web-1")
    worker = celery_worker_process

    def task_lines():
        entries = []
        for line in worker.log.read_text().splitlines():
            if line.startswith("{"):
                entries.append(json.loads(line))
        return [e for e in entries if e.get("request_id") == "req-from-web-1"]

    assert worker.wait_for(lambda: any("succeeded" in e["message"] for e in task_lines()), 20)
    assert all(e["task_id"] for e in task_lines())
    assert {e["logger"] for e in task_lines()} >= {"celery.app.trace"}


def test_readyz_is_green_with_redis_postgresql_and_a_worker_that_beat(
    celery_worker_process, client
):
    run_heartbeat(celery_worker_process)
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    assert all(entry["ok"] for entry in json.loads(response.content)["checks"].values())
