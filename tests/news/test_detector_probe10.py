"""Gaps the words probe (`tools/probe_detector.py words`) found in session 10: a synonym
swapped into a tuning item changed its reading where the language means the same.

- a trip or tour with its destination is a visit ("calls off her state trip to Ottawa");
- halting or pausing the termination of a pact keeps it, as suspending it does;
- a capital before "dialogue" or "consultations" names the venue, as before "talks"
  ("the Geneva security dialogue"); not where an envoy is called back to "for
  consultations", which is the side's capital;
- a trip called off "as a storm nears" is no decision about the channel;
- some of a mission's staff withdrawn is a drawdown, not ties withdrawn from (a helper of
  batch r10 found "Oslo withdrew some staff from its embassy in Kabul" read severed).

The sentences are made up for these tests; none is an item of a corpus."""

from __future__ import annotations

import pytest

from tests.news.detector_rules import proposed


@pytest.mark.parametrize(
    "title",
    [
        "Lula calls off his state trip to Ottawa after the spying row",
        "Lula cancels a working tour of Canada after the spying row",
        "Lula calls off his state visit to Ottawa after the spying row",
    ],
)
def test_a_trip_called_off_is_a_visit_called_off(title: str) -> None:
    assert proposed(title) == {("BR-CA", "diplomatic", "suspended")}


@pytest.mark.parametrize(
    "title",
    [
        "Egypt cancelled its trip and met Sudan's leaders",  # no destination: no visit
        "Argentina's premier calls off her trip to Santiago as a hurricane nears",
        "The school trip to Tokyo from Seoul was cancelled",
    ],
)
def test_a_trip_with_no_destination_or_off_for_the_weather_suspends_nothing(title: str) -> None:
    assert not {p for p in proposed(title) if p[2] == "suspended"}


@pytest.mark.parametrize(
    "title",
    [
        "Manila halts its termination of the defence pact with Washington",
        "Manila pauses the termination of its defence pact with Washington",
        "Manila suspends the termination of its defence pact with Washington",
    ],
)
def test_halting_the_end_of_a_pact_keeps_it(title: str) -> None:
    assert proposed(title) == {("PH-US", "military", "open")}


@pytest.mark.parametrize(
    "title",
    [
        "Iran walks out of the Vienna nuclear dialogue with the United States",
        "Iran walks out of the Vienna nuclear consultations with the United States",
        "Iran walks out of the Vienna nuclear talks with the United States",
    ],
)
def test_a_capital_naming_talks_is_their_venue_whatever_they_are_called(title: str) -> None:
    assert proposed(title) == {("IR-US", "diplomatic", "suspended")}


@pytest.mark.parametrize(
    ("title", "pair"),
    [
        ("Rabat calls its ambassador home to Rabat from Paris for consultations", "FR-MA"),
        ("Peru's envoy in Venezuela was summoned back to Lima for consultations", "PE-VE"),
    ],
)
def test_a_capital_an_envoy_is_called_back_to_for_consultations_is_no_venue(
    title: str, pair: str
) -> None:
    assert (pair, "diplomatic", "limited") in proposed(title)


@pytest.mark.parametrize(
    "title",
    [
        "Oslo withdrew some staff from its embassy in Kabul",
        "Canada pulls out part of its embassy personnel from Caracas",
        "Britain withdraws most diplomats from its mission in Khartoum",
    ],
)
def test_some_of_a_missions_staff_withdrawn_is_a_drawdown_not_a_break(title: str) -> None:
    assert not {p for p in proposed(title) if p[2] == "severed"}


def test_a_withdrawal_from_a_treaty_still_ends_it() -> None:
    assert ("RU-US", "military", "severed") in proposed(
        "The United States withdraws from the INF treaty with Russia"
    )
