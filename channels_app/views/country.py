"""Country pages: every channel of one country, by partner (`/countries/<code>/`, on any past
date with `?at=`), and the index of tracked countries with a search that jumps straight to a
country's page (`/countries/?q=china`)."""

from dataclasses import dataclass
from itertools import groupby
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django_countries import countries
from django_countries.fields import Country

from ..country_finder import find_countries
from ..models import Channel, State, StateChange
from ..values import Moment, country_name, name_key
from .public import (
    Entry,
    Travel,
    change_nav,
    entry,
    read_moment,
    state_counts,
    url_with,
)
from .world_map import build_map


@dataclass(frozen=True)
class Partner:
    """The other country of a pair, with the pair's channels in kind order."""

    country: Country
    pair_code: str
    entries: list[Entry]


def partners(entries: list[Entry], code: str) -> list[Partner]:
    """`entries` (in reading order, so each partner's come together, in kind order) by
    partner, partners in name order."""

    def other(e: Entry) -> Country:
        a, b = e.channel.country_a, e.channel.country_b
        return b if a.code == code else a

    ordered = sorted(entries, key=lambda e: name_key(other(e).code))
    found = []
    for country, group in groupby(ordered, key=other):
        members = list(group)
        found.append(Partner(country, members[0].channel.pair.slug, members))
    return found


def country_code_or_404(code: str) -> str:
    upper = code.upper()
    if len(code) != 2 or countries.alpha2(upper) != upper:
        raise Http404(
            "No such country: a country's address is its two-letter code, like /countries/cn/."
        )
    return upper


def country_context(code: str, moment: Moment) -> dict[str, Any]:
    channels = Channel.objects.as_of(moment.cutoff, moment.now).for_country(code)
    entries = [entry(c, moment) for c in channels.in_reading_order()]
    if not entries:
        raise Http404(f"No channel of {country_name(code)} is tracked.")
    changes = StateChange.objects.filter(channel__in=Channel.objects.for_country(code))
    path = reverse("country-detail", args=[code.lower()])
    return {
        "country": Country(code),
        "partners": partners(entries, code),
        "entries": entries,
        "counts": state_counts(entries),
        "stale_count": sum(e.freshness.stale for e in entries),
        "moment": moment,
        "travel": Travel(moment, change_nav(changes, moment), path, {}),
        "stale_days": settings.TRACKER_STALE_DAYS_DEFAULT,
        "states": State.choices,
        "map": build_map(entries, moment, focus=code, crop=True),
    }


def country_detail(request: HttpRequest, code: str) -> HttpResponseBase:
    upper = country_code_or_404(code)
    moment, at_error = read_moment(request.GET, timezone.now())
    if code != upper.lower():
        path = reverse("country-detail", args=[upper.lower()])
        return redirect(url_with(path, {"at": moment.at}), permanent=True)
    context = {**country_context(upper, moment), "errors": [at_error] if at_error else []}
    return render(request, "channels/country_detail.html", context, status=400 if at_error else 200)


# --- the index -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CountryRow:
    country: Country
    entries: list[Entry]
    # The other name a search matched ("Burma" for Myanmar), shown beside the country's.
    matched: str = ""

    @property
    def partner_count(self) -> int:
        return len({e.channel.pair_code for e in self.entries})

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        return state_counts(self.entries)

    @property
    def url(self) -> str:
        return reverse("country-detail", args=[self.country.code.lower()])


def country_rows(entries: list[Entry]) -> list[CountryRow]:
    by_code: dict[str, list[Entry]] = {}
    for e in entries:
        for code in (e.channel.country_a.code, e.channel.country_b.code):
            by_code.setdefault(code, []).append(e)
    rows = [CountryRow(Country(code), members) for code, members in by_code.items()]
    return sorted(rows, key=lambda r: name_key(r.country.code))


def search(rows: list[CountryRow], query: str) -> list[CountryRow]:
    """The rows of the countries `query` names, best match first (country_finder)."""
    by_code = {row.country.code: row for row in rows}
    found = find_countries(query, among=by_code)
    return [
        CountryRow(by_code[f.code].country, by_code[f.code].entries, f.other_name) for f in found
    ]


def countries_index(request: HttpRequest) -> HttpResponseBase:
    query = request.GET.get("q", "").strip()[:60]
    moment = Moment(timezone.now())
    channels = Channel.objects.as_of(None, moment.now).for_dashboard()
    rows = country_rows([entry(c, moment) for c in channels])
    found = search(rows, query) if query else rows
    if query and len(found) == 1:
        return redirect(found[0].url)
    context = {"rows": found, "query": query, "total": len(rows), "all_rows": rows}
    return render(request, "channels/countries.html", context)
