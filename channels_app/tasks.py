"""Celery tasks: thin wrappers that take ids, load rows and call one service."""

from celery import shared_task

from .services import health


@shared_task(name="channels_app.heartbeat", ignore_result=True, time_limit=30, soft_time_limit=20)
def heartbeat() -> None:
    """Proves a worker is consuming the queue and beat is scheduling; the admin shows its age."""
    health.record_heartbeat(name=health.WORKER_HEARTBEAT)
