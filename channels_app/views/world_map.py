"""The world map (`/map/`, and on each country page): every country shaded by the most severe
state of its channels, or, for one country (`?country=cn`), its partners shaded by the state
of their channels with it; `?kind=` keeps one kind, `?at=` travels in time.

Drawn on the server as SVG from the shapes in channels_app/geo (no script, tile server or
CDN), from the same as_of() query as the dashboard; a table says the same in words.
"""

import html
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django_countries import countries
from django_countries.fields import Country

from ..geo.world import Box, Shape, world
from ..models import Channel, Kind, State, StateChange
from ..models.choices import most_severe
from ..templatetags.tracker_tags import pct, state_badge
from ..values import Moment, country_name
from .public import (
    Entry,
    Filters,
    Travel,
    change_nav,
    country_options,
    entry,
    read_moment,
    read_some_filters,
    url_with,
)

MAP_FILTERS = ("country", "kind")
MAP_FIELDS = ("country_a", "country_b", "kind")


@dataclass(frozen=True)
class Standing:
    """What the map says of one country: a state and the channels that decide it."""

    country: Country
    state: str
    entries: list[Entry]
    url: str

    # Cached: the map reads each of these two or three times for each of ~250 countries, and a
    # country's name is translated on every call (values.country_name reads one table).
    @cached_property
    def name(self) -> str:
        return country_name(self.country.code)

    @cached_property
    def state_label(self) -> str:
        return State(self.state).label

    @property
    def channel_count(self) -> str:
        n = len(self.entries)
        return f"{n} channel{'' if n == 1 else 's'}"

    @cached_property
    def breakdown(self) -> str:
        """ "2 open, 1 severed": how its channels stand, most severe first."""
        counts: dict[str, int] = {}
        for e in self.entries:
            counts[e.state] = counts.get(e.state, 0) + 1
        order = [State.SEVERED, State.SUSPENDED, State.LIMITED, State.OPEN, State.UNKNOWN]
        return ", ".join(f"{counts[s]} {s.label.lower()}" for s in order if s in counts)


@dataclass(frozen=True)
class Spot:
    """One shape on the map, with what it says (`standing`; None: nothing tracked)."""

    shape: Shape
    standing: Standing | None
    selected: bool
    x: float  # the shape's centre, in percent of the view (its tooltip's place)
    y: float

    @property
    def state(self) -> str:
        return self.standing.state if self.standing else "none"

    @cached_property
    def name(self) -> str:
        return self.standing.name if self.standing else self.shape.name

    @property
    def anchor(self) -> str:
        """Its id in the page (only shaded countries, which all have a code, need one)."""
        return self.shape.code.lower()

    @cached_property
    def tip(self) -> str:
        if self.selected:
            return f"{self.name} (selected)"
        if self.standing is None:
            return f"{self.name}: no channel tracked"
        s = self.standing
        return f"{self.name}: {s.state_label.lower()} · {s.breakdown}"


@dataclass(frozen=True)
class WorldMap:
    spots: list[Spot]
    view: Box
    standings: list[Standing]  # the table: by name
    focus: Country | None = None  # partners mode: the selected country
    kind: str = ""
    legend: list[tuple[str, str]] = field(default_factory=list)

    @property
    def view_box(self) -> str:
        v = self.view
        return f"{v.x0} {v.y0} {v.width:.1f} {v.height:.1f}"

    @property
    def linked(self) -> list[Spot]:
        return [s for s in self.spots if s.standing]

    def shapes_markup(self) -> SafeString:
        """The SVG of every spot, as _world_map.html drew it with a template loop (one node
        per attribute of ~250 shapes: most of the page's cold render): a shaded country is a
        link named by its tip, the selected one a group, the others a shape with a title."""
        return mark_safe("".join(_spot_markup(s) for s in self.spots))  # every value escaped

    def tips_markup(self) -> SafeString:
        """The tooltip of every shaded country (shown by CSS on hover and focus)."""
        return mark_safe("".join(_tip_markup(s) for s in self.linked))  # every value escaped

    def table_markup(self) -> SafeString:
        """The rows of the map's table (_world_map_table.html): one per shaded country, with
        its state and its channels (each with its own state around a selected country)."""
        return mark_safe("".join(_row_markup(s, bool(self.focus)) for s in self.standings))

    @property
    def summary(self) -> str:
        """The map's accessible name."""
        what = f"{Kind(self.kind).label.lower()} channels" if self.kind else "channels"
        if self.focus:
            return (
                f"World map of {self.focus.name}'s partners, each shaded by the state of its "
                f"{what} with {self.focus.name}; each is listed below."
            )
        return (
            f"World map of the countries with tracked {what}, each shaded by the most severe "
            "state among them; each is listed in the table below."
        )


def _v(value: object) -> str:
    """A value as the template engine shows it: localised, then escaped. A plain string (most
    of the ~4,000 values of a map) is escaped as Django's escape() does, without its lazy
    wrapper's cost."""
    if type(value) is str:
        return html.escape(value)
    shown = cast(str, localize(value))  # a str (or a SafeString, left as it is)
    return str(conditional_escape(shown))


def _shape(spot: Spot, kind: str, title: str) -> str:
    shape = spot.shape
    if shape.is_point:
        x, y = shape.centre
        attrs = (
            f'class="wm-shape wm-shape--{kind} wm-shape--point" cx="{_v(x)}" cy="{_v(y)}" r="3.5"'
        )
        return f"<circle {attrs}>{title}</circle>" if title else f"<circle {attrs}/>"
    attrs = f'class="wm-shape wm-shape--{kind}" d="{_v(shape.d)}"'
    return f"<path {attrs}>{title}</path>" if title else f"<path {attrs}/>"


