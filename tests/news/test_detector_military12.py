"""Failure families of batch m12 (military channels, twelfth round): the ones its tune part
showed, each generalised to a family of wording.

The sentences are made up for these tests, with other actors and verbs than the corpus
items they generalise; none is an item of a corpus."""

from __future__ import annotations

import pytest

from tests.news.detector_rules import proposed

# --- Forces sent with the host's consent, told in the passive ----------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Chadian troops were flown to Niger under a bilateral security accord", "NE-TD"),
        ("Ugandan soldiers have been deployed to South Sudan at Juba's invitation", "SS-UG"),
        ("Turkish trainers were dispatched to Somalia under the 2012 defence agreement", "SO-TR"),
        ("Moscow says 170 instructors have been sent to Mali at Bamako's request", "ML-RU"),
    ],
)
def test_forces_sent_in_the_passive_with_consent_open_the_military_channel(title, expected) -> None:
    assert (expected, "military", "open") in proposed(title)


@pytest.mark.parametrize(
    "title",
    [
        "Egyptian troops have been sent to the front line",
        "Russian soldiers were deployed in Crimea",
        "Ethiopian troops were flown to the border region",
    ],
)
def test_forces_sent_with_no_consent_word_open_nothing(title) -> None:
    assert not {p for p in proposed(title) if p[2] == "open"}


# --- A defence and economic cooperation agreement is a military pact --------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Turkey and the US sign a defence and economic cooperation agreement on bases", "TR-US"),
        ("Spain and Washington renew their defense and economic cooperation agreement", "ES-US"),
    ],
)
def test_a_defence_and_economic_cooperation_agreement_is_military_only(title, expected) -> None:
    found = proposed(title)
    assert (expected, "military", "open") in found
    assert not {p for p in found if p[1] == "trade"}


def test_an_economic_cooperation_agreement_alone_stays_trade() -> None:
    assert ("CN-JP", "trade", "open") in proposed(
        "Japan and China sign an economic cooperation agreement"
    )


# --- A drill put off, in the singular or by "defer" / "put off" -------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Thailand postpones naval drill with the United States", "TH-US"),
        ("Israel and the US put off their joint missile-defence drill", "IL-US"),
        ("Manila defers war games with Washington", "PH-US"),
        ("Seoul calls off its joint search-and-rescue drill with Tokyo", "JP-KR"),
    ],
)
def test_a_drill_put_off_suspends_the_military_channel(title, expected) -> None:
    assert (expected, "military", "suspended") in proposed(title)


@pytest.mark.parametrize(
    "title",
    [
        "Manila defers a decision on buying Indian missiles",
        "Japan postpones fire drill at its embassy in Seoul",
    ],
)
def test_no_drill_between_forces_put_off_reads_nothing_military(title) -> None:
    assert not {p for p in proposed(title) if p[1] == "military"}


# --- A training mission ended ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("UAE ends its military training mission in Somalia", "AE-SO"),
        ("Berlin ends its training mission for the Nigerien army", "DE-NE"),
        ("Britain formally ends its army training mission in Sierra Leone", "GB-SL"),
    ],
)
def test_a_training_mission_ended_severs_the_military_channel(title, expected) -> None:
    assert (expected, "military", "severed") in proposed(title)


# --- Troop immunity deals and supply routes to the forces are military -------------------------


@pytest.mark.parametrize(
    ("title", "expected", "state"),
    [
        ("Bolivia lets troop immunity agreement with US lapse", "BO-US", "severed"),
        ("Asuncion ends immunity deal for American soldiers", "PY-US", "severed"),
        ("Islamabad blocks supply convoys for US troops", "PK-US", "suspended"),
        ("Uzbekistan reopens supply route for US forces", "US-UZ", "open"),
    ],
)
def test_immunity_deals_and_supply_routes_read_military(title, expected, state) -> None:
    found = proposed(title)
    assert (expected, "military", state) in found
    assert not {p for p in found if p[1] == "diplomatic"}


def test_a_multinational_drill_opening_pairs_no_participants() -> None:
    found = proposed(
        "Cope Thunder naval drill opens with 12 nations",
        "Aircraft from Japan, Germany and South Korea joined the naval drill with 12 nations.",
    )
    assert not found


# --- A purpose or time after the step names another channel's side ------------------------------


@pytest.mark.parametrize(
    ("title", "expected", "wrong"),
    [
        (
            "Seoul and Washington postpone spring drills to make room for talks with Pyongyang",
            "KR-US",
            "KP",
        ),
        (
            "South Korea and the US suspend joint exercises to help talks with the North",
            "KR-US",
            "KP",
        ),
        ("Tokyo and Manila call off joint patrol ahead of talks with Beijing", "JP-PH", "CN"),
    ],
)
def test_the_talks_after_a_purpose_word_are_not_the_steps_side(title, expected, wrong) -> None:
    found = proposed(title)
    assert (expected, "military", "suspended") in found
    assert not {p for p in found if wrong in p[0].split("-")}


def test_a_side_named_before_the_purpose_word_is_still_read() -> None:
    assert ("CN-JP", "diplomatic", "suspended") in proposed(
        "Japan suspends talks with China ahead of the election"
    )
