"""Webhooks: a versioned JSON event per change, signed by the Standard Webhooks scheme and
POSTed through the one outbound HTTP module (private-address guard, timeouts, deadline).

Signature: `webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">` with
the base64-decoded part of the `whsec_...` secret as key. `webhook-id` is the delivery's
idempotency key, the same on every retry; the timestamp and signature are made per attempt.
Retried: network errors and timeouts, 5xx, 429. Redirects are not followed. An endpoint
that has failed every attempt for ALERTS_WEBHOOK_DISABLE_AFTER_HOURS is disabled and its
owner emailed.
"""

import base64
import binascii
import hashlib
import hmac
import json
import logging
import time
import uuid
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from ...models import StateChange
from ...net import http
from ...net.retry import retry_after
from ..models import Delivery, Webhook, WebhookAttempt
from . import email, links, outbox

logger = logging.getLogger(__name__)
PAYLOAD_VERSION = 1
EVENT_TYPE = "channel.state_changed"
TEST_EVENT_TYPE = "webhook.test"
SECRET_PREFIX = "whsec_"
MAX_RETRY_AFTER = timedelta(hours=6)


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
    """ValidationError for a URL the sender would refuse: not http(s), malformed, or a host
    resolving to a private, loopback or otherwise non-public address (unless
    OUTBOUND_ALLOW_PRIVATE_ADDRESSES). A host that does not resolve now passes: every send
    checks again."""
    try:
        http.check_url(url.strip())
    except http.FetchError as exc:
        if exc.transient:
            return
        if exc.kind == "blocked_address":
            raise ValidationError(
                f"This URL points at a private or local address ({exc}); webhooks are sent "
                "to the public internet only.",
                code="blocked_address",
            ) from None
        raise ValidationError(
            f"Webhooks cannot be sent to this URL: {exc}.", code=exc.kind
        ) from None


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


# --- one request ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    ok: bool
    status: int | None
    duration_ms: int
    error: str = ""
    transient: bool = False
    retry_after: timedelta | None = None


def post(*, url: str, secret: str, msg_id: str, content: bytes) -> Outcome:
    """POST one signed event; never raises for what the endpoint or network does."""
    started = time.monotonic()
    try:
        timestamp = int(time.time())
        headers = {
            "Content-Type": "application/json",
            "webhook-id": msg_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(secret, msg_id, timestamp, content),
        }
        result = http.fetch(
            url,
            method="POST",
            headers=headers,
            content=content,
            timeout=settings.ALERTS_WEBHOOK_TIMEOUT_SECONDS,
            deadline=settings.ALERTS_WEBHOOK_DEADLINE_SECONDS,
            max_redirects=0,
            max_bytes=settings.ALERTS_WEBHOOK_MAX_RESPONSE_BYTES,
        )
    except http.FetchError as exc:
        return Outcome(False, None, _ms(started), _describe(exc), exc.transient)
    except ValueError as exc:  # a malformed secret
        return Outcome(False, None, _ms(started), f"bad secret: {exc}")
    return _judge(result, _ms(started))


def _judge(result: http.FetchResult, duration_ms: int) -> Outcome:
    status = result.status
    if 200 <= status < 300:
        return Outcome(True, status, duration_ms)
    transient = status == 429 or status >= 500
    hint = retry_after(result.headers, timezone.now()) if transient else None
    wait = min(hint, MAX_RETRY_AFTER) if hint else None
    return Outcome(False, status, duration_ms, f"HTTP {status}", transient, wait)


def _describe(exc: http.FetchError) -> str:
    if exc.kind == "too_many_redirects":
        return "redirect: the endpoint answered with a redirect; webhooks do not follow them"
    return f"{exc.kind}: {exc}"


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


# --- the webhook sender --------------------------------------------------------------------


def send_webhook_batch(*, now: datetime | None = None) -> int:
    """Claim one batch of due webhook deliveries and POST them, several at a time. Every
    attempt is logged; returns how many were delivered."""
    now = now or timezone.now()
    claim = outbox.claim(
        transport=Delivery.Transport.WEBHOOK, limit=settings.ALERTS_WEBHOOK_BATCH, now=now
    )
    if not claim.deliveries:
        return 0
    live = claim.keep(lambda d: d.endpoint.active, "The endpoint was disabled before it was sent.")
    outcomes = post_all(live, claim.token, now)
    _log_attempts(live, outcomes)
    record_successes([d.endpoint.pk for d, o in zip(live, outcomes, strict=True) if o.ok], now)
    for delivery, outcome in zip(live, outcomes, strict=True):
        if not outcome.ok:
            outbox.mark_failed(
                delivery,
                claim.token,
                now,
                error=outcome.error,
                transient=outcome.transient,
                status_code=outcome.status,
                retry_after=outcome.retry_after,
            )
            record_health(delivery.endpoint, outcome, now)
    return sum(o.ok for o in outcomes)


