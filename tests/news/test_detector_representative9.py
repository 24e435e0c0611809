"""Failure families of batch r9 (representative wire copy): the ones its tune part showed,
each generalised to a family of wording.

The sentences are made up for these tests, with other actors and verbs than the corpus
items they generalise; none is an item of a corpus."""

from __future__ import annotations

import pytest

from tests.news.detector_rules import proposed

# --- Others took the same step: the same object, each its own dyad ---------------------------


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        (
            "Lisbon recalled its ambassador from Bissau on Monday, and Madrid and Rome "
            "announced the same step a day later.",
            {
                ("GW-PT", "diplomatic", "limited"),
                ("ES-GW", "diplomatic", "limited"),
                ("GW-IT", "diplomatic", "limited"),
            },
        ),
        (
            "Tokyo suspended defence exchanges with Naypyidaw after the coup, and Seoul took "
            "the same step.",
            {("JP-MM", "military", "suspended"), ("KR-MM", "military", "suspended")},
        ),
        (
            "Oslo expelled two diplomats of the Belarusian embassy, and Copenhagen did "
            "likewise on Friday.",
            {("BY-NO", "diplomatic", "limited"), ("BY-DK", "diplomatic", "limited")},
        ),
        (
            "Amman recalled its envoy from Tel Aviv, and Rabat took similar action.",
            {("IL-JO", "diplomatic", "limited"), ("IL-MA", "diplomatic", "limited")},
        ),
        (
            "Quito expelled the Venezuelan charge d'affaires, and Lima followed its lead.",
            {("EC-VE", "diplomatic", "limited"), ("PE-VE", "diplomatic", "limited")},
        ),
    ],
)
def test_a_name_that_took_the_same_step_shares_the_object(summary, expected) -> None:
    assert proposed("Envoys pulled", summary) == expected


def test_the_same_step_links_no_pair_between_the_subjects() -> None:
    found = proposed(
        "Envoys pulled",
        "Vienna withdrew its ambassador from Minsk, and Prague and Warsaw announced the same step.",
    )
    assert not {p for p in found if p[0] in {"AT-CZ", "AT-PL", "CZ-PL"}}


# --- "The first foreign leader to visit": a rank among visitors, no gap ended ----------------


@pytest.mark.parametrize(
    "summary",
    [
        "Chancellor Olaf Scholz became the first foreign leader to visit Ankara after the "
        "earthquake.",
        "Prime Minister Narendra Modi was the first head of government to tour the flooded "
        "Maldivian capital.",
        "The Japanese premier was the first world leader to visit Kyiv after the attack.",
    ],
)
def test_the_first_visitor_after_an_event_is_no_first_contact(summary) -> None:
    assert not proposed("A visit after the disaster", summary)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Egypt and Iran hold first talks in a decade", {("EG-IR", "diplomatic", "open")}),
        ("Israeli premier makes first visit to Oman", {("IL-OM", "diplomatic", "open")}),
    ],
)
def test_a_first_contact_still_reads(title, expected) -> None:
    assert proposed(title) == expected
