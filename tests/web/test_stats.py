"""A channel's statistics from its periods (channels_app.views.channel_stats): pure functions,
table-tested."""

from datetime import UTC, datetime, timedelta

import pytest

from channels_app.views.channel_stats import (
    YearShare,
    average_restore,
    channel_stats,
    cut_stretches,
    days_since_last_change,
    fold_years,
    longest_cut,
    share_cells,
    year_shares,
)
from channels_app.views.channel_timeline import Period


def day(y: int, m: int = 1, d: int = 1) -> datetime:
    return datetime(y, m, d, tzinfo=UTC)


def periods(*steps: tuple[str, datetime], end: datetime) -> list[Period]:
    """Periods from (state, start) steps, the last one ongoing until `end`."""
    found = []
    for index, (state, start) in enumerate(steps):
        last = index == len(steps) - 1
        found.append(Period(state, start, end if last else steps[index + 1][1], last))
    return found


END = day(2026)

YEAR_SHARE_CASES = [
    pytest.param(
        [("open", day(2024))],
        [(2024, {"open": 1.0}), (2025, {"open": 1.0})],
        id="whole years, the span ending at midnight on 1 January adds no year",
    ),
    pytest.param(
        [("open", day(2025)), ("suspended", day(2025, 7, 2))],
        [(2025, {"open": 182 / 365, "suspended": 183 / 365})],
        id="a year split at 2 July",
    ),
    pytest.param(
        [("severed", day(2025, 10, 1))],
        [(2025, {"severed": 1.0})],
        id="a part year counts only its tracked part",
    ),
    pytest.param(
        [("open", day(2024, 12, 31)), ("limited", day(2025, 1, 1))],
        [(2024, {"open": 1.0}), (2025, {"limited": 1.0})],
        id="a change on New Year's Day",
    ),
]


@pytest.mark.parametrize(("steps", "expected"), YEAR_SHARE_CASES)
def test_year_shares(steps, expected):
    rows = year_shares(periods(*steps, end=END))
    assert [row.year for row in rows] == [year for year, _ in expected]
    for row, (_year, shares) in zip(rows, expected, strict=True):
        assert row.shares == pytest.approx(shares)


def test_a_year_row_shares_add_up_to_one():
    history = periods(
        ("open", day(2020, 3, 1)),
        ("suspended", day(2020, 5, 1)),
        ("severed", day(2020, 9, 9)),
        ("limited", day(2021, 2, 2)),
        end=day(2021, 6, 1),
    )
    for row in year_shares(history):
        assert sum(row.shares.values()) == pytest.approx(1.0)


def test_there_are_no_year_rows_without_periods():
    assert year_shares([]) == []


FOLD_CASES = [
    pytest.param(
        [("severed", day(1961, 1, 3)), ("open", day(2015, 7, 20))],
        ["1961–2014", "2015", "2016–2025"],
        id="decades wholly in one state fold; a mixed year stays alone",
    ),
    pytest.param(
        [("open", day(2023)), ("suspended", day(2024)), ("open", day(2025))],
        ["2023", "2024", "2025"],
        id="whole years in different states stay apart",
    ),
    pytest.param(
        [("open", day(2022, 6, 1)), ("limited", day(2022, 7, 1))],
        ["2022", "2023–2025"],
        id="a mixed year never folds into its neighbours",
    ),
]


@pytest.mark.parametrize(("steps", "labels"), FOLD_CASES)
def test_fold_years(steps, labels):
    rows = fold_years(year_shares(periods(*steps, end=END)))
    assert [row.label for row in rows] == labels


def test_a_folded_row_adds_up_the_days_of_its_years():
    rows = fold_years(year_shares(periods(("open", day(2020)), end=END)))
    assert rows[0].days == pytest.approx((END - day(2020)).days)


def test_share_cells_stack_in_the_order_of_the_states():
    row = YearShare(2025, 365, {"open": 0.25, "severed": 0.75})
    cells = share_cells(row, ["open", "suspended", "severed"])
    assert [(c.state, c.fraction, c.offset) for c in cells] == [
        ("open", 0.25, 0.0),
        ("suspended", 0.0, 0.25),
        ("severed", 0.75, 0.25),
    ]


