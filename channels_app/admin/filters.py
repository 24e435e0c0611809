"""Changelist filters. Each one is a queryset filter: the list stays a fixed number of queries
however many channels there are."""

from datetime import datetime, timedelta
from typing import Any

from django.contrib import admin
from django.db.models import (
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.http import HttpRequest
from django.utils import timezone
from django_countries import countries

from ..models import Channel


def last_confirmed_expression() -> Greatest:
    """max(state_since, confirmed_at), NULL only when both are. Coalesce each side because
    GREATEST returns NULL on SQLite (and MySQL) as soon as one argument is NULL."""
    return Greatest(
        Coalesce("state_since", "confirmed_at"), Coalesce("confirmed_at", "state_since")
    )


def stale_q(now: datetime) -> Q:
    """Channel.is_stale as SQL: never confirmed, or confirmed more than stale_after_days ago."""
    # SQLite multiplies durations by IntegerField only, not by PositiveIntegerField.
    days = ExpressionWrapper(F("stale_after_days"), output_field=IntegerField())
    allowance = ExpressionWrapper(days * Value(timedelta(days=1)), output_field=DurationField())
    return Q(last_confirmed_at__isnull=True) | Q(last_confirmed_at__lt=Value(now) - allowance)


class StaleFilter(admin.SimpleListFilter):
    title = "staleness"
    parameter_name = "stale"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("stale", "Stale"), ("fresh", "Fresh")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Channel]) -> QuerySet[Channel]:
        now = timezone.now()
        stale = queryset.alias(last_confirmed_at=last_confirmed_expression())
        if self.value() == "stale":
            return stale.filter(stale_q(now))
        if self.value() == "fresh":
            return stale.exclude(stale_q(now))
        return queryset


class CountryFilter(admin.SimpleListFilter):
    """Channels with a country on either side; lists only the countries present."""

    title = "country"
    parameter_name = "country"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        pairs = Channel.objects.order_by().values_list("country_a", "country_b").distinct()
        codes = {str(code) for pair in pairs for code in pair}
        return sorted(((code, countries.name(code)) for code in codes), key=lambda c: c[1])

    def queryset(self, request: HttpRequest, queryset: QuerySet[Channel]) -> QuerySet[Channel]:
        code = self.value()
        return queryset.for_country(code) if code else queryset  # type: ignore[attr-defined]


class RemovedFilter(admin.SimpleListFilter):
    title = "removed"
    parameter_name = "removed"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("no", "In force"), ("yes", "Removed")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "no":
            return queryset.filter(removed_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(removed_at__isnull=False)
        return queryset
