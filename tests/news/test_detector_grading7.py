"""State grading and false alarms (batch g7's classes): a liaison office or interests
section is the whole mission between sides without embassies; doors shut for a day or to the
public are no step; "all contacts except one line" is partial; ending hostile acts ("stop
arming rebels") is no channel halted; an embargo that ends is no embargo imposed; a person
kept from a visit and an accord that bars attacks are no halt; "neither side recalled" is a
negation.

The sentences are made up for these tests, with other actors and verbs than the corpus
items they generalise; none is an item of a corpus."""

from __future__ import annotations

import pytest

from tests.news.detector_rules import proposed


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Qatar shuts the Israeli liaison office in Doha", "IL-QA"),
        ("Tunisia closes its interests section in Tel Aviv", "IL-TN"),
        ("Seoul closes the liaison office with North Korea at Kaesong", "KP-KR"),
    ],
)
def test_closing_the_only_mission_suspends_the_channel(title, expected) -> None:
    assert proposed(title) == {(expected, "diplomatic", "suspended")}


def test_closing_a_consulate_or_a_branch_office_stays_limited() -> None:
    assert proposed("Russia closes Latvia's consulate in Pskov") == {
        ("LV-RU", "diplomatic", "limited")
    }


@pytest.mark.parametrize(
    "title",
    [
        "Britain shuts its embassy in Amman to the public after a bomb threat",
        "The US closes its embassies in the Gulf for the day over a terror alert",
        "Germany closes its consulate in Erbil for two days over security fears",
    ],
)
def test_doors_shut_for_a_day_or_to_visitors_are_no_step(title) -> None:
    assert proposed(title) == set()


def test_a_real_closure_still_suspends() -> None:
    assert proposed("Canberra closes its embassy in Kabul until further notice") == {
        ("AF-AU", "diplomatic", "suspended")
    }


@pytest.mark.parametrize(
    "title",
    [
        "Jordan halts all contacts with Israel except the security channel",
        "Cairo freezes every official contact with Tel Aviv other than the embassies",
        "Morocco stops all cooperation with Germany apart from consular work",
    ],
)
def test_a_halt_of_all_but_one_line_is_limited(title) -> None:
    ((_pair, kind, state),) = proposed(title)
    assert (kind, state) == ("diplomatic", "limited")


def test_a_halt_with_no_exception_stays_a_suspension() -> None:
    assert proposed("Jordan halts all contacts with Israel") == {
        ("IL-JO", "diplomatic", "suspended")
    }


@pytest.mark.parametrize(
    "title",
    [
        "Chad and Sudan sign pact to restore ties and stop arming each other's rebels",
        "Kenya and Somalia agree to resume relations and stop backing rival militias",
    ],
)
def test_ending_hostile_acts_is_no_channel_halted(title) -> None:
    ((_pair, kind, state),) = proposed(title)
    assert (kind, state) == ("diplomatic", "open")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("China stops buying Australian coal", ("AU-CN", "trade", "limited")),
        ("Russia stops pumping gas to Moldova", ("MD-RU", "trade", "limited")),
    ],
)
def test_stopping_a_trade_flow_is_still_read(title, expected) -> None:
    assert proposed(title) == {expected}


@pytest.mark.parametrize(
    "title",
    [
        "Athens and Skopje sign accord, embargo to end next month",
        "Moscow's ban on Moldovan apples lifted after three years",
        "Russia's embargo on Georgian mineral water ends",
    ],
)
def test_an_embargo_that_ends_is_not_an_embargo_imposed(title) -> None:
    assert all(state != "suspended" and state != "limited" for _p, _k, state in proposed(title))


def test_an_embargo_imposed_is_still_read() -> None:
    # A whole trade embargo ends the trade channel (a097, b059, t7018): severed.
    assert proposed("Athens imposes a trade embargo on Skopje") == {("GR-MK", "trade", "severed")}


@pytest.mark.parametrize(
    "title",
    [
        "Slovenia bars Serbia's president from a private visit to a memorial",
        "Ankara bars a Dutch minister from landing in Istanbul",
        "Delhi and Islamabad swap lists under a pact barring attacks on nuclear sites",
    ],
)
def test_a_person_kept_away_or_an_act_forbidden_is_no_halt(title) -> None:
    assert proposed(title) == set()


@pytest.mark.parametrize(
    "title",
    [
        "Zagreb protests over the remarks, but neither side recalled its ambassador",
        "None of the three neighbours cut ties with Doha",
    ],
)
def test_neither_and_none_negate_the_step(title) -> None:
    assert proposed(title) == set()


