"""Trends (/trends/ and the dashboard's panel): how many channels were in each state on every
day since the earliest change, against counts worked out by hand from the history and against
the dashboard's own as_of() on the same dates; one query per view at any size."""

from collections import Counter
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.cache import cache

from channels_app.models import Channel, StateChange
from channels_app.services.changes import change_remove, channel_set_state
from channels_app.services.channels import channel_create
from channels_app.values import end_of
from channels_app.views.trends import marker_rows, read_trends, trends_context
from tests.factories import SOURCE

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 1, 1, tzinfo=UTC)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def day(y: int, m: int, d: int, hour: int = 0) -> datetime:
    return datetime(y, m, d, hour, tzinfo=UTC)


def record(channel, state, when):
    return channel_set_state(
        channel=channel, state=state, effective_at=when, origin="manual", evidence=SOURCE
    )


@pytest.fixture
def history():
    military = channel_create(country_a="US", country_b="CN", kind="military")
    for state, when in [
        ("open", day(2020, 1, 1)),
        ("suspended", day(2022, 8, 5, 12)),
        ("limited", day(2023, 11, 15)),
        ("open", day(2025, 11, 1)),
    ]:
        record(military, state, when)
    trade = channel_create(country_a="US", country_b="CN", kind="trade")
    record(trade, "severed", day(2022, 1, 1))
    removed = record(trade, "suspended", day(2024, 1, 1))
    record(trade, "open", day(2025, 10, 30))
    change_remove(change=removed, actor=None, reason="Wrong channel.")
    korea = channel_create(country_a="KP", country_b="KR", kind="military")
    record(korea, "severed", day(2023, 11, 23, 23))  # late in the day: still that UTC day
    japan = channel_create(country_a="CN", country_b="JP", kind="diplomatic")
    record(japan, "open", day(2014, 11, 10))
    channel_create(country_a="CN", country_b="IN", kind="trade")  # never assessed


# (open, limited, suspended, severed, unknown) from each day of change on, by hand.
BY_HAND = {
    date(2014, 11, 10): (1, 0, 0, 0, 4),
    date(2020, 1, 1): (2, 0, 0, 0, 3),
    date(2022, 1, 1): (2, 0, 0, 1, 2),
    date(2022, 8, 5): (1, 0, 1, 1, 2),
    date(2023, 11, 15): (1, 1, 0, 1, 2),
    date(2023, 11, 23): (1, 1, 0, 2, 1),
    date(2025, 10, 30): (2, 1, 0, 1, 1),
    date(2025, 11, 1): (3, 0, 0, 1, 1),
}
ORDER = ("open", "limited", "suspended", "severed", "unknown")


def as_tuple(counts: dict[str, int]) -> tuple[int, ...]:
    return tuple(counts[s] for s in ORDER)


def test_the_counts_on_each_day_of_change_are_those_of_the_history(history):
    trends = read_trends("", TODAY)
    assert trends.total == 5
    assert {s.day: as_tuple(s.counts) for s in trends.steps} == BY_HAND


def test_the_counts_between_changes_are_those_of_the_day_before(history):
    trends = read_trends("", TODAY)
    assert as_tuple(trends.counts_on(date(2014, 11, 9))) == (0, 0, 0, 0, 5)
    assert as_tuple(trends.counts_on(date(2024, 1, 1))) == (1, 1, 0, 2, 1)  # removed: ignored
    assert as_tuple(trends.counts_on(TODAY)) == (3, 0, 0, 1, 1)


@pytest.mark.parametrize("kind", ["", "military", "trade", "diplomatic"])
def test_the_counts_agree_with_the_dashboards_states_on_every_date(history, kind):
    trends = read_trends(kind, TODAY)
    dates = [s.day for s in trends.steps] + [date(2021, 6, 1), date(2024, 1, 1), TODAY]
    for when in dates:
        channels = Channel.objects.as_of(end_of(when), NOW).matching(kind=kind)
        expected = Counter(c.state_at for c in channels)
        assert {k: v for k, v in trends.counts_on(when).items() if v} == dict(expected), when


