"""Failure families of batch v12 (suspensions and severances, third round), each generalised
to a family of wording.

The sentences are made up for these tests, with other actors and verbs than the corpus
items they generalise; none is an item of a corpus."""

from __future__ import annotations

import pytest

from tests.news.detector_rules import proposed

# --- A mission's diplomats taken out of the country empty its embassy (suspended) ------------


@pytest.mark.parametrize(
    ("title", "summary", "expected"),
    [
        ("Portugal flies its diplomats out of Bamako", "", {("ML-PT", "diplomatic", "suspended")}),
        ("Greece pulls its diplomats out of Libya", "", {("GR-LY", "diplomatic", "suspended")}),
        (
            "Evacuation from Niamey",
            "Belgian forces flew embassy staff and their families out of Niger on Sunday.",
            {("BE-NE", "diplomatic", "suspended")},
        ),
        (
            "Swedish embassy staff evacuated from Kinshasa",
            "",
            {("CD-SE", "diplomatic", "suspended")},
        ),
        ("Denmark's last diplomats leave Damascus", "", {("DK-SY", "diplomatic", "suspended")}),
    ],
)
def test_diplomats_taken_out_empty_the_embassy(title, summary, expected) -> None:
    assert proposed(title, summary) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # Its nationals flown out: no channel.
        ("Poland flies nationals out of Sudan", set()),
        # Diplomats withdrawn "from" a capital: a recall, the embassy stays (limited).
        ("Ghana withdraws its diplomats from Abuja", {("GH-NG", "diplomatic", "limited")}),
        # ... and "for consultations" too.
        (
            "Chile pulls its diplomats out of Lima for consultations",
            {("CL-PE", "diplomatic", "limited")},
        ),
    ],
)
def test_nationals_or_a_recall_are_no_emptied_embassy(title, expected) -> None:
    assert proposed(title) == expected


# --- A state of long standing is background, no step of this news ---------------------------


@pytest.mark.parametrize(
    "title",
    [
        "Egypt and Iran: a relationship frozen since 1980",
        "Ties between Cuba and Israel, severed since 1973, are not on the agenda",
        "Morocco and Iran, with relations broken off since 2018, meet in Baghdad's shadow",
        "Laos and Gabon: contacts suspended for decades",
    ],
)
def test_a_state_held_since_a_past_year_is_no_step(title) -> None:
    assert not {state for _, _, state in proposed(title)} & {"suspended", "severed"}


def test_suspended_since_a_day_of_this_week_is_the_step() -> None:
    assert proposed("Kenya has suspended talks with Uganda since Monday") == {
        ("KE-UG", "diplomatic", "suspended")
    }


def test_a_suspension_for_a_term_is_the_step() -> None:
    assert proposed("Bolivia suspends trade with Peru for 90 days") == {
        ("BO-PE", "trade", "suspended")
    }
