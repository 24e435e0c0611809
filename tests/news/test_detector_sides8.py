"""Who the sides are, batch w8 (wire copy): a witness or a titled host is no side, a
country's legislators are not its government, a pact named after a city or by "American" is
no country, leaders are read within their terms, letters exchanged are a contact, and an
anniversary that only dates the news does not make it a look back. Sentences written for
these tests, not taken from any corpus."""

from __future__ import annotations

import functools

import pytest

from tests.news.detector_rules import pairs_on, states_on

_read = functools.partial(states_on, day="2010-06-01")
_pairs = functools.partial(pairs_on, day="2010-06-01")


# --- witnesses and titled hosts -------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Chad and Sudan signed a border accord in Tripoli on Friday, with the Libyan leader "
        "looking on.",
        "Georgia and Armenia signed a transit deal on Monday, with Iran's president and "
        "Turkey's foreign minister at the signing ceremony.",
        "Kenya and Uganda signed a fishing accord, with Tanzania's prime minister in attendance.",
    ],
)
def test_who_watches_a_ceremony_is_no_side(sentence, any_calibrated_confidence) -> None:
    pairs = _pairs(sentence)
    watchers = {"LY", "IR", "TR", "TZ"}
    assert not any(set(pair) & watchers for pair in pairs)


@pytest.mark.parametrize(
    "sentence",
    [
        "Negotiators for the Sudanese government and rebel groups opened talks in Juba on Monday, "
        "with Egypt's foreign minister and Chad's president at the opening ceremony.",
        "Delegates of the Malian government and Tuareg movements began talks in Algiers, with "
        "Niger's prime minister and the French envoy looking on.",
    ],
)
def test_witnesses_of_talks_inside_one_country_make_no_pair(
    sentence, any_calibrated_confidence
) -> None:
    assert not _pairs(sentence)


def test_a_side_named_last_before_the_ceremony_without_a_comma_stays_a_side(
    any_calibrated_confidence,
) -> None:
    assert ("ER", "ET") in _pairs(
        "Ethiopia signed the accord with Eritrea at the signing ceremony."
    )


def test_a_titled_host_is_no_side(any_calibrated_confidence) -> None:
    pairs = _pairs(
        "Sudan and South Sudan signed an oil deal in Addis Ababa on Thursday, with Ethiopian "
        "Prime Minister Abiy Ahmed as host."
    )
    assert ("SD", "SS") in pairs
    assert not any("ET" in pair for pair in pairs)


def test_a_countrys_legislators_are_not_its_government(any_calibrated_confidence) -> None:
    pairs = _pairs(
        "Japan's foreign minister held talks with visiting Australian lawmakers in Tokyo."
    )
    assert ("AU", "JP") not in pairs


# --- names that are no country --------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Peru quits the Pact of Bogota after the court's ruling",
        "Venezuela withdraws from the American Convention on Human Rights",
        "Colombia leaves the American Treaty on Pacific Settlement",
    ],
)
def test_an_americas_pact_is_no_country(sentence, any_calibrated_confidence) -> None:
    assert not any("US" in pair for pair in _pairs(sentence))


# --- leaders within their terms -------------------------------------------------------------


def test_presidents_named_by_surname_are_their_countries_in_office(
    any_calibrated_confidence,
) -> None:
    title = "Walesa and Brazauskas sign a good-neighbour treaty in Vilnius"
    assert ("LT", "PL") in _pairs(title, day="1994-04-26")
    assert ("LT", "PL") not in _pairs(title, day="2010-04-26")


def test_a_sultan_in_office_is_his_country(any_calibrated_confidence) -> None:
    pairs = _pairs("Sultan Hassanal Bolkiah and Najib Razak sign a border accord", day="2012-05-01")
    assert ("BN", "MY") in pairs


# --- letters and notes exchanged ------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Malaysia and Brunei exchanged letters on Monday settling their maritime boundary.",
        "Seoul and Havana exchanged diplomatic notes establishing relations.",
        "Estonia and Latvia exchange instruments of ratification of the border treaty.",
    ],
)
def test_letters_or_notes_exchanged_are_a_contact(sentence, any_calibrated_confidence) -> None:
    assert any(state == "open" for _, state in _read(sentence))


def test_fire_exchanged_is_no_contact(any_calibrated_confidence) -> None:
    assert not _read("Indian and Pakistani troops exchanged fire across the border on Monday.")


# --- anniversaries ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "Foreign ministers of Japan and South Korea meet ahead of treaty anniversary",
        "Greek and Turkish leaders hold talks on the eve of the 20th anniversary of the crisis",
        "Vietnam and China hold talks before normalisation anniversary",
    ],
)
def test_an_anniversary_that_dates_the_news_is_no_look_back(
    title, any_calibrated_confidence
) -> None:
    assert any(state == "open" for _, state in _read(title))


@pytest.mark.parametrize(
    "title",
    [
        "Japan and South Korea mark the anniversary of their treaty",
        "Anniversary: Greece and Turkey restored their dialogue twenty years ago",
    ],
)
def test_an_anniversary_piece_is_still_a_look_back(title, any_calibrated_confidence) -> None:
    assert not _read(title)
