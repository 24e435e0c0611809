"""System health: heartbeats from periodic work, read by the admin's health view."""

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


def system_health(now: datetime | None = None) -> list[HealthLine]:
    """One line per check; later features (feeds, outbox) add theirs here."""
    now = now or timezone.now()
    return [_worker_line(now)]


def _worker_line(now: datetime) -> HealthLine:
    beat = Heartbeat.objects.filter(name=WORKER_HEARTBEAT).first()
    limit = timedelta(seconds=settings.TRACKER_HEARTBEAT_INTERVAL_SECONDS * 3)
    if beat is None:
        return HealthLine(
            "Celery worker heartbeat",
            False,
            "never",
            "No heartbeat yet: is a worker and beat running?",
        )
    age = now - beat.beat_at
    return HealthLine(
        "Celery worker heartbeat",
        age <= limit,
        f"{int(age.total_seconds())} s ago",
        f"Expected at least every {settings.TRACKER_HEARTBEAT_INTERVAL_SECONDS} s.",
    )
