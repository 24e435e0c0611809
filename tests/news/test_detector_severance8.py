"""Failure families of batch v8 (suspensions and severances in every kind), each generalised
to a family of wording.

The sentences are made up for these tests, with other actors and verbs than the corpus
items they generalise; none is an item of a corpus."""

from __future__ import annotations

import pytest

from channels_app.news.detect import detect
from tests.news.detector_rules import RULES, proposed


def modalities(title: str, summary: str = "") -> set[tuple[str, str, str, str]]:
    return {
        ("-".join(d.parties), d.kind, d.state, d.modality)
        for d in detect(title, summary, language=RULES)
    }


# --- A security pact is the forces' channel --------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Manila scraps its security agreement with Tokyo", {("JP-PH", "military", "severed")}),
        (
            "Kenya and Uganda sign a security pact in Nairobi",
            {("KE-UG", "military", "open")},
        ),
        (
            "Fiji revokes its 2012 security accord with Papua New Guinea",
            {("FJ-PG", "military", "severed")},
        ),
    ],
)
def test_a_security_pact_is_military(title, expected) -> None:
    assert proposed(title) == expected


# --- The arms trade is no trade channel ------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "Spain bans arms trade with Israel",
        "Norway halts the arms trade with Saudi Arabia",
        "Belgium suspends weapons trade with Turkey",
    ],
)
def test_the_arms_trade_is_no_trade_channel(title) -> None:
    assert not {p for p in proposed(title) if p[1] == "trade"}


def test_trade_itself_halted_is_still_trade() -> None:
    assert proposed("Spain halts trade with Israel") == {("ES-IL", "trade", "suspended")}


# --- One sector's deal ended halts that sector, not trade ------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Jordan cancels its gas supply deal with Egypt", {("EG-JO", "trade", "limited")}),
        ("Ukraine scraps the coal deal with Poland", {("PL-UA", "trade", "limited")}),
    ],
)
def test_a_sector_deal_cancelled_is_limited(title, expected) -> None:
    assert proposed(title) == expected


def test_a_free_trade_deal_scrapped_is_severed() -> None:
    assert proposed("Chile scraps its free trade deal with Peru") == {("CL-PE", "trade", "severed")}


# --- The head of a representative office recalled is an envoy recalled ----------------------


@pytest.mark.parametrize(
    ("title", "summary", "expected"),
    [
        ("Taipei recalls representative from Vilnius", "", {("LT-TW", "diplomatic", "limited")}),
        (
            "",
            "Taiwan withdrew its representative to Somaliland's neighbour Ethiopia on Monday.",
            {("ET-TW", "diplomatic", "limited")},
        ),
    ],
)
def test_a_representative_recalled_is_limited(title, summary, expected) -> None:
    assert proposed(title, summary) == expected


def test_a_trade_representative_is_no_envoy_recalled() -> None:
    assert not proposed("Japan recalls trade representative from Canada talks")


# --- "Announced" before the act itself is the act --------------------------------------------


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        (
            "Taipei's foreign ministry answered by announcing the end of its ties with the "
            "Solomon Islands.",
            ("SB-TW", "diplomatic", "severed", "act"),
        ),
        (
            "Prime Minister Sharif announced on Friday that Pakistan was recalling its "
            "ambassador from Kabul.",
            ("AF-PK", "diplomatic", "limited", "act"),
        ),
    ],
)
def test_announcing_the_act_itself_is_the_act(summary, expected) -> None:
    assert expected in modalities("", summary)


def test_announcing_a_future_step_is_still_an_intent() -> None:
    assert ("AF-PK", "diplomatic", "limited", "intent") in modalities(
        "", "Pakistan announced it will recall its ambassador from Kabul."
    )


# --- Steps forgone, forbidden or beside the point are no reading -----------------------------


@pytest.mark.parametrize(
    "title",
    [
        "Ecuador agrees not to quit its trade pact with Colombia",
        "Lula agrees not to leave the accord with Argentina",
    ],
)
def test_agreeing_not_to_take_a_step_is_no_contact(title) -> None:
    assert not proposed(title)


@pytest.mark.parametrize(
    "summary",
    [
        # A step forbidden: "any attempt to".
        "The Kuwaiti assembly passed a bill making any attempt to establish relations with "
        "Israel a crime.",
        # A fact disregarded is no channel refused.
        "Athens said the pipeline deal Cairo signed with Nicosia ignored the rights of Greece.",
    ],
)
def test_steps_forgone_forbidden_or_beside_the_point_read_nothing(summary) -> None:
    assert not proposed("", summary)


# --- "The mission" closed is the embassy; a trade mission is a part --------------------------


@pytest.mark.parametrize(
    ("title", "summary", "expected"),
    [
        (
            "",
            "Helicopters lifted the Danish ambassador and all embassy staff out of Kabul, and "
            "the mission was closed.",
            {("AF-DK", "diplomatic", "suspended")},
        ),
        ("Seoul shuts its mission in Pyongyang", "", {("KP-KR", "diplomatic", "suspended")}),
        ("Canberra closes its trade mission in Taipei", "", {("AU-TW", "diplomatic", "limited")}),
    ],
)
def test_the_mission_closed_is_the_embassy_a_trade_mission_a_part(title, summary, expected) -> None:
    assert proposed(title, summary) == expected
