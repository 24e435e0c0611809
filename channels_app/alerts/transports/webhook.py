"""Standard Webhooks: one signed JSON event per change (services.webhooks)."""

import functools

from ..services import endpoints, webhooks
from .registry import Transport, register

WEBHOOK = register(
    Transport(
        name="webhook",
        label="Webhook",
        send_batch=webhooks.send_webhook_batch,
        recipients=functools.partial(endpoints.recipients, "webhook"),
        batch_setting="ALERTS_WEBHOOK_BATCH",
        concurrency_setting="ALERTS_WEBHOOK_CONCURRENCY",
        endpoint=webhooks.TRANSPORT,
    )
)