def test_one_kind_counts_only_its_channels(history):
    trends = read_trends("military", TODAY)
    assert trends.total == 2
    assert {s.day: as_tuple(s.counts) for s in trends.steps} == {
        date(2020, 1, 1): (1, 0, 0, 0, 1),
        date(2022, 8, 5): (0, 0, 1, 0, 1),
        date(2023, 11, 15): (0, 1, 0, 0, 1),
        date(2023, 11, 23): (0, 1, 0, 1, 0),
        date(2025, 11, 1): (1, 0, 0, 1, 0),
    }


def test_two_changes_of_one_channel_on_one_day_count_once_at_the_end_of_it(history):
    korea = Channel.objects.get(country_a="KP")
    record(korea, "limited", day(2024, 5, 1, 8))
    record(korea, "open", day(2024, 5, 1, 20))
    step = next(s for s in read_trends("", TODAY).steps if s.day == date(2024, 5, 1))
    assert as_tuple(step.counts) == (2, 1, 0, 1, 1)
    assert step.changed == 2


def test_notable_days_are_those_when_the_most_channels_changed(history):
    trade = Channel.objects.get(country_a="CN", country_b="US", kind="trade")
    record(trade, "limited", day(2022, 8, 5, 18))  # 5 Aug 2022: both US-China channels
    notable = read_trends("", TODAY).notable()
    assert max(notable, key=lambda s: s.changed).day == date(2022, 8, 5)
    assert notable[0].changed == 2
    # First assessments are not news: 2014, 2020, 2022-01-01 and 2023-11-23 are left out.
    assert [s.day for s in notable] == [
        date(2022, 8, 5),
        date(2023, 11, 15),
        date(2025, 10, 30),
        date(2025, 11, 1),
    ]


def test_only_the_busiest_days_are_notable(history):
    trade = Channel.objects.get(country_a="CN", country_b="US", kind="trade")
    record(trade, "limited", day(2022, 8, 5, 18))
    _grow(3)  # many more days with one change each
    notable = read_trends("", TODAY).notable()
    assert len(notable) == 5
    assert date(2022, 8, 5) in [s.day for s in notable]


def test_no_history_no_chart(db):
    channel_create(country_a="CN", country_b="IN", kind="trade")
    assert read_trends("", TODAY) is None


