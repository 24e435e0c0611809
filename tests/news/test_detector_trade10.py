"""Trade channels in wordings batch t10 found unread or misread: preferential access (GSP,
AGOA, ATPDEA, "trade preferences", "duty-free access") withdrawn from one country or given
back, the US laws and agency that name the US side (AGOA, ATPDEA, USDA), and a country's
farmers or protesters, who are not its government.

The sentences are made up for these tests, with other countries and verbs than the corpus
items they generalise; none is an item of a corpus."""

from __future__ import annotations

import pytest

from tests.news.detector_rules import proposed


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Washington revokes Sri Lanka's GSP trade preferences", "LK-US"),
        ("US terminates Kenya's preferential trade status", "KE-US"),
        ("Tunisia loses US trade preferences over labour rules", "TN-US"),
        ("White House strips Nicaragua of its duty-free access", "NI-US"),
        ("Japan withdraws Myanmar's preferential tariffs", "JP-MM"),
    ],
)
def test_preferential_access_withdrawn_limits_trade(title, expected) -> None:
    assert (expected, "trade", "limited") in proposed(title)


def test_trade_preferences_suspended_are_one_part_of_trade_not_all() -> None:
    assert proposed("Canada suspends Haiti's tariff preferences") == {("CA-HT", "trade", "limited")}


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Senegal to lose AGOA benefits next year", "SN-US"),
        ("Peru dropped from ATPDEA", "PE-US"),
    ],
)
def test_the_us_preference_laws_name_the_us_side(title, expected) -> None:
    assert (expected, "trade", "limited") in proposed(title)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Washington restores Zimbabwe's trade preferences", "US-ZW"),
        ("Malawi regains duty-free access to Japanese market", "JP-MW"),
        ("Washington reinstates Lesotho's AGOA eligibility", "LS-US"),
    ],
)
def test_preferential_access_restored_opens_trade(title, expected) -> None:
    assert (expected, "trade", "open") in proposed(title)


def test_a_pact_that_gives_duty_free_access_withdraws_nothing() -> None:
    readings = proposed(
        "Chile and Japan sign trade pact",
        "The deal ends tariffs on salmon and gives Chile duty-free access for copper.",
    )
    assert ("CL-JP", "trade", "limited") not in readings


def test_losers_named_in_the_passive_are_no_pair_of_their_own() -> None:
    readings = proposed("Togo, Benin and Ghana would be removed from the trade preferences scheme")
    assert not {r for r in readings if "US" not in r[0]}


def test_the_us_agriculture_department_is_the_us_side() -> None:
    assert proposed("USDA halts poultry imports from Brazil") == {("BR-US", "trade", "limited")}


def test_a_countrys_farmers_blocking_lorries_are_not_its_government() -> None:
    assert proposed("Hungarian farmers block Serbian grain lorries at the crossing") == set()


def test_tariffs_raised_alone_stay_no_channel() -> None:
    assert proposed("Washington raises duties on Turkish steel to 50%") == set()
