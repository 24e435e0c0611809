"""Trends (`/trends/`, and a panel on the dashboard): how many channels were open, limited,
suspended, severed or unknown on every day since the earliest change, overall or of one kind
(`?kind=`), as a stacked step chart drawn on the server like the channel timeline.

One query per view whatever the length of the history: the day-by-day moves from the daily
summary the change writer maintains (models.TrendDay, equal to what
Channel.objects.transitions_by_day computes from the history), summed here into the counts.
Every channel counts on every day, as unknown until its first change, as the dashboard shows
it on a past date.
"""

from bisect import bisect_right
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from itertools import pairwise
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from ..models import Kind, State, TrendDay
from .channel_timeline import Tick, year_ticks
from .public import read_some_filters, url_with

# Bottom to top of the stack: the working channels at the base, the unassessed on top.
STACK = [State.OPEN, State.LIMITED, State.SUSPENDED, State.SEVERED, State.UNKNOWN]
STACK_VALUES = [s.value for s in STACK]  # plain str: an enum member's .value is slow to read
PLOT_WIDTH = 1000  # units of the areas' viewBox, stretched to the chart's width
MAX_POINTS = 500  # steps drawn at most (two units of the viewBox each): all a chart can show
MARKER_ROW = 18  # px: markers' numbers closer than MARKER_GAP percent go on another row
MARKER_GAP = 6.0
# `?period=`: how far back the chart goes ("all": since the earliest change).
PERIODS = {"all": None, "10y": 3653, "5y": 1826, "1y": 365}
PERIOD_LABELS = {"all": "All time", "10y": "10 years", "5y": "5 years", "1y": "1 year"}
TIP_LINE = 17  # units of the areas' viewBox, stretched to the chart's width
NOTABLE = 5
TABLE_ROWS = 60
# Clickable columns per chart width (CSS shows one set): each at least 24 px wide (WCAG 2.5.8)
# at the narrowest width of its media query.
COLUMN_SETS = {"narrow": 10, "medium": 20, "wide": 30}
# The dashboard's panel: ten years by month, with fewer columns (a year or so each; the
# trends page has the detail), so that the dashboard stays light.
PANEL_PERIOD = "10y"
PANEL_COLUMNS = {"narrow": 5, "medium": 8, "wide": 10}


@dataclass(frozen=True)
class Step:
    """The counts from `day` on, until the next step, and the moves that made them."""

    day: date
    counts: dict[str, int]
    moves: list[tuple[str, str, int]]  # (before, after, channels); before "": first assessment

    @property
    def changed(self) -> int:
        """Channels whose state changed that day (first assessments left out)."""
        return sum(n for before, _, n in self.moves if before)

    def rows(self) -> list[tuple[str, str, int]]:
        return [(s.value, s.label, self.counts[s]) for s in STACK]


