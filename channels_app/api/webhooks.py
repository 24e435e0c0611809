"""Webhooks for API token holders: register, list, edit and delete them, send a test event,
read the attempt log, rotate the secret.

Whoever registers a webhook owns it and is the only one (with admins) to see or change it:
another user's webhook is a 404, not a 403, so ids reveal nothing. Any signed-in role may
register webhooks; writes need a read-write token. The rules are the admin form's, by the
same code: the URL passes the private-address guard (services.webhooks.validate_url), the
secret the Standard Webhooks format check, and scopes are the same keys (scopes.parse)."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from ..alerts.models import Webhook, WebhookAttempt, new_webhook_secret
from ..alerts.services import scopes, webhooks
from . import examples as ex
from .auth import ADMIN, VIEWER, has_role
from .base import ApiViewMixin
from .errors import Refused
from .serializers import HttpUrlField, StrictBooleanField, list_size_messages
from .throttling import WebhookTestThrottle

MAX_WEBHOOKS_PER_USER = 20
MAX_SCOPES = 50
HINT_CHARS = 4


class WebhookSerializer(serializers.ModelSerializer):
    scopes = serializers.ListField(child=serializers.CharField(), help_text="Scope keys")
    owner = serializers.SerializerMethodField(help_text="Username; null if added in the admin")
    secret_hint = serializers.SerializerMethodField(
        help_text="The secret's last characters; the whole secret is shown only when it is made"
    )

    class Meta:
        model = Webhook
        fields = [
            "id",
            "name",
            "url",
            "scopes",
            "active",
            "owner",
            "owner_email",
            "secret_hint",
            "created_at",
            "last_success_at",
            "last_failure_at",
            "last_error",
            "consecutive_failures",
            "failing_since",
            "disabled_at",
            "disabled_reason",
        ]

    def get_owner(self, obj: Webhook) -> str | None:
        return obj.owner.get_username() if obj.owner else None

    def get_secret_hint(self, obj: Webhook) -> str:
        return f"{webhooks.SECRET_PREFIX}…{obj.secret[-HINT_CHARS:]}"


class WebhookWithSecretSerializer(WebhookSerializer):
    secret = serializers.CharField(help_text="whsec_…: copy it now, it is not shown again")

    class Meta(WebhookSerializer.Meta):
        fields = [*WebhookSerializer.Meta.fields, "secret"]


class WebhookWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    url = HttpUrlField(help_text="http(s), on the public internet")
    scopes = serializers.ListField(
        child=serializers.CharField(max_length=64),
        min_length=1,
        max_length=MAX_SCOPES,
        error_messages=list_size_messages("scope", "scopes", MAX_SCOPES),
        help_text="all, kind:KIND, country:CC, pair:CC-CC or channel:CC-CC:KIND",
    )
    owner_email = serializers.EmailField(
        max_length=254,
        required=False,
        help_text="Told if the endpoint is disabled; default (on create): your account's email",
    )
    active = StrictBooleanField(
        required=False,
        help_text="Default true on create; setting it to true again re-enables a disabled "
        "endpoint and clears its failure count",
    )
    secret = serializers.CharField(
        max_length=128,
        required=False,
        write_only=True,
        help_text="Your own whsec_<base64> secret (24 to 64 bytes); left out on create, one "
        "is generated",
    )


class TestEventSerializer(serializers.Serializer):
    ok = serializers.BooleanField(help_text="The endpoint answered 2xx")
    status_code = serializers.IntegerField(allow_null=True, help_text="null: no HTTP answer")
    duration_ms = serializers.IntegerField()
    error = serializers.CharField(help_text="Empty when ok")


class AttemptSerializer(serializers.ModelSerializer):
    change = serializers.SerializerMethodField(help_text="The change delivered; null for tests")

    class Meta:
        model = WebhookAttempt
        fields = ["id", "at", "ok", "status_code", "duration_ms", "error", "is_test", "change"]

    def get_change(self, obj: WebhookAttempt) -> int | None:
        return obj.delivery.change_id if obj.delivery else None


def parse_scopes(raw: list[str]) -> list[str]:
    try:
        return scopes.keys_of(raw)
    except scopes.InvalidScope as exc:
        raise Refused({"scopes": exc.messages}, code="unknown_scope") from exc


def check_url(url: str) -> None:
    try:
        webhooks.validate_url(url)
    except DjangoValidationError as exc:
        raise Refused({"url": exc.messages}, code=exc.error_list[0].code or "bad_url") from None


def check_secret(secret: str) -> str:
    secret = secret.strip()
    try:
        webhooks.validate_secret(secret)
    except DjangoValidationError as exc:
        raise Refused({"secret": exc.messages}, code="bad_secret") from None
    return secret


def checked(values: dict[str, Any], webhook: Webhook | None) -> dict[str, Any]:
    """The validated values of a write, with the rules the admin form applies; the URL is
    checked when it is new or changed (a saved one is checked again at every send)."""
    values = dict(values)
    if "scopes" in values:
        values["scopes"] = parse_scopes(values["scopes"])
    if "secret" in values:
        values["secret"] = check_secret(values["secret"])
    if "url" in values:
        values["url"] = values["url"].strip()
        if webhook is None or values["url"] != webhook.url:
            check_url(values["url"])
    return values


def default_owner_email(user: Any) -> str:
    """The account's address, if it is a valid one."""
    try:
        validate_email(user.email or "")
    except DjangoValidationError:
        return ""
    return user.email


