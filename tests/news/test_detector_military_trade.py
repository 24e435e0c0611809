"""Military and trade channels in the wordings news uses for them (batch m4's classes): the
paraphrase, the sector named by its goods, the pact ended by an idiom, the gathering of many.

The sentences are made up for these tests; none is an item of a corpus."""

from __future__ import annotations

import dataclasses

import pytest

from channels_app.news.detect import detect
from channels_app.news.detect.language import load_language

# The rules' own reading: whether the calibration lets a reading propose is its own test.
RULES = dataclasses.replace(load_language(), calibration=None)


def proposed(title: str, summary: str = "") -> set[tuple[tuple[str, str], str, str]]:
    return {
        (d.parties, d.kind, d.state)
        for d in detect(title, summary, language=RULES)
        if d.proposes_change
    }


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # One sector named by its goods is limited, not a halt of all trade.
        ("Canberra halts farm purchases from Jakarta", (("AU", "ID"), "trade", "limited")),
        ("Beijing suspends group tours to Japan", (("CN", "JP"), "trade", "limited")),
        ("Russia bans poultry imports from Brazil", (("BR", "RU"), "trade", "limited")),
        ("Vietnam halts steel exports to the US", (("US", "VN"), "trade", "limited")),
    ],
)
def test_a_sector_named_by_its_goods_is_limited(title, expected) -> None:
    assert proposed(title) == {expected}


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Brazil and Argentina back at the table on trade", (("AR", "BR"), "trade", "open")),
        ("Washington and Tokyo unveil trade deal", (("JP", "US"), "trade", "open")),
        ("Kenya and Uganda hammer out a trade deal", (("KE", "UG"), "trade", "open")),
        ("Ottawa walks away from trade talks with Beijing", (("CA", "CN"), "trade", "suspended")),
        (
            "Military hotline between the two Koreas goes quiet",
            (("KP", "KR"), "military", "suspended"),
        ),
        (
            "Seoul turns down Tokyo's invitation to hold defence talks",
            (("JP", "KR"), "military", "suspended"),
        ),
    ],
)
def test_paraphrases_of_the_usual_verbs(title, expected) -> None:
    assert proposed(title) == {expected}


def test_a_pact_whose_plug_is_pulled_is_gone_and_its_forces_make_it_military() -> None:
    assert proposed("Manila pulls the plug on visiting forces pact with Washington") == {
        (("PH", "US"), "military", "severed")
    }


def test_suspending_the_end_of_a_pact_keeps_it() -> None:
    assert proposed("Moscow suspends the termination of its defence pact with Minsk") == {
        (("BY", "RU"), "military", "open")
    }


def test_rules_for_air_and_maritime_encounters_are_military() -> None:
    assert proposed(
        "India and China sign memorandums on rules of behaviour for air and maritime encounters"
    ) == {(("CN", "IN"), "military", "open")}


def test_cutting_a_tariff_cuts_no_channel() -> None:
    assert proposed("Britain and India cut tariffs on whisky and textiles") == set()


def test_many_nations_signing_is_a_multilateral_pact_but_envoys_from_many_are_not() -> None:
    assert proposed("Fifteen nations including Japan and China sign Pacific trade pact") == set()
    assert proposed(
        "Venezuela withdraws its diplomats from seven countries including Peru and Chile"
    ) == {(("PE", "VE"), "diplomatic", "limited"), (("CL", "VE"), "diplomatic", "limited")}


def test_a_decision_said_to_stand_is_no_new_step() -> None:
    assert (
        proposed("Seoul says no change to its decision on ending trade talks with Tokyo") == set()
    )


def test_a_proposed_agreement_does_not_make_talks_speculation() -> None:
    assert proposed(
        "Trade officials of Chile and Peru spent a day in Lima on the proposed agreement, "
        "their first face-to-face talks in a year"
    ) == {(("CL", "PE"), "trade", "open")}


def test_a_hotline_is_the_forces_unless_the_clause_says_whose() -> None:
    assert proposed("Ankara and Athens reopen their hotline") == {
        (("GR", "TR"), "military", "open")
    }
    assert proposed("Ankara and Athens reopen the hotline between their foreign ministers") == {
        (("GR", "TR"), "diplomatic", "open")
    }


def test_a_halt_the_article_grades_down_is_limited() -> None:
    assert proposed(
        "Manila halts joint patrols with US forces",
        "The defence secretary said joint patrols would stop, while other training continues.",
    ) == {(("PH", "US"), "military", "limited")}