@dataclass(frozen=True)
class Trends:
    total: int
    steps: list[Step]  # oldest first
    today: date
    # By month (the dashboard's panel): each step a month with the counts at its end, and
    # the notable days read on their own (`busiest`).
    monthly: bool = False
    busiest: list[Step] | None = None

    @property
    def start(self) -> date:
        return self.steps[0].day

    @property
    def end(self) -> date:
        """The first day after the chart."""
        return max(self.today, self.steps[-1].day) + timedelta(days=1)

    @property
    def current(self) -> Step:
        return self.steps[-1]

    def since(self, day: date) -> "Trends":
        """The same history, shown from `day` on (its first step: the counts in force then)."""
        if day <= self.start:
            return self
        later = [s for s in self.steps if s.day >= day]
        if not later or later[0].day != day:
            later.insert(0, Step(day, self.counts_on(day - timedelta(days=1)), []))
        return replace(self, steps=later)

    @cached_property
    def _days(self) -> list[date]:
        return [s.day for s in self.steps]

    def counts_on(self, day: date) -> dict[str, int]:
        """The counts at the end of `day`."""
        index = bisect_right(self._days, day)
        if index == 0:
            return {s.value: 0 for s in STACK} | {State.UNKNOWN.value: self.total}
        return self.steps[index - 1].counts

    def sampled(self, points: int) -> "Trends":
        """At most `points` steps, evenly spread (the counts at the end of each stretch):
        a long history drawn in no more detail than the chart can show."""
        if len(self.steps) <= points:
            return self
        span = (self.end - self.start).days
        days = sorted({self.start + timedelta(days=span * k // points) for k in range(points)})
        return replace(self, steps=[Step(d, self.counts_on(d), []) for d in days])

    def notable(self) -> list[Step]:
        """The days when the most channels changed state, by date."""
        if self.busiest is not None:
            return self.busiest
        busy = sorted((s for s in self.steps if s.changed), key=lambda s: (-s.changed, s.day))
        return sorted(busy[:NOTABLE], key=lambda s: s.day)


def trends_from(rows: list[tuple[date | None, str, str, int]], today: date) -> Trends | None:
    """The counts on each day of change, from Channel.objects.transitions_by_day()."""
    total = sum(n for day, before, _, n in rows if day is None or not before)
    unknown = State.UNKNOWN.value
    counts = dict.fromkeys(STACK_VALUES, 0) | {unknown: total}
    moves: dict[date, list[tuple[str, str, int]]] = {}
    for day, before, after, n in rows:
        if day is not None:
            moves.setdefault(day, []).append((before, after, n))
    steps = []
    for day in sorted(moves):
        for before, after, n in moves[day]:
            counts[before or unknown] -= n
            counts[after] += n
        steps.append(Step(day, counts.copy(), moves[day]))
    return Trends(total, steps, today) if steps else None


def read_trends(kind: str, today: date) -> Trends | None:
    return trends_from(TrendDay.objects.transitions_by_day(kind), today)


def read_monthly_trends(kind: str, today: date, since: date) -> Trends | None:
    """The trends from `since` on by month, and their notable days (one query, bounded by
    months and days, not by channels or changes): the dashboard's panel."""
    months, days = TrendDay.objects.by_month(kind, since, NOTABLE)
    trends = trends_from(months, today)
    if trends is None:
        return None
    first = trends.steps[0]
    steps = [replace(first, day=max(first.day, since)), *trends.steps[1:]]
    moves: dict[date, list[tuple[str, str, int]]] = {}
    for day, before, after, n in days:
        moves.setdefault(day, []).append((before, after, n))
    trends = replace(trends, steps=steps, monthly=True)
    busiest = [Step(day, trends.counts_on(day), moves[day]) for day in sorted(moves)]
    return replace(trends, busiest=busiest)


# --- the chart ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Layer:
    state: str
    label: str
    d: str  # the area's path in the plot's viewBox


@dataclass(frozen=True)
class Column:
    """A clickable slice of the chart: opens the dashboard at its last day."""

    x: float  # percent
    width: float
    day: date
    counts: list[tuple[str, str, int]]
    url: str
    top: int  # px: where the plot begins

    @property
    def centre(self) -> float:
        return self.x + self.width / 2

    @property
    def tip_lines(self) -> list[tuple[int, str, str]]:
        """(y, css class, text): the date, then each state's count."""
        lines = [("tl-tip__state", f"{self.day:%-d %b %Y}")]
        lines += [("tl-tip__dates", f"{label}: {n}") for _, label, n in self.counts]
        return [(self.top + 24 + i * TIP_LINE, cls, text) for i, (cls, text) in enumerate(lines)]

    @property
    def tip_height(self) -> int:
        return 14 + len(self.tip_lines) * TIP_LINE

    @property
    def description(self) -> str:
        parts = ", ".join(f"{n} {label.lower()}" for _, label, n in self.counts)
        return f"{self.day:%-d %b %Y}: {parts}. Open the dashboard on that date."


@dataclass(frozen=True)
class Marker:
    number: int
    x: float
    step: Step
    url: str
    row: int = 0  # of the numbers above the plot, so that close ones do not overlap

    @property
    def y(self) -> int:
        return 10 + self.row * MARKER_ROW

    @property
    def moves(self) -> list[str]:
        """ "2 open → suspended": what changed that day, largest first."""
        found = sorted(
            ((n, before, after) for before, after, n in self.step.moves if before),
            key=lambda m: (-m[0], m[1], m[2]),
        )
        return [f"{n} {State(b).label.lower()} → {State(a).label.lower()}" for n, b, a in found]


@dataclass(frozen=True)
class Gridline:
    y: float  # px from the top of the chart
    label: str

    @property
    def label_y(self) -> float:
        """Above the line at the bottom, below it elsewhere."""
        return self.y - 4 if self.label == "0" else self.y + 13


@dataclass(frozen=True)
class Chart:
    trends: Trends
    height: int
    layers: list[Layer]
    columns: dict[str, list[Column]]
    markers: list[Marker]
    ticks: list[Tick]
    gridlines: list[Gridline]
    kind: str
    top: int  # px above the plot, for the markers' numbers
    figures: str = "the table below"  # where the figures are in words

    @property
    def bottom(self) -> int:
        return self.top + self.height

    @property
    def svg_height(self) -> int:
        return self.bottom + 24

    @property
    def summary(self) -> str:
        c = self.trends.current
        now = ", ".join(f"{n} {label.lower()}" for _, label, n in c.rows() if n)
        what = f"{self.kind} channels" if self.kind else "channels"
        return (
            f"Stacked chart of the {self.trends.total} {what} by state, from "
            f"{self.trends.start:%-d %b %Y} to today ({now}). Each part of the chart opens the "
            f"dashboard on its date; {self.figures} gives the figures."
        )


def _x(day: date, trends: Trends) -> float:
    return (day - trends.start).days / (trends.end - trends.start).days * 100


def _layers(trends: Trends, height: int) -> list[Layer]:
    """One area per state, stacked in STACK order, as step paths (x in PLOT_WIDTH units)."""
    scale = height / max(trends.total, 1)
    xs = [_x(s.day, trends) * PLOT_WIDTH / 100 for s in trends.steps] + [PLOT_WIDTH]
    below = [0] * len(trends.steps)
    layers = []
    for state in STACK:
        above = [b + s.counts[state] for b, s in zip(below, trends.steps, strict=True)]
        if any(a != b for a, b in zip(above, below, strict=True)):
            layers.append(Layer(state.value, state.label, _area(xs, below, above, height, scale)))
        below = above
    return layers


def _area(xs: list[float], lower: list[int], upper: list[int], height: int, scale: float) -> str:
    """The area between two step lines: along `upper` left to right, back along `lower`.
    Whole units (a pixel or so), and a run of equal values drawn as one line: the path's
    length follows the changes in the layer, not the number of steps."""

    def y(n: int) -> int:
        return round(height - n * scale)

    def line(points: list[tuple[float, int]]) -> str:
        """Horizontal-then-vertical moves through (x, y) points, runs merged."""
        out, here, pending = [], points[0][1], None
        for x, level in points[1:]:
            if level != here:
                out.append(f"H{pending:.0f}V{level}" if pending is not None else f"V{level}")
                here, pending = level, None
            pending = x
        if pending is not None:
            out.append(f"H{pending:.0f}")
        return "".join(out)

    n = len(upper)
    top = [(xs[0], y(upper[0]))] + [(xs[i + 1], y(upper[i])) for i in range(n)]
    back = [(xs[n], y(upper[-1]))] + [(xs[i], y(lower[i])) for i in range(n - 1, -1, -1)]
    return f"M{xs[0]:.0f} {y(upper[0])}" + line(top) + line(back) + "Z"


def _edges(trends: Trends, count: int) -> list[date]:
    """Where the columns begin, and the day after the chart: evenly spread, at the start of
    a month when the trends are by month (so that each column's last day has its counts)."""
    span = (trends.end - trends.start).days
    count = min(count, span)
    edges = [trends.start + timedelta(days=span * i // count) for i in range(count)]
    if trends.monthly:
        months = {d.replace(day=1) for d in edges[1:]}
        edges = sorted({trends.start, *(d for d in months if d > trends.start)})
    return [*edges, trends.end]


def _columns(trends: Trends, count: int, kind: str, top: int) -> list[Column]:
    dashboard = reverse("dashboard")
    columns = []
    for first, following in pairwise(_edges(trends, count)):
        last = following - timedelta(days=1)
        counts = trends.counts_on(last)
        rows = [(s.value, s.label, counts[s]) for s in STACK]
        url = url_with(dashboard, {"kind": kind, "at": last.isoformat()})
        x = _x(first, trends)
        width = _x(last + timedelta(days=1), trends) - x
        columns.append(Column(x, width, last, rows, url, top))
    return columns


def _gridlines(total: int, height: int, top: int) -> list[Gridline]:
    values = sorted({0, total // 2, total}) if total > 1 else [0, total]
    return [Gridline(top + height - v * height / max(total, 1), str(v)) for v in values]


def _markers(trends: Trends, kind: str) -> list[Marker]:
    """The notable days, numbered by date, each on the row `marker_rows` gives it."""
    dashboard = reverse("dashboard")
    notable = trends.notable()
    xs = [_x(step.day, trends) for step in notable]
    return [
        Marker(
            number, x, step, url_with(dashboard, {"kind": kind, "at": step.day.isoformat()}), row
        )
        for number, (step, x, row) in enumerate(zip(notable, xs, marker_rows(xs), strict=True), 1)
    ]


def marker_rows(xs: list[float]) -> list[int]:
    """The row of each number above the plot (x in percent of its width, in date order): the
    first row with no number closer than MARKER_GAP before it, so that no two overlap at any
    width (a row per number at worst: there are NOTABLE of them)."""
    rows: list[int] = []
    for i, x in enumerate(xs):
        taken = {row for other, row in zip(xs[:i], rows, strict=True) if x - other < MARKER_GAP}
        rows.append(next(r for r in range(len(xs)) if r not in taken))
    return rows


def build_chart(
    trends: Trends,
    *,
    height: int = 180,
    kind: str = "",
    figures: str = "the table below",
    columns: dict[str, int] = COLUMN_SETS,
) -> Chart:
    markers = _markers(trends, kind)
    top = 22 + MARKER_ROW * max((m.row for m in markers), default=0)
    start = datetime.combine(trends.start, datetime.min.time(), tzinfo=UTC)
    end = datetime.combine(trends.end, datetime.min.time(), tzinfo=UTC)
    return Chart(
        trends,
        height,
        _layers(trends.sampled(MAX_POINTS), height),
        {name: _columns(trends, n, kind, top) for name, n in columns.items()},
        markers,
        year_ticks(start, end),
        _gridlines(trends.total, height, top),
        kind,
        top,
        figures,
    )


def table_rows(trends: Trends, kind: str) -> list[tuple[Step, str]]:
    dashboard = reverse("dashboard")
    newest = list(reversed(trends.steps))[:TABLE_ROWS]
    return [(s, url_with(dashboard, {"kind": kind, "at": s.day.isoformat()})) for s in newest]


# --- the views -------------------------------------------------------------------------------


def trends_context(
    kind: str, period: str = "all", *, height: int = 180, figures: str = "the table below"
) -> dict[str, Any]:
    today = timezone.now().astimezone(UTC).date()
    trends = read_trends(kind, today)
    days = PERIODS[period]
    if trends and days:
        trends = trends.since(today - timedelta(days=days))
    chart = build_chart(trends, height=height, kind=kind, figures=figures) if trends else None
    return {"trends": trends, "chart": chart, "kind": kind, "period": period}


def trends_panel_context(kind: str, *, height: int = 120) -> dict[str, Any]:
    """The dashboard's panel: the last ten years by month (views read by every visitor
    after each change must not grow with the history)."""
    today = timezone.now().astimezone(UTC).date()
    trends = read_monthly_trends(kind, today, today - timedelta(days=PERIODS[PANEL_PERIOD] or 0))
    chart = (
        build_chart(
            trends, height=height, kind=kind, figures="the trends page", columns=PANEL_COLUMNS
        )
        if trends
        else None
    )
    return {"trends": trends, "chart": chart, "kind": kind, "period": PANEL_PERIOD}


def read_period(raw: str) -> tuple[str, list[str]]:
    text = raw.strip().lower()
    if not text or text in PERIODS:
        return text or "all", []
    return "all", [f"Unknown period “{text[:40]}”: choose {', '.join(PERIODS)}."]


def trends_page(request: HttpRequest) -> HttpResponse:
    filters, errors = read_some_filters(request.GET, ("kind",))
    period, period_errors = read_period(request.GET.get("period", ""))
    errors += period_errors
    kind = filters.kind
    context = trends_context(kind, period)
    trends = context["trends"]
    context |= {
        "errors": errors,
        "kinds": Kind.choices,
        "periods": PERIOD_LABELS.items(),
        "rows": table_rows(trends, kind) if trends else [],
        "stack": [(s.value, s.label) for s in STACK],
    }
    return render(request, "channels/trends.html", context, status=400 if errors else 200)
