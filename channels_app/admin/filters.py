"""Changelist filters. Each one is a queryset filter: the list stays a fixed number of queries
however many channels there are."""

from collections.abc import Callable
from typing import Any, ClassVar

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from ..models import Channel
from ..values import country_name, name_key

Keep = Callable[[QuerySet[Any]], QuerySet[Any]]


def keeping(query: Q) -> Keep:
    """An option's rule that keeps the rows matching `query`."""
    return lambda rows: rows.filter(query)


class ChoiceFilter(admin.SimpleListFilter):
    """A filter of fixed choices: `options` maps each value of the URL's parameter to its
    label and to what it keeps of the list. Any other value keeps everything."""

    options: ClassVar[dict[str, tuple[str, Keep]]] = {}

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(value, label) for value, (label, _keep) in self.options.items()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        chosen = self.options.get(self.value() or "")
        return chosen[1](queryset) if chosen else queryset


class StaleFilter(ChoiceFilter):
    title = "staleness"
    parameter_name = "stale"
    options = {
        "stale": ("Stale", lambda channels: channels.stale(timezone.now())),  # type: ignore[attr-defined]
        "fresh": ("Fresh", lambda channels: channels.fresh(timezone.now())),  # type: ignore[attr-defined]
    }


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


class RemovedFilter(ChoiceFilter):
    title = "removed"
    parameter_name = "removed"
    options = {
        "no": ("In force", lambda rows: rows.filter(removed_at__isnull=True)),
        "yes": ("Removed", lambda rows: rows.filter(removed_at__isnull=False)),
    }
