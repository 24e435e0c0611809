"""The fan-out: from one committed change that alerts to one delivery row per recipient.

The change row is the outbox entry. The fan-out claims it with a conditional UPDATE
(alert_processed_at NULL -> now) and, in the same transaction, resolves the recipients as
they are now and inserts their delivery rows (bulk, ignoring conflicts with the unique
(change, recipient) constraints). A worker killed before the commit leaves the change
unclaimed for the redelivered task or the sweeper; after the commit the rows exist and only
need sending. Its task queues the senders after the commit, one task per batch, never per
message.
"""

import logging
from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ...models import StateChange
from ..models import Delivery, Subscriber, SubscriberScope
from ..transports import registry
from .scopes import keys_for_channel

logger = logging.getLogger(__name__)


def fanout_change(*, change_id: int, now: datetime | None = None) -> dict[str, int]:
    """Create the deliveries of one alerting change; returns how many per transport (empty
    if there was nothing to do). Runs once per change however often it is called (the
    claim); the task that calls it queues the senders."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = StateChange.objects.filter(
            pk=change_id, alerts=True, alert_processed_at__isnull=True
        ).update(alert_processed_at=now)
        if not claimed:
            return {}
        change = StateChange.objects.select_related("channel").get(pk=change_id)
        if change.removed_at is not None:  # removed before it went out: history, not news
            return {}
        rows = recipients(change, now)
        Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
        names = [t.name for t in registry.all_transports()]
        counts = {name: sum(r.transport == name for r in rows) for name in names}
    logger.info("change %s fanned out: %s", change_id, counts)
    return counts


def recipients(change: StateChange, now: datetime) -> list[Delivery]:
    """One unsaved delivery per recipient of every transport whose scopes match `change`
    (each transport's registry row finds its own), however many of their scopes do."""
    keys = keys_for_channel(change.channel)
    return [row for t in registry.all_transports() for row in t.recipients(change, keys, now)]


def subscribers(
    mode: str, transport: str, change: StateChange, keys: Sequence[str], now: datetime
) -> list[Delivery]:
    """The email transports' recipients: confirmed subscribers in `mode` with a confirmed
    scope among `keys`, one row each (digests due at the digest hour)."""
    matched = SubscriberScope.objects.filter(
        key__in=keys,
        confirmed_at__isnull=False,
        subscriber__confirmed_at__isnull=False,
        subscriber__unsubscribed_at__isnull=True,
        subscriber__mode=mode,
    ).values_list("subscriber_id", flat=True)
    due = next_digest_at(now) if mode == Subscriber.Mode.DIGEST else now
    return [
        Delivery(
            change=change,
            subscriber_id=subscriber_id,
            transport=transport,
            next_attempt_at=due,
            created_at=now,
        )
        for subscriber_id in sorted(set(matched))
    ]


def next_digest_at(now: datetime) -> datetime:
    """The next daily digest time (ALERTS_DIGEST_HOUR:00 UTC) after `now`."""
    today = datetime.combine(now.astimezone(UTC).date(), time(settings.ALERTS_DIGEST_HOUR), UTC)
    return today if today > now else today + timedelta(days=1)
