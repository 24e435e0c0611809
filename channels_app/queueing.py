"""The one way to queue a Celery task: after the current transaction commits, at once
outside one, so a task never looks for rows its caller has not committed yet.

A broker that is down is logged, not raised: the caller's write has already committed, and
everything queued here is found again by periodic work (a feed is due again when its claim's
lease ends; the alerts sweeper queues lost fan-outs and due deliveries)."""

import logging
from functools import partial
from typing import Any

from celery import Task
from django.db import transaction
from kombu.exceptions import KombuError

logger = logging.getLogger(__name__)


def enqueue_on_commit(
    task: Task, *args: Any, countdown: float | None = None, copies: int = 1
) -> None:
    """Queue `task(*args)` (`copies` times, for tasks that each claim their own batch) once
    the transaction commits; `countdown` seconds later if given."""
    transaction.on_commit(partial(_send, task, args, countdown, copies))


def _send(task: Task, args: tuple[Any, ...], countdown: float | None, copies: int) -> None:
    for _ in range(copies):
        try:
            task.apply_async(args, countdown=countdown)
        except (KombuError, OSError):  # the broker; a task's own errors propagate (eager tests)
            name = task.name.rpartition(".")[2]
            logger.exception("could not queue %s%s; it will be picked up again", name, args)
            return