CUT_CASES = [
    pytest.param([("open", day(2020))], [], id="never cut"),
    pytest.param(
        [("open", day(2020)), ("suspended", day(2021)), ("open", day(2022))],
        [(day(2021), day(2022), False)],
        id="one suspension, restored",
    ),
    pytest.param(
        [("suspended", day(2020)), ("severed", day(2021)), ("limited", day(2023))],
        [(day(2020), day(2023), False)],
        id="suspended then severed is one stretch",
    ),
    pytest.param(
        [("open", day(2020)), ("severed", day(2024))],
        [(day(2024), END, True)],
        id="a cut still going",
    ),
    pytest.param(
        [
            ("suspended", day(2020)),
            ("open", day(2021)),
            ("severed", day(2022)),
            ("open", day(2025)),
        ],
        [(day(2020), day(2021), False), (day(2022), day(2025), False)],
        id="two separate cuts",
    ),
]


@pytest.mark.parametrize(("steps", "expected"), CUT_CASES)
def test_cut_stretches(steps, expected):
    found = cut_stretches(periods(*steps, end=END))
    assert [(s.start, s.end, s.ongoing) for s in found] == expected


LONGEST_CASES = [
    pytest.param([("open", day(2020))], None, id="none when never cut"),
    pytest.param(
        [
            ("suspended", day(2020)),
            ("open", day(2021)),
            ("severed", day(2022)),
            ("open", day(2025)),
        ],
        (day(2022), day(2025)),
        id="the longer of two",
    ),
    pytest.param(
        [("suspended", day(2021)), ("open", day(2022)), ("severed", day(2025))],
        (day(2021), day(2022)),
        id="the earliest of equal lengths (365 days each)",
    ),
    pytest.param(
        [("open", day(2020)), ("severed", day(2021))],
        (day(2021), END),
        id="an ongoing cut counts up to the end",
    ),
]


@pytest.mark.parametrize(("steps", "expected"), LONGEST_CASES)
def test_longest_cut(steps, expected):
    found = longest_cut(periods(*steps, end=END))
    assert (found and (found.start, found.end)) == expected


RESTORE_CASES = [
    pytest.param([("open", day(2020))], None, id="never cut"),
    pytest.param([("open", day(2020)), ("severed", day(2021))], None, id="cut, never restored"),
    pytest.param(
        [("suspended", day(2020, 1, 1)), ("open", day(2020, 1, 11))],
        timedelta(days=10),
        id="one restoration",
    ),
    pytest.param(
        [
            ("suspended", day(2020, 1, 1)),
            ("open", day(2020, 1, 11)),
            ("severed", day(2021, 1, 1)),
            ("limited", day(2021, 1, 31)),
            ("suspended", day(2024)),
        ],
        timedelta(days=20),
        id="the mean of the restored ones; an ongoing cut does not count",
    ),
]


@pytest.mark.parametrize(("steps", "expected"), RESTORE_CASES)
def test_average_restore(steps, expected):
    assert average_restore(periods(*steps, end=END)) == expected


def test_days_since_the_last_change_count_to_the_end():
    history = periods(("open", day(2020)), ("limited", day(2025, 12, 1)), end=END)
    assert days_since_last_change(history, END) == 31
    assert days_since_last_change([], END) is None


def test_channel_stats_gathers_everything_for_the_page():
    history = periods(
        ("open", day(2020)), ("suspended", day(2022, 8, 5)), ("open", day(2023, 11, 15)), end=END
    )
    stats = channel_stats(history, END)
    assert stats.states == ["open", "suspended"]
    assert stats.columns == [("open", "Open"), ("suspended", "Suspended")]
    assert stats.longest_cut.days == 467
    assert stats.average_restore == timedelta(days=467)
    assert stats.restored_count == 1
    assert stats.days_since_last_change == (END - day(2023, 11, 15)).days
    assert [row.label for row, _cells in stats.rows] == ["2020–2021", "2022", "2023", "2024–2025"]
