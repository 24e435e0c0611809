"""Celery tasks of the core: thin wrappers that call one service. News tasks live in
channels_app/news/tasks.py, alert tasks in channels_app/alerts/tasks.py."""

from celery import shared_task

from .services import health


@shared_task(name="channels_app.heartbeat", ignore_result=True, time_limit=30, soft_time_limit=20)
def heartbeat() -> None:
    """Proves a worker is consuming the queue and beat is scheduling; the admin shows its age."""
    health.record_heartbeat(name=health.WORKER_HEARTBEAT)
