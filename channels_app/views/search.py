"""The site search (/search/?q=), from the box in every page's header: countries (by any of
their names, codes or demonyms: country_finder), channels (their name, description and
mechanisms, or a country the query names) and changes (their note or a source's title:
text_search), grouped by type. Plain links: it works without JavaScript."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from ..country_finder import Found, find_countries
from ..models import Channel, Evidence, StateChange
from ..text_search import MAX_QUERY_CHARS, MAX_TERMS, MIN_TERM_CHARS, SearchTerms, words_match

SHOWN = 20
COUNTED = 1000  # beyond this a group says "1000+": counting every match of a common word costs


@dataclass(frozen=True)
class CountryHit:
    match: Found
    url: str  # "" when no channel of the country is tracked


@dataclass(frozen=True)
class Group:
    shown: list[Any]
    total: int
    more: bool = False  # there are more than `total` (COUNTED)


def _group(rows: Any) -> Group:
    shown = list(rows[:SHOWN])
    if len(shown) < SHOWN:
        return Group(shown, len(shown))
    total = rows[: COUNTED + 1].count()
    return Group(shown, min(total, COUNTED), more=total > COUNTED)


def country_hits(terms: SearchTerms) -> list[CountryHit]:
    tracked = set(Channel.objects.country_codes())
    return [
        CountryHit(m, reverse("country-detail", args=[m.code.lower()]) if m.code in tracked else "")
        for m in find_countries(terms.text)
    ]


def channel_group(terms: SearchTerms, codes: list[str]) -> Group:
    q = Q(country_a__in=codes) | Q(country_b__in=codes) if codes else Q(pk__in=[])
    if terms.terms:
        q |= words_match(["name", "description", "mechanisms"], terms.terms)
    return _group(Channel.objects.filter(q).order_by("country_a", "country_b", "kind"))


def change_group(terms: SearchTerms) -> Group:
    # One IN over the union of two lookups, each answered from its own index: a match OR-ed
    # into the outer query would make PostgreSQL compute every note's vector, and two INs
    # OR-ed would keep it from joining the (often few) matches instead of scanning the log.
    match = terms.terms
    noted = StateChange.objects.filter(words_match(["note"], match)).values("pk").order_by()
    titled = Evidence.objects.filter(words_match(["title"], match)).values("change_id")
    ids = noted.union(titled.order_by())
    return _group(StateChange.objects.filter(pk__in=ids).for_log())


def search_context(terms: SearchTerms) -> dict[str, Any]:
    countries = country_hits(terms)
    codes = [hit.match.code for hit in countries]
    channels = channel_group(terms, codes)
    changes = change_group(terms) if terms.terms else Group([], 0)
    return {
        "terms": terms,
        "countries": countries,
        "channels": channels,
        "changes": changes,
        "found": bool(countries or channels.total or changes.total),
        "max_chars": MAX_QUERY_CHARS,
        "max_terms": MAX_TERMS,
        "min_chars": MIN_TERM_CHARS,
        "shown": SHOWN,
    }


def search(request: HttpRequest) -> HttpResponse:
    terms = SearchTerms.parse(request.GET.get("q", ""))
    context: dict[str, Any] = {"terms": terms, "searched": bool(terms.text)}
    if terms.text:
        context.update(search_context(terms))
    return render(request, "channels/search.html", context)
