"""A real Celery worker process on Redis, sharing the test database (PostgreSQL)."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
import redis
from django.db import connection

from tracker.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class Worker:
    """A worker process; its settings come from the environment (os.environ, then
    `extra_env`), as the test's `settings` fixture cannot reach another process.

    It runs in a session of its own, so `kill()` can SIGKILL the main process and its pool
    children at once, as a machine that dies would. `settings_module` other than the test
    settings (which force eager tasks and the locmem email backend) lets a worker send for
    real and queue follow-up tasks through the broker."""

    def __init__(
        self,
        queue: str,
        log: Path,
        extra_env: Mapping[str, str] | None = None,
        *,
        concurrency: int = 1,
        name: str | None = None,
        settings_module: str = "tracker.settings.test",
    ):
        self.queue, self.log, self.proc = queue, log, None
        self.extra_env = dict(extra_env or {})
        self.concurrency, self.name = concurrency, name or queue
        self.settings_module = settings_module

    def start(self) -> None:
        env = {
            **os.environ,
            **self.extra_env,
            "DATABASE_URL": _database_url(),
            "DJANGO_SETTINGS_MODULE": self.settings_module,
            "CELERY_TASK_ALWAYS_EAGER": "0",
        }
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "tracker",
                "worker",
                "--pool=prefork",
                f"--concurrency={self.concurrency}",
                "-Q",
                self.queue,
                "-n",
                f"{self.name}@%h",
                "-l",
                "INFO",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._kill_group()  # pool children a stuck main process left behind

    def kill(self) -> None:
        """SIGKILL the main process and its pool children together: no shutdown, no ack."""
        self._kill_group()
        if self.proc:
            self.proc.wait(20)

    def _kill_group(self) -> None:
        if self.proc:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.proc.pid, signal.SIGKILL)

    def wait_for(self, predicate, timeout: float = 60.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return True
            assert self.proc.poll() is None, f"worker died:\n{self.log.read_text()[-3000:]}"
            time.sleep(0.25)
        return False


@pytest.fixture
def worker_env() -> dict[str, str]:
    """Extra environment variables for the worker process; override it in a test module."""
    return {}


@pytest.fixture
def celery_worker_process(tmp_path, worker_env):
    """Yields a started Worker listening on its own queue; tasks go there via apply_async."""
    celery_app.conf.task_always_eager = False
    worker = Worker(f"it-{uuid.uuid4().hex[:8]}", tmp_path / "worker.log", worker_env)
    worker.start()
    try:
        yield worker
    finally:
        worker.stop()
        celery_app.conf.task_always_eager = True


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """redis-server on a free port of its own, without persistence: a test that needs the
    default queue (where the app's tasks queue their follow-ups) or stops Redis shares
    nothing with other runs, and a restart starts empty, as after a crash."""

    def __init__(self, log: Path):
        self.port, self.log, self.proc = free_port(), log, None

    def url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary, "this test needs redis-server (apt-get install redis-server)"
        args = [binary, "--port", str(self.port), "--bind", "127.0.0.1"]
        args += ["--save", "", "--appendonly", "no"]
        self.proc = subprocess.Popen(args, stdout=self.log.open("ab"), stderr=subprocess.STDOUT)
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise AssertionError(f"redis-server did not start:\n{self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


@pytest.fixture
def redis_server(tmp_path) -> Iterator[RedisServer]:
    """A Redis of the test's own, for a test that stops it or needs the app's default queue
    to itself (the fan-out and the sweeper queue senders there)."""
    server = RedisServer(tmp_path / "redis.log")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def broker(redis_server, monkeypatch) -> Iterator[str]:
    """This process's Celery app (the producer side) publishing to the test's Redis, not
    eagerly. Celery reads CELERY_BROKER_URL from the environment before its settings."""
    url = redis_server.url(1)
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    monkeypatch.setattr(celery_app.conf, "task_always_eager", False)
    _reset_producers()
    assert f":{redis_server.port}/" in celery_app.connection_for_write().as_uri()
    yield url
    celery_app.pool.force_close_all()
    monkeypatch.undo()
    _reset_producers()


def _reset_producers() -> None:
    celery_app._pool = None  # made for the broker URL of the time
    celery_app.amqp._producer_pool = None
