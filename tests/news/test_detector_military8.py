"""Failure families of batch m8 (military channels in wire wording): the ones its tune part
showed, each generalised to a family of wording.

The sentences are made up for these tests, with other actors and verbs than the corpus
items they generalise; none is an item of a corpus."""

from __future__ import annotations

import pytest

from tests.news.detector_rules import proposed

# --- A pronoun is never a surname listed beside a person ------------------------------------


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        (
            "Finland and US sign defence accord",
            "Finland's defence minister flew to Washington. He and Pete Hegseth signed the "
            "accord on Monday.",
        ),
        (
            "Estonia and US sign defence accord",
            "Estonia's defence minister came to the Pentagon. He and Hegseth signed it there.",
        ),
    ],
)
def test_he_beside_a_named_person_is_no_chinese_official(title, summary) -> None:
    # "He" is a word of He Lifeng's name; as a pronoun it stands for the minister named before.
    found = proposed(title, summary)
    assert found
    assert not any("CN" in pair.split("-") for pair, _, _ in found)


# --- A security pact, treaty or accord is military ------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Fiji tears up its security treaty with New Zealand", {("FJ-NZ", "military", "severed")}),
        ("Tonga and Australia sign a security agreement", {("AU-TO", "military", "open")}),
        ("Kenya and Ethiopia sign a security pact", {("ET-KE", "military", "open")}),
    ],
)
def test_a_security_pact_is_a_military_channel(title, expected) -> None:
    assert proposed(title) == expected


def test_food_security_is_no_military_channel() -> None:
    found = proposed("Egypt and Sudan sign a food security agreement")
    assert not {p for p in found if p[1] == "military"}


# --- A ministry in a capital is that capital's -----------------------------------------------


def test_the_ministry_in_a_capital_is_a_side() -> None:
    sentence = (
        "Greek officers answered calls on the military hotline on Monday, the defence "
        "ministry in Ankara said."
    )
    assert proposed(sentence) == {("GR-TR", "military", "open")}


# --- A line working again, said of the line --------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "The military hotline between India and Pakistan rings again",
            {("IN-PK", "military", "open")},
        ),
        (
            "The defence line between Athens and Ankara came back on Friday",
            {("GR-TR", "military", "open")},
        ),
        (
            "The military hotline between Hanoi and Beijing is back in service",
            {("CN-VN", "military", "open")},
        ),
    ],
)
def test_a_line_back_in_service_is_open(title, expected) -> None:
    assert proposed(title) == expected


# --- Forces launching an operation together ---------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "Nigeria and Chad launch a joint offensive against Boko Haram",
            {("NG-TD", "military", "open")},
        ),
        (
            "Kenyan and Somali forces began joint operations against al-Shabaab",
            {("KE-SO", "military", "open")},
        ),
    ],
)
def test_a_joint_operation_launched_is_an_open_military_channel(title, expected) -> None:
    assert proposed(title) == expected


@pytest.mark.parametrize(
    "title",
    [
        # One country's forces acting together around another: no channel between them.
        "China launches joint patrols around Taiwan",
        "Russia mounts joint operations near Ukraine's border",
    ],
)
def test_joint_operations_around_a_third_country_are_no_channel(title) -> None:
    assert not proposed(title)


# --- Troops withdrawn: the presence ends -------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "Cuba completes the withdrawal of its troops from Angola",
            {("AO-CU", "military", "severed")},
        ),
        (
            "Syria completed the pull-out of its soldiers from Lebanon",
            {("LB-SY", "military", "severed")},
        ),
        ("The last British troops sailed from Belize", {("BZ-GB", "military", "severed")}),
    ],
)
def test_troops_withdrawn_for_good_end_the_presence(title, expected) -> None:
    assert proposed(title) == expected
