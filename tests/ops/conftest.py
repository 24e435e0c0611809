import gzip
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

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


def use_broker(monkeypatch, url: str) -> None:
    """Celery reads CELERY_BROKER_URL from the environment before its settings."""
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    monkeypatch.setattr(celery_app.conf, "broker_url", url)


@pytest.fixture
def broker_folders(tmp_path, monkeypatch):
    """The embedded filesystem broker, with its folders under tmp_path."""
    folder = tmp_path / "queue"
    folder.mkdir()
    options = {"data_folder_in": str(folder), "data_folder_out": str(folder)}
    use_broker(monkeypatch, "filesystem://")
    monkeypatch.setattr(celery_app.conf, "broker_transport_options", options)
    return folder


class Collector(BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        elif self.headers.get("Content-Encoding") == "br":
            import brotli

            body = brotli.decompress(body)
        type(self).received.append(body)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry_server():
    """An HTTP server on 127.0.0.1 that keeps what Sentry SDKs send it (`.received`)."""
    Collector.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Collector)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.received = Collector.received
    yield server
    server.shutdown()
    server.server_close()


def sentry_events(raw: bytes) -> list[dict]:
    """The error events in envelopes (one JSON document per line)."""
    lines = [line for line in raw.splitlines() if line.startswith(b'{"')]
    return [json.loads(line) for line in lines if b'"exception"' in line]


@pytest.fixture
def metrics_dir(tmp_path):
    """The multiprocess folder a worker under test writes its metrics to."""
    folder = tmp_path / "metrics"
    folder.mkdir()
    return folder
