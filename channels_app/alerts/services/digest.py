"""The daily digest: subscribers who chose it get one email with the changes of the day in
their scopes. Each change they are owed is a `digest` delivery row, due at the digest hour;
a digest claims a subscriber's due rows and marks them sent together, so a change is in
exactly one digest."""

import uuid
from collections import defaultdict
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from ..models import Delivery, Subscriber
from . import email, links, outbox

# Message-IDs of digests derive from the deliveries they carry: a retried digest of the
# same rows keeps its Message-ID.
DIGEST_NAMESPACE = uuid.UUID("6f1c1f5e-3a0d-4c51-9d43-5a0b6f0e7d21")
MAX_CHANGES_PER_DIGEST = 200


def send_digest_batch(*, now: datetime | None = None) -> int:
    """Send the digests of up to ALERTS_DIGEST_BATCH subscribers with due digest rows, over
    one SMTP connection. Returns how many changes went out."""
    now = now or timezone.now()
    subscriber_ids = list(
        outbox.due("digest", now)
        .order_by("subscriber_id")
        .values_list("subscriber_id", flat=True)
        .distinct()[: settings.ALERTS_DIGEST_BATCH]
    )
    if not subscriber_ids:
        return 0
    claim = outbox.claim(
        transport="digest",
        limit=len(subscriber_ids) * MAX_CHANGES_PER_DIGEST,
        now=now,
        select=lambda rows: rows.filter(subscriber_id__in=subscriber_ids).order_by(
            "subscriber_id", "id"
        ),
    )
    live = claim.keep(
        lambda d: d.reader.receiving, "The subscriber unsubscribed before the digest."
    )
    by_subscriber: dict[int, list[Delivery]] = defaultdict(list)
    for delivery in live:
        by_subscriber[delivery.reader.pk].append(delivery)
    outgoing = [
        (rows, digest_message(rows[0].reader, rows, now)) for rows in by_subscriber.values()
    ]
    return email.send_all(outgoing, claim.token, now)


def digest_message(
    subscriber: Subscriber, deliveries: list[Delivery], now: datetime
) -> EmailMultiAlternatives:
    changes = sorted(
        (d.change for d in deliveries), key=lambda c: (c.effective_at, c.recorded_at, c.pk)
    )
    unsubscribe = links.unsubscribe_url(subscriber)
    context = {
        "changes": [email.change_context(change) for change in changes],
        "count": len(changes),
        "date": now,
        "manage_url": links.manage_url(subscriber),
        "unsubscribe_url": unsubscribe,
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    key = uuid.uuid5(DIGEST_NAMESPACE, ",".join(sorted(str(d.key) for d in deliveries)))
    rendered = email.render("digest", context)
    return email.message(rendered, to=subscriber.email, key=str(key), unsubscribe_url=unsubscribe)
