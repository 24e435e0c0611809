"""Diplomatic channels in the wordings of wire copy (batch d6, issue #11): an envoy arriving,
taking up a post or presenting credentials far from the noun; a visitor's arrival, where the
place is the host; a visitor hosted, received or telephoned by name; recognition switched
to Beijing (or Taipei); talks put off; dialogues convened in the passive and joint
commissions; envoys pulled out or told to leave; missions named by their office; and what
only looks like these (a reopening "under consideration", the Ambassador Bridge, a tourism
ambassador, a parliament's motion). Each pattern is shown in two or three wordings with
other actors and verbs than the batch's items."""

from __future__ import annotations

from datetime import date

from channels_app.news.detect import detect
from tests.news.detector_rules import RULES, proposed


def proposed_on(day: str, title: str, summary: str = "") -> set[tuple[str, str, str]]:
    """`proposed` for an article of that day (office-holders named by name)."""
    return {
        ("-".join(d.parties), d.kind, d.state)
        for d in detect(title, summary, language=RULES, published=date.fromisoformat(day))
        if d.proposes_change
    }


def test_an_envoy_arriving_or_taking_up_a_post_far_from_the_noun_opens() -> None:
    assert ("SA-SY", "diplomatic", "open") in proposed(
        "Saudi Arabia's first ambassador to Syria in 12 years arrives in Damascus"
    )
    assert ("EG-QA", "diplomatic", "open") in proposed(
        "Egypt's first envoy to Qatar since 2017 takes up post"
    )
    assert ("IR-SA", "diplomatic", "open") in proposed("Riyadh's new envoy lands in Tehran")
    # Not an envoy coming home: "the expelled ambassador arrives home".
    assert ("FR-ML", "diplomatic", "open") not in proposed(
        "French ambassador expelled by Mali arrives home in Paris"
    )


def test_credentials_presented_open_the_mission() -> None:
    assert ("EG-QA", "diplomatic", "open") in proposed(
        "New Qatari ambassador presents credentials to Egyptian president"
    )
    assert ("KE-TZ", "diplomatic", "open") in proposed(
        "Kenya's high commissioner hands his letters of credence to Tanzania's president"
    )
    assert ("IL-TR", "diplomatic", "open") in proposed_on(
        "2022-12-05", "Ankara's ambassador hands credentials to Herzog"
    )


def test_the_place_a_visitor_arrives_in_is_the_host() -> None:
    # Travellers are no visitors of a government.
    assert not proposed("Chinese tourists arrive in Thailand on a visa-free visit")
    assert ("AF-PK", "diplomatic", "open") in proposed(
        "Pakistani foreign minister lands in Kabul for talks"
    )
    assert ("AZ-KZ", "diplomatic", "open") in proposed(
        "Azerbaijani president arrives in Astana on a state visit"
    )
    assert ("AL-RS", "diplomatic", "open") in proposed(
        "Albanian premier in Belgrade on first visit in 68 years"
    )
    assert ("EG-IR", "diplomatic", "open") in proposed(
        "Iranian foreign minister in Cairo, the first such visit in over a decade"
    )


def test_a_visitor_hosted_received_or_telephoned_by_name() -> None:
    assert ("EG-TR", "diplomatic", "open") in proposed_on(
        "2024-09-04", "Erdoğan hosts Sisi in Ankara"
    )
    assert ("IN-MV", "diplomatic", "open") in proposed_on(
        "2024-10-07", "Modi receives Muizzu in New Delhi"
    )
    assert ("GR-TR", "diplomatic", "open") in proposed_on(
        "2023-02-07", "Mitsotakis telephones Erdoğan after quake"
    )
    assert ("GR-TR", "diplomatic", "open") in proposed_on(
        "2023-02-07", "Greek premier calls Erdoğan to offer condolences"
    )
    # A message is no call, and calling a leader names is no contact.
    assert not proposed_on("2023-02-07", "Erdoğan sends condolences to Greek premier")


def test_a_host_of_others_talks_stays_a_go_between() -> None:
    assert ("QA-US", "diplomatic", "open") not in proposed(
        "Qatar hosts Taliban for talks with US envoy"
    )
    assert not proposed("Norway hosts talks between Colombia's government and rebels")


