"""The public API: channels (with time travel), one channel with its history and evidence,
the timeline of changes (and recording one), countries, and summary.json."""

from collections import Counter, defaultdict
from typing import Any

from django import forms
from django.db.models import Max
from django.http import Http404, HttpResponse, HttpResponseBase
from django.urls import reverse
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ..caching.pages import cached_page, embedded
from ..change_filters import country_code
from ..models import Channel, Kind, Origin, State, StateChange
from ..services.changes import EvidenceInput, channel_set_state
from ..values import MIN_DATE, Moment, country_name
from . import examples as ex
from .base import ApiViewMixin, channel_or_404, requested_moment
from .filters import DATE_SCHEMA, ChangeFilter, ChannelFilter
from .serializers import (
    ChangeSerializer,
    ChannelDetailSerializer,
    ChannelSerializer,
    CountryStatesSerializer,
    RecordChangeSerializer,
    SummarySerializer,
    absolute,
    channel_links,
)

# No example value: Swagger UI would pre-fill it in "Try it out", and every try would then
# travel to that past date instead of answering with today's states.
AT = OpenApiParameter(
    "at",
    DATE_SCHEMA,
    description="Time travel: the states in force on this date (UTC, end of day); "
    f"from {MIN_DATE} and not in the future, such as 2022-09-01 (after the Pelosi visit). "
    "Leave it out for today's states.",
)
PAIR = OpenApiParameter(
    "pair",
    str,
    OpenApiParameter.PATH,
    pattern="^[A-Za-z]{2}-[A-Za-z]{2}$",
    description="Two ISO 3166-1 alpha-2 codes joined by a hyphen, either way round: cn-us",
    examples=[OpenApiExample("US–China", value="cn-us")],
)
KIND = OpenApiParameter(
    "kind",
    str,
    OpenApiParameter.PATH,
    enum=Kind.values,
    examples=[OpenApiExample("Military", value="military")],
)


class ChannelViewSet(ApiViewMixin, viewsets.GenericViewSet):
    serializer_class = ChannelSerializer
    filterset_class = ChannelFilter
    list_query_params = ("at",)
    detail_query_params = ("at",)

    def get_queryset(self) -> Any:
        moment = requested_moment(self.request)
        return Channel.objects.as_of(moment.cutoff, moment.now)

    @extend_schema(
        summary="Channels",
        description="Every channel with the state in force now, or on the date given by `at`.",
        parameters=[AT],
        examples=[ex.response("CN–US military", ex.CHANNEL)],
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        summary="A channel with its history and evidence",
        description="With `at`, the state in force on that date and the history up to it.",
        parameters=[PAIR, KIND, AT],
        responses=ChannelDetailSerializer,
        examples=[ex.response("CN–US military", ex.CHANNEL_DETAIL)],
    )
    def retrieve(self, request: Request, pair: str, kind: str) -> Response:
        cutoff = requested_moment(request).cutoff
        channel = channel_or_404(self.get_queryset(), pair, kind)
        history = StateChange.objects.active().filter(channel=channel)
        if cutoff is not None:
            history = history.filter(effective_at__lt=cutoff)
        history = (
            history.prefetch_related("evidence")
            .with_corrections()
            .order_by("-effective_at", "-recorded_at", "-id")
        )
        context = {"request": request, "history": list(history)}
        return Response(ChannelDetailSerializer(channel, context=context).data)


