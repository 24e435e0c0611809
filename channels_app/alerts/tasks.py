"""Alert tasks: thin, each calls one service. Senders take no ids: each claims the next batch
of due rows, so a duplicate or redelivered task finds nothing left to send twice.

Time limits stay under ALERTS_CLAIM_SECONDS (a claim must outlive the task holding it) and
the broker's visibility timeout."""

import smtplib

from celery import shared_task
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

from .models import Delivery
from .services import digest, dispatch, email, fanout, outbox, webhooks


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
    fanout.fanout_change(change_id=change_id)


@shared_task(name="alerts.send_email_batch", ignore_result=True, **SENDER_LIMITS)
def send_email_batch() -> int:
    return email.send_email_batch()


@shared_task(name="alerts.send_webhook_batch", ignore_result=True, **SENDER_LIMITS)
def send_webhook_batch() -> int:
    return webhooks.send_webhook_batch()


@shared_task(name="alerts.send_digest_batch", ignore_result=True, **SENDER_LIMITS)
def send_digest_batch() -> int:
    return digest.send_digest_batch()


@shared_task(name="alerts.sweep", ignore_result=True, soft_time_limit=50, time_limit=60)
def sweep() -> None:
    """Every minute (beat): expired claims, lost fan-outs, due retries."""
    outbox.sweep(queue_fanout=dispatch.queue_fanout, queue_senders=dispatch.queue_senders)


@shared_task(name="alerts.queue_digests", ignore_result=True, time_limit=60)
def queue_digests() -> None:
    """Daily at ALERTS_DIGEST_HOUR (beat): one sender task per batch of subscribers."""
    count = outbox.sender_batches(Delivery.Transport.DIGEST, timezone.now())
    dispatch.queue_senders(Delivery.Transport.DIGEST, count)


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