def test_pausing_export_controls_eases_trade_and_suspending_a_tariff_is_none() -> None:
    assert proposed("China pauses rare earth export controls on Japan") == {
        (("CN", "JP"), "trade", "open")
    }
    assert proposed("Beijing stops buying Taiwanese pineapples") == {
        (("CN", "TW"), "trade", "limited")
    }


@pytest.mark.parametrize(
    ("title", "published", "expected"),
    [
        (
            "Lighthizer and Liu He wrap up round of trade talks in Beijing",
            "2019-05-01",
            (("CN", "US"), "trade", "open"),
        ),
        ("India, Pakistan DGMOs speak on hotline", None, (("IN", "PK"), "military", "open")),
        (
            "Chinese officials said trade talks with Washington were constructive",
            None,
            (("CN", "US"), "trade", "open"),
        ),
        (
            "Beijing said it had suspended the strategic economic dialogue with Canberra",
            None,
            (("AU", "CN"), "trade", "suspended"),
        ),
    ],
)
def test_talks_concluded_spoken_or_described_were_held(title, published, expected) -> None:
    import datetime

    day = datetime.date.fromisoformat(published) if published else None
    found = {
        (d.parties, d.kind, d.state)
        for d in detect(title, "", language=RULES, published=day)
        if d.proposes_change
    }
    assert found == {expected}


def test_goods_back_on_shelves_are_no_shelving_and_navies_are_military() -> None:
    assert proposed(
        "Australian wine back on Chinese shelves",
        "China lifted its tariffs on Australian wine, ending a three-year freeze on the trade.",
    ) == {(("AU", "CN"), "trade", "open")}
    assert proposed(
        "Navies reconnect",
        "The Japanese and Chinese navies held their first talks in three years, officials said.",
    ) == {(("CN", "JP"), "military", "open")}


def test_a_first_joint_exercise_is_military_contact() -> None:
    assert proposed("Egyptian and Turkish navies hold first joint exercise in 13 years") == {
        (("EG", "TR"), "military", "open")
    }


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Russia allows Turkish tomatoes back into its market", (("RU", "TR"), "trade", "open")),
        ("US grants China market access for poultry", (("CN", "US"), "trade", "open")),
        ("China approves imports of Australian barley again", (("AU", "CN"), "trade", "open")),
        ("Saudi Arabia unfreezes trade with Canada", (("CA", "SA"), "trade", "open")),
        (
            "Moscow reopens Upper Lars checkpoint to Georgian trucks",
            (("GE", "RU"), "trade", "open"),
        ),
        ("METI and MOTIE hold export control dialogue", (("JP", "KR"), "trade", "open")),
    ],
)
def test_a_market_or_crossing_opened_to_the_other_sides_goods(title, expected) -> None:
    assert proposed(title) == {expected}


def test_officials_from_two_capitals_meeting_are_each_others_sides() -> None:
    assert proposed(
        "Defence officials from Beijing and Washington met in Hawaii for maritime safety talks"
    ) == {(("CN", "US"), "military", "open")}


@pytest.mark.parametrize(
    ("title", "summary", "expected"),
    [
        # Workers sent abroad are the labour trade (corpus4/README-e13.md); halting them takes
        # one part of it: limited. Session 14's audit of the g14/h14 fresh check.
        (
            "Nepal suspends the deployment of domestic workers to Saudi Arabia",
            "Kathmandu said the halt would stay until the kingdom guaranteed minimum wages.",
            {(("NP", "SA"), "trade", "limited")},
        ),
        ("Sri Lanka stops sending housemaids to Kuwait", "", {(("KW", "LK"), "trade", "limited")}),
        ("Vietnam resumes sending workers to South Korea", "", {(("KR", "VN"), "trade", "open")}),
        (
            "Philippines lifts ban on deploying workers to Kuwait",
            "",
            {(("KW", "PH"), "trade", "open")},
        ),
        # a plan, and workers at home, are no channel
        ("India to send 10,000 workers to Israel", "Recruitment opened in two states.", set()),
        ("Dockworkers halt loading at Rotterdam", "Unions said the strike lasts two days.", set()),
    ],
)
def test_workers_sent_abroad_are_trade(title, summary, expected) -> None:
    assert proposed(title, summary) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # A tax treaty is the economic channel, as the corpora label it (e13, f13).
        ("Senegal terminates its tax treaty with Mauritius", {(("MU", "SN"), "trade", "severed")}),
        (
            "Senegal terminates its double taxation convention with Mauritius",
            {(("MU", "SN"), "trade", "severed")},
        ),
        (
            "Senegal and Mauritius sign a double taxation agreement",
            {(("MU", "SN"), "trade", "open")},
        ),
    ],
)
def test_a_tax_treaty_is_trade(title, expected) -> None:
    assert proposed(title) == expected
