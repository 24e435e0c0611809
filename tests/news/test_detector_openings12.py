"""Failure families of batch o12 (openings, fourth round): openings the rules missed and plans
they read as steps in its tune part, each generalised to a family of wording.

The sentences are made up for these tests, with other actors than the corpus items they
generalise; none is an item of a corpus."""

from __future__ import annotations

from datetime import date

import pytest

from channels_app.news.detect import detect
from tests.news.detector_rules import RULES, proposed


def proposed_on(title: str, summary: str, *, day: str) -> set[tuple[str, str, str]]:
    """`proposed` for an article published on `day` (who held an office depends on it)."""
    return {
        ("-".join(d.parties), d.kind, d.state)
        for d in detect(title, summary, language=RULES, published=date.fromisoformat(day))
        if d.proposes_change
    }


# --- An attribution set off by commas does not cut a plan from its apposition ---------------


@pytest.mark.parametrize(
    "summary",
    [
        "Lula will travel to Hanoi on Sunday, his office said, the first such trip in 12 years.",
        "Ramaphosa is to fly to Luanda next week, the presidency announced, the first visit by "
        "a South African leader in a decade.",
        "Orban will visit Tbilisi on Friday, state media reported on Monday, the first such "
        "trip since 2009.",
    ],
)
def test_an_aside_keeps_the_plan_of_its_clause(summary) -> None:
    assert proposed("", summary) == set()


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        (
            "Lula held talks with Vietnam's president in Hanoi on Sunday, his office said, the "
            "first such meeting in 12 years.",
            {("BR-VN", "diplomatic", "open")},
        ),
        (
            "Ramaphosa arrived in Luanda on Tuesday, the presidency said, the first visit by a "
            "South African leader in a decade.",
            {("AO-ZA", "diplomatic", "open")},
        ),
    ],
)
def test_an_aside_after_a_step_taken_still_reads_it(summary, expected) -> None:
    assert proposed("", summary) == expected


# --- Looking forward to a visit, debating a ban: no step yet ---------------------------------


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        ("", "Canberra said it looked forward to welcoming Lula on the first such visit."),
        ("Hungary looks forward to first visit by Mongolian president", ""),
        ("Algerian assembly debates ban on trade with Morocco", ""),
        ("", "Peru's congress is debating a proposed suspension of ties with Caracas."),
    ],
)
def test_a_wish_or_a_debate_is_no_step(title, summary) -> None:
    assert proposed(title, summary) == set()


def test_a_ban_passed_is_still_read() -> None:
    assert proposed("Algeria bans trade with Morocco", "") == {("DZ-MA", "trade", "suspended")}


# --- The pope, the pontiff, a papal visit: the Holy See ---------------------------------------


@pytest.mark.parametrize(
    ("title", "summary", "expected"),
    [
        (
            "Pope arrives in Kinshasa for first visit in 37 years",
            "",
            {("CD-VA", "diplomatic", "open")},
        ),
        (
            "Pontiff received by Portuguese president",
            "",
            {("PT-VA", "diplomatic", "open")},
        ),
        (
            "",
            "The first papal visit to Kazakhstan in two decades began on Tuesday.",
            {("KZ-VA", "diplomatic", "open")},
        ),
    ],
)
def test_the_pope_speaks_for_the_holy_see(title, summary, expected) -> None:
    assert proposed(title, summary) == expected


def test_francis_alone_is_the_pope_only_during_his_papacy() -> None:
    summary = "Francis held talks with Kenya's president in Nairobi on Tuesday."
    assert proposed_on("", summary, day="2015-11-26") == {("KE-VA", "diplomatic", "open")}
    assert proposed_on("", summary, day="2010-11-26") == set()
