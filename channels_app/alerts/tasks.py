"""Alert tasks: thin, each calls one service and queues the work that follows it (the fan-out
queues its senders, the sweeper what it found). There is one sender task for every
transport of the registry (alerts/transports): it takes the transport's name, not ids, and
claims the next batch of its due rows, so a duplicate or redelivered task finds nothing left
to send twice.

Time limits stay under ALERTS_CLAIM_SECONDS (a claim must outlive the task holding it) and
the broker's visibility timeout."""

import smtplib

from celery import shared_task
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

from ..queueing import enqueue_on_commit
from .services import email, fanout, outbox
from .transports import registry


def sender_limits(hard: int) -> dict[str, int]:
    """Celery time limits for a sender whose hard limit is `hard` seconds: the soft limit
    leaves it time to mark what it sent (30 s, or a fifth of a short limit; never zero or
    less, which Celery would not take as a limit)."""
    return {"soft_time_limit": max(hard - 30, hard * 4 // 5, 1), "time_limit": hard}


SENDER_LIMITS = sender_limits(settings.ALERTS_SENDER_TIME_LIMIT)


@shared_task(
    name="alerts.fanout_change",
    ignore_result=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    **SENDER_LIMITS,
)
def fanout_change(change_id: int) -> None:
    """The deliveries, then one sender per batch of them, for every transport that sends at
    once (digests wait for their hour)."""
    counts = fanout.fanout_change(change_id=change_id)  # empty if it was done before
    for row in registry.all_transports():
        if row.send_at_once:
            queue_senders(row.name, outbox.batches(counts.get(row.name, 0), row.batch_size))


@shared_task(name="alerts.send_batch", ignore_result=True, **SENDER_LIMITS)
def send_batch(transport: str) -> int:
    """The one sender: one batch of `transport`'s due rows, by its registry row."""
    return registry.get(transport).send_batch()


@shared_task(name="alerts.sweep", ignore_result=True, soft_time_limit=50, time_limit=60)
def sweep() -> None:
    """Every minute (beat): expired claims, lost fan-outs, due retries."""
    requeue(outbox.sweep())


def requeue(swept: outbox.SweepResult) -> None:
    """Queue what the sweeper found: the lost fan-outs, and the senders of due rows."""
    for change_id in swept.changes_requeued:
        enqueue_on_commit(fanout_change, change_id)
    for transport, count in swept.tasks.items():
        queue_senders(transport, count)


@shared_task(name="alerts.queue_digests", ignore_result=True, time_limit=60)
def queue_digests() -> None:
    """Daily at ALERTS_DIGEST_HOUR (beat): one sender task per batch of subscribers."""
    queue_senders("digest", outbox.sender_batches("digest", timezone.now()))


_MAIL_RETRY = {
    "autoretry_for": (smtplib.SMTPException, OSError),
    "retry_backoff": 30,
    "retry_jitter": True,
    "max_retries": 6,
    "time_limit": 60,
}


@shared_task(name="alerts.send_confirmation", ignore_result=True, **_MAIL_RETRY)
def send_confirmation(subscriber_id: int, keys: list[str]) -> None:
    email.send_confirmation(subscriber_id=subscriber_id, keys=keys)


@shared_task(name="alerts.request_manage_link", ignore_result=True, **_MAIL_RETRY)
def request_manage_link(address: str) -> None:
    """An address typed in the manage-link form: a link goes out if it is known (the form
    answers the same either way)."""
    email.send_manage_link_to_address(address=address)


@shared_task(name="alerts.send_manage_link", ignore_result=True, **_MAIL_RETRY)
def send_manage_link(subscriber_id: int) -> None:
    email.send_manage_link(subscriber_id=subscriber_id)


def queue_senders(transport: str, count: int) -> None:
    """`count` sender tasks for `transport` after commit; each claims one batch of due rows."""
    if count:
        enqueue_on_commit(send_batch, transport, copies=count)
