"""Representations of channels, changes, countries and the editors' news objects, and the
request bodies of the writes. Read serializers take annotated rows (Channel.objects.as_of)
so that time travel and the present look the same."""

from datetime import timedelta
from typing import Any

from django.core.validators import URLValidator
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Article, Channel, Detection, Evidence, Feed, Kind, Proposal, State, StateChange
from ..news.services.polling import MAX_INTERVAL, MIN_INTERVAL
from ..services.evidence_urls import BadEvidenceUrl, normalize_evidence_url
from ..values import MAX_DATE, MIN_DATE, country_name
from .filters import DATETIME_SCHEMA

MAX_EVIDENCE = 20
MAX_NOTE = 5000


def list_size_messages(one: str, many: str, most: int) -> dict[str, Any]:
    """A list's size limits in words, instead of DRF's "at least 1 elements"."""
    return {"min_length": f"Give at least one {one}.", "max_length": f"Give at most {most} {many}."}


def absolute(request: Any, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


def channel_links(request: Any, pair_code: str, kind: str) -> dict[str, str]:
    """The API, page and badge URLs of the channel of `pair_code` (CN-US) and `kind`."""
    pair = pair_code.lower()
    return {
        "url": absolute(request, reverse("api:channel-detail", args=[pair, kind])),
        "page_url": absolute(request, reverse("channel-detail", args=[pair, kind])),
        "badge_url": absolute(request, reverse("badge-svg", args=[pair, kind])),
    }


def links(request: Any, channel: Channel) -> dict[str, str]:
    return channel_links(request, channel.pair_code, channel.kind)


class CountrySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="ISO 3166-1 alpha-2")
    name = serializers.CharField()


def country(code: Any) -> dict[str, str]:
    return {"code": str(code), "name": country_name(str(code))}


class ChannelRefSerializer(serializers.Serializer):
    """A channel named by its pair and kind, with links."""

    pair = serializers.CharField(source="pair_code", help_text="Sorted codes: CN-US")
    kind = serializers.ChoiceField(choices=Kind.choices)
    name = serializers.CharField()
    url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj: Channel) -> str:
        return links(self.context.get("request"), obj)["url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, obj: Channel) -> str:
        return links(self.context.get("request"), obj)["page_url"]


class ChannelSerializer(ChannelRefSerializer):
    """A channel with the state in force (now, or at the date asked for with `at`)."""

    countries = serializers.SerializerMethodField()
    state = serializers.ChoiceField(source="state_at", choices=State.choices)
    since = serializers.DateTimeField(
        source="since_at", allow_null=True, help_text="When the state in force began"
    )
    stale = serializers.BooleanField(
        source="stale_at", help_text="Not confirmed within the channel's allowance"
    )
    badge_url = serializers.SerializerMethodField()

    @extend_schema_field(CountrySerializer(many=True))
    def get_countries(self, obj: Channel) -> list[dict[str, str]]:
        return [country(obj.country_a), country(obj.country_b)]

    @extend_schema_field(OpenApiTypes.URI)
    def get_badge_url(self, obj: Channel) -> str:
        return links(self.context.get("request"), obj)["badge_url"]


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["url", "outlet", "title", "published_at"]


class CorrectionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=["correct", "remove"], help_text="correct: its state, date, note or sources"
    )
    at = serializers.DateTimeField(help_text="When the editor corrected or removed it")
    reason = serializers.CharField(help_text="The editor's reason")


class HistoryItemSerializer(serializers.ModelSerializer):
    """One change in a channel's history."""

    evidence = EvidenceSerializer(many=True, read_only=True)
    corrections = CorrectionSerializer(
        many=True, read_only=True, help_text="Audited corrections (and removal), oldest first"
    )

    class Meta:
        model = StateChange
        fields = [
            "id",
            "old_state",
            "new_state",
            "effective_at",
            "recorded_at",
            "origin",
            "note",
            "evidence",
            "corrections",
        ]


