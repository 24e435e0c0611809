"""What reads as a channel opening and what only looks like one (batch o5, issue #11): plans
put as a headline's infinitive or with a future time, a step blocked or deferred, the topic
of talks, three-way and bloc gatherings, a visit with no bilateral meeting, a country's
government talking to its own opposition, and a mission moving house. Each rule is shown
with the opening it must still read."""

from __future__ import annotations

from tests.news.detector_rules import proposed


def test_a_headline_infinitive_trip_is_a_plan() -> None:
    assert not proposed("Norwegian premier to make first Warsaw visit", "")
    assert not proposed("Chile's president to pay state visit to Peru", "")


def test_a_meeting_put_next_month_is_a_plan_unless_agreed() -> None:
    assert not proposed("Kenyan president's first visit to Ethiopia next month", "")
    assert ("ET-KE", "diplomatic", "open") in proposed(
        "Kenya and Ethiopia agreed to hold talks next month", ""
    )
    # The future time belongs to a later meeting, not to the one held.
    assert ("AR-CL", "diplomatic", "open") in proposed(
        "Argentine and Chilean foreign ministers met in Santiago and agreed to meet again "
        "next month",
        "",
    )


def test_a_step_blocked_or_deferred_is_not_taken() -> None:
    assert not proposed("Thai cabinet blocks resumption of rice trade with Malaysia", "")
    assert not proposed("Vilnius postpones the reopening of its embassy in Minsk", "")
    assert ("LT", "diplomatic", "open") not in proposed("Lithuania defers restoring ties", "")
    assert ("BY-LT", "diplomatic", "open") in proposed("Vilnius reopens its embassy in Minsk", "")


def test_a_capitalised_block_is_a_name_not_a_verb() -> None:
    assert ("CA-IN", "diplomatic", "limited") in proposed(
        "South Block expels senior Canadian diplomat", ""
    )


def test_the_topic_of_planned_talks_is_no_step() -> None:
    assert not proposed("Egypt and Iran to hold talks next month on restoring ties", "")
    assert ("EG-IR", "diplomatic", "open") in proposed(
        "Egypt and Iran held talks in Cairo and restored ties", ""
    )


def test_a_trilateral_summit_is_no_bilateral_channel() -> None:
    assert not proposed("Indonesia, Malaysia and Thailand hold first trilateral summit", "")
    assert not proposed("Tripartite talks of Egypt, Sudan and Ethiopia resume", "")


def test_a_bloc_named_in_full_is_a_gathering() -> None:
    assert not proposed(
        "Kazakh and Uzbek ministers attend Shanghai Cooperation Organisation meeting", ""
    )


def test_a_visit_with_no_bilateral_meeting_is_no_contact() -> None:
    summary = (
        "Turkey's foreign minister became the first to visit Cyprus in decades for a "
        "conference; he held no bilateral meeting with Cypriot officials."
    )
    assert not proposed("Turkish minister in Nicosia for conference", summary)


def test_a_government_and_its_opposition_talking_abroad_is_no_channel() -> None:
    assert not proposed("Bolivian government and opposition hold talks in Brazil", "")


def test_a_mission_moving_house_is_no_opening() -> None:
    assert not proposed("Indian embassy in Nepal opens new chancery building", "")
    assert ("IN-NP", "diplomatic", "open") in proposed("India opens embassy in Nepal", "")
