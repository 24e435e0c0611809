"""Failure families of batch o10 (openings and resumptions, third batch): spurious openings the
rules read in its tune part, each generalised to a family of wording.

The sentences are made up for these tests, with other actors than the corpus items they
generalise; none is an item of a corpus."""

from __future__ import annotations

import pytest

from tests.news.detector_rules import proposed

# --- A team's tour or a championship is no visit of a government ----------------------------


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        ("Australian cricketers arrive in Bangladesh for first tour in ten years", ""),
        ("Iranian wrestlers land in Washington for world championships", ""),
        (
            "Chilean footballers in Lima",
            "Chile's squad arrived in Peru on Monday for the first friendly in eight years.",
        ),
        ("Brazilian swimmers arrive in Argentina for the Paralympics", ""),
    ],
)
def test_a_team_travelling_for_sport_is_no_visit(title, summary) -> None:
    assert proposed(title, summary) == set()


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "Australian prime minister arrives in Bangladesh for first visit in ten years",
            {("AU-BD", "diplomatic", "open")},
        ),
        (
            "Iran's foreign minister lands in Washington for talks",
            {("IR-US", "diplomatic", "open")},
        ),
    ],
)
def test_a_government_travelling_is_still_a_visit(title, expected) -> None:
    assert proposed(title) == expected


# --- Welcoming a gerund welcomes an idea, not a step ----------------------------------------


@pytest.mark.parametrize(
    "summary",
    [
        "Ankara welcomed reopening embassies with Cairo.",
        "The president said Hanoi welcomes resuming talks with Beijing.",
        "Pretoria welcomed restoring ties with Kigali in a statement.",
    ],
)
def test_welcoming_a_gerund_is_no_step(summary) -> None:
    assert proposed("Statement", summary) == set()


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        (
            "Ankara and Cairo reopened their embassies on Monday, and Qatar welcomed the step.",
            {("EG-TR", "diplomatic", "open")},
        ),
        (
            "Hanoi and Beijing resumed their talks on Tuesday.",
            {("CN-VN", "diplomatic", "open")},
        ),
    ],
)
def test_a_step_taken_is_still_read_beside_a_welcome(summary, expected) -> None:
    assert proposed("Statement", summary) == expected


# --- A minister in the other's capital for a regional meeting attends a gathering -----------


@pytest.mark.parametrize(
    "summary",
    [
        "Qatar's foreign minister, in Riyadh for a regional conference, said Doha hoped to "
        "settle the dispute.",
        "Kuwait's foreign minister was in Baghdad on Sunday for an international conference "
        "on the region.",
    ],
)
def test_a_minister_at_a_regional_meeting_is_no_bilateral_visit(summary) -> None:
    assert proposed("Minister abroad", summary) == set()


def test_a_bilateral_visit_is_still_read() -> None:
    assert proposed(
        "Minister abroad",
        "Kuwait's foreign minister held talks in Baghdad on Sunday with his Iraqi counterpart.",
    ) == {("IQ-KW", "diplomatic", "open")}


# --- A step given no date is not yet taken ---------------------------------------------------


@pytest.mark.parametrize(
    "summary",
    [
        "Officials gave no timetable for the reopening of the Chilean embassy in Caracas.",
        "Ghana made no comment, and no date for an exchange of ambassadors with Togo was set.",
        "No date has been set for the resumption of talks between Laos and Thailand.",
    ],
)
def test_a_step_with_no_date_is_no_step(summary) -> None:
    assert proposed("Statement", summary) == set()


def test_a_step_taken_is_read_beside_an_undated_one() -> None:
    assert proposed(
        "Statement",
        "Chile reopened its embassy in Caracas on Monday; no date for an ambassador's return "
        "was given.",
    ) == {("CL-VE", "diplomatic", "open")}
