"""Query parameters of the list endpoints, as django-filter FilterSets. Every value is
checked: a bad one is a 400 naming the parameter, never an empty list or a 500."""

from datetime import UTC, date, datetime
from typing import Any

from django import forms
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import OrderBy
from django.utils import timezone
from django_countries import countries
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field

from ..alerts.models import Subscriber
from ..alerts.services import scopes
from ..change_filters import (
    BoundedDateField,
    ChangeFilters,
    CountryField,
    PairField,
    check_date_range,
)
from ..models import Article, Channel, Feed, Kind, Origin, Proposal, State, StateChange
from ..models.choices import SEVERITY
from ..values import MAX_DATE, MIN_DATE, Pair

# The schema has no minimum or maximum for dates: the years of MIN_DATE..MAX_DATE as a
# pattern (a test holds it to them).
_YEARS = "(18[0-9]{2}|19[0-9]{2}|2[0-9]{3})"
DATE_SCHEMA = {"type": "string", "format": "date", "pattern": f"^{_YEARS}-[0-9]{{2}}-[0-9]{{2}}$"}
DATETIME_SCHEMA = {"type": "string", "format": "date-time", "pattern": f"^{_YEARS}-"}
BOOLEAN_CHOICES = [("true", "true"), ("false", "false")]


class BoundedDateTimeField(forms.DateTimeField):
    """ISO 8601; a time without a zone is UTC."""

    default_error_messages = {"invalid": "Enter an ISO 8601 date and time."}

    def to_python(self, value: Any) -> datetime | None:
        when = super().to_python(value)
        if when is None:
            return None
        try:
            when = when.astimezone(UTC) if timezone.is_aware(when) else when.replace(tzinfo=UTC)
        except OverflowError:
            raise forms.ValidationError(f"Dates run from {MIN_DATE} to {MAX_DATE}.") from None
        check_date_range(when.date())
        return when


@extend_schema_field(DATE_SCHEMA)
class DateFilter(filters.DateFilter):
    field_class = BoundedDateField


@extend_schema_field(DATETIME_SCHEMA)
class DateTimeFilter(filters.DateTimeFilter):
    field_class = BoundedDateTimeField


class CountryFilter(filters.Filter):
    field_class = CountryField


class PairFilter(filters.Filter):
    field_class = PairField


@extend_schema_field({"type": "integer", "minimum": 1})
class IdFilter(filters.Filter):
    """A row's id: a whole number from 1."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, min_value=1, **kwargs)


@extend_schema_field({"type": "boolean"})
class BooleanChoiceFilter(filters.ChoiceFilter):
    """true or false, and nothing else (django-filter's BooleanFilter ignores other values)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, choices=BOOLEAN_CHOICES, **kwargs)

    def filter(self, qs: QuerySet, value: Any) -> QuerySet:
        if value in ("", None):
            return qs
        return qs.filter(**{self.field_name: value == "true"})


class Ordering(filters.OrderingFilter):
    """Ordering by public names, each of which may stand for several columns, empty values
    last either way; the view's default order follows as tie-breaker so pages never
    overlap."""

    def __init__(self, *args: Any, columns: dict[str, list[str]], default: list[str], **kw: Any):
        self.columns, self.default = columns, default
        super().__init__(*args, fields={name: name for name in columns}, **kw)

    def filter(self, qs: QuerySet, value: Any) -> QuerySet:
        order: list[OrderBy | str] = []
        for param in filter(None, value or []):  # "ordering=," gives empty names
            descending = param.startswith("-")
            for column in self.columns[param.lstrip("-")]:
                field = F(column)
                order.append(
                    field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)
                )
        return qs.order_by(*order, *self.default)


def severity_expression() -> Case:
    """Severity of the state in force; NULL for unknown, which is not on the scale."""
    return Case(
        *(
            When(state_at=state, then=Value(rank))
            for state, rank in SEVERITY.items()
            if rank is not None
        ),
        default=None,
        output_field=IntegerField(),
    )


def search_channels(qs: QuerySet, name: str, value: str) -> QuerySet:
    term = value.strip()
    if not term:
        return qs
    q = Q(name__icontains=term) | Q(description__icontains=term) | Q(mechanisms__icontains=term)
    if len(term) == 2:
        q |= Q(country_a=term.upper()) | Q(country_b=term.upper())
    else:
        codes = [code for code, label in countries if term.lower() in label.lower()]
        if codes:
            q |= Q(country_a__in=codes) | Q(country_b__in=codes)
    return qs.filter(q)


