"""Statistics of one channel's history, for its page: pure functions over its periods.

A period is a stretch of time in one state (timeline.Period, oldest first, the last one
running to "now" or to the date the page travels to). A channel is *cut* while suspended or
severed; it is *restored* when a cut ends (it opens again, or works in part).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from ..models.choices import State
from .channel_timeline import Period

CUT_STATES = frozenset({State.SUSPENDED, State.SEVERED})
DAY_SECONDS = 86400


@dataclass(frozen=True)
class YearShare:
    """The share of a calendar year (UTC) spent in each state, over the part of it tracked.

    `last` is the final year of a run of identical years folded into one row (see
    `fold_years`); it equals `year` otherwise."""

    year: int
    days: float
    shares: dict[str, float] = field(default_factory=dict)
    last: int | None = None

    @property
    def label(self) -> str:
        return str(self.year) if self.last in (None, self.year) else f"{self.year}–{self.last}"

    def share(self, state: str) -> float:
        return self.shares.get(state, 0.0)


@dataclass(frozen=True)
class ShareCell:
    """One state's part of a year row, with where it starts in the row's stacked bar."""

    state: str
    fraction: float
    offset: float

    @property
    def percent(self) -> float:
        return self.fraction * 100

    @property
    def offset_percent(self) -> float:
        return self.offset * 100


def share_cells(row: YearShare, states: Sequence[str]) -> list[ShareCell]:
    cells, offset = [], 0.0
    for state in states:
        cells.append(ShareCell(state, row.share(state), offset))
        offset += row.share(state)
    return cells


@dataclass(frozen=True)
class Stretch:
    """Consecutive periods in cut states (suspended then severed counts as one stretch)."""

    start: datetime
    end: datetime
    ongoing: bool

    @property
    def length(self) -> timedelta:
        return self.end - self.start

    @property
    def days(self) -> int:
        return self.length.days


@dataclass(frozen=True)
class ChannelStats:
    years: list[YearShare]
    states: list[str]  # the states that appear in the history, in severity order
    longest_cut: Stretch | None
    average_restore: timedelta | None
    restored_count: int
    days_since_last_change: int | None

    @property
    def columns(self) -> list[tuple[str, str]]:
        return [(state, State(state).label) for state in self.states]

    @property
    def rows(self) -> list[tuple[YearShare, list[ShareCell]]]:
        return [(row, share_cells(row, self.states)) for row in self.years]


def _year_start(year: int) -> datetime:
    return datetime(year, 1, 1, tzinfo=UTC)


def year_shares(periods: Sequence[Period]) -> list[YearShare]:
    """One row per calendar year from the first period's start to the last period's end."""
    if not periods:
        return []
    first = periods[0].start.astimezone(UTC).year
    last_moment = periods[-1].end.astimezone(UTC)
    last = last_moment.year
    if last_moment == _year_start(last) and last > first:
        last -= 1  # a span ending at midnight on 1 January has nothing in that year
    rows = []
    for year in range(first, last + 1):
        lo, hi = _year_start(year), _year_start(year + 1)
        seconds: dict[str, float] = {}
        for period in periods:
            overlap = (min(hi, period.end) - max(lo, period.start)).total_seconds()
            if overlap > 0:
                seconds[period.state] = seconds.get(period.state, 0.0) + overlap
        total = sum(seconds.values())
        shares = {state: s / total for state, s in seconds.items()} if total else {}
        rows.append(YearShare(year, total / DAY_SECONDS, shares))
    return rows


def _whole(row: YearShare) -> str | None:
    """The state a row spent all of its tracked time in, if just one."""
    return next(iter(row.shares)) if len(row.shares) == 1 else None


def fold_years(rows: Sequence[YearShare]) -> list[YearShare]:
    """Runs of whole years spent entirely in one state become one row (labelled 1962-2014),
    so a history of decades stays a short table."""
    folded: list[YearShare] = []
    for row in rows:
        previous = folded[-1] if folded else None
        if previous and _whole(row) and _whole(row) == _whole(previous):
            folded[-1] = YearShare(
                previous.year, previous.days + row.days, previous.shares, row.year
            )
        else:
            folded.append(row)
    return folded


def cut_stretches(periods: Sequence[Period]) -> list[Stretch]:
    stretches: list[Stretch] = []
    start: datetime | None = None
    for index, period in enumerate(periods):
        cut = period.state in CUT_STATES
        if cut and start is None:
            start = period.start
        following = periods[index + 1] if index + 1 < len(periods) else None
        if start is not None and (following is None or following.state not in CUT_STATES):
            stretches.append(Stretch(start, period.end, following is None and period.ongoing))
            start = None
    return stretches


def longest_cut(periods: Sequence[Period]) -> Stretch | None:
    """The longest time suspended or severed; the earliest one on a tie."""
    stretches = cut_stretches(periods)
    return max(stretches, key=lambda s: s.end - s.start) if stretches else None


def restore_times(periods: Sequence[Period]) -> list[timedelta]:
    """How long each cut that has ended lasted before the channel worked again."""
    return [s.end - s.start for s in cut_stretches(periods) if not s.ongoing]


def average_restore(periods: Sequence[Period]) -> timedelta | None:
    times = restore_times(periods)
    return sum(times, timedelta()) / len(times) if times else None


def days_since_last_change(periods: Sequence[Period], end: datetime) -> int | None:
    return (end - periods[-1].start).days if periods else None


def states_present(periods: Sequence[Period]) -> list[str]:
    seen = {p.state for p in periods}
    return [s.value for s in State if s.value in seen]


def channel_stats(periods: Sequence[Period], end: datetime) -> ChannelStats:
    """Every statistic the channel page shows, for periods ending at `end`."""
    return ChannelStats(
        years=fold_years(year_shares(periods)),
        states=states_present(periods),
        longest_cut=longest_cut(periods),
        average_restore=average_restore(periods),
        restored_count=len(restore_times(periods)),
        days_since_last_change=days_since_last_change(periods, end),
    )
