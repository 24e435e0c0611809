"""A real Celery worker process on Redis, sharing the test database (PostgreSQL)."""

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Mapping
from pathlib import Path

import pytest
from django.db import connection

from tracker.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class Worker:
    """A worker process; its settings come from the environment (os.environ, then
    `extra_env`), as the test's `settings` fixture cannot reach another process."""

    def __init__(self, queue: str, log: Path, extra_env: Mapping[str, str] | None = None):
        self.queue, self.log, self.proc = queue, log, None
        self.extra_env = dict(extra_env or {})

    def start(self) -> None:
        env = {
            **os.environ,
            **self.extra_env,
            "DATABASE_URL": _database_url(),
            "DJANGO_SETTINGS_MODULE": "tracker.settings.test",
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
                "--concurrency=1",
                "-Q",
                self.queue,
                "-n",
                f"{self.queue}@%h",
                "-l",
                "INFO",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

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
