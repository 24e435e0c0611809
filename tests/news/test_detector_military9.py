"""Failure families of batch x9 (military channels opening and ending): the ones its tune part
showed, each generalised to a family of wording.

The sentences are made up for these tests, with other actors and verbs than the corpus
items they generalise; none is an item of a corpus."""

from __future__ import annotations

import pytest

from tests.news.detector_rules import proposed

# --- Forces' pacts signed in the plural -----------------------------------------------------


def test_defence_agreements_in_the_plural_are_signed() -> None:
    assert proposed("Peru signs two defence agreements with Brazil") == {
        ("BR-PE", "military", "open")
    }


def test_agreements_of_no_named_kind_stay_no_military_channel() -> None:
    found = proposed("Leaders of Kenya and Uganda sign agreements on trade and energy")
    assert not {p for p in found if p[1] == "military"}


# --- A first joint action or a first named drill --------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "Nigerien and Malian forces carry out their first joint strikes against militants",
            {("ML-NE", "military", "open")},
        ),
        (
            "Laotian and Vietnamese armies hold their first Friendship drill",
            {("LA-VN", "military", "open")},
        ),
    ],
)
def test_a_first_joint_action_opens_the_channel(title, expected) -> None:
    assert proposed(title) == expected


def test_first_drills_around_a_place_are_no_channel() -> None:
    assert not proposed("China holds first drills around Taiwan since the election")


# --- A security declaration, an alliance, a mutual defence pact are military ----------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "Britain and Poland sign a joint declaration on security cooperation",
            {("GB-PL", "military", "open")},
        ),
        ("Kazakhstan and Kyrgyzstan sign an alliance treaty", {("KG-KZ", "military", "open")}),
        ("Botswana and Namibia sign a mutual defence pact", {("BW-NA", "military", "open")}),
    ],
)
def test_security_and_alliance_pacts_are_military(title, expected) -> None:
    assert proposed(title) == expected


# --- One country's forces begin training another's ------------------------------------------


def test_instructors_beginning_to_train_another_army_open_the_channel() -> None:
    assert proposed("Canadian instructors begin training Latvian soldiers") == {
        ("CA-LV", "military", "open")
    }


def test_training_for_games_is_no_channel() -> None:
    assert not proposed("Kenyan athletes began training for the games in Uganda")


# --- The last troop train or convoy, a military presence ended ------------------------------


def test_the_last_troop_convoy_leaving_ends_the_presence() -> None:
    assert proposed("The last British troop convoy left Belize on Friday") == {
        ("BZ-GB", "military", "severed")
    }


def test_ending_a_military_presence_severs_the_channel() -> None:
    found = proposed(
        "Belize takes over barracks",
        "Britain handed the barracks to Belize on Friday, ending its military presence in "
        "the country.",
    )
    assert found == {("BZ-GB", "military", "severed")}


def test_a_presence_that_may_end_is_no_change() -> None:
    assert not proposed("Britain may end its military presence in Belize, officials said")
