import json
from datetime import timedelta

import pytest
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from channels_app.services.health import WORKER_HEARTBEAT, record_heartbeat
from tests.integration.conftest import free_port
from tests.ops.conftest import use_broker

READY = ["database", "cache", "broker", "worker", "migrations"]


def checks(response) -> dict:
    return json.loads(response.content)["checks"]


def test_healthz_answers_ok_without_touching_the_database(client):
    # No django_db mark: any query would fail the test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "checks": {"process": {"ok": True}}}


def test_health_endpoints_are_never_cached(client, beating, broker_folders):
    for url in ("/healthz", "/readyz"):
        assert "no-store" in client.get(url)["Cache-Control"]


def test_readyz_is_200_with_one_entry_per_check_when_all_is_well(client, beating, broker_folders):
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    assert list(checks(response)) == READY
    assert all(entry["ok"] for entry in checks(response).values())


@pytest.mark.django_db
def test_readyz_is_503_while_no_worker_has_ever_beaten(client, broker_folders):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert checks(response)["worker"] == {
        "ok": False,
        "error": "Unavailable: no heartbeat yet",
        "ms": checks(response)["worker"]["ms"],
    }


@pytest.mark.django_db
def test_readyz_is_503_when_the_heartbeat_is_three_intervals_old(client, broker_folders, settings):
    settings.TRACKER_HEARTBEAT_INTERVAL_SECONDS = 60
    record_heartbeat(name=WORKER_HEARTBEAT, now=timezone.now() - timedelta(seconds=200))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert checks(response)["worker"]["error"].endswith("last heartbeat 200 s ago")
    assert checks(response)["database"]["ok"]


def test_readyz_fails_the_broker_when_the_filesystem_queue_folder_is_gone(
    client, beating, broker_folders
):
    broker_folders.rmdir()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert checks(response)["broker"]["error"].endswith("data_folder_in is missing or not writable")


def test_readyz_fails_the_broker_when_redis_does_not_answer_and_names_no_host(
    client, beating, monkeypatch
):
    url = f"redis://:hunter2secret@127.0.0.1:{free_port()}/0"
    use_broker(monkeypatch, url)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert checks(response)["broker"]["error"].startswith("Unavailable: unreachable (")
    assert b"hunter2secret" not in response.content
    assert b"127.0.0.1" not in response.content


def test_readyz_fails_the_cache_when_redis_does_not_answer(
    client, beating, broker_folders, settings
):
    settings.CACHES = {
        "default": {
            "BACKEND": "tracker.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert not checks(response)["cache"]["ok"]
    assert checks(response)["database"]["ok"]


def test_readyz_fails_while_a_migration_is_not_applied(client, beating, broker_folders):
    MigrationRecorder.Migration.objects.filter(app="alerts").order_by("-id").first().delete()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert checks(response)["migrations"]["error"] == "Unavailable: 1 migration(s) not applied"


def test_readyz_from_an_address_not_allowed_is_403_without_detail(client, db):
    # `db` although nothing is read: once the browser suite has started Playwright, its event
    # loop shows as running in this thread except in database tests, and Django then refuses
    # to run an async view (/readyz) from the sync test client.
    response = client.get("/readyz", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 403
    assert response.content == b""


def test_local_probes_are_not_rate_limited(client, beating, broker_folders, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "5/minute", "user": "5/minute"},
    }
    statuses = {client.get(url).status_code for url in ("/healthz", "/readyz") for _ in range(20)}
    assert statuses == {200}
