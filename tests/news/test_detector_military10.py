"""Failure families of batch m10 (military channels, tenth round): the ones its tune part
showed, each generalised to a family of wording.

The sentences are made up for these tests, with other actors and verbs than the corpus
items they generalise; none is an item of a corpus."""

from __future__ import annotations

import pytest

from tests.news.detector_rules import proposed

# --- A cooperation roadmap signed -----------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "Ghana and Britain sign a five-year defence roadmap",
        "Senegal signs military cooperation road map with Spain",
    ],
)
def test_a_signed_defence_roadmap_opens_the_military_channel(title) -> None:
    found = proposed(title)
    assert {p for p in found if p[1] == "military"} and all(p[2] == "open" for p in found)


def test_a_roadmap_only_talked_about_opens_nothing() -> None:
    assert not proposed("Ghana and Britain discuss a possible defence roadmap")


# --- Bases and ports opened to another's forces ----------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Kenya grants Britain access to two more air bases", {("GB-KE", "military", "open")}),
        ("Cyprus opens its air bases to French troops", {("CY-FR", "military", "open")}),
        ("Djibouti lets Japanese troops use its air base", {("DJ-JP", "military", "open")}),
        (
            "Sri Lanka gives Indian warships access to its harbours",
            {("IN-LK", "military", "open")},
        ),
    ],
)
def test_base_access_granted_opens_the_military_channel(title, expected) -> None:
    assert proposed(title) == expected


@pytest.mark.parametrize(
    "title",
    [
        "Kenya gives Britain access to its ports for trade",
        "Aid agencies granted access to the camps near the border",
    ],
)
def test_access_for_trade_or_aid_is_no_military_channel(title) -> None:
    assert not {p for p in proposed(title) if p[1] == "military"}


# --- A standing line of notices agreed ------------------------------------------------------


def test_agreeing_to_notify_each_other_of_launches_opens_the_military_channel() -> None:
    assert proposed(
        "Brazil and Argentina agree to notify each other of rocket tests and military flights"
    ) == {("AR-BR", "military", "open")}


def test_agreeing_to_inform_each_other_of_catches_is_no_channel() -> None:
    assert not proposed("Peru and Ecuador agree to inform each other of fishing catches")


# --- How long an embargo stood is no step taken -----------------------------------------------


def test_an_embargo_that_had_stood_for_years_is_not_imposed_again() -> None:
    found = proposed(
        "Canberra lifts its weapons embargo on Fiji",
        "Foreign Minister Julie Bishop announced the move on Tuesday."
        " The embargo had lasted eight years.",
    )
    assert not {p for p in found if p[2] == "suspended"}


def test_an_embargo_imposed_is_still_read() -> None:
    found = proposed("Washington imposes a trade embargo on Cuba")
    assert {(p[0], p[1]) for p in found} == {("CU-US", "trade")}
