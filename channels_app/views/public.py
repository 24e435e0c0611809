"""Public pages: the dashboard (matrix or list, filters, recent changes) and a channel's page
(state, timeline, statistics, sourced history), on any past date with `?at=YYYY-MM-DD`, and
the fragments their live updates poll. The pages work without JavaScript: static/js/live.js
only swaps a fragment in when it changed (its ETag, from the page cache: caching.pages).

The state in force on a date comes from one query path, Channel.objects.as_of().
"""

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from itertools import groupby
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince
from django_countries import countries
from django_countries.fields import Country

from ..models import Channel, Kind, State, StateChange
from ..models.change import StateChangeQuerySet
from ..models.channel import ChannelQuerySet
from ..values import (
    MIN_DATE,
    InvalidMoment,
    InvalidPair,
    Moment,
    Pair,
    country_name,
    end_of,
    name_key,
    start_of,
)
from .channel_stats import channel_stats
from .channel_timeline import periods_from_changes, short_date, timeline_of
from .dashboard_pages import Paging, Totals, read_page

RECENT_DAYS = (7, 30)
RECENT_SHOWN = 20
LATEST_SHOWN = 3  # the newest changes in the summary at the top

# --- the moment a page shows ---------------------------------------------------------------


def read_moment(query: QueryDict, now: datetime) -> tuple[Moment, str | None]:
    """The moment `?at=` asks for, or now with a message saying why the date was refused."""
    raw = query.get("at", "").strip()
    if not raw:
        return Moment(now), None
    try:
        return Moment.parse(raw, now), None
    except InvalidMoment as refused:
        return Moment(now), _refusal(refused, raw)


def _refusal(refused: InvalidMoment, raw: str) -> str:
    if refused.code == "not_a_date":
        return f"“{raw[:40]}” is not a date: write it as YYYY-MM-DD, like 2022-08-05."
    if refused.code == "too_early":
        return f"Dates go back to {MIN_DATE:%Y-%m-%d}: pick a later date."
    return f"{refused.day:%Y-%m-%d} is in the future: pick today or an earlier date."


@dataclass(frozen=True)
class ChangeNav:
    """The dates of the changes just before and just after the day shown."""

    previous: date | None
    next: date | None


def change_nav(changes: StateChangeQuerySet, moment: Moment) -> ChangeNav:
    day = moment.day or moment.today
    found = changes.neighbours(start_of(day), end_of(day))
    previous, following = found["previous"], found["next"]
    return ChangeNav(
        previous.astimezone(UTC).date() if previous else None,
        following.astimezone(UTC).date() if following and moment.day else None,
    )


def url_with(path: str, params: dict[str, str]) -> str:
    query = urlencode({k: v for k, v in params.items() if v})
    return f"{path}?{query}" if query else path


@dataclass(frozen=True)
class Travel:
    """The date control and previous/next-change links of a page (channels/_travel.html)."""

    moment: Moment
    nav: ChangeNav
    path: str
    params: dict[str, str]  # the page's other parameters, kept by every link and the form

    def _url(self, day: date | None) -> str:
        return url_with(self.path, {**self.params, "at": day.isoformat() if day else ""})

    @property
    def previous_url(self) -> str:
        return self._url(self.nav.previous) if self.nav.previous else ""

    @property
    def next_url(self) -> str:
        return self._url(self.nav.next) if self.nav.next else ""

    @property
    def today_url(self) -> str:
        return self._url(None)

    @property
    def hidden(self) -> list[tuple[str, str]]:
        return [(k, v) for k, v in self.params.items() if v]


# --- freshness and entries -----------------------------------------------------------------


@dataclass(frozen=True)
class Freshness:
    """Whether a channel's state was stale at the moment shown, and the sentence that explains
    it. Reads as_of()'s `stale_at` and `last_confirmed_at` annotations."""

    stale: bool
    explanation: str

    @classmethod
    def of(cls, channel: Channel, reference: datetime) -> "Freshness":
        confirmed = channel.last_confirmed_at  # type: ignore[attr-defined]
        stale = bool(channel.stale_at)  # type: ignore[attr-defined]
        if confirmed is None:
            return cls(stale, "Never assessed or confirmed")
        days = (reference - confirmed).days
        return cls(stale, f"Not confirmed in {days} day{'' if days == 1 else 's'}")


def held_for(since: datetime | None, reference: datetime, depth: int = 2) -> str:
    """How long a state has held: "3 years, 2 months"; "" for a channel never assessed."""
    if since is None:
        return ""
    if reference - since < timedelta(days=1):
        return "less than a day"
    return timesince(since, reference, depth=depth)


