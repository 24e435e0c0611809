"""The channel page's timeline strip: periods of one state, laid out over the tracked time.

Pure functions over a channel's changes (oldest first); the SVG itself is the template
`channels/_timeline.html`, so everything in it is autoescaped. Geometry is in percent of
the strip's width, which keeps the SVG crisp at any width without scaling its text.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from math import ceil
from typing import Protocol

from django.utils import timezone

from .models.choices import State

MAX_TICKS = 8


class ChangeLike(Protocol):
    new_state: str
    effective_at: datetime


@dataclass(frozen=True)
class Period:
    """A stretch of time in one state; the last one runs to "now" (`ongoing`)."""

    state: str
    start: datetime
    end: datetime
    ongoing: bool = False

    @property
    def label(self) -> str:
        return State(self.state).label

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def title(self) -> str:
        until = "today" if self.ongoing else short_date(self.end)
        length = f"{self.days} day{'' if self.days == 1 else 's'}"
        return f"{self.label}: {short_date(self.start)} – {until} ({length})"


@dataclass(frozen=True)
class Segment:
    period: Period
    x: float  # percent of the strip's width
    width: float

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


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
    def summary(self) -> str:
        """The SVG's aria-label: the whole strip in one sentence."""
        count = len(self.segments)
        current = self.current
        return (
            f"Timeline of {count} period{'' if count == 1 else 's'} from "
            f"{short_date(self.start)} to today; {current.label.lower()} since "
            f"{short_date(current.start)}. Each change is listed in the history below."
        )


def short_date(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.day} {local:%b %Y}"


def periods_from_changes(changes: Iterable[ChangeLike], now: datetime) -> list[Period]:
    """One period per change (oldest first): from its date to the next change, or to now."""
    ordered = list(changes)
    periods = []
    for index, change in enumerate(ordered):
        following = ordered[index + 1] if index + 1 < len(ordered) else None
        end = following.effective_at if following else max(now, change.effective_at)
        periods.append(Period(change.new_state, change.effective_at, end, following is None))
    return periods


def layout(periods: Sequence[Period]) -> list[Segment]:
    """Widths proportional to each period's duration over the whole tracked span."""
    start, end = periods[0].start, periods[-1].end
    total = (end - start).total_seconds()
    if total <= 0:
        return [
            Segment(p, 0.0, 100.0 if i == len(periods) - 1 else 0.0) for i, p in enumerate(periods)
        ]
    return [
        Segment(
            p,
            (p.start - start).total_seconds() / total * 100,
            (p.end - p.start).total_seconds() / total * 100,
        )
        for p in periods
    ]


def year_ticks(start: datetime, end: datetime) -> list[Tick]:
    """1 January of each year inside the span, thinned to at most MAX_TICKS labels."""
    total = (end - start).total_seconds()
    if total <= 0:
        return []
    tz = timezone.get_current_timezone()
    years = range(timezone.localtime(start).year + 1, timezone.localtime(end).year + 1)
    step = max(1, ceil(len(years) / MAX_TICKS))
    ticks = []
    for year in years[::step]:
        moment = datetime(year, 1, 1, tzinfo=tz)
        ticks.append(Tick((moment - start).total_seconds() / total * 100, str(year)))
    return ticks


def build_timeline(changes: Iterable[ChangeLike], now: datetime) -> Timeline | None:
    """The strip for a channel's history (oldest first), or None before its first change."""
    periods = periods_from_changes(changes, now)
    if not periods:
        return None
    start, end = periods[0].start, periods[-1].end
    return Timeline(layout(periods), year_ticks(start, end), start, end)
