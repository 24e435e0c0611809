"""Trade channels in wordings batch t12 found unread: most-favoured-nation treatment or normal
trade relations revoked (one part of trade, limited, like preferential access in batch t10)
or granted, extended and restored (open), fuels made from crops as one sector of trade, and
a country's farmers or protesters acting with no state named beside them.

The sentences are made up for these tests, with other countries and verbs than the corpus
items they generalise; none is an item of a corpus."""

from __future__ import annotations

import pytest

from tests.news.detector_rules import proposed


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Wellington strips Belarus of most-favoured-nation status", "BY-NZ"),
        ("Tokyo revokes Russia's most favoured nation trade status", "JP-RU"),
        ("Iceland withdraws MFN treatment from Belarusian goods", "BY-IS"),
        ("Washington suspends normal trade relations with Minsk", "BY-US"),
    ],
)
def test_most_favoured_nation_treatment_withdrawn_limits_trade(title, expected) -> None:
    assert proposed(title) == {(expected, "trade", "limited")}


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Washington grants Laos permanent normal trade relations", "LA-US"),
        ("Washington extends most-favoured-nation status to Mongolia", "MN-US"),
        ("Washington restores Serbia's normal trade relations", "RS-US"),
        ("Tokyo extends duty-free access to Nepal", "JP-NP"),
    ],
)
def test_most_favoured_nation_treatment_given_opens_trade(title, expected) -> None:
    assert proposed(title) == {(expected, "trade", "open")}


def test_what_is_extended_against_a_country_opens_nothing() -> None:
    readings = proposed("Washington extends the suspension of Bolivia's trade preferences")
    assert ("BO-US", "trade", "open") not in readings


def test_sanctions_extended_are_no_opening() -> None:
    assert proposed("Canada extends sanctions on Russia") == set()


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Italy stops buying Indonesian biodiesel", "ID-IT"),
        ("Brazil halts ethanol imports from the United States", "BR-US"),
        ("Peru bans biofuel shipments from Ecuador", "EC-PE"),
    ],
)
def test_fuels_made_from_crops_are_one_sector_of_trade(title, expected) -> None:
    assert proposed(title) == {(expected, "trade", "limited")}


def test_tariffs_raised_on_a_country_stay_no_channel() -> None:
    assert proposed("Canberra adds a 35 percent tariff on Belarusian imports") == set()


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        (
            "Hauliers block crossings with Lithuania",
            "Latvian hauliers blocked the road at two crossings.",
        ),
        (
            "Protesters close border with Chile",
            "Bolivian protesters closed the Tambo Quemado crossing.",
        ),
        (
            "Growers halt fruit lorries from Spain",
            "French growers halted Spanish fruit lorries near Perpignan.",
        ),
    ],
)
def test_a_countrys_people_acting_alone_take_no_step_for_it(title, summary) -> None:
    assert proposed(title, summary) == set()


def test_a_government_that_acts_for_its_farmers_still_acts() -> None:
    readings = proposed("Poland bans Ukrainian grain imports to shield its farmers")
    assert ("PL-UA", "trade", "limited") in readings