@dataclass(frozen=True)
class Entry:
    """One channel as the dashboard, list and country pages show it on the moment shown.
    Its freshness, how long its state has held and its URL are worked out when first read:
    the world map reads none of them for its 1,000 channels (timesince and reverse cost it
    about a third of its render at 1,000 channels)."""

    channel: Channel
    moment: Moment

    @cached_property
    def freshness(self) -> Freshness:
        return Freshness.of(self.channel, self.moment.reference)

    @cached_property
    def held(self) -> str:
        return held_for(self.channel.since_at, self.moment.reference)  # type: ignore[attr-defined]

    @cached_property
    def url(self) -> str:
        return url_with(self.channel.get_absolute_url(), {"at": self.moment.at})

    @property
    def state(self) -> str:
        return self.channel.state_at  # type: ignore[attr-defined]

    @property
    def state_label(self) -> str:
        return State(self.state).label

    @property
    def since(self) -> datetime | None:
        return self.channel.since_at  # type: ignore[attr-defined]

    @property
    def held_short(self) -> str:
        return self.held.split(",")[0]


def entry(channel: Channel, moment: Moment) -> Entry:
    return Entry(channel, moment)


def state_counts(entries: list[Entry]) -> list[tuple[str, str, int]]:
    counts = Counter(e.state for e in entries)
    return [(s.value, s.label, counts[s.value]) for s in State if counts[s.value]]


# --- dashboard -----------------------------------------------------------------------------

FILTER_CHOICES = {
    "kind": Kind.values,
    "state": State.values,
    "stale": ["yes", "no"],
    "view": ["matrix", "list"],
}
PAGE_PARAMS = ("country", "kind", "state", "stale", "view", "page", "at")


@dataclass(frozen=True)
class Filters:
    country: str = ""  # upper-case ISO code
    kind: str = ""
    state: str = ""
    stale: str = ""  # "yes": stale only; "no": confirmed only
    view: str = "matrix"

    @property
    def active(self) -> bool:
        return bool(self.country or self.kind or self.state or self.stale)

    @property
    def stale_flag(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.stale)

    def params(self) -> dict[str, str]:
        """The canonical query string of these filters (a shareable URL)."""
        params = {
            "country": self.country.lower(),
            "kind": self.kind,
            "state": self.state,
            "stale": self.stale,
            "view": "" if self.view == "matrix" else self.view,
        }
        return {k: v for k, v in params.items() if v}


def read_filters(query: QueryDict) -> tuple[Filters, list[str]]:
    """The dashboard's filters; a value it does not know is dropped with a message."""
    values: dict[str, str] = {}
    errors = []
    for name, allowed in FILTER_CHOICES.items():
        raw = query.get(name, "").strip().lower()
        if raw in allowed:
            values[name] = raw
        elif raw:
            errors.append(f"Unknown {name} “{raw[:40]}”: choose {', '.join(allowed)}.")
    code = query.get("country", "").strip().upper()
    if len(code) == 2 and countries.alpha2(code) == code:
        values["country"] = code
    elif code:
        errors.append(f"“{code[:40]}” is not a country code: use two letters, like CN or US.")
    return Filters(**values), errors


def read_some_filters(query: QueryDict, names: tuple[str, ...]) -> tuple[Filters, list[str]]:
    """Only the filters `names` of the dashboard's (a page that has no others), read and
    refused the same way; any other parameter is ignored."""
    subset = QueryDict(mutable=True)
    for name in names:
        if name in query:
            subset.setlist(name, query.getlist(name))
    return read_filters(subset)


def canonical_redirect(
    request: HttpRequest, params: dict[str, str], names: tuple[str, ...] = PAGE_PARAMS
) -> HttpResponse | None:
    """A redirect to the tidy form of a filter URL (no empty or default fields), so that
    the URL a form submission leaves in the address bar is the one worth sharing."""
    given = {k: request.GET.get(k, "") for k in names if k in request.GET}
    if given == params:
        return None
    return redirect(url_with(request.path, params))


@dataclass(frozen=True)
class Cell:
    kind: str
    entry: Entry | None


@dataclass(frozen=True)
class PairRow:
    country_a: Country
    country_b: Country
    cells: list[Cell]


def kinds_shown(filters: Filters) -> list[tuple[str, str]]:
    """The matrix's columns: the kind filtered on alone, else every kind."""
    return [(v, label) for v, label in Kind.choices if filters.kind in ("", v)]


def matrix(entries: list[Entry], kinds: list[str]) -> list[PairRow]:
    rows = []
    for _pair, group in groupby(entries, key=lambda e: e.channel.pair_code):
        by_kind = {e.channel.kind: e for e in group}
        first, second = next(iter(by_kind.values())).channel.countries
        cells = [Cell(kind, by_kind.get(kind)) for kind in kinds]
        rows.append(PairRow(first, second, cells))
    return rows


