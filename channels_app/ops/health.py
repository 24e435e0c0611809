"""Readiness checks, on django-health-check's HealthCheck (timeouts, failures turned into
short messages, unexpected errors logged and reported as "unknown error"). Messages never
carry a URL, a host or a credential: the body is for a probe, the log is for people.

Checks that query the database run in the request's thread (sync_to_async, thread-sensitive)
and so on its connection; the broker check, which may wait on a socket, runs in a thread of
its own, concurrently.
"""

import dataclasses
import datetime
import os
from typing import ClassVar

from asgiref.sync import sync_to_async
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from health_check import checks
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable

from ..services import health


@dataclasses.dataclass
class Database(HealthCheck):
    """SELECT 1 on the request's own connection. (The library's Database check opens a new
    connection in another thread: two connections per probe with the heartbeat check, which
    reads a table on the request's connection.)"""

    label: ClassVar[str] = "database"
    alias: str = DEFAULT_DB_ALIAS

    async def run(self) -> None:
        await sync_to_async(self._select_one)()

    def _select_one(self) -> None:
        try:
            with connections[self.alias].cursor() as cursor:
                cursor.execute("SELECT 1")
                row = cursor.fetchone()
        except DatabaseError as error:
            raise ServiceUnavailable(f"unreachable ({type(error).__name__})") from error
        if row != (1,):
            raise ServiceUnavailable("SELECT 1 did not return 1")


@dataclasses.dataclass
class Cache(checks.Cache):
    label: ClassVar[str] = "cache"


@dataclasses.dataclass
class Broker(HealthCheck):
    """The Celery broker accepts a connection (Redis: a PING). On the embedded filesystem
    transport there is nothing to connect to: its folders must exist and be writable."""

    label: ClassVar[str] = "broker"
    timeout = datetime.timedelta(seconds=2)

    def run(self) -> None:
        from tracker.celery import app

        if app.conf.broker_url.startswith("filesystem://"):
            self._check_folders(app.conf.broker_transport_options or {})
            return
        try:
            with app.connection_for_write(connect_timeout=1) as conn:
                conn.ensure_connection(max_retries=1, interval_start=0, timeout=1)
        except Exception as error:  # kombu raises the transport's own errors
            raise ServiceUnavailable(f"unreachable ({type(error).__name__})") from error

    def _check_folders(self, options: dict[str, str]) -> None:
        for key in ("data_folder_in", "data_folder_out"):
            folder = options.get(key)
            if folder and not os.access(folder, os.W_OK | os.X_OK):
                raise ServiceUnavailable(f"{key} is missing or not writable")


@dataclasses.dataclass
class WorkerHeartbeat(HealthCheck):
    """A worker ran the heartbeat task (queued by beat) within three intervals."""

    label: ClassVar[str] = "worker"

    async def run(self) -> None:
        age = await sync_to_async(health.worker_heartbeat_age)(timezone.now())
        if age is None:
            raise ServiceUnavailable("no heartbeat yet")
        if age > health.heartbeat_limit():
            raise ServiceUnavailable(f"last heartbeat {int(age.total_seconds())} s ago")


_migrated: set[str] = set()


@dataclasses.dataclass
class Migrations(HealthCheck):
    """Every migration on disk is applied. Once true it stays true for the life of the
    process (new migrations come with new code, hence a new process), so loading the
    migration graph is paid until the first success only."""

    label: ClassVar[str] = "migrations"
    alias: str = DEFAULT_DB_ALIAS

    async def run(self) -> None:
        if self.alias in _migrated:
            return
        unapplied = await sync_to_async(self._unapplied)()
        if unapplied:
            raise ServiceUnavailable(f"{unapplied} migration(s) not applied")
        _migrated.add(self.alias)

    def _unapplied(self) -> int:
        executor = MigrationExecutor(connections[self.alias])
        return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def readiness_checks() -> list[HealthCheck]:
    return [Database(), Cache(), Broker(), WorkerHeartbeat(), Migrations()]


def forget_migrations() -> None:
    """For tests: check the migrations again."""
    _migrated.clear()
