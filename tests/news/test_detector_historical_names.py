"""Countries under the names they had on the day: "Yugoslavia" is Serbia's continuing state
from 1992 to 2003, "Zaire" the Congo's name until 1997, the USSR Russia's predecessor until
1991 (lang/en/actors.csv, dated rows); outside those days the names stand for nothing."""

from __future__ import annotations

from datetime import date

import pytest

from channels_app.news.detect import detect


def _read(title: str, day: str) -> set[tuple[tuple[str, str], str, str]]:
    return {
        (d.parties, d.kind, d.state)
        for d in detect(title, "", published=date.fromisoformat(day))
        if not d.withheld
    }


@pytest.mark.parametrize(
    ("title", "day", "expected"),
    [
        ("Yugoslavia cuts diplomatic ties with Albania", "1999-04-18", (("AL", "RS"), "severed")),
        (
            "Macedonia and Yugoslavia establish diplomatic relations",
            "1996-04-08",
            (("MK", "RS"), "open"),
        ),
        (
            "Serbia and Montenegro expels the Croatian ambassador",
            "2004-05-10",
            (("HR", "RS"), "limited"),
        ),
        ("Zaire recalls its ambassador from Belgium", "1994-02-01", (("BE", "CD"), "limited")),
        (
            "The Soviet Union and Israel restore diplomatic relations",
            "1991-10-18",
            (("IL", "RU"), "open"),
        ),
        (
            "Greece and FYROM sign an interim accord establishing ties",
            "1995-09-13",
            (("GR", "MK"), "open"),
        ),
    ],
)
def test_a_country_is_read_under_the_name_it_had_that_day(
    title, day, expected, any_calibrated_confidence
) -> None:
    parties, state = expected
    assert (parties, "diplomatic", state) in _read(title, day)


@pytest.mark.parametrize(
    ("title", "day"),
    [
        ("Yugoslavia cuts diplomatic ties with Albania", "2010-04-18"),
        ("The Soviet Union and Israel restore diplomatic relations", "2021-10-18"),
        ("Zaire recalls its ambassador from Belgium", "2005-02-01"),
    ],
)
def test_outside_its_days_an_old_name_is_no_side(title, day, any_calibrated_confidence) -> None:
    assert not _read(title, day)