@dataclass(frozen=True)
class Recent:
    """Changes in the last 7 days and in the 23 days before, up to the moment shown: how
    many, and the newest RECENT_SHOWN of them (two queries, whatever their number). Today
    they go by when they were recorded, on a past date by when they took effect
    (StateChangeQuerySet.recent)."""

    week_count: int
    month_count: int
    week_shown: list[StateChange]
    earlier_shown: list[StateChange]
    by_recording: bool = True

    @classmethod
    def of(cls, changes: StateChangeQuerySet, moment: Moment) -> "Recent":
        week_start = moment.reference - timedelta(days=RECENT_DAYS[0])
        by_recording = moment.cutoff is None
        field = "recorded_at" if by_recording else "effective_at"
        counted = changes.aggregate(
            month=Count("id"), week=Count("id", filter=Q(**{f"{field}__gte": week_start}))
        )
        shown = list(changes[:RECENT_SHOWN])
        week = [c for c in shown if getattr(c, field) >= week_start]
        return cls(counted["week"], counted["month"], week, shown[len(week) :], by_recording)

    @property
    def latest(self) -> list[StateChange]:
        """The few newest, for the summary at the top of the dashboard."""
        return [*self.week_shown, *self.earlier_shown][:LATEST_SHOWN]

    @property
    def hidden(self) -> int:
        return self.month_count - len(self.week_shown) - len(self.earlier_shown)


def announcement(recent: Recent) -> str:
    """What live updates say when the dashboard changed: its latest change, if recent."""
    latest = next(iter(recent.latest), None)
    if latest is None:
        return "The dashboard was updated."
    effective, recorded = short_date(latest.effective_at), short_date(latest.recorded_at)
    backdated = f" (recorded {recorded})" if recent.by_recording and recorded != effective else ""
    return (
        f"The dashboard was updated. Latest change: {latest.channel.name}, "
        f"{latest.get_new_state_display().lower()} since {effective}{backdated}."
    )


def country_options(codes: list[str]) -> list[tuple[str, str]]:
    return [(code, country_name(code)) for code in sorted(codes, key=name_key)]


def dashboard_entries(
    channels: ChannelQuerySet, totals: Totals, asked: int, moment: Moment
) -> tuple[list[Entry], Paging | None, bool]:
    """Every channel in pair order when they fit on one page, else one page of them, the
    most severe and recent first; and whether that is the page asked for."""
    if totals.total <= settings.TRACKER_DASHBOARD_ONE_PAGE_MAX:
        return [entry(c, moment) for c in channels.in_reading_order()], None, asked == 1
    paging, found = Paging.of(asked, totals.total, settings.TRACKER_DASHBOARD_PAGE_SIZE)
    page = channels.most_severe_first()[paging.offset : paging.offset + paging.size]
    return [entry(c, moment) for c in page], paging, found


def page_links(paging: Paging | None, here: str, params: dict[str, str], at: str) -> dict[str, Any]:
    if paging is None:
        return {}

    def link(n: int | None) -> str:
        page = {"page": str(n) if n and n > 1 else ""}
        return url_with(here, {**params, **page, "at": at}) if n else ""

    numbers = [(n, link(n)) for n in paging.around()]
    return {"previous": link(paging.previous), "next": link(paging.next), "numbers": numbers}


def dashboard_context(filters: Filters, moment: Moment, page: int = 1) -> dict[str, Any]:
    channels = Channel.objects.as_of(moment.cutoff, moment.now).matching(
        country=filters.country,
        kind=filters.kind,
        state=filters.state,
        stale=filters.stale_flag,
    )
    totals = Totals(channels.state_totals())
    entries, paging, found = dashboard_entries(channels, totals, page, moment)
    changes = StateChange.objects.all()
    if filters.country or filters.kind:
        scope = Channel.objects.matching(country=filters.country, kind=filters.kind)
        changes = changes.filter(channel__in=scope)
    since = moment.reference - timedelta(days=RECENT_DAYS[1])
    recent = Recent.of(changes.recent(since, moment.cutoff), moment)
    params = filters.params()
    here = reverse("dashboard")
    at = {"at": moment.at}
    kinds = kinds_shown(filters)
    show_matrix = filters.view == "matrix" and paging is None
    shown = {**params, "page": str(paging.number) if paging and paging.number > 1 else ""}
    return {
        "filters": filters,
        "moment": moment,
        "entries": entries,
        "total": totals.total,
        "paging": paging,
        "page_links": page_links(paging, here, params, moment.at),
        "page_error": "" if found else page_refusal(page, paging),
        "rows": matrix(entries, [v for v, _ in kinds]) if show_matrix else [],
        "counts": totals.counts,
        "stale_count": totals.stale,
        "recent": recent,
        "travel": Travel(moment, change_nav(changes, moment), here, params),
        "live_url": "" if moment.day else url_with(reverse("dashboard-live"), shown),
        "clear_url": url_with(here, {"view": params.get("view", ""), **at}),
        "reset_url": url_with(here, {"view": params.get("view", "")}),
        "matrix_url": url_with(here, {**params, "view": "", **at}),
        "list_url": url_with(here, {**params, "view": "list", **at}),
        "announce": announcement(recent),
        "kinds": kinds,
        "all_kinds": Kind.choices,
        "kind_label": Kind(filters.kind).label if filters.kind else "",
        "state_label": State(filters.state).label if filters.state else "",
        "country_name": countries.name(filters.country) if filters.country else "",
        "states": State.choices,
        "country_options": country_options(Channel.objects.country_codes()),
        "stale_days": settings.TRACKER_STALE_DAYS_DEFAULT,
    }