def test_the_page_links_each_date_to_the_dashboard_on_it(client, history):
    response = client.get("/trends/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="/?at=2022-08-05"><time datetime="2022-08-05">5 Aug 2022</time></a>' in html
    assert 'class="tr-col" href="/?at=' in html  # the chart's columns
    assert "5 channels by state, 10 Nov 2014 to today" in html
    first_row = html[html.index("<tbody>") : html.index("</tr>", html.index("<tbody>"))]
    assert [int(n) for n in first_row.split("<td>")[1:] for n in [n.split("<")[0]]] == [
        3,
        0,
        0,
        1,
        1,
    ]


def test_the_kind_and_period_filters(client, history):
    html = client.get("/trends/?kind=military").content.decode()
    assert "2 military channels by state" in html
    assert 'href="/?kind=military&amp;at=2022-08-05"' in html
    html = client.get("/trends/?period=1y").content.decode()
    assert "by state, 1 Jan 2025 to today" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?kind=naval", "Unknown kind “naval”"),
        ("?period=forever", "Unknown period “forever”"),
        ("?kind=" + "'\"*NEAR" * 2000, "Unknown kind"),
    ],
)
def test_bad_input_is_a_400_with_a_message(client, history, query, message):
    response = client.get(f"/trends/{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_dashboard_shows_the_trends_panel(client, history):
    html = client.get("/").content.decode()
    assert 'class="panel trends-panel"' in html
    assert 'href="/trends/">Trends in full' in html


def _grow(n: int) -> None:
    """n more channels with ten changes each."""
    codes = ["DE", "FR", "GB", "IT", "ES", "PL", "SE", "NO", "FI", "DK"][:n]
    for i, code in enumerate(codes):
        channel = channel_create(country_a="RU", country_b=code, kind="diplomatic")
        for year in range(2000, 2010):
            record(channel, "open" if (year + i) % 2 else "suspended", day(year, 3, 1 + i))


def test_the_trends_are_read_in_one_query_at_any_size(history, django_assert_num_queries):
    with django_assert_num_queries(1):
        small = trends_context("")
    _grow(10)
    with django_assert_num_queries(1):
        large = trends_context("")
    assert len(large["trends"].steps) > len(small["trends"].steps) + 90


def test_the_page_costs_the_same_queries_at_any_size(client, history, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        client.get("/trends/")
    _grow(10)
    cache.clear()
    with django_assert_num_queries(len(first)):
        client.get("/trends/")
    assert StateChange.objects.count() > 100


def test_a_long_history_is_drawn_in_no_more_steps_than_the_chart_shows(history):
    from channels_app.views.trends import MAX_POINTS, build_chart

    _grow(10)
    trends = read_trends("", TODAY)
    sampled = trends.sampled(50)
    assert len(trends.steps) > 50 >= len(sampled.steps)
    for step in sampled.steps:
        assert step.counts == trends.counts_on(step.day)
    chart = build_chart(trends.sampled(MAX_POINTS))
    assert all(layer.d.count("H") <= 2 * MAX_POINTS + 2 for layer in chart.layers)


@pytest.mark.parametrize("kind", ["", "military", "trade"])
def test_the_panel_by_month_shows_the_counts_of_the_day_by_day_trends(history, kind):
    """The dashboard's panel reads months: each step holds the counts at the end of its month,
    each column those of its last day, and the notable days are those of the daily trends."""
    from calendar import monthrange

    from channels_app.views.trends import PANEL_COLUMNS, build_chart, read_monthly_trends

    record(Channel.objects.get(country_a="KP"), "open", day(2024, 3, 10))
    since = date(2016, 1, 1)
    daily, monthly = read_trends(kind, TODAY), read_monthly_trends(kind, TODAY, since)
    # All kinds: the 2014 change is counted in the first month; military begins in 2020.
    assert monthly.steps[0].day == (since if not kind else daily.start.replace(day=1))
    for step in monthly.steps:
        month_end = step.day.replace(day=monthrange(step.day.year, step.day.month)[1])
        assert step.counts == daily.counts_on(month_end), step.day
    chart = build_chart(monthly, columns=PANEL_COLUMNS, kind=kind)
    for columns in chart.columns.values():
        for column in columns:
            assert {v: n for v, _, n in column.counts} == daily.counts_on(column.day)
    assert [(m.step.day, sorted(m.step.moves)) for m in chart.markers] == [
        (s.day, sorted(s.moves)) for s in daily.since(since).notable()
    ]


def test_the_panel_reads_the_same_queries_at_any_size(history, django_assert_num_queries):
    from channels_app.views.trends import trends_panel_context

    with django_assert_num_queries(1):
        small = trends_panel_context("")
    _grow(10)
    with django_assert_num_queries(1):
        large = trends_panel_context("")
    assert large["trends"].total == small["trends"].total + 10


def test_close_notable_days_never_share_a_row_of_numbers():
    # Five days within a few percent of the chart's width (a year's changes on a chart of
    # sixty years): each number gets a row of its own instead of being drawn over another.
    assert marker_rows([90.0, 93.0, 93.5, 94.0, 95.0]) == [0, 1, 2, 3, 4]
    # Far apart, they share the first row; a gap frees a row again.
    assert marker_rows([10.0, 30.0, 50.0]) == [0, 0, 0]
    assert marker_rows([10.0, 12.0, 30.0, 31.0]) == [0, 1, 0, 1]
