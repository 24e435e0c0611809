"""The timeline strip's geometry, from a list of changes (oldest first)."""

from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import pairwise

import pytest

from channels_app.views.channel_timeline import (
    MIN_WIDTH,
    TIP_CHARS,
    TIP_NOTE_LINES,
    Period,
    build_timeline,
    periods_from_changes,
    year_ticks,
)

NOW = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass
class FakeChange:
    new_state: str
    effective_at: datetime
    note: str = ""
    pk: int | None = None


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


def test_a_timeline_that_travels_in_time_ends_at_that_date():
    history = changes(("open", day(2020, 1, 1)), ("suspended", day(2022, 8, 5)))
    timeline = build_timeline(history, day(2023, 1, 1), until="31 Dec 2022")
    assert timeline.current.title == "Suspended: 5 Aug 2022 – 31 Dec 2022 (149 days)"
    assert "from 1 Jan 2020 to 31 Dec 2022;" in timeline.summary


def test_each_period_keeps_its_changes_id_and_note():
    history = [FakeChange("open", day(2020, 1, 1), "Talks held.", 7)]
    (period,) = periods_from_changes(history, NOW)
    assert (period.change_id, period.note) == (7, "Talks held.")
    assert period.description == "Open: 1 Jan 2020 – today (2192 days). Talks held."


def test_a_period_without_a_note_is_described_by_its_title():
    (period,) = periods_from_changes(changes(("open", day(2020, 1, 1))), NOW)
    assert period.description == period.title


def test_a_long_note_is_wrapped_and_cut_for_the_tooltip():
    note = " ".join(["negotiations"] * 40)
    lines = Period("open", day(2020, 1, 1), NOW, note=note).note_lines
    assert len(lines) == TIP_NOTE_LINES
    assert all(len(line) <= TIP_CHARS for line in lines)
    assert lines[-1].endswith("…")


def test_a_short_note_is_one_tooltip_line():
    assert Period("open", day(2020, 1, 1), NOW, note="Talks\nheld.").note_lines == ["Talks held."]


def test_the_tooltip_reads_state_dates_then_note_lines_top_down():
    history = [FakeChange("severed", day(2021, 3, 4), "Embassy closed.", 1)]
    (segment,) = build_timeline(history, NOW).segments
    lines = segment.tip_lines
    assert [(cls, text) for _y, cls, text in lines] == [
        ("tl-tip__state", "Severed"),
        ("tl-tip__dates", "4 Mar 2021 – today · 1764 days"),
        ("tl-tip__note", "Embassy closed."),
    ]
    ys = [y for y, _cls, _text in lines]
    assert ys == sorted(ys) and segment.tip_top < ys[0] < segment.tip_top + segment.tip_height


def test_a_suspension_of_a_few_hours_is_drawn_at_a_visible_width():
    now = day(2026, 1, 1)
    history = changes(
        ("open", day(1990, 1, 1)), ("suspended", datetime(2025, 12, 31, 21, tzinfo=UTC))
    )
    segments = build_timeline(history, now).segments
    assert segments[-1].period.state == "suspended"
    assert segments[-1].width == pytest.approx(MIN_WIDTH)
    assert segments[0].width + segments[-1].width == pytest.approx(100)
    assert segments[-1].x == pytest.approx(100 - MIN_WIDTH)


def test_short_periods_in_the_middle_are_widened_and_the_strip_still_tiles():
    history = changes(
        ("open", day(2000, 1, 1)),
        ("suspended", datetime(2010, 5, 1, 8, tzinfo=UTC)),
        ("open", datetime(2010, 5, 1, 9, tzinfo=UTC)),
        ("severed", datetime(2020, 1, 1, tzinfo=UTC)),
        ("open", datetime(2020, 1, 2, tzinfo=UTC)),
    )
    segments = build_timeline(history, NOW).segments
    assert min(s.width for s in segments) == pytest.approx(MIN_WIDTH)
    assert segments[0].x == 0
    for left, right in pairwise(segments):
        assert left.x + left.width == pytest.approx(right.x)
    assert segments[-1].x + segments[-1].width == pytest.approx(100)


def test_year_ticks_stay_inside_their_period_when_short_ones_are_widened():
    history = changes(
        ("open", day(2020, 1, 1)), ("suspended", datetime(2025, 12, 31, 20, tzinfo=UTC))
    )
    timeline = build_timeline(history, NOW)
    open_width = timeline.segments[0].width
    *years, last = timeline.ticks
    assert [t.label for t in years] == ["2021", "2022", "2023", "2024", "2025"]
    assert all(0 < t.x < open_width for t in years)
    assert (last.label, last.x) == ("2026", pytest.approx(100))  # the strip ends on 1 Jan 2026
