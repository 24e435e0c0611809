"""The timeline strip's geometry, from a list of changes (oldest first)."""

from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import pairwise

import pytest

from channels_app.timeline import build_timeline, periods_from_changes, year_ticks

NOW = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass
class FakeChange:
    new_state: str
    effective_at: datetime


def day(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, tzinfo=UTC)


def changes(*pairs: tuple[str, datetime]) -> list[FakeChange]:
    return [FakeChange(state, when) for state, when in pairs]


def test_there_is_one_period_per_change_in_order():
    history = changes(("open", day(2020, 1, 1)), ("suspended", day(2022, 8, 5)))
    periods = periods_from_changes(history, NOW)
    assert [(p.state, p.start, p.end) for p in periods] == [
        ("open", day(2020, 1, 1), day(2022, 8, 5)),
        ("suspended", day(2022, 8, 5), NOW),
    ]


def test_the_last_period_runs_to_now_and_only_it_is_ongoing():
    history = changes(("open", day(2020, 1, 1)), ("limited", day(2024, 1, 1)))
    periods = periods_from_changes(history, NOW)
    assert periods[-1].end == NOW
    assert [p.ongoing for p in periods] == [False, True]


def test_widths_are_proportional_to_duration():
    # 2 years open, then 1 year suspended, then 1 year (to now) open.
    history = changes(
        ("open", day(2021, 1, 1)), ("suspended", day(2023, 1, 1)), ("open", day(2024, 12, 31))
    )
    timeline = build_timeline(history, day(2025, 12, 31))
    widths = [s.width for s in timeline.segments]
    total_days = (day(2025, 12, 31) - day(2021, 1, 1)).days
    assert widths == pytest.approx(
        [730 / total_days * 100, 730 / total_days * 100, 365 / total_days * 100]
    )


def test_segments_tile_the_strip_from_zero_to_one_hundred_percent():
    history = changes(
        ("open", day(2020, 1, 1)), ("severed", day(2021, 3, 4)), ("limited", day(2023, 7, 9))
    )
    segments = build_timeline(history, NOW).segments
    assert segments[0].x == 0
    for left, right in pairwise(segments):
        assert left.x + left.width == pytest.approx(right.x)
    assert segments[-1].x + segments[-1].width == pytest.approx(100)


def test_a_single_change_made_now_fills_the_whole_strip():
    timeline = build_timeline(changes(("open", NOW)), NOW)
    assert [(s.x, s.width) for s in timeline.segments] == [(0.0, 100.0)]


def test_there_is_no_timeline_before_the_first_change():
    assert build_timeline([], NOW) is None


def test_a_period_title_gives_its_state_and_dates():
    history = changes(("open", day(2020, 1, 1)), ("suspended", day(2022, 8, 5)))
    first, last = periods_from_changes(history, NOW)
    assert first.title == "Open: 1 Jan 2020 – 5 Aug 2022 (947 days)"
    assert last.title.startswith("Suspended: 5 Aug 2022 – today")


def test_year_ticks_fall_on_the_first_of_january_inside_the_span():
    ticks = year_ticks(day(2022, 8, 5), day(2024, 8, 5))
    span = (day(2024, 8, 5) - day(2022, 8, 5)).total_seconds()
    assert [t.label for t in ticks] == ["2023", "2024"]
    expected = (day(2023, 1, 1) - day(2022, 8, 5)).total_seconds() / span * 100
    assert ticks[0].x == pytest.approx(expected)


def test_year_ticks_are_thinned_over_a_long_span():
    ticks = year_ticks(day(1990, 1, 1), day(2026, 1, 1))
    assert 1 < len(ticks) <= 8


def test_the_summary_names_the_current_state_and_its_start():
    history = changes(("open", day(2020, 1, 1)), ("suspended", day(2022, 8, 5)))
    summary = build_timeline(history, NOW).summary
    assert "2 periods from 1 Jan 2020 to today" in summary
    assert "suspended since 5 Aug 2022" in summary