def webhook_register(*, owner: Any, values: dict[str, Any]) -> Webhook:
    owner_email = values.get("owner_email") or default_owner_email(owner)
    if not owner_email:
        raise Refused(
            {"owner_email": ["Give an address to tell when the endpoint is disabled."]},
            code="no_email",
        )
    if Webhook.objects.filter(owner=owner, transport="webhook").count() >= MAX_WEBHOOKS_PER_USER:
        raise Refused(
            {"non_field_errors": [f"At most {MAX_WEBHOOKS_PER_USER} webhooks per user."]},
            code="too_many_webhooks",
        )
    return Webhook.objects.create(
        owner=owner,
        name=values["name"],
        url=values["url"],
        scopes=values["scopes"],
        owner_email=owner_email,
        active=values.get("active", True),
        secret=values.get("secret") or new_webhook_secret(),
    )


def webhook_change(*, webhook: Webhook, values: dict[str, Any]) -> None:
    """Only the fields given are written: the sender updates the health fields meanwhile."""
    reenable = values.get("active") is True and not webhook.active
    fields = [
        f for f in ("name", "url", "scopes", "owner_email", "secret", "active") if f in values
    ]
    for name in fields:
        setattr(webhook, name, values[name])
    with transaction.atomic():
        if fields:
            webhook.save(update_fields=fields)
        if reenable:
            webhooks.webhook_reenable(webhook=webhook)


class OwnedEndpointViewSet(ApiViewMixin, viewsets.GenericViewSet):
    """What /webhooks/ and /integrations/ share: each user sees and changes their own endpoints
    (admins: all), `test` is throttled, `attempts` is paginated, and deleting, testing and
    listing attempts work the same. Subclasses set the queryset and serializers and keep their
    own schema text on each action."""

    read_role = VIEWER
    write_role = VIEWER

    def get_queryset(self) -> Any:
        hooks = super().get_queryset()
        if getattr(self, "swagger_fake_view", False) or has_role(self.request.user, ADMIN):
            return hooks
        return hooks.filter(owner=self.request.user)

    def get_throttles(self) -> list[Any]:
        throttles = super().get_throttles()
        return [*throttles, WebhookTestThrottle()] if self.action == "test" else throttles

    def allowed_query_params(self) -> set[str]:
        names = super().allowed_query_params()
        if self.action == "attempts" and self.pagination_class is not None:
            names |= set(self.pagination_class.query_parameters)  # type: ignore[attr-defined]
        return names

    def detail_response(self, webhook: Webhook, code: int = status.HTTP_200_OK) -> Response:
        webhook = self.get_queryset().get(pk=webhook.pk)
        return Response(self.get_serializer(webhook).data, status=code)

    def delete_response(self) -> Response:
        self.get_object().delete()
        return Response(status=status.HTTP_204_NO_CONTENT)

    def test_response(self, outcome: Any) -> Response:
        body = {
            "ok": outcome.ok,
            "status_code": outcome.status,
            "duration_ms": outcome.duration_ms,
            "error": outcome.error,
        }
        return Response(TestEventSerializer(body).data)

    def attempts_response(self) -> Response:
        rows = WebhookAttempt.objects.filter(webhook=self.get_object()).select_related("delivery")
        page = self.paginate_queryset(rows.order_by("-at", "-id"))
        return self.get_paginated_response(AttemptSerializer(page, many=True).data)