def test_recognition_switched_opens_ties_with_the_one_recognised() -> None:
    assert ("CN-ZA", "diplomatic", "open") in proposed(
        "South Africa switches recognition to Beijing"
    )
    found = proposed("Costa Rica switches recognition from Taipei to Beijing")
    assert ("CN-CR", "diplomatic", "open") in found
    assert ("CR-TW", "diplomatic", "open") not in found
    assert ("KI-TW", "diplomatic", "open") in proposed("Kiribati recognises Taiwan")
    assert ("HN-TW", "diplomatic", "open") not in proposed("Honduras no longer recognises Taipei")


def test_talks_put_off_or_deferred_are_suspended() -> None:
    assert ("CN-JP", "diplomatic", "suspended") in proposed(
        "China puts off high-level talks with Japan over shrine visit"
    )
    assert ("IN-PK", "diplomatic", "suspended") in proposed(
        "India defers foreign secretary talks with Pakistan"
    )


def test_a_dialogue_convened_or_a_joint_commission_held_is_open() -> None:
    assert ("AU-CN", "diplomatic", "open") in proposed(
        "Strategic dialogue between Australia and China convened in Canberra after six-year gap"
    )
    assert ("GH-NG", "diplomatic", "open") in proposed(
        "Nigeria and Ghana hold joint commission in Abuja"
    )


def test_an_envoy_pulled_out_or_told_to_leave_is_limited() -> None:
    assert ("AR-ES", "diplomatic", "limited") in proposed(
        "Spain pulls its ambassador out of Buenos Aires"
    )
    assert ("KG-KZ", "diplomatic", "limited") in proposed(
        "Kyrgyzstan gives Kazakh consul 48 hours to leave"
    )
    # All staff pulled: the embassy no longer works, not a recall.
    assert ("AR-VE", "diplomatic", "limited") not in proposed(
        "Venezuela pulls its diplomats from Argentina",
        "The foreign ministry withdrew all staff from the embassy in Buenos Aires.",
    )


def test_an_envoy_back_in_a_capital_named_is_open() -> None:
    assert ("DE-VE", "diplomatic", "open") in proposed(
        "German ambassador back in Caracas after expulsion is lifted"
    )
    assert ("JP-KR", "diplomatic", "open") in proposed("Japanese envoy back in Seoul after recall")


def test_a_mission_named_by_its_office_is_a_side() -> None:
    assert ("CU-US", "diplomatic", "open") in proposed(
        "US interests section in Havana upgraded to embassy"
    )
    assert ("IL-MA", "diplomatic", "open") in proposed(
        "Israeli liaison office in Rabat reopens after two decades"
    )


def test_a_reopening_under_consideration_is_no_step() -> None:
    assert not proposed("Reopening of embassy in Kabul under consideration, Berlin says")
    assert not proposed("Restoration of ties with Tehran being studied, Manama says")


def test_other_ambassadors_are_no_envoys() -> None:
    assert not proposed("Ambassador Bridge reopens after week-long blockade")
    assert not proposed("Messi signs on as Saudi Arabia's tourism ambassador")
    assert not proposed("Japanese actor named UNICEF goodwill ambassador to Brazil")


def test_a_parliaments_motion_is_an_appeal() -> None:
    assert not proposed("Dáil rejects motion to expel Israeli ambassador")
    assert not proposed("Senate passes resolution calling for ties with Iran to be cut")
    assert not proposed("Petition urging Seoul to recall its envoy from Tokyo tops 100,000")
    assert not proposed("Irish lawmakers vote to expel Israeli envoy")
    assert not proposed("Turkish MPs overwhelmingly vote for cutting ties with Israel")


def test_ties_back_to_normal_or_a_communique_signed_open() -> None:
    assert ("GH-NG", "diplomatic", "open") in proposed(
        "Ties between Nigeria and Ghana back to normal"
    )
    assert ("CN-SV", "diplomatic", "open") in proposed(
        "China and El Salvador sign communique on diplomatic relations"
    )


def test_diplomats_declared_unwelcome_or_ordered_out_are_limited() -> None:
    assert ("IR-NL", "diplomatic", "limited") in proposed(
        "Iran declares two Dutch diplomats unwelcome"
    )
    assert ("CN-LT", "diplomatic", "limited") in proposed(
        "Beijing declares Lithuanian envoy unwelcome"
    )
