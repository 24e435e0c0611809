"""Failure families of batch m11 (military channels, eleventh round): the ones its tune part
showed, each generalised to a family of wording.

The sentences are made up for these tests, with other actors and verbs than the corpus
items they generalise; none is an item of a corpus."""

from __future__ import annotations

import pytest

from tests.news.detector_rules import proposed

# --- Forces arriving or sent with the host's consent -----------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Kenyan soldiers land in Kinshasa at the invitation of the Congolese government", "CD-KE"),
        ("Egyptian troops deploy to Somalia at Mogadishu's request", "EG-SO"),
        ("Chad sends troops to Niger under a bilateral security accord", "NE-TD"),
        ("Belarus dispatches instructors to Laos under a defence agreement", "BY-LA"),
        ("Indian paratroopers arrive in Mongolia for their first joint exercise", "IN-MN"),
    ],
)
def test_forces_sent_with_the_hosts_consent_open_the_military_channel(title, expected) -> None:
    assert (expected, "military", "open") in proposed(title)


@pytest.mark.parametrize(
    "title",
    [
        "Russian troops enter Georgia's South Ossetia",
        "Ethiopian soldiers cross into Sudan's border region",
        "Armenian troops arrive at the front line near Shusha",
    ],
)
def test_an_invasion_names_no_consent_and_opens_nothing(title) -> None:
    assert not {p for p in proposed(title) if p[2] == "open"}


def test_a_deployment_made_at_the_invitation_of_the_host_opens_it() -> None:
    found = proposed(
        "Jordan flies soldiers to Bahrain",
        "Amman said the deployment was carried out at the request of the Bahraini government.",
    )
    assert ("BH-JO", "military", "open") in found


# --- Detargeting ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("France and Russia agree to stop aiming nuclear missiles at each other", "FR-RU"),
        ("India and China sign a detargeting declaration", "CN-IN"),
        ("Paris and Beijing pledge not to target strategic weapons at one another", "CN-FR"),
    ],
)
def test_a_detargeting_pledge_opens_the_military_channel(title, expected) -> None:
    assert (expected, "military", "open") in proposed(title)


def test_a_threat_to_aim_missiles_opens_nothing() -> None:
    assert not proposed("Moscow says it will aim its missiles at Warsaw")


# --- A first 2+2: both the defence and the foreign ministers' channel -------------------------


@pytest.mark.parametrize(
    ("title", "pair"),
    [
        ("Brazil and India hold inaugural 2+2 dialogue", "BR-IN"),
        ("Italy and Japan hold their first two-plus-two meeting", "IT-JP"),
    ],
)
def test_a_two_plus_two_opens_both_kinds(title, pair) -> None:
    found = proposed(title)
    assert {(pair, "military", "open"), (pair, "diplomatic", "open")} <= found


def test_a_sum_is_no_two_plus_two() -> None:
    assert not proposed("Kenya's pupils learn that 2+2 makes four")