class ChangeViewSet(ApiViewMixin, viewsets.GenericViewSet):
    serializer_class = ChangeSerializer
    filterset_class = ChangeFilter
    queryset = (
        StateChange.objects.select_related("channel")
        .prefetch_related("evidence")
        .with_corrections()
    )

    @extend_schema(
        summary="Changes: one timeline",
        description="Every change in force, newest first. Mirrors sync with `updated_since`: "
        "it lists every change (removed ones too, with `removed_at`) of each channel where "
        "anything was recorded, corrected or removed since then.",
        examples=[ex.response("A change", ex.CHANGE)],
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(summary="A change", examples=[ex.response("A change", ex.CHANGE)])
    def retrieve(self, request: Request, pk: int) -> Response:
        change = self.get_object()
        return Response(self.get_serializer(change).data)

    @extend_schema(
        summary="Record a change",
        description="Through the same writer service as the admin, with origin `api`. Needs "
        "the editor role and a read-write token (or a session with its CSRF token). Refused "
        "changes (a state already in force, a future date ...) are a 400 and write nothing.",
        request=RecordChangeSerializer,
        responses={201: ChangeSerializer},
        examples=[
            ex.request("Busan trade deal", ex.RECORD_CHANGE),
            ex.response("Recorded", ex.RECORDED, status="201"),
        ],
    )
    def create(self, request: Request) -> Response:
        data = RecordChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        channel = _channel_for_write(values["pair"], values["kind"])
        change = channel_set_state(
            channel=channel,
            state=values["state"],
            effective_at=values["effective_at"],
            origin=Origin.API,
            actor=request.user,
            note=values["note"],
            evidence=[EvidenceInput(**item) for item in values["evidence"]],
        )
        change = self.get_queryset().get(pk=change.pk)
        body = self.get_serializer(change).data
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": body["url"]})


def _channel_for_write(pair: str, kind: str) -> Channel:
    try:
        return channel_or_404(Channel.objects.all(), pair, kind)
    except Http404 as exc:
        raise ValidationError({"pair": [str(exc)]}) from None


def _state_counts(states: Any) -> dict[str, int]:
    counts = Counter(states)
    return {state: counts[state] for state in State.values}


def channel_states(request: Request, moment: Moment, country: str = "") -> list[dict]:
    """Every channel (or a country's) with the state in force at `moment`, as plain rows
    for the countries and the summary."""
    qs = Channel.objects.as_of(moment.cutoff, moment.now).for_dashboard()
    rows = (qs.for_country(country) if country else qs).values(  # type: ignore[misc]  # annotations
        "country_a", "country_b", "kind", "name", "state_at", "since_at", "stale_at"
    )
    return [
        {
            "countries": (row["country_a"], row["country_b"]),
            "pair": f"{row['country_a']}-{row['country_b']}",
            "kind": row["kind"],
            "name": row["name"],
            "state": row["state_at"],
            "since": row["since_at"],
            "stale": row["stale_at"],
            **channel_links(request, f"{row['country_a']}-{row['country_b']}", row["kind"]),
        }
        for row in rows
    ]


def country_rows(channels: list[dict]) -> list[dict[str, Any]]:
    by_country: dict[str, list[dict]] = defaultdict(list)
    for channel in channels:
        for code in channel["countries"]:
            by_country[code].append(channel)
    return [
        {
            "code": code,
            "name": country_name(code),
            "states": _state_counts(c["state"] for c in members),
            "channels": members,
        }
        for code, members in sorted(by_country.items())
    ]


class CountryViewSet(ApiViewMixin, viewsets.GenericViewSet):
    serializer_class = CountryStatesSerializer
    queryset = Channel.objects.none()  # rows are built from channels (for the schema only)
    list_query_params = ("at",)
    detail_query_params = ("at",)

    def rows(self, code: str = "") -> list[dict[str, Any]]:
        return country_rows(channel_states(self.request, requested_moment(self.request), code))

    @extend_schema(
        summary="Countries with their channels' states",
        parameters=[AT],
        examples=[ex.response("China", ex.COUNTRY)],
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.rows())  # type: ignore[arg-type]  # a list pages too
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        summary="A country with its channels' states",
        parameters=[
            OpenApiParameter(
                "code",
                str,
                OpenApiParameter.PATH,
                pattern="^[A-Za-z]{2}$",
                description="ISO 3166-1 alpha-2",
                examples=[OpenApiExample("China", value="cn")],
            ),
            AT,
        ],
        examples=[ex.response("China", ex.COUNTRY)],
    )
    def retrieve(self, request: Request, code: str) -> Response:
        try:
            code = country_code(code)
        except forms.ValidationError:
            raise Http404("No such country; use an ISO 3166-1 alpha-2 code like US.") from None
        rows = [row for row in self.rows(code) if row["code"] == code]
        if not rows:
            raise Http404(f"No channels for {code}.")
        return Response(self.get_serializer(rows[0]).data)


def summary_data(request: Request, moment: Moment) -> dict[str, Any]:
    channels = channel_states(request, moment)
    changes = StateChange.objects.active()
    if moment.cutoff is not None:
        changes = changes.filter(effective_at__lt=moment.cutoff)
    latest = changes.aggregate(effective=Max("effective_at"), recorded=Max("recorded_at"))
    return {
        "at": moment.day,
        "last_change_at": latest["effective"],
        "last_recorded_at": latest["recorded"],
        "states": _state_counts(c["state"] for c in channels),
        "channels": channels,
    }


@cached_page(stamp=embedded, embeddable=True)
def summary_document(request: Request, moment: Moment) -> HttpResponse:
    data = SummarySerializer(summary_data(request, moment)).data
    return HttpResponse(JSONRenderer().render(data), content_type="application/json")


class SummaryView(ApiViewMixin, APIView):
    detail_query_params = ("at",)

    @extend_schema(
        summary="summary.json: every channel at a glance",
        description="Like a status page's summary: every channel with its pair, kind, state, "
        "since, staleness and page URL, and the time of the last change. Cached; send the "
        "ETag back in If-None-Match to get a 304 while nothing changed.",
        parameters=[AT],
        responses={
            200: SummarySerializer,
            304: OpenApiResponse(description="Not modified since the ETag sent"),
        },
        examples=[ex.response("Now", ex.SUMMARY)],
    )
    def get(self, request: Request) -> HttpResponseBase:
        return summary_document(request, requested_moment(request))


class RootView(ApiViewMixin, APIView):
    @extend_schema(
        summary="Where everything is",
        tags=["index"],
        responses={200: dict[str, str]},
        examples=[
            ex.response(
                "Links",
                {
                    "channels": f"{ex.HOST}/api/v1/channels/",
                    "changes": f"{ex.HOST}/api/v1/changes/",
                    "countries": f"{ex.HOST}/api/v1/countries/",
                    "summary": f"{ex.HOST}/api/v1/summary.json",
                    "webhooks": f"{ex.HOST}/api/v1/webhooks/",
                    "integrations": f"{ex.HOST}/api/v1/integrations/",
                    "subscription": f"{ex.HOST}/api/v1/subscription/",
                    "schema": f"{ex.HOST}/api/schema/",
                    "docs": f"{ex.HOST}/api/docs/",
                },
            )
        ],
    )
    def get(self, request: Request) -> Response:
        names = {
            "channels": "api:channel-list",
            "changes": "api:change-list",
            "countries": "api:country-list",
            "summary": "api:summary",
            "webhooks": "api:webhook-list",
            "integrations": "api:integration-list",
            "subscription": "api:subscription",
            "schema": "api:schema",
            "docs": "api:docs",
        }
        return Response({key: absolute(request, reverse(name)) for key, name in names.items()})
