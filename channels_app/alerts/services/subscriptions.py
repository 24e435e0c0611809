"""Subscribing by double opt-in, managing scopes and mode, unsubscribing.

The public form records the address and the scopes asked for (unconfirmed) and emails a
signed confirmation link carrying those scopes; only a POST through that link confirms them.
What the visitor sees never depends on whether the address is known, nor on the per-address
rate limit: both only decide whether an email goes out.
"""

import logging
from collections.abc import Sequence
from datetime import datetime
from enum import Enum

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ...queueing import enqueue_on_commit
from .. import tasks
from ..models import Subscriber, SubscriberScope
from . import ratelimit
from .scopes import InvalidScope, parse

logger = logging.getLogger(__name__)


def normalise_email(address: str) -> str:
    return address.strip().lower()


def address_allowed(address: str) -> bool:
    """The per-address limit on emails we send because someone typed this address."""
    return ratelimit.address_allowed(normalise_email(address))


def client_allowed(client: str) -> bool:
    return ratelimit.allow(
        "client",
        client,
        limit=settings.ALERTS_RATE_PER_CLIENT,
        window=settings.ALERTS_RATE_WINDOW_SECONDS,
    )


def subscription_request(*, email: str, keys: Sequence[str], now: datetime | None = None) -> bool:
    """Record a request for alerts on `keys` (validated scope keys) and queue the
    confirmation email after commit. Returns whether an email was queued (False when the
    address is over its rate limit); callers must not show the difference."""
    now = now or timezone.now()
    address = normalise_email(email)
    keys = _valid_keys(keys)
    if not address_allowed(address):
        logger.info("alerts: confirmation not sent, address over its rate limit")
        return False
    with transaction.atomic():
        subscriber, _ = Subscriber.objects.get_or_create(email=address)
        SubscriberScope.objects.bulk_create(
            [SubscriberScope(subscriber=subscriber, key=k, created_at=now) for k in keys],
            ignore_conflicts=True,
        )
        enqueue_on_commit(tasks.send_confirmation, subscriber.pk, keys)
    return True


def subscription_confirm(
    *, subscriber: Subscriber, keys: Sequence[str], now: datetime | None = None
) -> Subscriber:
    """The POST behind a confirmation link: the address is confirmed (again, after an
    unsubscribe) and the scopes the link carries become active."""
    now = now or timezone.now()
    keys = _valid_keys(keys)
    with transaction.atomic():
        Subscriber.objects.filter(pk=subscriber.pk, confirmed_at__isnull=True).update(
            confirmed_at=now
        )
        Subscriber.objects.filter(pk=subscriber.pk).update(unsubscribed_at=None)
        _confirm_scopes(subscriber, keys, now)
    subscriber.refresh_from_db()
    return subscriber


def subscription_update(
    *, subscriber: Subscriber, keys: Sequence[str], mode: str, now: datetime | None = None
) -> None:
    """The manage page: exactly `keys` (at least one), confirmed, and the delivery mode.
    The manage link proves the address, so this also confirms it."""
    now = now or timezone.now()
    keys = _valid_keys(keys)
    if not keys:
        raise ValueError("a subscription needs at least one scope")
    if mode not in Subscriber.Mode.values:
        raise ValueError(f"unknown mode {mode!r}")
    with transaction.atomic():
        subscriber.scopes.exclude(key__in=keys).delete()
        _confirm_scopes(subscriber, keys, now)
        Subscriber.objects.filter(pk=subscriber.pk, confirmed_at__isnull=True).update(
            confirmed_at=now
        )
        Subscriber.objects.filter(pk=subscriber.pk).update(mode=mode, unsubscribed_at=None)
    subscriber.refresh_from_db()


def subscription_unsubscribe(*, subscriber: Subscriber, now: datetime | None = None) -> None:
    """Stop every alert to this address. Its scopes go; alerts already queued are skipped
    when their turn comes."""
    now = now or timezone.now()
    with transaction.atomic():
        Subscriber.objects.filter(pk=subscriber.pk, unsubscribed_at__isnull=True).update(
            unsubscribed_at=now
        )
        subscriber.scopes.all().delete()
    subscriber.refresh_from_db()


class AccountOutcome(Enum):
    APPLIED = "applied"
    CONFIRMATION_SENT = "confirmation_sent"
    RATE_LIMITED = "rate_limited"


def account_subscription_set(
    *, email: str, keys: Sequence[str], mode: str, now: datetime | None = None
) -> AccountOutcome:
    """An API user's own address (their account's email): exactly `keys` and `mode`.

    An address whose owner has confirmed it and that still receives alerts is updated at
    once, like the manage page. Any other (new, never confirmed, unsubscribed) goes through
    double opt-in as from the public form: the scopes wait unconfirmed, the mode is kept for
    when they are confirmed, and the confirmation email goes out after commit. A token never
    makes an address receive alerts its owner did not confirm."""
    address = normalise_email(email)
    subscriber = Subscriber.objects.filter(email=address).first()
    if subscriber is not None and subscriber.receiving:
        subscription_update(subscriber=subscriber, keys=keys, mode=mode, now=now)
        return AccountOutcome.APPLIED
    if mode not in Subscriber.Mode.values:
        raise ValueError(f"unknown mode {mode!r}")
    with transaction.atomic():
        if not subscription_request(email=address, keys=keys, now=now):
            return AccountOutcome.RATE_LIMITED
        Subscriber.objects.filter(email=address).update(mode=mode)
    return AccountOutcome.CONFIRMATION_SENT


def manage_link_ask(*, email: str) -> None:
    """The manage-link form: queue the request for the address after commit. The page does
    this same work whether the address is known or not, so its answer's time does not tell
    (the lookup, the rate limit and the email happen in the task:
    email.send_manage_link_to_address)."""
    address = normalise_email(email)
    enqueue_on_commit(tasks.request_manage_link, address)


def _valid_keys(keys: Sequence[str]) -> list[str]:
    """Keys from signed links or validated forms, normalised; one that no longer parses
    (a link older than a change of format) is dropped rather than failing the request."""
    valid = []
    for key in keys:
        try:
            valid.append(parse(key).key)
        except InvalidScope:
            logger.warning("alerts: dropped a scope that no longer parses: %r", key[:80])
    return list(dict.fromkeys(valid))


def _confirm_scopes(subscriber: Subscriber, keys: list[str], now: datetime) -> None:
    SubscriberScope.objects.bulk_create(
        [SubscriberScope(subscriber=subscriber, key=k, created_at=now) for k in keys],
        ignore_conflicts=True,
    )
    subscriber.scopes.filter(key__in=keys, confirmed_at__isnull=True).update(confirmed_at=now)
