"""Chat integrations for API token holders (Slack, Microsoft Teams, Discord, Telegram,
Matrix, ntfy: the chat rows of the transport registry): register, list, edit and delete
them, send a test message, read the attempt log. The sibling of /webhooks/, with its rules:
you see and change only your own (another user's is a 404), any signed-in role may add them
with a read-write token, scopes are the subscription keys. Each transport checks its own
settings, by the admin form's code (private addresses, a Telegram chat id that is not a
number, a Matrix room without ! or #). Credentials (tokens, and the webhook URLs of Slack,
Teams and Discord) are write-only: answers show them masked."""

from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from ..alerts.models import Webhook
from ..alerts.services import endpoints
from ..alerts.transports import registry
from . import examples as ex
from .errors import Refused
from .serializers import StrictBooleanField
from .throttling import WebhookTestThrottle
from .webhooks import (
    MAX_SCOPES,
    AttemptSerializer,
    OwnedEndpointViewSet,
    TestEventSerializer,
    default_owner_email,
    parse_scopes,
)

MAX_INTEGRATIONS_PER_USER = 20
API_FIELD = {"secret": "token"}  # the model's name -> the API's


def chat_transports() -> list[tuple[str, str]]:
    return registry.endpoint_choices(include_webhook=False)


class IntegrationSerializer(serializers.ModelSerializer):
    transport = serializers.CharField(help_text="slack, teams, discord, telegram, matrix, ntfy")
    url = serializers.SerializerMethodField(
        help_text="Masked where the URL is the credential (Slack, Teams, Discord)"
    )
    token_hint = serializers.SerializerMethodField(
        help_text="The token's last characters; empty if the service has none"
    )
    scopes = serializers.ListField(child=serializers.CharField(), help_text="Scope keys")
    owner = serializers.SerializerMethodField(help_text="Username; null if added in the admin")

    class Meta:
        model = Webhook
        fields = [
            "id",
            "name",
            "transport",
            "url",
            "target",
            "token_hint",
            "scopes",
            "active",
            "owner",
            "owner_email",
            "created_at",
            "last_success_at",
            "last_failure_at",
            "last_error",
            "consecutive_failures",
            "failing_since",
            "disabled_at",
            "disabled_reason",
        ]

    def get_url(self, obj: Webhook) -> str:
        return str(endpoints.transport_of(obj).shown_url(obj))

    def get_token_hint(self, obj: Webhook) -> str:
        return endpoints.mask_secret(obj.secret)

    def get_owner(self, obj: Webhook) -> str | None:
        return obj.owner.get_username() if obj.owner else None


class IntegrationWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    transport = serializers.ChoiceField(
        choices=[], help_text="Set on create; slack, teams, discord, telegram, matrix or ntfy"
    )
    url = serializers.CharField(
        max_length=2000,
        required=False,
        write_only=True,
        help_text="Slack/Teams/Discord: the webhook URL (write-only). Telegram: the Bot API "
        "(default https://api.telegram.org). Matrix: the homeserver. ntfy: the topic URL",
    )
    token = serializers.CharField(
        max_length=512,
        required=False,
        allow_blank=True,
        write_only=True,
        help_text="Telegram: the bot token. Matrix: the access token. ntfy: optional. "
        "Write-only; left out on a change, the saved one is kept",
    )
    target = serializers.CharField(
        max_length=255,
        required=False,
        allow_blank=True,
        help_text="Telegram: the chat id (a number). Matrix: the room (!id or #alias)",
    )
    scopes = serializers.ListField(
        child=serializers.CharField(max_length=64),
        min_length=1,
        max_length=MAX_SCOPES,
        help_text="all, kind:KIND, country:CC, pair:CC-CC or channel:CC-CC:KIND",
    )
    owner_email = serializers.EmailField(
        max_length=254,
        required=False,
        help_text="Told if the integration is disabled; default (on create): your account's",
    )
    active = StrictBooleanField(
        required=False,
        help_text="Default true on create; true again re-enables a disabled integration",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(serializers.ChoiceField, self.fields["transport"])
        field.choices = chat_transports()  # the registry, filled once the apps are ready


def checked(values: dict[str, Any], hook: Webhook | None) -> dict[str, Any]:
    """The validated values of a write: scopes parsed, and url/token/target checked by the
    transport (a saved credential left out is kept; an unchanged URL is not re-resolved)."""
    values = dict(values)
    if "scopes" in values:
        values["scopes"] = parse_scopes(values["scopes"])
    name = values.get("transport") or (hook.transport if hook else "")
    if hook is not None and name != hook.transport:
        raise Refused(
            {"transport": ["An integration's transport cannot change; add another."]},
            code="transport_fixed",
        )
    transport = registry.get(name).endpoint
    url = values.pop("url", None)
    token = values.pop("token", None)
    target = values.pop("target", None)
    if hook is None or url is not None or token is not None or target is not None:
        settings = _transport_clean(transport, hook, url, token, target)
        values.update(settings)
    return values


def _transport_clean(
    transport: endpoints.HttpTransport,
    hook: Webhook | None,
    url: str | None,
    token: str | None,
    target: str | None,
) -> dict[str, str]:
    url = (url if url is not None else (hook.url if hook else "")).strip()
    if not url and not transport.default_url:
        raise Refused({"url": ["Give the URL."]}, code="bad_url")
    secret = token if token is not None else (hook.secret if hook else "")
    target = target if target is not None else (hook.target if hook else "")
    try:
        return transport.clean(url=url, secret=secret, target=target)
    except DjangoValidationError as exc:
        details = {API_FIELD.get(f, f): msgs for f, msgs in exc.message_dict.items()}
        first = next(iter(exc.error_dict.values()))[0]
        raise Refused(details, code=first.code or "invalid_settings") from None


def integration_register(*, owner: Any, values: dict[str, Any]) -> Webhook:
    owner_email = values.get("owner_email") or default_owner_email(owner)
    if not owner_email:
        raise Refused(
            {"owner_email": ["Give an address to tell when the integration is disabled."]},
            code="no_email",
        )
    mine = Webhook.objects.filter(owner=owner).exclude(transport="webhook")
    if mine.count() >= MAX_INTEGRATIONS_PER_USER:
        raise Refused(
            {"non_field_errors": [f"At most {MAX_INTEGRATIONS_PER_USER} integrations per user."]},
            code="too_many_integrations",
        )
    return Webhook.objects.create(
        owner=owner,
        name=values["name"],
        transport=values["transport"],
        url=values["url"],
        secret=values.get("secret", ""),
        target=values.get("target", ""),
        scopes=values["scopes"],
        owner_email=owner_email,
        active=values.get("active", True),
    )


def integration_change(*, hook: Webhook, values: dict[str, Any]) -> None:
    """Only the fields given are written: the sender updates the health fields meanwhile."""
    reenable = values.get("active") is True and not hook.active
    names = ("name", "url", "secret", "target", "scopes", "owner_email", "active")
    fields = [f for f in names if f in values]
    for name in fields:
        setattr(hook, name, values[name])
    with transaction.atomic():
        if fields:
            hook.save(update_fields=fields)
        if reenable:
            endpoints.endpoint_reenable(webhook=hook)


@extend_schema(tags=["integrations"])
class IntegrationViewSet(OwnedEndpointViewSet):
    serializer_class = IntegrationSerializer
    queryset = (
        Webhook.objects.exclude(transport="webhook").select_related("owner").order_by("name", "id")
    )

    @extend_schema(
        summary="Your chat integrations",
        description="The integrations you added (admins: every one), with their health.",
        examples=[ex.response("A newsroom's Slack", ex.INTEGRATION)],
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        summary="Add a chat integration",
        description="Any signed-in user, with a read-write token. Each transport checks its "
        "settings: the URL must be http(s) on a public address (400 `blocked_address`), a "
        "Telegram chat id a number and a Matrix room an id or alias (400 `bad_target`), a "
        "token where the service needs one (400 `bad_token`). Tokens and credential URLs are "
        f"never shown again. At most {MAX_INTEGRATIONS_PER_USER} per user.",
        request=IntegrationWriteSerializer,
        responses={201: IntegrationSerializer},
        examples=[
            ex.request("A newsroom's Telegram channel", ex.CREATE_INTEGRATION),
            ex.response("Added", ex.TELEGRAM_INTEGRATION, status="201"),
        ],
    )
    def create(self, request: Request) -> Response:
        data = IntegrationWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        hook = integration_register(owner=request.user, values=checked(data.validated_data, None))
        return self.detail_response(hook, status.HTTP_201_CREATED)

    @extend_schema(
        summary="A chat integration",
        description="Yours (admins: any); 404 for another user's.",
        examples=[ex.response("A newsroom's Slack", ex.INTEGRATION)],
    )
    def retrieve(self, request: Request, pk: int) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        summary="Replace a chat integration",
        description="name, transport (unchanged) and scopes are required; the URL, token and "
        "target are kept when left out.",
        request=IntegrationWriteSerializer,
        examples=[
            ex.request(
                "Another room",
                {"name": "Desk", "transport": "matrix", "target": "!desk:example.org",
                 "scopes": ["all"]},
            ),
            ex.response("Saved", ex.INTEGRATION),
        ],
    )  # fmt: skip
    def update(self, request: Request, pk: int) -> Response:
        return self.write(request, partial=False)

    @extend_schema(
        summary="Change a chat integration",
        description="Only the fields given. `active: true` re-enables an integration that was "
        "disabled after failing, and clears its failure count.",
        request=IntegrationWriteSerializer,
        examples=[
            ex.request("Pause it", {"active": False}),
            ex.response("Saved", {**ex.INTEGRATION, "active": False}),
        ],
    )
    def partial_update(self, request: Request, pk: int) -> Response:
        return self.write(request, partial=True)

    def write(self, request: Request, *, partial: bool) -> Response:
        hook = self.get_object()
        data = IntegrationWriteSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        integration_change(hook=hook, values=checked(data.validated_data, hook))
        return self.detail_response(hook)

    @extend_schema(
        summary="Delete a chat integration",
        description="With its attempt log and the deliveries still queued for it.",
        responses={204: OpenApiResponse(description="Deleted")},
    )
    def destroy(self, request: Request, pk: int) -> Response:
        return self.delete_response()

    @extend_schema(
        summary="Send a test message",
        description="Sends a test message to the integration now, like the admin's button, "
        "and answers 200 with what the service did (`ok` false if it failed). Logged as a "
        "test attempt; it does not count towards the integration's health. At most "
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
        return self.test_response(endpoints.send_test_message(webhook=self.get_object()))

    @extend_schema(
        summary="A chat integration's attempts",
        description="Every request made to it, newest first: deliveries and tests (errors "
        "with credentials masked).",
        responses=AttemptSerializer(many=True),
        examples=[ex.response("Attempts", ex.ATTEMPT)],
    )
    @action(detail=True, methods=["get"])
    def attempts(self, request: Request, pk: int) -> Response:
        return self.attempts_response()
