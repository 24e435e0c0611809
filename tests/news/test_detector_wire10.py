"""Failure families of batch r10 (representative wire copy, weighted to Africa, Latin America,
Central Asia, South-East Asia, the Balkans and the Gulf): the ones its tune part showed, each
generalised to a family of wording.

The sentences are made up for these tests, with other actors and verbs than the corpus
items they generalise; none is an item of a corpus."""

from __future__ import annotations

import pytest

from tests.news.detector_rules import proposed

# --- A whole embassy staff pulled out: the mission is emptied (suspended) ---------------------


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        (
            "Lima recalled the whole staff of its embassy in Caracas on Tuesday.",
            {("PE-VE", "diplomatic", "suspended")},
        ),
        (
            "Vienna withdrew all its diplomats from Tehran on Friday.",
            {("AT-IR", "diplomatic", "suspended")},
        ),
        (
            "Podgorica pulled its entire staff out of its embassy in Tirana after the protests.",
            {("AL-ME", "diplomatic", "suspended")},
        ),
        # One envoy is still limited.
        (
            "Vienna withdrew its ambassador from Tehran on Friday.",
            {("AT-IR", "diplomatic", "limited")},
        ),
    ],
)
def test_whole_staff_withdrawn_empties_the_mission(summary, expected):
    assert proposed("", summary) == expected


def test_some_staff_withdrawn_is_no_step():
    summary = "The United States withdrew non-emergency staff from its embassy in Kyiv."
    assert proposed("", summary) == set()


# --- A deal named after the capital where it was signed: the capital is a venue --------------


@pytest.mark.parametrize(
    "title",
    [
        "Juba scraps the Addis Ababa peace pact with rebel factions",
        "Khartoum ends the Doha peace deal with armed movements",
    ],
)
def test_capital_named_deal_is_no_side(title):
    assert proposed(title) == set()


def test_capital_as_a_side_still_reads():
    assert proposed("Seoul suspends talks with Tokyo") == {("JP-KR", "diplomatic", "suspended")}


# --- More than a pair at the table: other leaders, leaders of the region, regional bodies -----


@pytest.mark.parametrize(
    "summary",
    [
        "President Tokayev met Prime Minister Modi and other leaders in Astana on Thursday.",
        "President Aliyev and President Mirziyoyev held talks with the other heads of state "
        "at the Organization of Turkic States gathering.",
        "Prime Minister Plenkovic hosted leaders of the region in Zagreb, and held talks with "
        "President Vucic.",
    ],
)
def test_gathering_of_many_is_no_pair(summary):
    assert proposed("", summary) == set()


def test_two_leaders_alone_still_meet():
    summary = "President Tokayev met Prime Minister Modi in Astana on Thursday for talks."
    assert proposed("", summary) == {("IN-KZ", "diplomatic", "open")}


# --- Oil and gas produced together is trade ---------------------------------------------------


def test_joint_oil_output_is_trade():
    assert proposed("Ghana and Togo sign a deal to restart gas production at the shared field") == {
        ("GH-TG", "trade", "open")
    }


# --- A border closed for years is background, not this news's step -----------------------------


@pytest.mark.parametrize(
    "summary",
    [
        "The border between Bishkek and Dushanbe has been closed for two years.",
        "The frontier between Rabat and Algiers has been shut since 1994, and families meet "
        "only at the fence.",
    ],
)
def test_border_closed_of_long_standing_is_no_step(summary):
    assert proposed("", summary) == set()


def test_border_closed_since_a_day_of_this_week_is_the_step():
    summary = "The border between Bishkek and Dushanbe has been closed since Monday."
    assert proposed("", summary) == {("KG-TJ", "trade", "suspended")}