def page_refusal(asked: int, paging: Paging | None) -> str:
    pages = paging.pages if paging else 1
    if pages == 1:
        return f"There is only one page, not {asked}: here it is."
    return f"There are {pages} pages, not {asked}: here is the last."


def dashboard(request: HttpRequest) -> HttpResponse:
    moment, at_error = read_moment(request.GET, timezone.now())
    filters, errors = read_filters(request.GET)
    page, page_error = read_page(request.GET)
    errors = [e for e in (at_error, *errors, page_error) if e]
    canonical = {**filters.params(), "page": str(page) if page > 1 else "", "at": moment.at}
    tidy = (
        None if errors else canonical_redirect(request, {k: v for k, v in canonical.items() if v})
    )
    if tidy:
        return tidy
    context = dashboard_context(filters, moment, page)
    errors += [context["page_error"]] if context["page_error"] else []
    context["errors"] = errors
    return render(request, "channels/dashboard.html", context, status=400 if errors else 200)


def dashboard_live(request: HttpRequest) -> HttpResponse:
    moment, _ = read_moment(request.GET, timezone.now())
    filters, _ = read_filters(request.GET)
    page, _ = read_page(request.GET)
    context = dashboard_context(filters, moment, page)
    return render(request, "channels/_dashboard_live.html", context)


# --- channel page --------------------------------------------------------------------------


def pair_or_404(text: str) -> Pair:
    """The pair of an address; a 404 that says why for one that names none."""
    try:
        return Pair.from_slug(text)
    except InvalidPair as refused:
        reason = refused.message if refused.code == "not_a_pair" else "No such country pair."
        raise Http404(reason) from None


def channel_as_of(pair: str, kind: str, moment: Moment) -> Channel:
    a, b = pair_or_404(pair)
    if kind.lower() not in Kind.values:
        raise Http404("No such kind of channel: kinds are military, trade and diplomatic.")
    found = Channel.objects.as_of(moment.cutoff, moment.now).for_pair(a, b)
    channel = found.filter(kind=kind.lower()).first()
    if channel is None:
        raise Http404(f"No {kind.lower()} channel is tracked between {a} and {b}.")
    return channel


def live_url(channel: Channel) -> str:
    return reverse("channel-live", args=[channel.pair, channel.kind])


def channel_context(channel: Channel, moment: Moment) -> dict[str, Any]:
    history = StateChange.objects.filter(channel=channel)
    changes = list(history.effective_before(moment.cutoff).for_channel_page())
    until = short_date(moment.cutoff - timedelta(seconds=1)) if moment.cutoff else "today"
    periods = periods_from_changes(reversed(changes), moment.reference, until)
    return {
        "channel": channel,
        "state": channel.state_at,  # type: ignore[attr-defined]
        "state_label": State(channel.state_at).label,  # type: ignore[attr-defined]
        "since": channel.since_at,  # type: ignore[attr-defined]
        "held": held_for(channel.since_at, moment.reference),  # type: ignore[attr-defined]
        "freshness": Freshness.of(channel, moment.reference),
        "moment": moment,
        "changes": changes,
        "timeline": timeline_of(periods),
        "stats": channel_stats(periods, moment.reference),
        "travel": Travel(moment, change_nav(history, moment), channel.get_absolute_url(), {}),
        "states": State.choices,
        "live_url": "" if moment.day else live_url(channel),
    }


def channel_detail(request: HttpRequest, pair: str, kind: str) -> HttpResponseBase:
    moment, at_error = read_moment(request.GET, timezone.now())
    channel = channel_as_of(pair, kind, moment)
    if (pair, kind) != (channel.pair.slug, channel.kind):
        return redirect(url_with(channel.get_absolute_url(), {"at": moment.at}), permanent=True)
    context = {**channel_context(channel, moment), "errors": [at_error] if at_error else []}
    return render(request, "channels/channel_detail.html", context, status=400 if at_error else 200)


def channel_live(request: HttpRequest, pair: str, kind: str) -> HttpResponse:
    moment, _ = read_moment(request.GET, timezone.now())
    channel = channel_as_of(pair, kind, moment)
    return render(request, "channels/_channel_live.html", channel_context(channel, moment))