@extend_schema(tags=["webhooks"])
class WebhookViewSet(OwnedEndpointViewSet):
    serializer_class = WebhookSerializer
    # Standard Webhooks only; chat integrations are /integrations/ (api.integrations).
    queryset = (
        Webhook.objects.filter(transport="webhook").select_related("owner").order_by("name", "id")
    )

    @extend_schema(
        summary="Your webhooks",
        description="The webhooks you registered (admins: every webhook), with their health.",
        examples=[ex.response("A newsroom's endpoint", ex.WEBHOOK)],
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        summary="Register a webhook",
        description="Any signed-in user, with a read-write token. The URL must be http(s) and "
        "resolve to a public address (400 `blocked_address` otherwise); scopes are the "
        "subscription keys (400 `unknown_scope` for others). The secret is generated unless "
        f"you give one, and is in this response only. At most {MAX_WEBHOOKS_PER_USER} "
        "webhooks per user.",
        request=WebhookWriteSerializer,
        responses={201: WebhookWithSecretSerializer},
        examples=[
            ex.request("A newsroom's endpoint", ex.CREATE_WEBHOOK),
            ex.response("Registered", ex.WEBHOOK_WITH_SECRET, status="201"),
        ],
    )
    def create(self, request: Request) -> Response:
        data = WebhookWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        webhook = webhook_register(owner=request.user, values=checked(data.validated_data, None))
        webhook = self.get_queryset().get(pk=webhook.pk)
        body = WebhookWithSecretSerializer(webhook, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="A webhook",
        description="Yours (admins: any); 404 for another user's.",
        examples=[ex.response("A newsroom's endpoint", ex.WEBHOOK)],
    )
    def retrieve(self, request: Request, pk: int) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        summary="Replace a webhook",
        description="name, url and scopes are required; owner_email, active and secret are "
        "kept when left out.",
        request=WebhookWriteSerializer,
        examples=[
            ex.request("A newsroom's endpoint", ex.CREATE_WEBHOOK),
            ex.response("Saved", ex.WEBHOOK),
        ],
    )
    def update(self, request: Request, pk: int) -> Response:
        return self.write(request, partial=False)

    @extend_schema(
        summary="Change a webhook",
        description="Only the fields given. `active: true` re-enables an endpoint that was "
        "disabled after failing, and clears its failure count.",
        request=WebhookWriteSerializer,
        examples=[
            ex.request("Pause it", {"active": False}),
            ex.response("Saved", {**ex.WEBHOOK, "active": False}),
        ],
    )
    def partial_update(self, request: Request, pk: int) -> Response:
        return self.write(request, partial=True)

    def write(self, request: Request, *, partial: bool) -> Response:
        webhook = self.get_object()
        data = WebhookWriteSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        webhook_change(webhook=webhook, values=checked(data.validated_data, webhook))
        return self.detail_response(webhook)

    @extend_schema(
        summary="Delete a webhook",
        description="With its attempt log and the deliveries still queued for it.",
        responses={204: OpenApiResponse(description="Deleted")},
    )
    def destroy(self, request: Request, pk: int) -> Response:
        return self.delete_response()

    @extend_schema(
        summary="Send a test event",
        description="POSTs a signed `webhook.test` event to the endpoint now, like the admin's "
        "action, and answers 200 with what the endpoint did (`ok` false if it failed). Logged "
        "as a test attempt; it does not count towards the endpoint's health. At most "
        f"{WebhookTestThrottle.default_rate} per user.",
        request=None,
        responses=TestEventSerializer,
        examples=[
            ex.response("Delivered", ex.TEST_EVENT),
            ex.response("Failed", ex.TEST_EVENT_FAILED),
        ],
    )
    @action(detail=True, methods=["post"])
    def test(self, request: Request, pk: int) -> Response:
        return self.test_response(webhooks.send_test_event(webhook=self.get_object()))

    @extend_schema(
        summary="A webhook's attempts",
        description="Every request made to the endpoint, newest first: deliveries and tests.",
        responses=AttemptSerializer(many=True),
        examples=[ex.response("Attempts", ex.ATTEMPT)],
    )
    @action(detail=True, methods=["get"])
    def attempts(self, request: Request, pk: int) -> Response:
        return self.attempts_response()

    @extend_schema(
        summary="Rotate a webhook's secret",
        description="A new secret, in this response only. Events are signed with it at once: "
        "give it to the receiver first.",
        request=None,
        responses=WebhookWithSecretSerializer,
        examples=[ex.response("Rotated", ex.WEBHOOK_WITH_SECRET)],
    )
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request: Request, pk: int) -> Response:
        webhook = self.get_object()
        webhook_change(webhook=webhook, values={"secret": new_webhook_secret()})
        webhook = self.get_queryset().get(pk=webhook.pk)
        body = WebhookWithSecretSerializer(webhook, context=self.get_serializer_context())
        return Response(body.data)
