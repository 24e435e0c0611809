"""Trade channels in wordings batch t9 found unread or misread: trade and investment pacts named
by their initials (CEPA, EPA, FTA, BIT), an economic partnership entering into force, a ban on
every import (trade as a whole, not one sector), an investigation opened (no channel), and
trade blocs (EFTA, RCEP, CPTPP), which are no pair's channel.

The sentences are made up for these tests, with other countries and verbs than the corpus
items they generalise; none is an item of a corpus."""

from __future__ import annotations

import pytest

from tests.news.detector_rules import proposed


@pytest.mark.parametrize(
    ("title", "summary", "expected"),
    [
        ("Egypt and Kenya sign CEPA", "", "EG-KE"),
        ("Ghana and Morocco ink an FTA", "", "GH-MA"),
        ("Talks end in Accra", "Senegal and Ghana signed the EPA on Thursday.", "GH-SN"),
        ("Peru and Qatar conclude a BIT after four rounds", "", "PE-QA"),
    ],
)
def test_a_trade_pact_signed_by_its_initials_opens_the_trade_channel(
    title, summary, expected
) -> None:
    assert (expected, "trade", "open") in proposed(title, summary)


def test_the_environment_agency_signing_rules_is_no_pact() -> None:
    assert proposed("The EPA signs off on new emissions rules for Canadian trucks") == set()


@pytest.mark.parametrize(
    "title",
    [
        "The Ghana-Kenya economic partnership enters into force",
        "Vietnam-Chile trade partnership takes effect on Monday",
    ],
)
def test_an_economic_partnership_in_force_opens_the_trade_channel(title) -> None:
    assert {pair for pair, kind, state in proposed(title) if (kind, state) == ("trade", "open")}


def test_a_ban_on_every_import_halts_trade_as_a_whole() -> None:
    assert proposed("Algeria bars every import from Morocco") == {("DZ-MA", "trade", "suspended")}


def test_a_ban_on_one_product_stays_limited() -> None:
    assert proposed("Algeria bars fish imports from Morocco") == {("DZ-MA", "trade", "limited")}


@pytest.mark.parametrize(
    "title",
    [
        "Brazil opens anti-dumping investigation into Argentine steel",
        "Seoul opens a probe into Vietnamese shrimp imports",
        "Mexico opened an inquiry into Chinese tyres",
    ],
)
def test_an_investigation_opened_is_no_channel(title) -> None:
    assert proposed(title) == set()


@pytest.mark.parametrize(
    "title",
    [
        "Peru and EFTA states sign trade and investment pact",
        "Mexico and Japan ratify the CPTPP",
        "Thailand and Vietnam sign RCEP with thirteen others",
    ],
)
def test_a_trade_bloc_is_no_pairs_channel(title) -> None:
    assert not any(kind == "trade" for _pair, kind, _state in proposed(title))
