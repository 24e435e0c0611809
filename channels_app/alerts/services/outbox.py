"""The delivery outbox: claiming due rows, recording what happened to them, retry timing, and
the sweeper that hands back rows whose claim ran out.

A claim is one conditional UPDATE (status pending -> sending, with a fresh claim token and a
lease) over ids picked with SELECT ... FOR UPDATE SKIP LOCKED where the database has it: two
workers never hold the same row, and only the holder of the token may mark it sent. A worker
killed mid-batch leaves its rows `sending`; once their lease ends the sweeper makes them
pending again, so nothing is lost. A message sent just before the kill is sent again, with
the same idempotency key (Message-ID, webhook-id), for the receiver to drop.
"""

import logging
import random
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, Min, Q, QuerySet
from django.utils import timezone

from ...models import StateChange
from ..models import Delivery
from ..transports import registry

logger = logging.getLogger(__name__)
Status = Delivery.Status
# Retry n waits base * FACTOR**(n-1) * [1, 1.25): with the defaults (80 s, 8 attempts) the
# last attempt comes 24-30 h after the first, so an endpoint that fails them all has been
# failing for a day and meets the disabling rule.
FACTOR = 3
JITTER = 0.25


@dataclass(frozen=True)
class Claim:
    token: uuid.UUID
    deliveries: list[Delivery]

    def keep(self, live: Callable[[Delivery], bool], reason: str) -> list[Delivery]:
        """The claimed deliveries still worth sending; the others (their reader left, their
        endpoint was disabled) are marked skipped with `reason`."""
        kept = [d for d in self.deliveries if live(d)]
        mark_skipped([d for d in self.deliveries if not live(d)], self.token, reason)
        return kept


def due(transport: str, now: datetime) -> QuerySet[Delivery]:
    return Delivery.objects.filter(
        status=Status.PENDING, transport=transport, next_attempt_at__lte=now
    )


def claim(
    *,
    transport: str,
    limit: int,
    now: datetime,
    select: Callable[[QuerySet], QuerySet] | None = None,
) -> Claim:
    """Claim up to `limit` due deliveries of `transport` (`select` may narrow the rows),
    loaded with their change, channel and evidence, and counted as an attempt."""
    token = uuid.uuid4()
    lease = now + timedelta(seconds=settings.ALERTS_CLAIM_SECONDS)
    with transaction.atomic():
        rows = due(transport, now)
        rows = select(rows) if select else rows.order_by("next_attempt_at", "id")
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True)
        ids = list(rows.values_list("id", flat=True)[:limit])
        if not ids:
            return Claim(token, [])
        Delivery.objects.filter(id__in=ids, status=Status.PENDING).update(
            status=Status.SENDING, claim=token, claimed_until=lease, attempts=F("attempts") + 1
        )
    claimed = list(
        Delivery.objects.filter(id__in=ids, claim=token)
        .select_related("subscriber", "webhook")
        .order_by("id")
    )
    # A batch is mostly one change: load each change once, not once per row.
    changes = (
        StateChange.objects.select_related("channel")
        .prefetch_related("evidence")
        .in_bulk({d.change_id for d in claimed})
    )
    for delivery in claimed:
        delivery.change = changes[delivery.change_id]
    return Claim(token, claimed)


def mark_sent(deliveries: Iterable[Delivery], token: uuid.UUID, now: datetime) -> int:
    ids = [d.pk for d in deliveries]
    if not ids:
        return 0
    return Delivery.objects.filter(id__in=ids, claim=token, status=Status.SENDING).update(
        status=Status.SENT, sent_at=now, claim=None, claimed_until=None, last_error=""
    )


def mark_skipped(deliveries: Iterable[Delivery], token: uuid.UUID, reason: str) -> int:
    ids = [d.pk for d in deliveries]
    if not ids:
        return 0
    return Delivery.objects.filter(id__in=ids, claim=token, status=Status.SENDING).update(
        status=Status.SKIPPED, claim=None, claimed_until=None, last_error=reason[:2000]
    )