@pytest.mark.parametrize(
    "title",
    [
        "Lima calls its ambassador home, stopping short of breaking relations with Mexico",
        "Britain expels Iranian staff but stops short of severing relations with Tehran",
    ],
)
def test_stopping_short_of_a_rupture_is_no_rupture(title) -> None:
    assert all(state != "severed" for _p, _k, state in proposed(title))


def test_ties_cut_to_the_lowest_level_are_downgraded() -> None:
    assert proposed("Rabat cuts its ties with Tehran to the lowest level") == {
        ("IR-MA", "diplomatic", "limited")
    }


@pytest.mark.parametrize(
    "title",
    [
        "Talks between Khartoum and Juba delegations hosted by Addis Ababa broke down over fees",
        "Negotiations between Yerevan and Baku in Almaty break down over the border",
    ],
)
def test_talks_that_break_down_are_suspended_not_severed(title) -> None:
    ((_pair, kind, state),) = proposed(title)
    assert (kind, state) == ("diplomatic", "suspended")


def test_discussions_terminated_are_suspended() -> None:
    assert proposed("Washington terminates all discussions on trade with Ottawa") == {
        ("CA-US", "trade", "suspended")
    }


def test_a_licence_revoked_is_no_channel_ended() -> None:
    assert proposed("Amman revokes the Qatari broadcaster's local licence") == set()


@pytest.mark.parametrize(
    ("title", "summary", "expected"),
    [
        (
            "Ottawa shuts its embassy in Tehran and expels Iranian diplomats",
            "The foreign minister said Canada was cutting diplomatic ties with Iran at once.",
            "CA-IR",
        ),
        (
            "Bahrain closes its embassy in Tehran and orders Iranian diplomats out",
            "Manama said it was severing diplomatic relations with Iran.",
            "BH-IR",
        ),
    ],
)
def test_ties_cut_outrank_the_closure_and_expulsions_that_carry_them_out(
    title, summary, expected
) -> None:
    assert (expected, "diplomatic", "severed") in proposed(title, summary)
    assert (expected, "diplomatic", "limited") not in proposed(title, summary)
    assert (expected, "diplomatic", "suspended") not in proposed(title, summary)


def test_a_closure_with_ties_kept_stays_a_suspension() -> None:
    assert proposed(
        "Paris shuts its embassy in Niamey",
        "France said its diplomats would work from Paris and relations were not cut.",
    ) == {("FR-NE", "diplomatic", "suspended")}


@pytest.mark.parametrize(
    "title",
    [
        "Kenya's president postpones his state visit to Uganda because of illness",
        "The Thai premier calls off her trip to Hanoi as a typhoon nears",
        "Seoul's foreign minister cancels his Tokyo visit due to bad weather",
    ],
)
def test_a_visit_put_off_for_illness_or_weather_is_no_suspension(title) -> None:
    assert proposed(title) == set()


def test_a_visit_cancelled_over_a_row_is_still_a_suspension() -> None:
    assert proposed("Tokyo cancels the summit with Seoul over the textbook row") == {
        ("JP-KR", "diplomatic", "suspended")
    }


@pytest.mark.parametrize(
    "title",
    [
        "Talks between Addis Ababa and Cairo on the dam collapsed with no date for another round",
        "Negotiations between Belgrade and Pristina on the plates have failed, the EU said",
    ],
)
def test_talks_that_fail_with_the_sides_named_between_are_suspended(title) -> None:
    ((_pair, kind, state),) = proposed(title)
    assert (kind, state) == ("diplomatic", "suspended")


def test_another_clause_failing_is_not_the_talks() -> None:
    assert all(
        state != "suspended"
        for _p, _k, state in proposed(
            "Talks between Baku and Yerevan resumed in Almaty while the truce collapsed"
        )
    )


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Qatar recalls all its diplomats from Cairo and shuts its embassy", "EG-QA"),
        ("Bahrain expels the Iranian envoy and closes its embassy in Tehran", "BH-IR"),
    ],
)
def test_an_embassy_shut_outranks_the_envoys_recalled_with_it(title, expected) -> None:
    assert proposed(title) == {(expected, "diplomatic", "suspended")}


def test_an_office_of_the_embassy_shut_is_only_part_of_it() -> None:
    assert proposed(
        "Kuwait shuts Iran's cultural office",
        "The ministry closed the embassy’s cultural and press offices over a spy case.",
    ) == {("IR-KW", "diplomatic", "limited")}
