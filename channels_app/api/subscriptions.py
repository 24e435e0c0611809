"""Email alerts for API users: their own subscription (for their account's address), and the
list of every subscriber for admins (read-only).

A token never makes an address receive alerts that its owner did not confirm: for an
address that is new, unconfirmed or unsubscribed, the API records the request and sends the
public form's confirmation email; only the link in it (a POST on its page) confirms. Once
confirmed, the account's holder sets scopes and mode directly, as the manage page does."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ..alerts.forms import ScopesField
from ..alerts.models import Subscriber, SubscriberScope
from ..alerts.services import scopes
from ..alerts.services.subscriptions import (
    AccountOutcome,
    account_subscription_set,
    normalise_email,
    subscription_unsubscribe,
)
from . import examples as ex
from .auth import ADMIN, VIEWER
from .base import ApiViewMixin
from .errors import Refused
from .filters import SubscriberFilter
from .serializers import list_size_messages

NONE, PENDING, RECEIVING, UNSUBSCRIBED = "none", "pending", "receiving", "unsubscribed"
STATUSES = [
    (NONE, "No subscription for this address"),
    (PENDING, "Waiting for the address's owner to confirm (the link in the email)"),
    (RECEIVING, "Confirmed: alerts are sent"),
    (UNSUBSCRIBED, "Unsubscribed"),
]

# A string, not an enum: a second "status" enum would rename the proposals' StatusEnum
# component (drf-spectacular names enums after the field unless settings override it).
STATUS_SCHEMA = {
    "type": "string",
    "description": "One of " + "; ".join(f"`{value}`: {text}" for value, text in STATUSES),
}


@extend_schema_field(STATUS_SCHEMA)
class StatusField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=STATUSES, **kwargs)


def status_of(subscriber: Subscriber | None, rows: list[SubscriberScope]) -> str:
    if subscriber is None:
        return NONE
    if subscriber.receiving:
        return RECEIVING
    if rows:  # scopes asked for, not yet confirmed
        return PENDING
    return UNSUBSCRIBED if subscriber.unsubscribed_at else NONE


class ScopeStateSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    confirmed = serializers.BooleanField(help_text="false: waits for the confirmation link")


class SubscriptionSerializer(serializers.Serializer):
    email = serializers.EmailField(help_text="Your account's address")
    status = StatusField()
    mode = serializers.ChoiceField(choices=Subscriber.Mode.choices, allow_null=True)
    confirmed_at = serializers.DateTimeField(allow_null=True)
    unsubscribed_at = serializers.DateTimeField(allow_null=True)
    scopes = ScopeStateSerializer(many=True)


class SubscriptionWriteSerializer(serializers.Serializer):
    scopes = serializers.ListField(
        child=serializers.CharField(max_length=64),
        min_length=1,
        max_length=scopes.MAX_PER_REQUEST,
        error_messages=list_size_messages("scope", "scopes", scopes.MAX_PER_REQUEST),
        help_text="Scope keys naming tracked channels: all, kind:KIND, country:CC, "
        "pair:CC-CC, channel:CC-CC:KIND",
    )
    mode = serializers.ChoiceField(
        choices=Subscriber.Mode.choices, default=Subscriber.Mode.IMMEDIATE
    )


class SubscriberScopeSerializer(serializers.ModelSerializer):
    confirmed = serializers.SerializerMethodField()

    class Meta:
        model = SubscriberScope
        fields = ["key", "confirmed"]

    def get_confirmed(self, obj: SubscriberScope) -> bool:
        return obj.confirmed_at is not None


class SubscriberSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField()
    scopes = SubscriberScopeSerializer(many=True, read_only=True)

    class Meta:
        model = Subscriber
        fields = [
            "id",
            "email",
            "status",
            "mode",
            "confirmed_at",
            "unsubscribed_at",
            "created_at",
            "scopes",
        ]

    @extend_schema_field(STATUS_SCHEMA)
    def get_status(self, obj: Subscriber) -> str:
        return status_of(obj, list(obj.scopes.all()))


def account_address(user: Any) -> str:
    address = normalise_email(user.email or "")
    if not address:
        raise Refused(
            {"email": ["Your account has no email address; an admin can add one."]},
            code="no_email",
        )
    try:
        validate_email(address)
    except DjangoValidationError:
        raise Refused(
            {"email": ["Your account's email address is not valid; an admin can fix it."]},
            code="no_email",
        ) from None
    return address


def subscription_body(address: str) -> dict[str, Any]:
    subscriber = Subscriber.objects.filter(email=address).first()
    rows = list(subscriber.scopes.all()) if subscriber else []
    confirmed = {row.key: row.confirmed_at is not None for row in rows}
    return {
        "email": address,
        "status": status_of(subscriber, rows),
        "mode": subscriber.mode if subscriber else None,
        "confirmed_at": subscriber.confirmed_at if subscriber else None,
        "unsubscribed_at": subscriber.unsubscribed_at if subscriber else None,
        "scopes": [
            {"key": key, "label": text, "confirmed": confirmed[key]}
            for key, text in scopes.labels(confirmed).items()
        ],
    }


def tracked_scopes(raw: list[str]) -> list[str]:
    """The public form's rule, by its code: scope keys naming tracked channels."""
    try:
        return ScopesField().clean(raw)
    except DjangoValidationError as exc:
        raise Refused({"scopes": exc.messages}, code="unknown_scope") from None


