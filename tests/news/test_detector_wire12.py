"""Failure families of batch r12 (representative wire news, the regions the corpora cover
least): the ones its tune part showed, each generalised to a family of wording.

The sentences are made up for these tests, with other actors and verbs than the corpus
items they generalise; none is an item of a corpus."""

from __future__ import annotations

import pytest

from tests.news.detector_rules import proposed

# --- Two states recognising each other -------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Estonia and Moldova recognise each other", "EE-MD"),
        ("Armenia and Kazakhstan recognised one another on Friday", "AM-KZ"),
        ("Lithuania and Ukraine agree mutual recognition and ties", "LT-UA"),
    ],
)
def test_recognising_each_other_opens_the_diplomatic_channel(title, expected) -> None:
    assert (expected, "diplomatic", "open") in proposed(title)


@pytest.mark.parametrize(
    "title",
    [
        "Serbia and Kosovo still refuse to recognise each other",
        "Cyprus and Turkey do not recognise each other, officials say",
    ],
)
def test_a_refusal_to_recognise_each_other_is_no_change(title) -> None:
    assert not proposed(title)


# --- Energy sold between the two is trade ------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Brazil and Bolivia strike gas deal", "BO-BR"),
        ("Laos and Thailand sign hydropower agreement", "LA-TH"),
        ("Kyrgyzstan and Kazakhstan seal electricity accord", "KG-KZ"),
    ],
)
def test_an_energy_deal_is_read_as_trade(title, expected) -> None:
    found = proposed(title)
    assert (expected, "trade", "open") in found
    assert (expected, "diplomatic", "open") not in found


# --- Arms landing under a pact -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Turkish weapons arrive in Tripoli under a security accord", "LY-TR"),
        ("Pakistani ammunition lands in Baku under a defence protocol", "AZ-PK"),
    ],
)
def test_arms_landing_under_a_pact_open_the_military_channel(title, expected) -> None:
    assert (expected, "military", "open") in proposed(title)


def test_arms_arriving_without_consent_words_are_not_read() -> None:
    assert not proposed("Iranian weapons arrive in Yemen, monitors say")