class ChannelDetailSerializer(ChannelSerializer):
    description = serializers.CharField()
    mechanisms = serializers.CharField()
    stale_after_days = serializers.IntegerField()
    confirmed_at = serializers.DateTimeField(
        allow_null=True, help_text="An editor's latest “still accurate”"
    )
    history = serializers.SerializerMethodField(help_text="Newest first")

    @extend_schema_field(HistoryItemSerializer(many=True))
    def get_history(self, obj: Channel) -> list[dict[str, Any]]:
        """The changes the view put in the context as "history" (time travel cuts it)."""
        rows = HistoryItemSerializer(self.context["history"], many=True, context=self.context)
        return list(rows.data)


class ChangeSerializer(HistoryItemSerializer):
    """A change on the global timeline."""

    channel = ChannelRefSerializer(read_only=True)
    url = serializers.SerializerMethodField()
    removed_at = serializers.DateTimeField(
        allow_null=True, help_text="Set on removed changes (listed only with updated_since)"
    )

    class Meta(HistoryItemSerializer.Meta):
        fields = ["id", "url", "channel", *HistoryItemSerializer.Meta.fields[1:], "removed_at"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj: StateChange) -> str:
        return absolute(self.context.get("request"), reverse("api:change-detail", args=[obj.pk]))


# --- writes ---------------------------------------------------------------------------------


@extend_schema_field(DATETIME_SCHEMA)
class BoundedDateTimeField(serializers.DateTimeField):
    """A date and time (UTC when no zone is given) between 1800 and 2999."""

    def to_internal_value(self, value: Any) -> Any:
        when = super().to_internal_value(value)
        if not MIN_DATE <= when.date() <= MAX_DATE:
            raise serializers.ValidationError(f"Dates run from {MIN_DATE} to {MAX_DATE}.")
        return when


class StrictBooleanField(serializers.BooleanField):
    """JSON true or false only: DRF's BooleanField also takes 0, 1, "yes", "off"..."""

    def to_internal_value(self, data: Any) -> bool:
        if data is True or data is False:
            return data
        self.fail("invalid", input=data)
        raise AssertionError  # fail() raises


class HttpUrlField(serializers.URLField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=2000, **kwargs)
        kept = [v for v in self.validators if not isinstance(v, URLValidator)]
        self.validators: list[Any] = kept
        self.validators.append(
            URLValidator(schemes=["http", "https"], message="Enter an http(s) URL.")
        )


class EvidenceUrlField(HttpUrlField):
    """Normalised as the writer stores it: characters a URL may not hold (spaces, quotes,
    <, >, non-ASCII) percent-encoded, as browsers do (services.evidence_urls)."""

    def to_internal_value(self, data: Any) -> str:
        try:
            return normalize_evidence_url(super().to_internal_value(data))
        except BadEvidenceUrl:
            self.fail("invalid")
            raise AssertionError from None  # fail() raises


class EvidenceInputSerializer(serializers.Serializer):
    url = EvidenceUrlField(
        help_text="http(s) link to the source; spaces, quotes, <, > and non-ASCII "
        "characters are percent-encoded"
    )
    outlet = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    title = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)
    published_at = BoundedDateTimeField(required=False, allow_null=True, default=None)


class RecordChangeSerializer(serializers.Serializer):
    pair = serializers.CharField(max_length=5, help_text="The channel's pair, either way: cn-us")
    kind = serializers.ChoiceField(choices=Kind.choices)
    state = serializers.ChoiceField(
        choices=[s for s in State.choices if s[0] != State.UNKNOWN], help_text="The new state"
    )
    effective_at = BoundedDateTimeField(help_text="When it happened (not in the future)")
    note = serializers.CharField(max_length=MAX_NOTE, required=False, default="", allow_blank=True)
    evidence = EvidenceInputSerializer(  # type: ignore[call-arg]  # many=True: a ListSerializer
        many=True,
        min_length=1,
        max_length=MAX_EVIDENCE,
        help_text="At least one source",
        error_messages=list_size_messages("source", "sources", MAX_EVIDENCE),
    )


