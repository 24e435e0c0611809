"""The HTTP transports' one sender (Standard Webhooks and every chat integration): claim a
batch of due rows of one transport, build its requests (a transport may merge the changes
owed to one endpoint into one message), POST them through the one outbound HTTP module
(private-address guard, timeouts, deadline, size cap) several at a time, log every attempt,
and keep each endpoint's health: a 429 or Retry-After holds the endpoint's other rows back,
and an endpoint that has failed every attempt for ALERTS_WEBHOOK_DISABLE_AFTER_HOURS is
disabled and its owner emailed.

Secrets (tokens, and URLs that are themselves the credential) are redacted from every error
before it is stored or logged."""

import logging
import time
import uuid
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from ...models import StateChange
from ...net import http
from ...net.retry import retry_after
from ..models import Delivery, Webhook, WebhookAttempt
from ..transports import registry
from . import email, links, outbox

logger = logging.getLogger(__name__)
MAX_RETRY_AFTER = timedelta(hours=6)
MERGED_NAMESPACE = uuid.UUID("0b7f3d1e-8a52-4c1f-9e0a-3d6b2f4c9a11")
MASK = "•••"


# --- what a transport provides -------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    url: str
    content: bytes
    headers: dict[str, str] = field(default_factory=dict)
    method: str = "POST"
    # Why it cannot be sent (a malformed secret, say): an attempt failed with this reason.
    refused: str = ""


@dataclass(frozen=True)
class Message:
    """One request, and the deliveries it carries (several, when changes were merged)."""

    deliveries: list[Delivery]
    request: Request


@dataclass(frozen=True)
class Outcome:
    ok: bool
    status: int | None
    duration_ms: int
    error: str = ""
    transient: bool = False
    retry_after: timedelta | None = None


class HttpTransport:
    """What one HTTP transport knows: its settings, its requests, how to read its answers.
    One subclass per transport module; the sender, admin and API use only this."""

    name = ""
    # The URL is itself the credential (Slack, Discord, Teams): write-only, shown masked.
    secret_url = False
    url_label = "URL"
    url_help = "http(s), on the public internet"
    default_url = ""  # used when none is given (Telegram's API)
    token_label = ""  # "" : the transport has no token
    token_required = False
    token_help = ""
    target_label = ""  # "" : no chat/room
    target_help = ""

    def clean(self, *, url: str, secret: str, target: str) -> dict[str, str]:
        """The normalised settings, or ValidationError({field: message}). The URL passes
        the private-address guard here (and again at every send)."""
        url = (url or self.default_url).strip()
        errors: dict[str, ValidationError] = {}
        try:
            validate_url(url)
        except ValidationError as exc:
            errors["url"] = exc
        if self.token_required and not secret:
            errors["secret"] = ValidationError(
                f"Give the {self.token_label.lower()}.", code="bad_token"
            )
        if errors:
            raise ValidationError(errors)
        return {"url": url, "secret": secret.strip(), "target": target.strip()}

    def messages(self, hook: Webhook, deliveries: list[Delivery], now: datetime) -> list[Message]:
        raise NotImplementedError

    def test_request(self, hook: Webhook, now: datetime) -> Request:
        raise NotImplementedError

    def judge(self, result: http.FetchResult, duration_ms: int) -> Outcome:
        """2xx is delivered; 429 and 5xx may pass later (with the Retry-After asked for)."""
        status = result.status
        if 200 <= status < 300:
            return Outcome(True, status, duration_ms)
        return failed_status(result, duration_ms)

    def secrets(self, hook: Webhook) -> list[str]:
        """What must never be stored or shown: the token, and a credential URL's path."""
        values = [hook.secret] if hook.secret and self.token_label else []
        if self.secret_url:  # its path, and its query (a Teams workflow's `sig`)
            parts = urlsplit(hook.url)
            values += [parts.path, parts.query]
        return [v for v in values if len(v) > 3]

    def shown_url(self, hook: Webhook) -> str:
        return mask_url(hook.url) if self.secret_url else hook.url


def failed_status(result: http.FetchResult, duration_ms: int, detail: str = "") -> Outcome:
    status = result.status
    transient = status == 429 or status >= 500
    hint = retry_after(result.headers, timezone.now()) if transient else None
    wait = min(hint, MAX_RETRY_AFTER) if hint else None
    error = f"HTTP {status}" + (f": {detail}" if detail else "")
    return Outcome(False, status, duration_ms, error, transient, wait)


def transport_of(hook: Webhook) -> HttpTransport:
    endpoint = registry.get(hook.transport).endpoint
    if endpoint is None:
        raise ValueError(f"{hook.transport} is not an HTTP transport")
    return endpoint


def merged_key(deliveries: list[Delivery]) -> uuid.UUID:
    """The idempotency key of a message: its delivery's, or one derived from all of them
    (the same on a retry of the same rows)."""
    if len(deliveries) == 1:
        return deliveries[0].key
    return uuid.uuid5(MERGED_NAMESPACE, ",".join(sorted(str(d.key) for d in deliveries)))


