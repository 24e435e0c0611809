"""The channel page's timeline strip: periods of one state, laid out over the tracked time.

Pure functions over a channel's changes (oldest first); the SVG itself is the template
`channels/_timeline.html`, so everything in it is autoescaped. Geometry is in percent of
the strip's width, which keeps the SVG crisp at any width without scaling its text; the
tooltips are in pixels (an SVG without a viewBox counts user units in CSS pixels).
"""

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from math import ceil
from typing import Protocol

from django.utils import timezone

from ..models.choices import State

MAX_TICKS = 8
# The narrowest a period is drawn, in percent of the strip: a suspension of a few hours in a
# history of decades is still a visible (and clickable) mark, about 5 px on a phone.
MIN_WIDTH = 1.5
# The tooltip's note is wrapped on the server: SVG text does not wrap, and the tooltip must
# fit a 360 px screen (its box is at most 300 px wide: about 38 characters of 12 px text).
TIP_CHARS = 38
TIP_NOTE_LINES = 4
TIP_TOP = 46
TIP_LINE = 17


class ChangeLike(Protocol):
    new_state: str
    effective_at: datetime
    note: str

    @property
    def pk(self) -> int | None: ...  # read-only: a saved model's pk is an int


@dataclass(frozen=True)
class Period:
    """A stretch of time in one state; the last one runs to the end of the strip (`ongoing`),
    "today" or the date the page travels to (`until`)."""

    state: str
    start: datetime
    end: datetime
    ongoing: bool = False
    note: str = ""
    change_id: int | None = None
    until: str = "today"

    @property
    def label(self) -> str:
        return State(self.state).label

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def length(self) -> str:
        return f"{self.days} day{'' if self.days == 1 else 's'}"

    @property
    def dates(self) -> str:
        until = self.until if self.ongoing else short_date(self.end)
        return f"{short_date(self.start)} – {until}"

    @property
    def title(self) -> str:
        return f"{self.label}: {self.dates} ({self.length})"

    @property
    def description(self) -> str:
        """What a screen reader hears on the period's link: its title, then its note."""
        return f"{self.title}. {self.note}" if self.note else self.title

    @property
    def note_lines(self) -> list[str]:
        lines = textwrap.wrap(" ".join(self.note.split()), TIP_CHARS)
        if len(lines) > TIP_NOTE_LINES:
            lines = lines[:TIP_NOTE_LINES]
            lines[-1] = lines[-1][: TIP_CHARS - 1].rstrip() + "…"
        return lines


@dataclass(frozen=True)
class Segment:
    period: Period
    x: float  # percent of the strip's width
    width: float

    @property
    def centre(self) -> float:
        return self.x + self.width / 2

    @property
    def tip_lines(self) -> list[tuple[int, str, str]]:
        """(y, css class, text) of the tooltip's lines: state, dates, then the note."""
        texts = [
            ("tl-tip__state", self.period.label),
            ("tl-tip__dates", f"{self.period.dates} · {self.period.length}"),
        ]
        texts += [("tl-tip__note", line) for line in self.period.note_lines]
        return [(TIP_TOP + 22 + i * TIP_LINE, cls, text) for i, (cls, text) in enumerate(texts)]

    @property
    def tip_height(self) -> int:
        return 14 + len(self.tip_lines) * TIP_LINE

    @property
    def tip_top(self) -> int:
        return TIP_TOP


@dataclass(frozen=True)
class Tick:
    x: float
    label: str

    @property
    def anchor(self) -> str:
        """Labels at the ends of the strip hang inwards instead of being cut off."""
        return "start" if self.x < 4 else "end" if self.x > 96 else "middle"


@dataclass(frozen=True)
class Timeline:
    segments: list[Segment]
    ticks: list[Tick]
    start: datetime
    end: datetime

    @property
    def current(self) -> Period:
        return self.segments[-1].period

    @property
    def until(self) -> str:
        return self.current.until

    @property
    def summary(self) -> str:
        """The strip's accessible name: the whole of it in one sentence."""
        count = len(self.segments)
        current = self.current
        return (
            f"Timeline of {count} period{'' if count == 1 else 's'} from "
            f"{short_date(self.start)} to {current.until}; {current.label.lower()} since "
            f"{short_date(current.start)}. Each change is listed in the history below."
        )


