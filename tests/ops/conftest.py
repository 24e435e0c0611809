import pytest
from django.utils import timezone

from channels_app.ops.health import forget_migrations
from channels_app.services.health import WORKER_HEARTBEAT, record_heartbeat
from tests.integration.conftest import celery_worker_process  # noqa: F401  (a real worker)
from tracker.celery import app as celery_app


@pytest.fixture(autouse=True)
def _check_migrations_again():
    forget_migrations()
    yield
    forget_migrations()


@pytest.fixture
def beating(db):
    """A worker ran the heartbeat task just now."""
    record_heartbeat(name=WORKER_HEARTBEAT, now=timezone.now())


@pytest.fixture
def broker_folders(tmp_path, monkeypatch):
    """The embedded filesystem broker, with its folders under tmp_path."""
    folder = tmp_path / "queue"
    folder.mkdir()
    options = {"data_folder_in": str(folder), "data_folder_out": str(folder)}
    monkeypatch.setattr(celery_app.conf, "broker_url", "filesystem://")
    monkeypatch.setattr(celery_app.conf, "broker_transport_options", options)
    return folder