def _spot_markup(spot: Spot) -> str:
    end = "\n      "
    if spot.standing:
        return (
            f'<a id="wm-{_v(spot.anchor)}" class="wm-link" href="{_v(spot.standing.url)}" '
            f'aria-label="{_v(spot.tip)}">{_shape(spot, _v(spot.state), "")}</a>{end}'
        )
    title = f"<title>{_v(spot.tip)}</title>"
    if spot.selected:
        return f'<g class="wm-selected">{_shape(spot, "selected", title)}</g>{end}'
    return "" if spot.shape.is_point else _shape(spot, "none", title) + end


def _tip_markup(spot: Spot) -> str:
    assert spot.standing is not None
    above = " wm-tip--above" if spot.y > 62 else ""
    return (
        f'<p class="wm-tip{above}" id="wm-tip-{_v(spot.anchor)}" '
        f'style="--x: {pct(spot.x)}; --y: {pct(spot.y)}" aria-hidden="true">'
        f"<strong>{_v(spot.name)}</strong> "
        f'<span class="wm-tip__state">{_v(spot.standing.state_label)}</span> '
        f'<span class="wm-tip__detail">{_v(spot.standing.breakdown)}</span></p>\n    '
    )


def _row_markup(standing: Standing, partners: bool) -> str:
    if partners:
        kinds = "".join(
            f'<li><a href="{_v(e.url)}">{_v(e.channel.get_kind_display())}</a>: '
            f"{_v(e.state_label.lower())}</li>"
            for e in standing.entries
        )
        channels = f'<ul class="wm-kinds">{kinds}</ul>'
    else:
        channels = f"{_v(standing.channel_count)}: {_v(standing.breakdown)}"
    badge = state_badge(standing.state, standing.state_label)
    return (
        f'\n      <tr class="list__row list__row--{_v(standing.state)}">\n'
        f'        <th scope="row" class="list__channel"><a href="{_v(standing.url)}">'
        f'<span class="flag" aria-hidden="true">{_v(standing.country.unicode_flag)}</span> '
        f"{_v(standing.name)}</a></th>\n"
        f"        <td>{badge}</td>\n"
        f'        <td class="wm-table__channels">{channels}</td>\n      </tr>\n      '
    )


def _standings_by_code(entries: Iterable[Entry], moment: Moment, focus: str) -> dict[str, Standing]:
    """Country code → its entries: every party (world), or every partner of `focus`."""
    grouped: dict[str, list[Entry]] = {}
    for e in entries:
        for code in e.channel.codes:
            if focus and code == focus:
                continue
            grouped.setdefault(code, []).append(e)
    return {
        code: Standing(
            Country(code),
            most_severe(e.state for e in members),
            members,
            url_with(reverse("country-detail", args=[code.lower()]), {"at": moment.at}),
        )
        for code, members in grouped.items()
    }


def build_map(
    entries: list[Entry], moment: Moment, *, focus: str = "", kind: str = "", crop: bool = False
) -> WorldMap:
    """The map of `entries` (channels as of the moment shown): by country, or around `focus`
    (its partners only; `crop`: the view zoomed on it and them)."""
    standings = _standings_by_code(entries, moment, focus)
    shapes = world()
    view = shapes.view_around([focus, *standings]) if crop and focus else shapes.frame
    spots = []
    for shape in shapes.shapes:
        cx, cy = shape.centre
        spots.append(
            Spot(
                shape,
                standings.get(shape.code),
                bool(focus) and shape.code == focus,
                round((cx - view.x0) / view.width * 100, 2),
                round((cy - view.y0) / view.height * 100, 2),
            )
        )
    # Drawn last, on top: shaded countries (their outlines and focus rings), then the selected.
    spots.sort(key=lambda s: (s.selected, s.standing is not None))
    ordered = sorted(standings.values(), key=lambda s: s.name)
    legend = [(s.value, s.label) for s in State]
    return WorldMap(spots, view, ordered, Country(focus) if focus else None, kind, legend)


# --- the page ------------------------------------------------------------------------------


def map_context(filters: Filters, moment: Moment) -> dict[str, Any]:
    channels = Channel.objects.as_of(moment.cutoff, moment.now).matching(
        country=filters.country, kind=filters.kind
    )
    # The map reads a channel's pair, kind and state only: not its texts and dates (a third
    # of the query's time at 1,000 channels).
    shown = channels.for_dashboard().only(*MAP_FIELDS)
    entries = [entry(c, moment) for c in shown]
    params = {"country": filters.country.lower(), "kind": filters.kind}
    changes = StateChange.objects.all()
    if filters.country or filters.kind:
        scope = Channel.objects.matching(country=filters.country, kind=filters.kind)
        changes = changes.filter(channel__in=scope)
    notes = []
    if filters.country and not entries:
        what = f"{filters.kind} channel" if filters.kind else "channel"
        notes.append(f"No {what} of {countries.name(filters.country)} is tracked.")
    return {
        "map": build_map(entries, moment, focus=filters.country, kind=filters.kind),
        "filters": filters,
        "moment": moment,
        "notes": notes,
        "travel": Travel(moment, change_nav(changes, moment), reverse("world-map"), params),
        "kinds": Kind.choices,
        "country_options": country_options(Channel.objects.country_codes()),
        "world_url": url_with(reverse("world-map"), {"kind": filters.kind, "at": moment.at}),
    }


def world_map(request: HttpRequest) -> HttpResponse:
    moment, at_error = read_moment(request.GET, timezone.now())
    filters, errors = read_some_filters(request.GET, MAP_FILTERS)
    errors = [at_error, *errors] if at_error else errors
    context = {**map_context(filters, moment), "errors": errors}
    return render(request, "channels/world_map.html", context, status=400 if errors else 200)
