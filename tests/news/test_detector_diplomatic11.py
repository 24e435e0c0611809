"""Diplomatic grading in wordings batch d11 found unread or misread: intelligence officers or
spies expelled (the embassy's staff: limited), "the Vienna convention" in lower case (a
treaty named after a city, no party), and a reply "in answer to" another step (no line
answered).

The sentences are made up for these tests, with other countries and verbs than the corpus
items they generalise; none is an item of a corpus."""

from __future__ import annotations

import pytest

from tests.news.detector_rules import proposed


@pytest.mark.parametrize(
    ("title", "summary", "expected"),
    [
        ("Sweden expels four Russian intelligence officers", "", "RU-SE"),
        ("Oslo orders out two Iranian intelligence agents posted at the embassy", "", "IR-NO"),
        ("Tallinn expels three Russian spies", "", "EE-RU"),
        (
            "Spy row deepens",
            "Finland announced the expulsion of nine Russian intelligence officers on Tuesday.",
            "FI-RU",
        ),
    ],
)
def test_intelligence_officers_expelled_limit_the_diplomatic_channel(
    title, summary, expected
) -> None:
    assert (expected, "diplomatic", "limited") in proposed(title, summary)


@pytest.mark.parametrize(
    "title",
    [
        "Poland arrests two Russian spies near an air base",
        "Moscow and Washington swap spies at Ankara airport",
        "Turkish and Syrian intelligence officers meet in Moscow",
    ],
)
def test_spies_arrested_swapped_or_meeting_are_no_expulsion(title) -> None:
    assert not {r for r in proposed(title) if r[1:] == ("diplomatic", "limited")}


def test_the_vienna_convention_in_lower_case_names_no_party() -> None:
    found = proposed(
        "Serbia expels two Croatian diplomats",
        "Belgrade said their conduct was contrary to the Vienna convention on diplomatic "
        "relations.",
    )
    assert ("HR-RS", "diplomatic", "limited") in found
    assert not {r for r in found if "AT" in r[0]}


def test_a_step_in_answer_to_another_is_no_line_answered() -> None:
    found = proposed(
        "Tit-for-tat expulsions",
        "Minsk said it was expelling five Polish and three Lithuanian diplomats in answer to "
        "their earlier moves.",
    )
    assert not {r for r in found if r[2] == "open"}


def test_a_hotline_answered_still_opens() -> None:
    assert ("KP-KR", "military", "open") in proposed(
        "Pyongyang answers Seoul's call on the hotline"
    )
