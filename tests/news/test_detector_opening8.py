"""Failure families of batch o8 (openings and resumptions): what its tune part showed, each
generalised to a family of wording.

The sentences are made up for these tests, with other actors than the corpus items they
generalise; none is an item of a corpus."""

from __future__ import annotations

import pytest

from channels_app.news.detect import detect
from tests.news.detector_rules import RULES, proposed

# --- Whose peace the talks are about is no side of whoever holds them -----------------------


@pytest.mark.parametrize(
    "title",
    [
        "Ethiopia opens Somalia peace talks in Addis Ababa",
        "Uganda hosts a Burundi peace conference",
        "Egypt convenes Libya peace talks",
    ],
)
def test_a_country_named_before_peace_talks_is_their_topic(title) -> None:
    assert proposed(title) == set()


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Israel-Syria peace talks resume in Turkey", {("IL-SY", "diplomatic", "open")}),
        ("Peru and Ecuador restart the peace talks", {("EC-PE", "diplomatic", "open")}),
    ],
)
def test_the_sides_of_peace_talks_named_as_sides_stay_sides(title, expected) -> None:
    assert proposed(title) == expected


# --- A country that led the mediation is no side --------------------------------------------


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        (
            "Sri Lanka signs truce with rebels",
            "Sri Lanka's government signed a ceasefire with the Tamil rebels on Friday. "
            "Norway led the mediation.",
        ),
        (
            "Guinea signs peace accord with rebels",
            "Guinea's government signed the agreement with the rebel movement on Monday. "
            "Senegal headed the mediators.",
        ),
    ],
)
def test_the_country_that_led_the_mediation_is_no_side(title, summary) -> None:
    assert proposed(title, summary) == set()


# --- An exclusive economic zone is a sea boundary, not trade --------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "Ghana and Togo sign accord on their exclusive economic zones",
            {("GH-TG", "diplomatic", "open")},
        ),
        (
            "Kenya and Tanzania sign agreement on their maritime boundary",
            {("KE-TZ", "diplomatic", "open")},
        ),
        # The word alone is still trade.
        (
            "Brazil and Argentina sign economic cooperation agreement",
            {("AR-BR", "trade", "open")},
        ),
    ],
)
def test_a_sea_boundary_deal_is_diplomatic(title, expected) -> None:
    assert proposed(title) == expected


# --- A time clause after the restored ties names other countries ----------------------------


def test_countries_in_a_when_clause_are_not_the_object() -> None:
    title = "Egypt and Germany agree to restore relations"
    summary = (
        "The Egyptian and German foreign ministers, meeting in Rome, agreed on Tuesday to "
        "restore diplomatic relations cut in 1965 when Germany recognised Israel."
    )
    assert proposed(title, summary) == {("DE-EG", "diplomatic", "open")}


# --- One member of a body described is no gathering of the body -----------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "Spain becomes the first EU country to restore ties with Venezuela",
            {("ES-VE", "diplomatic", "open")},
        ),
        (
            "Oslo becomes the first NATO capital to open ties with Pyongyang",
            {("KP-NO", "diplomatic", "open")},
        ),
        (
            "Uruguay, a Mercosur member state, restores ties with Cuba",
            {("CU-UY", "diplomatic", "open")},
        ),
    ],
)
def test_a_member_described_by_its_body_is_a_side(title, expected) -> None:
    assert proposed(title) == expected


def test_the_body_itself_still_blocks_a_pair() -> None:
    assert proposed("Mercosur suspends talks with Venezuela") == set()


# --- "Agree to full diplomatic relations": the ties named with no verb ---------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "Kenya and the Holy See agree to full diplomatic relations",
            {("KE-VA", "diplomatic", "open")},
        ),
        ("Laos and the Vatican agree on diplomatic ties", {("LA-VA", "diplomatic", "open")}),
    ],
)
def test_an_agreement_to_relations_opens_them(title, expected) -> None:
    assert proposed(title) == expected


@pytest.mark.parametrize(
    "title",
    ["Myanmar and the Vatican agree to boost ties", "Ghana and Mali agree on trade ties review"],
)
def test_a_verb_between_the_agreement_and_the_ties_is_no_opening(title) -> None:
    assert not {p for p in proposed(title) if p[2] == "open" and p[1] == "diplomatic"}


# --- The Holy See's envoys are diplomats -----------------------------------------------------


@pytest.mark.parametrize(
    "summary",
    [
        "The two sides concluded an agreement allowing a papal representative in Ulaanbaatar.",
        "The two sides concluded an agreement to accredit a nuncio in Ulaanbaatar.",
    ],
)
def test_a_papal_envoy_names_a_diplomatic_channel(summary) -> None:
    title = "Mongolia welcomes the Holy See's decision"
    (found,) = [d for d in detect(title, summary, language=RULES) if d.parties == ("MN", "VA")]
    assert (found.kind, found.state) == ("diplomatic", "open")
    assert found.explanation is not None and found.explanation.kind_from == "named"
