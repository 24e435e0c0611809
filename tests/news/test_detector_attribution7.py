"""Who the sides are (issue #11 item 3, batch a7's classes): a bilateral treaty named by its
own name names both its countries (`lang/en/treaties.csv`), within its dates; a chair, a
host, a topic country and a country left out are no side; leaders named by one name stand
for their country only within their term.

The sentences are made up for these tests, with other actors and verbs than the corpus
items they generalise; none is an item of a corpus."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from channels_app.news.detect import detect
from channels_app.news.detect.actors import ActorFileError, load_treaties
from channels_app.news.detect.gazetteer import shipped_treaties
from channels_app.news.detect.language import load_language

RULES = dataclasses.replace(load_language(), calibration=None)


def proposed(title: str, on: str, summary: str = "") -> set[tuple[str, str, str]]:
    return {
        ("-".join(d.parties), d.kind, d.state)
        for d in detect(title, summary, language=RULES, published=dt.date.fromisoformat(on))
        if d.proposes_change
    }


def pairs(title: str, on: str, summary: str = "") -> set[str]:
    return {pair for pair, _kind, _state in proposed(title, on, summary)}


# --- a treaty names its other side ------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "on", "expected"),
    [
        # One side named, the treaty names the other.
        ("Kremlin freezes its participation in New START", "2023-03-01", "RU-US"),
        ("Washington suspends its obligations under the INF treaty", "2019-02-02", "RU-US"),
        ("Seoul decides to terminate GSOMIA", "2019-08-23", "JP-KR"),
        ("Moscow tears up the Kharkiv accords", "2014-04-01", "RU-UA"),
        ("Manila restores the Visiting Forces Agreement", "2021-08-01", "PH-US"),
        # Named alone, the treaty is its two countries' channel.
        ("The Indus Waters Treaty is put in abeyance", "2025-04-24", "IN-PK"),
        ("New START is extended by five years", "2021-02-04", "RU-US"),
    ],
)
def test_a_treaty_named_by_its_name_names_its_other_side(title, on, expected) -> None:
    assert pairs(title, on) == {expected}


def test_the_treaty_gives_its_kind_over_a_generic_word() -> None:
    assert proposed("Russian lawmakers denounce the Kharkiv agreements", "2014-04-01") == {
        ("RU-UA", "military", "severed")
    }


def test_a_treaty_signed_by_its_initials_is_a_deal() -> None:
    assert proposed("Moscow and Washington sign SORT", "2002-05-25") == {
        ("RU-US", "military", "open")
    }


@pytest.mark.parametrize(
    ("title", "on"),
    [
        ("Moscow suspends New START", "1990-06-01"),  # before the treaty
        ("Washington suspends the INF treaty", "2021-06-01"),  # long after it ended
    ],
)
def test_a_treaty_is_read_only_within_its_dates(title, on) -> None:
    assert pairs(title, on) == set()


def test_a_multilateral_treaty_names_no_pair() -> None:
    assert pairs("Moscow suspends its part in the CFE treaty", "2007-12-13") == set()


def test_another_treaty_whose_name_holds_a_treaty_name_is_not_it() -> None:
    found = pairs("Canberra and Manila sign a Status of Visiting Forces Agreement", "2007-06-01")
    assert found == {"AU-PH"}


# --- the treaty table refuses bad rows ---------------------------------------------------

HEADER = "name,countries,kind,valid_from,valid_to,source"


def test_every_shipped_treaty_names_two_countries_and_a_kind() -> None:
    treaties = shipped_treaties()
    assert treaties
    assert all(len(set(t.codes)) == 2 and t.hint for t in treaties)


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("Lone Pact,RU,military,,,public record", "names two countries"),
        ("Twin Pact,RU+RU,military,,,public record", "names two countries"),
        ("Odd Pact,RU+US,naval,,,public record", "unknown kind"),
        ("Late Pact,RU+US,military,2010-01-01,2009-01-01,public record", "before valid_from"),
        ("Blank Pact,RU+US,military,,,", "empty source"),
        ("Bad Pact,RU+ZZ,military,,,public record", "unknown country code"),
    ],
)
def test_a_bad_treaty_row_is_refused_with_its_line_and_reason(row, reason) -> None:
    with pytest.raises(ActorFileError) as caught:
        load_treaties([HEADER, "Good Pact,FR+GB,military,,,public record", row])
    ((line, why),) = caught.value.problems
    assert line == 3
    assert reason in why


def test_one_name_with_two_meanings_on_one_day_is_refused() -> None:
    rows = [
        HEADER,
        "Old Pact,FR+GB,military,2000-01-01,,public record",
        "Old Pact,DE+FR,diplomatic,2005-01-01,,public record",
    ]
    with pytest.raises(ActorFileError, match="overlaps line 2"):
        load_treaties(rows)


# --- chairs, hosts, topics and countries left out ----------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "A French general chairs talks between Ethiopia and Sudan",
        "A Kenyan official chaired the first meeting of Ethiopian and Sudanese officers",
        "An Algerian diplomat presided over the meeting of the Ethiopian and Sudanese delegations",
    ],
)
def test_who_chairs_two_sides_meeting_is_no_side(title) -> None:
    assert pairs(title, "2021-03-01") == {"ET-SD"}


def test_the_country_a_memorandum_is_about_is_no_side() -> None:
    assert pairs("Ankara and Moscow sign memorandum on northern Syria", "2019-10-23") == {"RU-TR"}


def test_a_country_said_to_be_left_out_is_no_side_of_the_article() -> None:
    summary = "Officials of thirty countries took part; Russia was not invited."
    assert pairs("Denmark hosts Ukraine peace talks", "2023-06-25", summary) == set()


def test_a_pair_signing_at_the_un_is_no_gathering() -> None:
    assert pairs("Eritrea and Djibouti sign border accord at the UN", "2019-09-25") == {"DJ-ER"}


# --- one name, within the term -----------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "on", "expected"),
    [
        ("Yeltsin and Clinton meet in Helsinki", "1997-03-21", {"RU-US"}),
        ("Kohl receives Mitterrand in Bonn for talks", "1992-05-04", {"DE-FR"}),
        ("Anwar and Yoon hold talks in Seoul", "2024-11-25", {"KR-MY"}),
    ],
)
def test_a_leader_named_by_one_name_is_read_in_office(title, on, expected) -> None:
    assert pairs(title, on) == expected


def test_a_leader_named_by_one_name_is_nobody_out_of_office() -> None:
    assert pairs("Yeltsin and Clinton meet in Helsinki", "2005-03-21") == set()


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        # The mediators' countries, named after "co-chairs of", are no sides.
        (
            "Serbian and Kosovo negotiators meet in Brussels",
            "They held talks with the co-chairs of France and Germany.",
        ),
        # Where a visitor flew in from is no side.
        ("Erdoğan arrives in Athens for talks", "The Turkish president flew in from Sofia."),
    ],
)
def test_mediators_and_the_place_a_visitor_came_from_are_no_sides(title, summary) -> None:
    found = pairs(title, "2021-12-09", summary)
    assert not {p for p in found if {"FR", "DE", "BG"} & set(p.split("-"))}


def test_guarantors_named_by_their_capital_are_no_side() -> None:
    assert pairs("The Tehran guarantors meet again on Yemen", "2020-02-01") == set()


@pytest.mark.parametrize(
    "title",
    [
        "Washington revokes its ratification of the test ban treaty",
        "Moscow quits the Treaty on Open Skies",
    ],
)
def test_a_multilateral_treaty_left_is_no_pair_channel(title) -> None:
    assert pairs(title, "2021-06-01") == set()


@pytest.mark.parametrize(
    "title",
    [
        "Manila retracts its notice to terminate the Visiting Forces Agreement",
        "The Philippines puts on hold its termination of the VFA",
        "Marcos recalls the notice to end the EDCA",
    ],
)
def test_a_termination_called_off_keeps_a_pact_named_by_initials_open(title) -> None:
    assert proposed(title, "2023-06-01") == {("PH-US", "military", "open")}


def test_a_pact_named_by_its_initials_scrapped_is_severed() -> None:
    assert proposed("Tokyo scraps GSOMIA", "2019-08-30") == {("JP-KR", "military", "severed")}


@pytest.mark.parametrize(
    "title",
    [
        "Ankara and Moscow sign Idlib ceasefire memorandum",
        "Paris and Berlin reach Mali peace accord",
    ],
)
def test_a_country_naming_what_two_sides_signed_is_no_side(title) -> None:
    found = pairs(title, "2020-03-06")
    assert found and not {p for p in found if {"SY", "ML"} & set(p.split("-"))}