def mark_failed(
    delivery: Delivery,
    token: uuid.UUID,
    now: datetime,
    *,
    error: str,
    transient: bool,
    status_code: int | None = None,
    retry_after: timedelta | None = None,
) -> bool:
    """Record a failed attempt: back to pending with a delay if it may succeed later and
    attempts remain, else failed for good. True if it will be retried."""
    retry = transient and delivery.attempts < settings.ALERTS_MAX_ATTEMPTS
    fields: dict[str, object] = {"claim": None, "claimed_until": None}
    fields.update(last_error=error[:2000], last_status=status_code)
    if retry:
        delay = max(retry_delay(delivery.attempts), retry_after or timedelta(0))
        fields.update(status=Status.PENDING, next_attempt_at=now + delay)
    else:
        fields.update(status=Status.FAILED)
    Delivery.objects.filter(pk=delivery.pk, claim=token, status=Status.SENDING).update(**fields)
    return retry


def retry_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: exponential, with jitter."""
    base = settings.ALERTS_RETRY_BASE_SECONDS * FACTOR ** max(attempts - 1, 0)
    return timedelta(seconds=base * random.uniform(1, 1 + JITTER))


def batches(count: int, size: int) -> int:
    return -(-count // size) if count > 0 else 0


# --- the sweeper --------------------------------------------------------------------------


@dataclass(frozen=True)
class SweepResult:
    returned: int
    gave_up: int
    changes_requeued: Sequence[int]
    tasks: dict[str, int]


def sweep(*, now: datetime | None = None) -> SweepResult:
    """Periodic (beat): hand back deliveries whose claim expired and give up on those out of
    attempts; returns, for its task to queue, the alerting changes nobody fanned out (a lost
    task or a broker that was down) and the sender tasks each transport's due rows need."""
    now = now or timezone.now()
    lapsed = Delivery.objects.filter(status=Status.SENDING, claimed_until__lt=now)
    gave_up = lapsed.filter(attempts__gte=settings.ALERTS_MAX_ATTEMPTS).update(
        status=Status.FAILED,
        claim=None,
        claimed_until=None,
        last_error="The claim expired on the last attempt (the worker was lost); given up.",
    )
    returned = lapsed.update(
        status=Status.PENDING, claim=None, claimed_until=None, next_attempt_at=now
    )
    if returned or gave_up:
        logger.warning("alerts sweeper: %s claims returned, %s given up", returned, gave_up)
    tasks = {
        row.name: min(sender_batches(row.name, now), settings.ALERTS_SWEEP_MAX_TASKS)
        for row in registry.all_transports()
    }
    return SweepResult(returned, gave_up, _unfanned_changes(now), tasks)


def _unfanned_changes(now: datetime) -> list[int]:
    # The grace leaves the post-commit task time to run first; a second fan-out of the
    # same change would find it claimed and do nothing, so this is only about churn.
    before = now - timedelta(seconds=settings.ALERTS_SWEEP_GRACE_SECONDS)
    outbox = StateChange.objects.filter(
        alerts=True, alert_processed_at__isnull=True, recorded_at__lte=before
    )
    return list(outbox.order_by("recorded_at").values_list("id", flat=True)[:100])


def sender_batches(transport: str, now: datetime) -> int:
    """How many sender tasks the due rows of `transport` need (its registry row says how
    big a batch is, and whether it counts rows or, as the digest does, subscribers)."""
    row = registry.get(transport)
    rows = due(transport, now)
    count = (
        rows.order_by().values(row.count_per).distinct().count() if row.count_per else rows.count()
    )
    return batches(count, row.batch_size)


# --- health -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Backlog:
    changes: int
    due: int
    waiting: int
    oldest: datetime | None


def backlog(now: datetime) -> Backlog:
    """Alerting changes not fanned out yet, deliveries due now (or claimed), deliveries
    waiting for a retry or the digest hour, and when the oldest overdue item became due."""
    outbox = StateChange.objects.filter(alerts=True, alert_processed_at__isnull=True).aggregate(
        n=Count("id"), oldest=Min("recorded_at")
    )
    open_rows = Q(status=Status.SENDING) | Q(status=Status.PENDING, next_attempt_at__lte=now)
    rows = Delivery.objects.filter(status__in=[Status.PENDING, Status.SENDING]).aggregate(
        due=Count("id", filter=open_rows),
        waiting=Count("id", filter=Q(status=Status.PENDING, next_attempt_at__gt=now)),
        oldest=Min("next_attempt_at", filter=open_rows),
    )
    candidates = [d for d in (outbox["oldest"], rows["oldest"]) if d is not None]
    return Backlog(outbox["n"], rows["due"], rows["waiting"], min(candidates, default=None))
