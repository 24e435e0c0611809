"""System health, read by the admin's health view: the worker's heartbeat, and the checks
other parts register (news: feed polling; alerts: the outbox) from their app's ready()."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from ..models import Heartbeat

WORKER_HEARTBEAT = "celery-worker"


def record_heartbeat(*, name: str, detail: str = "", now: datetime | None = None) -> None:
    Heartbeat.objects.update_or_create(
        name=name, defaults={"beat_at": now or timezone.now(), "detail": detail}
    )


@dataclass(frozen=True)
class HealthLine:
    name: str
    ok: bool
    value: str
    help: str


Check = Callable[[datetime], list[HealthLine]]
_checks: dict[str, Check] = {}


def register_check(name: str, check: Check) -> None:
    """Show `check(now)`'s lines after the worker's, in the order checks registered; a name
    registered again keeps its place."""
    _checks[name] = check


def system_health(now: datetime | None = None) -> list[HealthLine]:
    now = now or timezone.now()
    return [_worker_line(now), *(line for check in list(_checks.values()) for line in check(now))]


def heartbeat_limit() -> timedelta:
    """A worker heartbeat older than this (three missed beats) means no worker or no beat."""
    return timedelta(seconds=settings.TRACKER_HEARTBEAT_INTERVAL_SECONDS * 3)


def worker_heartbeat_age(now: datetime) -> timedelta | None:
    """How long ago a worker last ran the heartbeat task; None if it never did."""
    beat_at = (
        Heartbeat.objects.filter(name=WORKER_HEARTBEAT).values_list("beat_at", flat=True).first()
    )
    return None if beat_at is None else now - beat_at


def _worker_line(now: datetime) -> HealthLine:
    age = worker_heartbeat_age(now)
    if age is None:
        return HealthLine(
            "Celery worker heartbeat",
            False,
            "never",
            "No heartbeat yet: is a worker and beat running?",
        )
    return HealthLine(
        "Celery worker heartbeat",
        age <= heartbeat_limit(),
        f"{int(age.total_seconds())} s ago",
        f"Expected at least every {settings.TRACKER_HEARTBEAT_INTERVAL_SECONDS} s.",
    )


def counted(n: int, one: str, many: str) -> str:
    """ "1 change", "3 changes", "0 deliveries": no "(s)" on a page people read."""
    return f"{n} {one if n == 1 else many}"


def duration(delta: timedelta) -> str:
    """A short human duration: "42 s", "12 min", "3 h 5 min", "2 d 4 h"."""
    seconds = int(delta.total_seconds())
    if seconds < 60:
        return f"{seconds} s"
    minutes, hours, days = seconds // 60, seconds // 3600, seconds // 86400
    if seconds < 3600:
        return f"{minutes} min"
    if seconds < 86400:
        return f"{hours} h {minutes % 60} min"
    return f"{days} d {hours % 24} h"