class FeedSerializer(serializers.ModelSerializer):
    poll_interval_minutes = serializers.SerializerMethodField()

    class Meta:
        model = Feed
        fields = [
            "id",
            "url",
            "title",
            "outlet",
            "enabled",
            "poll_interval_minutes",
            "next_poll_at",
            "last_polled_at",
            "last_success_at",
            "last_error",
            "last_error_at",
            "error_count",
            "failing_since",
            "disabled_reason",
            "created_at",
        ]

    def get_poll_interval_minutes(self, obj: Feed) -> int:
        return int(obj.poll_interval // timedelta(minutes=1))


class FeedCreateSerializer(serializers.Serializer):
    url = HttpUrlField(help_text="An RSS or Atom feed on the public internet")
    title = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)
    outlet = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    enabled = StrictBooleanField(required=False, default=True)
    poll_interval_minutes = serializers.IntegerField(
        required=False,
        default=30,
        min_value=int(MIN_INTERVAL // timedelta(minutes=1)),
        max_value=int(MAX_INTERVAL // timedelta(minutes=1)),
    )


class DetectionSerializer(serializers.ModelSerializer):
    pair = serializers.SerializerMethodField()

    class Meta:
        model = Detection
        fields = ["id", "pair", "kind", "state", "modality", "confidence", "evidence", "proposal"]

    def get_pair(self, obj: Detection) -> str:
        return f"{obj.country_a}-{obj.country_b}"


class ArticleSerializer(serializers.ModelSerializer):
    outlet = serializers.CharField(read_only=True)

    class Meta:
        model = Article
        fields = ["id", "feed", "outlet", "title", "link", "published_at", "fetched_at"]


class ArticleDetailSerializer(ArticleSerializer):
    detections = DetectionSerializer(many=True, read_only=True)

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "summary", "detections"]


class ProposalDetectionSerializer(DetectionSerializer):
    article = ArticleSerializer(read_only=True)

    class Meta(DetectionSerializer.Meta):
        fields = ["id", "modality", "confidence", "evidence", "article"]


class ProposalSerializer(serializers.ModelSerializer):
    channel = ChannelRefSerializer(read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "channel",
            "state",
            "status",
            "source_count",
            "first_seen_at",
            "last_seen_at",
            "decided_at",
            "reason",
            "change",
        ]


class ProposalDetailSerializer(ProposalSerializer):
    detections = ProposalDetectionSerializer(many=True, read_only=True)

    class Meta(ProposalSerializer.Meta):
        fields = [*ProposalSerializer.Meta.fields, "detections"]


class AcceptSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=MAX_NOTE, required=False, default="", allow_blank=True)
    effective_at = BoundedDateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="When it happened; default: the earliest article's publication time",
    )


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=MAX_NOTE, help_text="What the articles got wrong")


# --- countries and the summary ----------------------------------------------------------------


# A channel's state at a glance, as the country and summary views list it (a comment, not
# a docstring: the schema would show it on both).
class _ChannelStateSerializer(serializers.Serializer):
    pair = serializers.CharField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    name = serializers.CharField()
    state = serializers.ChoiceField(choices=State.choices)
    since = serializers.DateTimeField(allow_null=True)
    stale = serializers.BooleanField()


class CountryChannelSerializer(_ChannelStateSerializer):
    url = serializers.URLField()


class StateCountsSerializer(serializers.Serializer):
    open = serializers.IntegerField()
    limited = serializers.IntegerField()
    suspended = serializers.IntegerField()
    severed = serializers.IntegerField()
    unknown = serializers.IntegerField()


class CountryStatesSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    states = StateCountsSerializer(help_text="How many of its channels are in each state")
    channels = CountryChannelSerializer(many=True)


class SummaryChannelSerializer(_ChannelStateSerializer):
    page_url = serializers.URLField()
    badge_url = serializers.URLField()


class SummarySerializer(serializers.Serializer):
    at = serializers.DateField(allow_null=True, help_text="The date asked for, or null: now")
    last_change_at = serializers.DateTimeField(
        allow_null=True, help_text="When the latest change in force took effect"
    )
    last_recorded_at = serializers.DateTimeField(
        allow_null=True, help_text="When the latest change in force was recorded"
    )
    states = StateCountsSerializer()
    channels = SummaryChannelSerializer(many=True)


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Machine-readable, e.g. validation_error, not_found")
    message = serializers.CharField(help_text="For people")
    details = serializers.DictField(help_text="Per-field messages, allowed parameters ...")


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()
