"""Failure families of batch v10 (suspensions and severances, second batch), each generalised
to a family of wording.

The sentences are made up for these tests, with other actors and verbs than the corpus
items they generalise; none is an item of a corpus."""

from __future__ import annotations

import pytest

from tests.news.detector_rules import proposed

# --- An embassy evacuated, or all its diplomats recalled, is emptied (suspended) -------------


@pytest.mark.parametrize(
    ("title", "summary", "expected"),
    [
        ("Norway evacuates its embassy in Damascus", "", {("NO-SY", "diplomatic", "suspended")}),
        (
            "Staff flown out of Tripoli",
            "Rome said on Sunday it had evacuated its embassy in Libya after clashes nearby.",
            {("IT-LY", "diplomatic", "suspended")},
        ),
        (
            "Chile empties its mission in Caracas",
            "Santiago recalled all its diplomats from Venezuela on Monday.",
            {("CL-VE", "diplomatic", "suspended")},
        ),
        (
            "Kenya withdraws all its diplomats from Mogadishu",
            "",
            {("KE-SO", "diplomatic", "suspended")},
        ),
    ],
)
def test_an_embassy_emptied_is_suspended(title, summary, expected) -> None:
    assert proposed(title, summary) == expected


@pytest.mark.parametrize(
    ("title", "summary", "expected"),
    [
        # All diplomats "for consultations": a recall, the embassy stays (limited).
        (
            "Nigeria calls its diplomats home",
            "Nigeria recalled all its diplomats from Pretoria for consultations on Thursday.",
            {("NG-ZA", "diplomatic", "limited")},
        ),
        # Nationals, non-essential staff and families: a drawdown, no channel.
        ("Japan evacuates its nationals from Sudan", "", set()),
        (
            "Drawdown in Kyiv",
            "The State Department evacuated the embassy's non-essential staff and families.",
            set(),
        ),
    ],
)
def test_a_recall_or_drawdown_is_not_an_emptied_embassy(title, summary, expected) -> None:
    assert proposed(title, summary) == expected


# --- "could go as far as severing": the step is still what "could" puts -------------------


@pytest.mark.parametrize(
    "title",
    [
        "Pakistan could go as far as cutting ties with Kabul, minister says",
        "Jakarta said it might go as far as recalling its ambassador from Canberra",
    ],
)
def test_as_far_as_is_no_clause_boundary(title) -> None:
    assert proposed(title) == set()


# --- A title "in review" looks back ---------------------------------------------------------


def test_a_title_in_review_looks_back() -> None:
    assert proposed("Ethiopia and Egypt: a decade of suspended talks in review") == set()


# --- Sporting relations are no diplomatic channel -------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "India suspends cricket relations with Pakistan",
        "Board freezes sporting relations with South Africa",
    ],
)
def test_sporting_relations_are_no_channel(title) -> None:
    assert proposed(title) == set()


def test_diplomatic_relations_still_read() -> None:
    assert proposed("India suspends diplomatic relations with Pakistan") == {
        ("IN-PK", "diplomatic", "suspended")
    }