# --- secrets --------------------------------------------------------------------------------


def mask_url(url: str) -> str:
    """`https://hooks.slack.com/•••`: the host, never the path that holds the credential."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/{MASK}" if parts.netloc else MASK


def mask_secret(secret: str) -> str:
    return f"{MASK}{secret[-4:]}" if len(secret) >= 12 else (MASK if secret else "")


def redact(text: str, secrets: list[str]) -> str:
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


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
                f"This URL points at a private or local address ({exc}); alerts are sent "
                "to the public internet only.",
                code="blocked_address",
            ) from None
        raise ValidationError(f"Alerts cannot be sent to this URL: {exc}.", code=exc.kind) from None


# --- one request ---------------------------------------------------------------------------


def post(
    transport: HttpTransport, request: Request, secrets: list[str], *, max_redirects: int = 0
) -> Outcome:
    """Make one request; never raises for what the endpoint or network does. Errors come
    back with the secrets redacted."""
    started = time.monotonic()
    if request.refused:
        return Outcome(False, None, 0, redact(request.refused, secrets))
    try:
        result = http.fetch(
            request.url,
            method=request.method,
            headers=request.headers,
            content=request.content,
            timeout=settings.ALERTS_WEBHOOK_TIMEOUT_SECONDS,
            deadline=settings.ALERTS_WEBHOOK_DEADLINE_SECONDS,
            max_redirects=max_redirects,
            max_bytes=settings.ALERTS_WEBHOOK_MAX_RESPONSE_BYTES,
        )
    except http.FetchError as exc:
        outcome = Outcome(False, None, _ms(started), describe(exc), exc.transient)
    else:
        outcome = transport.judge(result, _ms(started))
    if outcome.error:
        outcome = Outcome(
            outcome.ok,
            outcome.status,
            outcome.duration_ms,
            redact(outcome.error, [request.url, *secrets]),
            outcome.transient,
            outcome.retry_after,
        )
    return outcome


def describe(exc: http.FetchError) -> str:
    if exc.kind == "too_many_redirects":
        return "redirect: the endpoint answered with a redirect; alerts do not follow them"
    return f"{exc.kind}: {exc}"


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


# --- the sender ------------------------------------------------------------------------------


def send_batch(transport: HttpTransport, *, now: datetime | None = None) -> int:
    """Claim one batch of due deliveries of `transport` and send them, several requests at
    a time. Every attempt is logged; returns how many deliveries were delivered."""
    now = now or timezone.now()
    row = registry.get(transport.name)
    claim = outbox.claim(transport=transport.name, limit=row.batch_size, now=now)
    if not claim.deliveries:
        return 0
    live = claim.keep(lambda d: d.endpoint.active, "The endpoint was disabled before it was sent.")
    messages = build_messages(transport, live, now)
    outcomes = post_all(transport, messages, claim.token, now)
    pairs = [(m, o) for m, o in zip(messages, outcomes, strict=True)]
    _log_attempts([(d, o) for m, o in pairs for d in m.deliveries])
    record_successes(sorted({m.deliveries[0].endpoint.pk for m, o in pairs if o.ok}), now)
    for message, outcome in pairs:
        if not outcome.ok:
            _record_failure(message, outcome, claim.token, now)
    _pace([m.deliveries[0].endpoint.pk for m in messages], row, now)
    return sum(len(m.deliveries) for m, o in pairs if o.ok)


def build_messages(
    transport: HttpTransport, deliveries: list[Delivery], now: datetime
) -> list[Message]:
    by_endpoint: dict[int, list[Delivery]] = {}
    for delivery in deliveries:
        by_endpoint.setdefault(delivery.endpoint.pk, []).append(delivery)
    return [
        message
        for rows in by_endpoint.values()
        for message in transport.messages(rows[0].endpoint, rows, now)
    ]


def post_all(
    transport: HttpTransport, messages: list[Message], token: uuid.UUID, now: datetime
) -> list[Outcome]:
    """POST the messages the transport's concurrency at a time (threads do HTTP only; the
    ORM stays in this thread), marking deliveries sent every ALERTS_MARK_SENT_EVERY as they
    complete: a worker killed mid-batch sends again only what it had not marked. Returns
    the outcomes in the order of `messages`."""
    row = registry.get(transport.name)
    workers = max(1, min(row.concurrency, len(messages)))
    outcomes: dict[int, Outcome] = {}
    delivered: list[Delivery] = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(_post_message, transport, m): n for n, m in enumerate(messages)}
        try:
            for future in as_completed(futures):
                n = futures[future]
                outcomes[n] = future.result()
                if outcomes[n].ok:
                    delivered.extend(messages[n].deliveries)
                if len(delivered) >= settings.ALERTS_MARK_SENT_EVERY:
                    outbox.mark_sent(delivered, token, now)
                    delivered = []
        finally:
            outbox.mark_sent(delivered, token, now)
    return [outcomes[n] for n in range(len(messages))]


def _post_message(transport: HttpTransport, message: Message) -> Outcome:
    hook = message.deliveries[0].endpoint
    return post(transport, message.request, transport.secrets(hook))


def _record_failure(message: Message, outcome: Outcome, token: uuid.UUID, now: datetime) -> None:
    for delivery in message.deliveries:
        outbox.mark_failed(
            delivery,
            token,
            now,
            error=outcome.error,
            transient=outcome.transient,
            status_code=outcome.status,
            retry_after=outcome.retry_after,
        )
    hook = message.deliveries[0].endpoint
    if outcome.status == 429 or outcome.retry_after:
        hold(webhook_id=hook.pk, until=now + (outcome.retry_after or timedelta(seconds=60)))
    record_health(hook, outcome, now)


def hold(*, webhook_id: int, until: datetime) -> int:
    """The endpoint asked us to slow down: none of its rows is tried before `until`."""
    return Delivery.objects.filter(
        webhook_id=webhook_id, status=Delivery.Status.PENDING, next_attempt_at__lt=until
    ).update(next_attempt_at=until)


def _pace(webhook_ids: list[int], row: registry.Transport, now: datetime) -> None:
    """The transport's rate limit: the endpoints just sent to wait `interval` for more."""
    if row.rate_limit is None or not webhook_ids:
        return
    until = now + row.rate_limit.interval
    Delivery.objects.filter(
        webhook_id__in=webhook_ids, status=Delivery.Status.PENDING, next_attempt_at__lt=until
    ).update(next_attempt_at=until)


