"""Webhooks: a versioned JSON event per change, signed by the Standard Webhooks scheme and
POSTed through the one outbound HTTP module (private-address guard, timeouts, deadline).

Signature: `webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">` with
the base64-decoded part of the `whsec_...` secret as key. `webhook-id` is the delivery's
idempotency key, the same on every retry; the timestamp and signature are made per attempt.
Retried: network errors and timeouts, 5xx, 429. Redirects are not followed. Sending,
retries, the attempt log and disabling failing endpoints are the HTTP transports' one
sender's (services.endpoints); this module is the transport's own part: its secret, its
signature and its payload.
"""

import base64
import binascii
import hashlib
import hmac
import json
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from ...models import StateChange
from ..models import Delivery, Webhook
from . import endpoints, links
from .endpoints import Message, Outcome, Request

PAYLOAD_VERSION = 1
EVENT_TYPE = "channel.state_changed"
TEST_EVENT_TYPE = "webhook.test"
SECRET_PREFIX = "whsec_"


# --- secrets and signatures ---------------------------------------------------------------


def secret_key(secret: str) -> bytes:
    """The HMAC key of a `whsec_<base64>` secret; ValueError if it is not one."""
    if not secret.startswith(SECRET_PREFIX):
        raise ValueError("a webhook secret starts with whsec_")
    try:
        key = base64.b64decode(secret[len(SECRET_PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("the part after whsec_ is not base64") from None
    if not 24 <= len(key) <= 64:
        raise ValueError("a webhook secret holds 24 to 64 bytes")
    return key


def validate_secret(secret: str) -> None:
    try:
        secret_key(secret)
    except ValueError as exc:
        raise ValidationError(f"Not a valid secret: {exc}.", code="bad_secret") from None


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def validate_url(url: str) -> None:
    """The private-address guard's verdict on a URL, as a ValidationError (services.endpoints)."""
    endpoints.validate_url(url)


# --- payloads -----------------------------------------------------------------------------


def iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z") if moment else None


def payload(change: StateChange) -> dict[str, Any]:
    """The versioned event for one change (documented in the README)."""
    channel = change.channel
    pair = f"{channel.country_a.code}-{channel.country_b.code}"
    page = links.absolute(channel.get_absolute_url())
    return {
        "version": PAYLOAD_VERSION,
        "id": f"evt_change_{change.pk}",
        "type": EVENT_TYPE,
        "timestamp": iso(change.recorded_at),
        "data": {
            "change_id": change.pk,
            "channel": {"name": channel.name, "kind": channel.kind, "pair": pair, "url": page},
            "pair": pair,
            "countries": [channel.country_a.code, channel.country_b.code],
            "kind": channel.kind,
            "old_state": change.old_state,
            "new_state": change.new_state,
            "effective_at": iso(change.effective_at),
            "recorded_at": iso(change.recorded_at),
            "note": change.note,
            "evidence": [
                {
                    "url": e.url,
                    "outlet": e.outlet,
                    "title": e.title,
                    "published_at": iso(e.published_at),
                }
                for e in change.evidence.all()
            ],
            "url": page,
        },
    }


def test_payload(now: datetime) -> dict[str, Any]:
    return {
        "version": PAYLOAD_VERSION,
        "id": f"evt_test_{uuid.uuid4().hex}",
        "type": TEST_EVENT_TYPE,
        "timestamp": iso(now),
        "data": {"message": "A test event from Channel Tracker; no channel changed."},
    }


def body(event: dict[str, Any]) -> bytes:
    return json.dumps(event, separators=(",", ":"), ensure_ascii=False).encode()


def message_id(delivery: Delivery) -> str:
    return f"msg_{delivery.key.hex}"


# --- the transport ---------------------------------------------------------------------------


class StandardWebhooks(endpoints.HttpTransport):
    """One signed event per change (no merging: receivers expect one event per change)."""

    name = "webhook"
    token_label = "Signing secret"
    token_help = "whsec_…, generated for a new webhook; give it to the receiver"

    def clean(self, *, url: str, secret: str, target: str) -> dict[str, str]:
        errors: dict[str, Any] = {}
        try:
            values = super().clean(url=url, secret="", target="")
        except ValidationError as exc:
            errors, values = dict(exc.error_dict), {}
        try:
            validate_secret(secret.strip())
        except ValidationError as exc:
            errors["secret"] = exc
        if errors:
            raise ValidationError(errors)
        return {**values, "secret": secret.strip(), "target": ""}

    def messages(self, hook: Webhook, deliveries: list[Delivery], now: datetime) -> list[Message]:
        bodies: dict[int, bytes] = {}
        for delivery in deliveries:
            if delivery.change_id not in bodies:
                bodies[delivery.change_id] = body(payload(delivery.change))
        return [
            Message([d], signed_request(hook, message_id(d), bodies[d.change_id]))
            for d in deliveries
        ]

    def test_request(self, hook: Webhook, now: datetime) -> Request:
        return signed_request(hook, f"msg_test_{uuid.uuid4().hex}", body(test_payload(now)))

    def secrets(self, hook: Webhook) -> list[str]:
        return [hook.secret] if hook.secret else []


TRANSPORT = StandardWebhooks()


def signed_request(hook: Webhook, msg_id: str, content: bytes) -> Request:
    timestamp = int(time.time())
    try:
        signature = sign(hook.secret, msg_id, timestamp, content)
    except ValueError as exc:  # a malformed secret: the attempt fails, and says why
        return Request(hook.url, content, refused=f"bad secret: {exc}")
    headers = {
        "Content-Type": "application/json",
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature,
    }
    return Request(hook.url, content, headers)


def send_webhook_batch(*, now: datetime | None = None) -> int:
    """Claim one batch of due webhook deliveries and POST them (the one HTTP sender)."""
    return endpoints.send_batch(TRANSPORT, now=now)


def send_test_event(*, webhook: Webhook, now: datetime | None = None) -> Outcome:
    return endpoints.send_test_message(webhook=webhook, now=now or timezone.now())


webhook_reenable = endpoints.endpoint_reenable
