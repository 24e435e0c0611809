"""How alerts hang on the core (AlertsConfig.ready): a committed change that alerts queues
its fan-out, and the outbox shows on the admin's health page."""

from ..models import StateChange
from ..queueing import enqueue_on_commit
from ..services import announce, health
from . import tasks
from .services.health import outbox_health


def connect() -> None:
    from .transports import installed  # noqa: F401  (each transport registers its row)

    announce.subscribe("alerts.fanout", queue_fanout)
    health.register_check("alerts.outbox", outbox_health)


def queue_fanout(change: announce.CommittedChange) -> None:
    """Queue the fan-out of a committed change that alerts and nobody fanned out yet."""
    pending = StateChange.objects.filter(
        pk=change.change_id, alerts=True, alert_processed_at=None
    ).exists()
    if pending:
        enqueue_on_commit(tasks.fanout_change, change.change_id)