def _log_attempts(pairs: list[tuple[Delivery, Outcome]]) -> None:
    """One attempt row per delivery. An endpoint deleted (by its owner, through the API or
    the admin) while its batch was out took its deliveries with it: their attempts are
    dropped, instead of an integrity error failing the batch and the rest being sent
    again."""
    for _ in range(3):  # a deletion between the check and the insert: check again
        live = set(
            Delivery.objects.filter(pk__in=[d.pk for d, _o in pairs]).values_list("pk", flat=True)
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
                    for d, o in pairs
                    if d.pk in live
                )
            return
        except IntegrityError:
            logger.info("alerts: a delivery went while its attempts were logged; again")


def send_test_message(*, webhook: Webhook, now: datetime | None = None) -> Outcome:
    """The admin's and the API's "send a test message": one request now, logged as a test
    attempt; it does not count towards the endpoint's health."""
    now = now or timezone.now()
    transport = transport_of(webhook)
    outcome = post(transport, transport.test_request(webhook, now), transport.secrets(webhook))
    WebhookAttempt.objects.create(
        webhook=webhook,
        ok=outcome.ok,
        status_code=outcome.status,
        duration_ms=outcome.duration_ms,
        error=outcome.error[:2000],
        is_test=True,
    )
    return outcome


# --- the fan-out's recipients ----------------------------------------------------------------


def recipients(
    name: str, change: StateChange, keys: list[str] | tuple[str, ...], now: datetime
) -> list[Delivery]:
    """One unsaved delivery per active endpoint of transport `name` whose scopes match. An
    API user's endpoints stop with the account (admins' own have no owner)."""
    hooks = (
        Webhook.objects.filter(active=True, transport=name)
        .filter(Q(owner__isnull=True) | Q(owner__is_active=True))
        .only("id", "scopes")
    )
    return [
        Delivery(
            change=change, webhook_id=hook.pk, transport=name, next_attempt_at=now, created_at=now
        )
        for hook in hooks
        if set(hook.scopes or []) & set(keys)
    ]


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
    Webhook.objects.filter(pk=webhook.pk).update(
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
    logger.warning("%s endpoint %s disabled: %s", hook.transport, webhook_id, reason)
    _tell_owner(Webhook.objects.get(pk=webhook_id))
    return True


def _tell_owner(hook: Webhook) -> None:
    context: dict[str, Any] = {
        "webhook": hook,
        "transport": registry.get(hook.transport).label,
        "shown_url": transport_of(hook).shown_url(hook),
        "admin_url": links.absolute(reverse("admin:alerts_webhook_change", args=[hook.pk])),
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    try:
        email.send_rendered("webhook_disabled", context, hook.owner_email)
    except Exception:  # the endpoint stays disabled; the admin shows why
        logger.exception("endpoint %s: could not email its owner", hook.pk)


def endpoint_reenable(*, webhook: Webhook) -> None:
    Webhook.objects.filter(pk=webhook.pk).update(
        active=True,
        disabled_at=None,
        disabled_reason="",
        consecutive_failures=0,
        failing_since=None,
    )
