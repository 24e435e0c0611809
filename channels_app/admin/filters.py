"""Changelist filters. Each one is a queryset filter: the list stays a fixed number of queries
however many channels there are."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from ..models import Channel
from ..values import country_name, name_key


class StaleFilter(admin.SimpleListFilter):
    title = "staleness"
    parameter_name = "stale"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("stale", "Stale"), ("fresh", "Fresh")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Channel]) -> QuerySet[Channel]:
        if self.value() == "stale":
            return queryset.stale(timezone.now())  # type: ignore[attr-defined]
        if self.value() == "fresh":
            return queryset.fresh(timezone.now())  # type: ignore[attr-defined]
        return queryset


class CountryFilter(admin.SimpleListFilter):
    """Channels with a country on either side; lists only the countries present."""

    title = "country"
    parameter_name = "country"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        pairs = Channel.objects.order_by().values_list("country_a", "country_b").distinct()
        codes = {str(code) for pair in pairs for code in pair}
        return [(code, country_name(code)) for code in sorted(codes, key=name_key)]

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
