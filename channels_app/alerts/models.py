"""Change alerts: subscribers and their scopes, admin-registered webhooks, and the delivery
outbox (one row per change and recipient, claimed before sending)."""

import base64
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


def new_token_key() -> str:
    return secrets.token_urlsafe(12)


def new_webhook_secret() -> str:
    """A Standard Webhooks secret: `whsec_` and 24 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


class SubscriberQuerySet(models.QuerySet):
    def receiving(self) -> "SubscriberQuerySet":
        """Confirmed and not unsubscribed: the people alerts go to."""
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)


class Subscriber(models.Model):
    """One email address (stored lower-cased). Every signed link carries `token_key`:
    changing it revokes every link sent so far."""

    class Mode(models.TextChoices):
        IMMEDIATE = "immediate", "Each change as it happens"
        DIGEST = "digest", "A daily digest"

    email = models.EmailField(max_length=254, unique=True)
    mode = models.CharField(max_length=16, choices=Mode.choices, default=Mode.IMMEDIATE)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    token_key = models.CharField(max_length=32, default=new_token_key, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    @property
    def receiving(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None

    def has_confirmed(self, keys: list[str]) -> bool:
        """Receiving alerts, with every one of these scopes confirmed: a confirmation link
        for them has nothing left to do."""
        confirmed = self.scopes.filter(key__in=keys, confirmed_at__isnull=False).count()
        return self.receiving and confirmed == len(set(keys))


class SubscriberScope(models.Model):
    """What a subscriber follows, as a scope key (services.scopes): `all`, `kind:trade`,
    `country:CN`, `pair:CN-US`, `channel:CN-US:military`. A scope asked for on the public
    form waits unconfirmed until its confirmation link is used."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="scopes")
    key = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "key"], name="scope_unique_per_subscriber"
            )
        ]
        indexes = [
            # Resolving recipients: WHERE key IN (six keys of a change) AND confirmed.
            models.Index(
                fields=["key"],
                name="scope_confirmed_key_idx",
                condition=Q(confirmed_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.key


class Webhook(models.Model):
    """An HTTP endpoint alerts go to, through one of the HTTP transports of the registry
    (alerts/transports): a Standard Webhooks endpoint, or a chat integration (Slack, Teams,
    Discord, Telegram, Matrix, ntfy). Registered by an admin, or by an API token holder (its
    `owner`, who alone sees and edits it through the API). For `webhook`, `secret` is
    `whsec_<base64>` (the HMAC key is the decoded part); for chat integrations it is the
    bot or access token, if the service has one. Secrets (a token, or a URL that is itself
    the credential) are write-only: shown masked everywhere after saving."""

    name = models.CharField(max_length=200)
    # A name in the transport registry (alerts/transports); not choices, so a new transport
    # is one module and one registry row, no migration.
    transport = models.CharField(max_length=16, default="webhook")
    # Kept if the user is deleted: the endpoint becomes an admins' one instead of vanishing
    # with its attempt log.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="webhooks",
        help_text="The API user who registered it; empty for webhooks added in the admin",
    )
    url = models.URLField(max_length=2000)
    secret = models.CharField(
        max_length=512,
        blank=True,
        default=new_webhook_secret,
        help_text="Webhooks: whsec_ followed by base64 (24 to 64 bytes), the receiver "
        "verifies with it. Chat integrations: the bot or access token, if any",
    )
    target = models.CharField(
        max_length=255,
        blank=True,
        help_text="Where in the service: a Telegram chat id, a Matrix room (!id or #alias)",
    )
    scopes = models.JSONField(default=list, help_text="Scope keys, as for subscribers")
    active = models.BooleanField(default=True)
    owner_email = models.EmailField(help_text="Told when the endpoint is disabled")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    failing_since = models.DateTimeField(null=True, blank=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WebhookAttempt(models.Model):
    """Every request made to a webhook, test events included."""

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="attempts")
    delivery = models.ForeignKey(
        "Delivery",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="webhook_attempts",
    )
    at = models.DateTimeField(default=timezone.now)
    ok = models.BooleanField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    is_test = models.BooleanField(default=False)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["webhook", "-at"], name="attempt_webhook_at_idx")]

    def __str__(self) -> str:
        outcome = self.status_code or self.error[:40] or "?"
        return f"{self.webhook} at {self.at:%Y-%m-%d %H:%M:%S}: {outcome}"


class Delivery(models.Model):
    """The outbox: one row per (change, recipient), unique, created by the fan-out. A sender
    claims rows with a conditional UPDATE (pending -> sending, with a claim token and a lease);
    the sweeper returns rows whose lease ran out. `key` is the idempotency key carried by the
    message (email Message-ID, `webhook-id`), the same on every retry."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending (claimed)"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped"

    change = models.ForeignKey(
        "channels_app.StateChange", on_delete=models.PROTECT, related_name="deliveries"
    )
    subscriber = models.ForeignKey(
        Subscriber, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    webhook = models.ForeignKey(
        Webhook, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    # A name in the transport registry (alerts/transports): email, digest, webhook, slack...
    transport = models.CharField(max_length=16)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claim = models.UUIDField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["change", "subscriber"],
                condition=Q(subscriber__isnull=False),
                name="delivery_once_per_change_subscriber",
            ),
            models.UniqueConstraint(
                fields=["change", "webhook"],
                condition=Q(webhook__isnull=False),
                name="delivery_once_per_change_webhook",
            ),
            models.CheckConstraint(
                condition=Q(subscriber__isnull=False, webhook__isnull=True)
                | Q(subscriber__isnull=True, webhook__isnull=False),
                name="delivery_one_recipient",
            ),
        ]
        indexes = [
            # Senders and the sweeper: WHERE status='pending' AND transport=X
            # AND next_attempt_at <= now ORDER BY next_attempt_at.
            models.Index(
                fields=["transport", "next_attempt_at"],
                name="delivery_due_idx",
                condition=Q(status="pending"),
            ),
            # The sweeper: WHERE status='sending' AND claimed_until < now.
            models.Index(
                fields=["claimed_until"], name="delivery_claim_idx", condition=Q(status="sending")
            ),
        ]

    def __str__(self) -> str:
        return f"change {self.change_id} → {self.recipient} ({self.get_status_display()})"

    @property
    def recipient(self) -> object:
        return self.subscriber if self.subscriber_id else self.webhook

    @property
    def reader(self) -> Subscriber:
        """The subscriber of an email or digest delivery."""
        if self.subscriber is None:
            raise ValueError(f"delivery {self.pk} goes to a webhook, not a subscriber")
        return self.subscriber

    @property
    def endpoint(self) -> Webhook:
        """The endpoint (webhook or chat integration) of an HTTP delivery."""
        if self.webhook is None:
            raise ValueError(f"delivery {self.pk} goes to a subscriber, not a webhook")
        return self.webhook