def short_date(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.day} {local:%b %Y}"


def periods_from_changes(
    changes: Iterable[ChangeLike], now: datetime, until: str = "today"
) -> list[Period]:
    """One period per change (oldest first): from its date to the next change, or to `now`
    (which `until` names: "today", or the date a page travels to)."""
    ordered = list(changes)
    periods = []
    for index, change in enumerate(ordered):
        following = ordered[index + 1] if index + 1 < len(ordered) else None
        end = following.effective_at if following else max(now, change.effective_at)
        periods.append(
            Period(
                change.new_state,
                change.effective_at,
                end,
                following is None,
                note=change.note,
                change_id=change.pk,
                until=until,
            )
        )
    return periods


def layout(periods: Sequence[Period]) -> list[Segment]:
    """Widths proportional to each period's duration over the whole tracked span, but none
    narrower than MIN_WIDTH (the others give up that room in proportion)."""
    start, end = periods[0].start, periods[-1].end
    total = (end - start).total_seconds()
    if total <= 0:
        return [
            Segment(p, 0.0, 100.0 if i == len(periods) - 1 else 0.0) for i, p in enumerate(periods)
        ]
    widths = _at_least(
        [(p.end - p.start).total_seconds() / total * 100 for p in periods], MIN_WIDTH
    )
    segments, x = [], 0.0
    for period, width in zip(periods, widths, strict=True):
        segments.append(Segment(period, x, width))
        x += width
    return segments


def _at_least(widths: list[float], least: float) -> list[float]:
    """The widths (adding up to 100) with each raised to `least`, the wider ones shrunk in
    proportion to make room; as they were if there are too many periods for that."""
    if least * len(widths) >= 100:
        return widths
    raised: set[int] = set()
    while True:
        small = {i for i, w in enumerate(widths) if i not in raised and w < least}
        if not small:
            return [least if i in raised else w for i, w in enumerate(widths)]
        raised |= small
        rest = sum(w for i, w in enumerate(widths) if i not in raised)
        room = 100 - least * len(raised)
        widths = [w if i in raised else w * room / rest for i, w in enumerate(widths)]


def position(segments: Sequence[Segment], moment: datetime) -> float:
    """Where `moment` falls on the strip, in percent: inside the segment of its period."""
    for segment in segments:
        period = segment.period
        if moment <= period.end or segment is segments[-1]:
            span = (period.end - period.start).total_seconds()
            part = (moment - period.start).total_seconds() / span if span > 0 else 0.0
            return segment.x + min(1.0, max(0.0, part)) * segment.width
    return 0.0


def year_ticks(
    start: datetime, end: datetime, segments: Sequence[Segment] | None = None
) -> list[Tick]:
    """1 January of each year inside the span, thinned to at most MAX_TICKS labels; placed
    on `segments` when given (where a widened short period moved them)."""
    total = (end - start).total_seconds()
    if total <= 0:
        return []
    tz = timezone.get_current_timezone()
    years = range(timezone.localtime(start).year + 1, timezone.localtime(end).year + 1)
    step = max(1, ceil(len(years) / MAX_TICKS))
    ticks = []
    for year in years[::step]:
        moment = datetime(year, 1, 1, tzinfo=tz)
        x = (
            position(segments, moment)
            if segments
            else (moment - start).total_seconds() / total * 100
        )
        ticks.append(Tick(x, str(year)))
    return ticks


def timeline_of(periods: Sequence[Period]) -> Timeline | None:
    if not periods:
        return None
    start, end = periods[0].start, periods[-1].end
    segments = layout(periods)
    return Timeline(segments, year_ticks(start, end, segments), start, end)


def build_timeline(
    changes: Iterable[ChangeLike], now: datetime, until: str = "today"
) -> Timeline | None:
    """The strip for a channel's history (oldest first), or None before its first change."""
    return timeline_of(periods_from_changes(changes, now, until))