def current(address: str) -> dict[str, Any]:
    """What a PATCH starts from: the scopes in force (those waiting, if none are) and mode."""
    subscriber = Subscriber.objects.filter(email=address).first()
    if subscriber is None:
        raise Http404("You have no subscription; POST one first.")
    rows = list(subscriber.scopes.all())
    kept = [row.key for row in rows if row.confirmed_at or not subscriber.receiving]
    return {"scopes": kept, "mode": subscriber.mode}


SEND_NOTE = (
    "For an address that is not confirmed yet (or that unsubscribed), nothing is sent until "
    "its owner confirms: the answer is 202, status `pending`, and the public form's "
    "confirmation email goes to the address (at most ALERTS_RATE_PER_ADDRESS per "
    "ALERTS_RATE_WINDOW_SECONDS; then 429). Once confirmed, the answer is 200 and the scopes "
    "and mode apply at once."
)


@extend_schema(tags=["subscriptions"])
class SubscriptionView(ApiViewMixin, APIView):
    read_role = VIEWER
    write_role = VIEWER

    @extend_schema(
        summary="Your email alerts",
        description="The subscription of your account's email address (400 `no_email` if it "
        "has none): status, delivery mode and scopes, each confirmed or waiting.",
        responses=SubscriptionSerializer,
        examples=[
            ex.response("Receiving", ex.SUBSCRIPTION),
            ex.response("None", ex.NO_SUBSCRIPTION),
        ],
    )
    def get(self, request: Request) -> Response:
        return Response(
            SubscriptionSerializer(subscription_body(account_address(request.user))).data
        )

    @extend_schema(
        summary="Subscribe your address, or set its scopes and mode",
        description="Exactly these scopes (scope keys naming tracked channels, at most "
        f"{scopes.MAX_PER_REQUEST}; 400 `unknown_scope` otherwise) and this mode "
        "(`immediate` or a daily `digest`). " + SEND_NOTE,
        request=SubscriptionWriteSerializer,
        responses={200: SubscriptionSerializer, 202: SubscriptionSerializer},
        examples=[
            ex.request("China–US, daily", ex.SUBSCRIBE),
            ex.response("Applied", ex.SUBSCRIPTION),
            ex.response("Confirmation emailed", ex.SUBSCRIPTION_PENDING, status="202"),
        ],
    )
    def post(self, request: Request) -> Response:
        address = account_address(request.user)
        data = SubscriptionWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        keys = tracked_scopes(data.validated_data["scopes"])
        return self.apply(address, keys, data.validated_data["mode"])

    @extend_schema(
        summary="Change your scopes or mode",
        description="Only the fields given; 404 if you have no subscription. " + SEND_NOTE,
        request=SubscriptionWriteSerializer,
        responses={200: SubscriptionSerializer, 202: SubscriptionSerializer},
        examples=[
            ex.request("A daily digest", {"mode": "digest"}),
            ex.response("Applied", ex.SUBSCRIPTION),
            ex.response("Confirmation emailed", ex.SUBSCRIPTION_PENDING, status="202"),
        ],
    )
    def patch(self, request: Request) -> Response:
        address = account_address(request.user)
        data = SubscriptionWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = {**current(address), **data.validated_data}
        if "scopes" in data.validated_data:
            values["scopes"] = tracked_scopes(values["scopes"])
        if not values["scopes"]:
            raise Refused({"scopes": ["Give at least one scope."]}, code="validation_error")
        return self.apply(address, values["scopes"], values["mode"])

    def apply(self, address: str, keys: list[str], mode: str) -> Response:
        outcome = account_subscription_set(email=address, keys=keys, mode=mode)
        if outcome is AccountOutcome.RATE_LIMITED:
            raise exceptions.Throttled(
                wait=settings.ALERTS_RATE_WINDOW_SECONDS,
                detail="Too many confirmation emails to this address; try again later.",
            )
        code = status.HTTP_200_OK if outcome is AccountOutcome.APPLIED else status.HTTP_202_ACCEPTED
        return Response(SubscriptionSerializer(subscription_body(address)).data, status=code)

    @extend_schema(
        summary="Unsubscribe your address",
        description="Stops every alert to it at once, as the unsubscribe link does; 204 "
        "whether or not it was subscribed.",
        responses={204: OpenApiResponse(description="Unsubscribed")},
    )
    def delete(self, request: Request) -> Response:
        subscriber = Subscriber.objects.filter(email=account_address(request.user)).first()
        if subscriber is not None:
            subscription_unsubscribe(subscriber=subscriber)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["subscriptions"])
class SubscriberViewSet(ApiViewMixin, viewsets.GenericViewSet):
    read_role = ADMIN
    write_role = ADMIN
    queryset = Subscriber.objects.prefetch_related("scopes").order_by("email", "id")
    serializer_class = SubscriberSerializer
    filterset_class = SubscriberFilter

    @extend_schema(
        summary="Every subscriber (admins)",
        description="Read-only; addresses are personal data: admins only.",
        examples=[ex.response("A subscriber", ex.SUBSCRIBER)],
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
