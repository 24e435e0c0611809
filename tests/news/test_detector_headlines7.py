"""Headline and wire forms (batch h7's classes): a visitor's headline without a verb ("<person>
in <capital> for talks", "..., the first ... in decades", "...: secret visit confirmed"), a
headline that names its pair and then a colon ("A-B trade talks: first round ends"), a deal
in a headline's participle ("defence pact signed"), a round that closed, the agents of a
participle acting together ("suspended by Seoul and Washington"), an envoy's "return ... for
consultations" (a recall), a trade mission travelling, the last peacekeepers leaving; and the
traps of the same forms (a bloc's gathering, a plan, a venue, sporting ties, a round that
ended in deadlock).

The sentences are made up for these tests, with other actors than the corpus items they
generalise; none is an item of a corpus. People are read by the actor table on the day the
tests run (no publication date), so the visitors are office-holders of today."""

from __future__ import annotations

import pytest

from tests.news.detector_rules import proposed


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Albanese in Jakarta on first overseas trip of his new term", "AU-ID"),
        ("Ramaphosa in Nairobi on a state visit", "KE-ZA"),
        ("Indian Prime Minister Narendra Modi in Tokyo for annual summit", "IN-JP"),
        ("Pezeshkian in Islamabad, the first Iranian president there in years", "IR-PK"),
        ("Lula in Pretoria: state visit opens with talks on trade", "BR-ZA"),
        ("Sheinbaum in Ottawa on unannounced visit", "CA-MX"),
    ],
)
def test_a_visitor_in_a_capital_is_a_visit_and_the_capital_a_side(title, expected) -> None:
    assert (expected, "diplomatic", "open") in proposed(title)


@pytest.mark.parametrize(
    "title",
    [
        # A bloc's gathering, a plan, people who speak for no government.
        "Anwar in Rio de Janeiro for BRICS summit",
        "Tinubu in Addis Ababa for African Union summit",
        "Modi to be in Tokyo next week for annual summit",
        "German carmakers' bosses in Beijing for the auto show",
    ],
)
def test_a_visitors_headline_for_a_gathering_or_a_plan_proposes_nothing(title) -> None:
    assert proposed(title) == set()


def test_a_place_after_a_person_who_does_not_open_the_sentence_is_a_venue() -> None:
    found = proposed("Ruto met Museveni in Paris for talks on the border")
    assert ("KE-UG", "diplomatic", "open") in found
    assert not {p for p, _k, _s in found if "FR" in p}


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Mexico-Canada trade talks: second round closes in Ottawa", ("CA-MX", "trade", "open")),
        ("Kenya-Uganda: joint commission meets in Kampala", ("KE-UG", "diplomatic", "open")),
        ("Norway-Poland: defence pact signed", ("NO-PL", "military", "open")),
        ("Chile-Argentina: border talks called off", ("AR-CL", "diplomatic", "suspended")),
    ],
)
def test_a_headline_naming_its_pair_before_a_colon_is_about_that_pair(title, expected) -> None:
    assert expected in proposed(title)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("A round of trade talks between Peru and South Korea wraps up in Lima", "KR-PE"),
        ("The third round of negotiations between Oman and Japan concluded on Friday", "JP-OM"),
    ],
)
def test_a_round_that_closed_was_held(title, expected) -> None:
    found = proposed(title)
    assert any(pair == expected and state == "open" for pair, _kind, state in found)


@pytest.mark.parametrize(
    "title",
    [
        "Talks between Egypt and Ethiopia ended in deadlock",
        "Trade talks between Ecuador and Canada ended without agreement",
    ],
)
def test_talks_that_ended_badly_are_not_read_as_held(title) -> None:
    assert not {s for _p, _k, s in proposed(title) if s == "open"}


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Tariff deal between Jakarta and Washington reached after a call", ("ID-US", "trade")),
        ("Manila-Hanoi: coast guard accord signed", ("PH-VN", "military")),
    ],
)
def test_a_deal_in_a_headlines_participle_is_reached(title, expected) -> None:
    pair, kind = expected
    assert (pair, kind, "open") in proposed(title)


def test_a_deal_of_an_earlier_year_is_no_new_deal() -> None:
    assert proposed("Lima says Santiago breaks the accord signed in 2015 with Peru") == set()


def test_the_agents_of_a_participle_are_each_others_sides() -> None:
    assert proposed("Naval drills suspended by Tokyo and Manila") == {
        ("JP-PH", "military", "suspended")
    }


def test_an_envoys_return_for_consultations_is_a_recall() -> None:
    found = proposed(
        "Chile's foreign ministry orders the immediate return of its ambassador from Israel "
        "for consultations"
    )
    assert found == {("CL-IL", "diplomatic", "limited")}


def test_an_envoys_return_to_the_post_reopens_the_channel() -> None:
    assert proposed("Return of the Egyptian ambassador to Ankara after a decade") == {
        ("EG-TR", "diplomatic", "open")
    }


def test_a_trade_mission_travelling_is_the_trade_channel() -> None:
    assert proposed("Australia postpones trade mission to Vietnam") == {
        ("AU-VN", "trade", "suspended")
    }


def test_sporting_ties_are_no_channel() -> None:
    assert proposed("Pakistan and India resume hockey ties after six years") == set()


@pytest.mark.parametrize(
    "title",
    [
        "The last Kazakh peacekeepers have left Kyrgyzstan",
        "Kazakh peacekeepers' withdrawal from Kyrgyzstan completed",
    ],
)
def test_the_last_peacekeepers_gone_end_the_presence(title) -> None:
    assert proposed(title) == {("KG-KZ", "military", "severed")}


def test_two_leaders_named_alone_in_a_place_met() -> None:
    assert ("KE-UG", "diplomatic", "open") in proposed("Ruto, Museveni in Kampala amid border row")


def test_a_place_after_a_leaders_list_inside_a_sentence_is_no_meeting() -> None:
    assert proposed("Officials say Ruto, Museveni in Kampala talks could come soon") == set()


def test_drills_named_by_their_month_are_the_forces_channel() -> None:
    assert proposed("Seoul and Washington call off the August drills") == {
        ("KR-US", "military", "suspended")
    }


def test_a_line_used_or_tested_is_working() -> None:
    found = proposed("The defence hotline between Tokyo and Beijing was tested on Monday")
    assert found == {("CN-JP", "military", "open")}


def test_a_truce_with_its_sides_named_then_extended_is_open() -> None:
    assert proposed("Tariff truce between Ottawa and Washington extended by 60 days") == {
        ("CA-US", "trade", "open")
    }


def test_a_passive_deal_keeps_its_determiner() -> None:
    # "The agreement ... was signed" is the passive cue, not the headline's participle.
    assert proposed("The accord between Chile and Peru was signed in Lima on Monday") == {
        ("CL-PE", "diplomatic", "open")
    }


def test_a_tariff_truce_that_lapses_ends_no_channel() -> None:
    assert proposed("Tariff truce between Ottawa and Washington expires on Friday") == set()
