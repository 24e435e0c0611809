"""Email alerts, each change as it happens, and the daily digest: two rows on the
subscribers' recipient lookup (services.fanout.subscribers) and the SMTP senders."""

import functools

from ..models import Subscriber
from ..services import digest, email, fanout
from .registry import Transport, register

EMAIL = register(
    Transport(
        name="email",
        label="Email",
        send_batch=email.send_email_batch,
        recipients=functools.partial(fanout.subscribers, Subscriber.Mode.IMMEDIATE, "email"),
        batch_setting="ALERTS_EMAIL_BATCH",
        templates="email",
    )
)

DIGEST = register(
    Transport(
        name="digest",
        label="Daily digest",
        send_batch=digest.send_digest_batch,
        recipients=functools.partial(fanout.subscribers, Subscriber.Mode.DIGEST, "digest"),
        batch_setting="ALERTS_DIGEST_BATCH",
        count_per="subscriber_id",  # one digest per subscriber, however many changes
        send_at_once=False,  # due at the digest hour; queued by alerts.queue_digests
        templates="email",
    )
)