def post_all(deliveries: list[Delivery], token: uuid.UUID, now: datetime) -> list[Outcome]:
    """POST the batch ALERTS_WEBHOOK_CONCURRENCY at a time (threads do HTTP only; the ORM
    stays in this thread), marking deliveries sent every ALERTS_MARK_SENT_EVERY successes
    as they complete: a worker killed mid-batch posts again only what it had not marked.
    Returns the outcomes in the order of `deliveries`."""
    bodies = {d.change_id: body(payload(d.change)) for d in deliveries}
    workers = max(1, min(settings.ALERTS_WEBHOOK_CONCURRENCY, len(deliveries)))
    outcomes: dict[int, Outcome] = {}
    delivered: list[Delivery] = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(_post_delivery, d, bodies[d.change_id]): d for d in deliveries}
        try:
            for future in as_completed(futures):
                delivery = futures[future]
                outcomes[delivery.pk] = future.result()
                if outcomes[delivery.pk].ok:
                    delivered.append(delivery)
                if len(delivered) >= settings.ALERTS_MARK_SENT_EVERY:
                    outbox.mark_sent(delivered, token, now)
                    delivered = []
        finally:
            outbox.mark_sent(delivered, token, now)
    return [outcomes[d.pk] for d in deliveries]


def _post_delivery(delivery: Delivery, content: bytes) -> Outcome:
    hook = delivery.endpoint
    return post(url=hook.url, secret=hook.secret, msg_id=message_id(delivery), content=content)


def _log_attempts(deliveries: list[Delivery], outcomes: list[Outcome]) -> None:
    """One attempt row per delivery. A webhook deleted (by its owner, through the API or the
    admin) while its batch was out took its deliveries with it: their attempts are dropped,
    instead of an integrity error failing the batch and the rest being sent again."""
    for _ in range(3):  # a deletion between the check and the insert: check again
        live = set(
            Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).values_list("pk", flat=True)
        )
        try:
            with transaction.atomic():
                WebhookAttempt.objects.bulk_create(
                    WebhookAttempt(
                        webhook=d.endpoint,
                        delivery=d,
                        ok=o.ok,
                        status_code=o.status,
                        duration_ms=o.duration_ms,
                        error=o.error[:2000],
                    )
                    for d, o in zip(deliveries, outcomes, strict=True)
                    if d.pk in live
                )
            return
        except IntegrityError:
            logger.info("webhooks: a delivery went while its attempts were logged; again")


def send_test_event(*, webhook: Webhook, now: datetime | None = None) -> Outcome:
    """The admin's "send test event": one signed `webhook.test` event now, logged as a test
    attempt; it does not count towards the endpoint's health."""
    now = now or timezone.now()
    msg_id = f"msg_test_{uuid.uuid4().hex}"
    outcome = post(
        url=webhook.url, secret=webhook.secret, msg_id=msg_id, content=body(test_payload(now))
    )
    WebhookAttempt.objects.create(
        webhook=webhook,
        ok=outcome.ok,
        status_code=outcome.status,
        duration_ms=outcome.duration_ms,
        error=outcome.error[:2000],
        is_test=True,
    )
    return outcome


# --- endpoint health ---------------------------------------------------------------------


def record_successes(webhook_ids: list[int], now: datetime) -> None:
    """One UPDATE for every endpoint of a batch that answered 2xx."""
    if webhook_ids:
        Webhook.objects.filter(pk__in=webhook_ids).update(
            last_success_at=now, consecutive_failures=0, failing_since=None
        )


def record_health(webhook: Webhook, outcome: Outcome, now: datetime) -> None:
    if outcome.ok:
        record_successes([webhook.pk], now)
        return
    hooks = Webhook.objects.filter(pk=webhook.pk)
    hooks.update(
        last_failure_at=now,
        last_error=outcome.error[:2000],
        consecutive_failures=F("consecutive_failures") + 1,
        failing_since=Coalesce(F("failing_since"), Value(now)),
    )
    disable_if_failing(webhook_id=webhook.pk, now=now)


def disable_if_failing(*, webhook_id: int, now: datetime) -> bool:
    """Disable an endpoint that has failed every attempt for the configured hours (one
    conditional UPDATE: the owner is emailed once), and skip its pending deliveries."""
    hours = settings.ALERTS_WEBHOOK_DISABLE_AFTER_HOURS
    hook = Webhook.objects.filter(pk=webhook_id).first()
    if hook is None or hook.failing_since is None:
        return False
    reason = (
        f"Every attempt failed for over {hours} h (since {hook.failing_since:%Y-%m-%d %H:%M} "
        f"UTC, {hook.consecutive_failures} in a row); last error: {hook.last_error[:200]}"
    )
    disabled = Webhook.objects.filter(
        pk=webhook_id, active=True, failing_since__lte=now - timedelta(hours=hours)
    ).update(active=False, disabled_at=now, disabled_reason=reason[:500])
    if not disabled:
        return False
    Delivery.objects.filter(webhook_id=webhook_id, status=Delivery.Status.PENDING).update(
        status=Delivery.Status.SKIPPED, last_error="The endpoint was disabled."
    )
    logger.warning("webhook %s disabled: %s", webhook_id, reason)
    _tell_owner(Webhook.objects.get(pk=webhook_id))
    return True


def _tell_owner(hook: Webhook) -> None:
    context = {
        "webhook": hook,
        "admin_url": links.absolute(reverse("admin:alerts_webhook_change", args=[hook.pk])),
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    try:
        email.send_rendered("webhook_disabled", context, hook.owner_email)
    except Exception:  # the endpoint stays disabled; the admin shows why
        logger.exception("webhook %s: could not email its owner", hook.pk)


def webhook_reenable(*, webhook: Webhook) -> None:
    Webhook.objects.filter(pk=webhook.pk).update(
        active=True,
        disabled_at=None,
        disabled_reason="",
        consecutive_failures=0,
        failing_since=None,
    )