class ChannelFilter(filters.FilterSet):
    country = CountryFilter(
        method="filter_country",
        label="Channels with this country (ISO 3166-1 alpha-2, e.g. US) on either side",
    )
    pair = PairFilter(method="filter_pair", label="A country pair, either way round: cn-us")
    kind = filters.ChoiceFilter(choices=Kind.choices)
    state = filters.ChoiceFilter(
        field_name="state_at", choices=State.choices, label="State (in force at `at`)"
    )
    stale = BooleanChoiceFilter(field_name="stale_at", label="Not confirmed within its allowance")
    search = filters.CharFilter(
        method=search_channels, label="Name, description, mechanisms, country code or name"
    )
    ordering = Ordering(
        columns={
            "pair": ["country_a", "country_b"],
            "kind": ["kind"],
            "name": ["name"],
            "state": ["severity"],
            "since": ["since_at"],
        },
        default=["country_a", "country_b", "kind"],
        label="pair, kind, name, state (by severity), since; '-' for descending",
    )

    class Meta:
        model = Channel
        fields: list[str] = []

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        return super().filter_queryset(queryset.annotate(severity=severity_expression()))

    def filter_country(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.for_country(value)  # type: ignore[attr-defined]

    def filter_pair(self, qs: QuerySet, name: str, value: tuple[str, str]) -> QuerySet:
        return qs.for_pair(*value)  # type: ignore[attr-defined]


class ChangeFilter(filters.FilterSet):
    since = DateFilter(method="filter_since", label="Effective on or after this date (YYYY-MM-DD)")
    until = DateFilter(method="filter_until", label="Effective on or before this date (YYYY-MM-DD)")
    updated_since = DateTimeFilter(
        method="filter_updated_since",
        label="Sync: every change (removed ones too) of each channel where anything was "
        "recorded, corrected or removed at or after this time (ISO 8601; UTC if no zone)",
    )
    origin = filters.ChoiceFilter(choices=Origin.choices)
    kind = filters.ChoiceFilter(field_name="channel__kind", choices=Kind.choices)
    state = filters.ChoiceFilter(field_name="new_state", choices=State.choices, label="New state")
    country = CountryFilter(method="filter_country", label="Country on either side")
    pair = PairFilter(method="filter_pair", label="cn-us")
    ordering = Ordering(
        columns={"effective_at": ["effective_at"], "recorded_at": ["recorded_at"]},
        default=["-effective_at", "-recorded_at", "-id"],
        label="effective_at or recorded_at; '-' for descending (default: -effective_at)",
    )

    class Meta:
        model = StateChange
        fields: list[str] = []

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        if not self.form.cleaned_data.get("updated_since"):
            queryset = queryset.active()  # type: ignore[attr-defined]
        return super().filter_queryset(queryset)

    # The same filters as the changes log's (change_filters.ChangeFilters).
    def filter_since(self, qs: QuerySet, name: str, value: date) -> QuerySet:
        return qs.filter(ChangeFilters(since=value).q)

    def filter_until(self, qs: QuerySet, name: str, value: date) -> QuerySet:
        return qs.filter(ChangeFilters(until=value).q)

    def filter_updated_since(self, qs: QuerySet, name: str, value: datetime) -> QuerySet:
        return qs.touched_since(value)  # type: ignore[attr-defined]

    def filter_country(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(ChangeFilters(country=value).q)

    def filter_pair(self, qs: QuerySet, name: str, value: Pair) -> QuerySet:
        return qs.filter(ChangeFilters(pair=value).q)


class FeedFilter(filters.FilterSet):
    enabled = BooleanChoiceFilter()
    failing = BooleanChoiceFilter(method="filter_failing", label="Failing polls in a row")
    search = filters.CharFilter(method="filter_search", label="URL, title or outlet")

    class Meta:
        model = Feed
        fields: list[str] = []

    def filter_failing(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(error_count__gt=0) if value == "true" else qs.filter(error_count=0)

    def filter_search(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        term = value.strip()
        return qs.filter(
            Q(url__icontains=term) | Q(title__icontains=term) | Q(outlet__icontains=term)
        )


class ArticleFilter(filters.FilterSet):
    feed = IdFilter(field_name="feed_id", label="Feed id")
    fetched_since = DateTimeFilter(field_name="fetched_at", lookup_expr="gte")
    search = filters.CharFilter(field_name="title", lookup_expr="icontains", label="In the title")

    class Meta:
        model = Article
        fields: list[str] = []


class ProposalFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=Proposal.Status.choices)
    state = filters.ChoiceFilter(choices=State.choices)
    kind = filters.ChoiceFilter(field_name="channel__kind", choices=Kind.choices)
    pair = PairFilter(method="filter_pair", label="cn-us")

    class Meta:
        model = Proposal
        fields: list[str] = []

    def filter_pair(self, qs: QuerySet, name: str, value: tuple[str, str]) -> QuerySet:
        return qs.filter(channel__country_a=value[0], channel__country_b=value[1])


class ScopeKeyField(forms.CharField):
    def clean(self, value: Any) -> str | None:
        value = super().clean(value)
        if not value:
            return None
        try:
            return scopes.parse(value).key
        except scopes.InvalidScope as exc:
            raise forms.ValidationError(
                "%(reason)s", params={"reason": " ".join(exc.messages)}
            ) from None


class ScopeKeyFilter(filters.Filter):
    field_class = ScopeKeyField


class SubscriberFilter(filters.FilterSet):
    confirmed = BooleanChoiceFilter(
        method="filter_confirmed", label="The address was confirmed (by its owner's link)"
    )
    receiving = BooleanChoiceFilter(
        method="filter_receiving", label="Confirmed and not unsubscribed: alerts go to it"
    )
    mode = filters.ChoiceFilter(choices=Subscriber.Mode.choices)
    scope = ScopeKeyFilter(
        method="filter_scope", label="Holds this scope key (confirmed or not), e.g. pair:CN-US"
    )

    class Meta:
        model = Subscriber
        fields: list[str] = []

    def filter_confirmed(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(confirmed_at__isnull=value != "true")

    def filter_receiving(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        receiving = Q(confirmed_at__isnull=False, unsubscribed_at__isnull=True)
        return qs.filter(receiving) if value == "true" else qs.exclude(receiving)

    def filter_scope(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(scopes__key=value)
