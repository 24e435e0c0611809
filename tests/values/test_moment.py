"""values.Moment: one reading of `at=YYYY-MM-DD` for the pages and the API."""

from datetime import UTC, date, datetime

import pytest

from channels_app.values import MAX_DATE, MIN_DATE, InvalidMoment, Moment

NOW = datetime(2026, 1, 1, 15, tzinfo=UTC)


def test_a_day_is_its_end_in_utc():
    moment = Moment.parse(" 2022-08-05 ", NOW)
    assert moment.day == date(2022, 8, 5)
    assert moment.cutoff == datetime(2022, 8, 6, tzinfo=UTC)
    assert moment.reference == moment.cutoff and moment.at == "2022-08-05"


def test_today_is_cut_at_now_not_at_midnight():
    moment = Moment.parse("2026-01-01", NOW)
    assert moment.cutoff == datetime(2026, 1, 2, tzinfo=UTC)
    assert moment.reference == NOW


def test_now_has_no_cutoff():
    moment = Moment(NOW)
    assert (moment.cutoff, moment.reference, moment.at) == (None, NOW, "")


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "not_a_date"),
        ("yesterday", "not_a_date"),
        ("2022-8-5", "not_a_date"),
        ("20220805", "not_a_date"),
        ("2021-13-01", "not_a_date"),
        ("1799-12-31", "too_early"),
        ("3000-01-01", "too_late"),
        ("2026-01-02", "future"),
    ],
)
def test_a_refused_date_says_why(raw, code):
    with pytest.raises(InvalidMoment) as refused:
        Moment.parse(raw, NOW)
    assert refused.value.code == code


def test_the_earliest_date_is_allowed():
    assert Moment.parse(MIN_DATE.isoformat(), NOW).day == MIN_DATE


def test_a_date_past_the_range_is_too_late_even_when_now_is_later():
    after = datetime(MAX_DATE.year, 12, 31, tzinfo=UTC)
    with pytest.raises(InvalidMoment) as refused:
        Moment.parse("3000-01-01", after)
    assert refused.value.code == "too_late"
