"""Signed links for subscribers: confirm, manage, unsubscribe. TimestampSigner with one salt
per purpose (a manage link cannot confirm or unsubscribe), a maximum age per purpose from
settings, and the subscriber's `token_key` inside, so rotating it revokes old links."""

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing

from ..models import Subscriber

CONFIRM, MANAGE, UNSUBSCRIBE = "confirm", "manage", "unsubscribe"


class BadToken(Exception):
    """A link that is expired, tampered with, for another purpose, or revoked."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.expired = reason == "expired"


@dataclass(frozen=True)
class Link:
    subscriber: Subscriber
    data: dict[str, Any] = field(default_factory=dict)


def max_age(purpose: str) -> timedelta:
    return {
        CONFIRM: timedelta(hours=settings.ALERTS_CONFIRM_MAX_AGE_HOURS),
        MANAGE: timedelta(days=settings.ALERTS_MANAGE_MAX_AGE_DAYS),
        UNSUBSCRIBE: timedelta(days=settings.ALERTS_UNSUBSCRIBE_MAX_AGE_DAYS),
    }[purpose]


def _signer(purpose: str) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"channels_app.alerts.{purpose}")


def make(purpose: str, subscriber: Subscriber, **data: Any) -> str:
    payload = {"s": subscriber.pk, "k": subscriber.token_key, **data}
    return _signer(purpose).sign_object(payload, compress=True)


def read(purpose: str, token: str) -> Link:
    """The subscriber a link was made for, with its data; BadToken otherwise."""
    try:
        payload = _signer(purpose).unsign_object(token, max_age=max_age(purpose))
    except signing.SignatureExpired:
        raise BadToken("expired") from None
    except (signing.BadSignature, ValueError, TypeError):
        raise BadToken("invalid") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("s"), int):
        raise BadToken("invalid")
    subscriber = Subscriber.objects.filter(pk=payload["s"], token_key=payload.get("k")).first()
    if subscriber is None:
        raise BadToken("invalid")
    data = {k: v for k, v in payload.items() if k not in ("s", "k")}
    return Link(subscriber, data)
