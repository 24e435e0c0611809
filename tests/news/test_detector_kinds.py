"""Which kind a channel is, and military and trade channels in further wordings (batch k5's
classes): an exercise, a port call or an access pact is the forces' channel; a deal signed is
about what it is named for, whoever signs it; arms exports are no trade; a line that goes live
opens; a service for citizens, an exercise beginning or a meeting of three is no channel.

The sentences are made up for these tests; none is an item of a corpus."""

from __future__ import annotations

import pytest

from tests.news.detector_rules import proposed


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "Manila calls off annual exercise with Australian forces",
            ("AU-PH", "military", "suspended"),
        ),
        ("Seoul postpones naval drills with Tokyo", ("JP-KR", "military", "suspended")),
        ("Canberra and Tokyo sign reciprocal access deal", ("AU-JP", "military", "open")),
        ("Wellington cancels port calls by Chinese warships", ("CN-NZ", "military", "suspended")),
    ],
)
def test_an_exercise_a_port_call_or_an_access_pact_is_military(title, expected) -> None:
    assert proposed(title) == {expected}


def test_exercise_restraint_is_no_exercise() -> None:
    assert not {
        kind
        for _, kind, _ in proposed("Jakarta urges Canberra to exercise restraint and resume talks")
    } & {"military"}


def test_an_exercise_that_begins_opens_no_channel() -> None:
    assert proposed("Cobra Gold exercises open in Thailand with US and Japanese troops") == set()


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        # Leaders sign it, but a defence pact is the forces' channel ...
        (
            "Modi and Dissanayake signed a memorandum of understanding on defence cooperation "
            "in Colombo on Saturday.",
            ("IN-LK", "military", "open"),
        ),
        # ... and a trade deal is trade, whoever signs it.
        (
            "Prime Minister Carney and President Prabowo signed a comprehensive economic "
            "partnership agreement in Ottawa.",
            ("CA-ID", "trade", "open"),
        ),
    ],
)
def test_a_deal_signed_is_about_what_it_is_named_for(summary, expected) -> None:
    assert proposed("", summary) == {expected}


def test_signing_an_agreement_is_an_act_not_an_intent() -> None:
    from channels_app.news.detect import detect
    from tests.news.detector_rules import RULES

    found = detect(
        "",
        "Saudi Arabia and Pakistan signed a mutual defence agreement in Riyadh on Wednesday.",
        language=RULES,
    )
    assert [(d.kind, d.state, d.modality) for d in found] == [("military", "open", "act")]


def test_arms_exports_are_no_trade_channel() -> None:
    found = proposed(
        "",
        "Japan and Vietnam signed an agreement in Hanoi allowing Japan to export defence "
        "equipment to Vietnam.",
    )
    assert found == {("JP-VN", "military", "open")}


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Defence hotline between Tokyo and Beijing goes live", ("CN-JP", "military", "open")),
        ("Seoul and Beijing switch on naval hotline", ("CN-KR", "military", "open")),
        (
            "Maritime communication mechanism between Hanoi and Beijing takes effect",
            ("CN-VN", "military", "open"),
        ),
        (
            "Pentagon puts on hold all military engagements with Moscow",
            ("RU-US", "military", "suspended"),
        ),
    ],
)
def test_a_line_switched_on_or_put_on_hold(title, expected) -> None:
    assert proposed(title) == {expected}


def test_a_ban_that_takes_effect_opens_nothing() -> None:
    assert ("CN-JP", "trade", "open") not in proposed(
        "China's ban on Japanese seafood takes effect"
    )


def test_a_line_meant_to_stop_clashes_is_not_stopped() -> None:
    found = proposed(
        "",
        "Japan and China set up a defence hotline meant to stop incidents at sea from escalating.",
    )
    assert found == {("CN-JP", "military", "open")}


def test_a_halt_the_article_says_is_partial_is_limited() -> None:
    found = proposed(
        "",
        "Washington suspended military aid to Bangkok and cancelled a joint exercise, while "
        "saying the two armies' alliance itself would continue.",
    )
    assert found == {("TH-US", "military", "limited")}


def test_helplines_for_citizens_are_no_channel() -> None:
    assert proposed("Indian embassy in Kyiv opens helplines for stranded students") == set()
    assert proposed("Polish embassy in Minsk sets up hotline for Polish nationals") == set()


def test_ministers_of_three_countries_meeting_is_multilateral() -> None:
    assert (
        proposed(
            "China, Japan and South Korea trade ministers agree to speed up talks",
            "The trade ministers of the three countries met in Seoul on Sunday.",
        )
        == set()
    )


def test_counter_drug_flights_from_an_air_base_are_military() -> None:
    found = proposed(
        "",
        "The accord that let US planes fly counter-drug missions from Ecuador's Manta air base "
        "expired on Friday.",
    )
    assert found == {("EC-US", "military", "severed")}


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "Washington halts sharing of intelligence with Islamabad",
            ("PK-US", "military", "suspended"),
        ),
        ("Canberra stops sharing intelligence with Jakarta", ("AU-ID", "military", "suspended")),
        (
            "Ottawa suspends all planned bilateral military activities with Moscow",
            ("CA-RU", "military", "suspended"),
        ),
        (
            "Paris and Athens sign strategic partnership on defence cooperation",
            ("FR-GR", "military", "open"),
        ),
    ],
)
def test_intelligence_sharing_military_activities_and_partnerships(title, expected) -> None:
    assert proposed(title) == {expected}


def test_a_city_partnership_is_no_channel() -> None:
    assert ("CZ-TW", "diplomatic", "open") not in proposed("Prague signs partnership with Taipei")


def test_what_a_meeting_agreed_is_a_step_not_a_trip_s_aim() -> None:
    from channels_app.news.detect import detect
    from tests.news.detector_rules import RULES

    found = detect(
        "",
        "The leaders of Japan and South Korea met in Tokyo and agreed to resume defence talks.",
        language=RULES,
    )
    assert {(d.kind, d.state, d.modality) for d in found if d.kind == "military"} == {
        ("military", "open", "intent")
    }


def test_a_base_no_longer_used_is_a_military_channel_suspended() -> None:
    assert proposed("Russia stops using Iranian air base") == {("IR-RU", "military", "suspended")}


def test_a_truce_that_takes_effect_opens_no_channel() -> None:
    assert proposed("", "A truce between Armenia and Azerbaijan took effect at noon.") == set()


def test_a_halt_in_the_title_the_summary_says_is_partial_is_limited() -> None:
    assert proposed(
        "Moscow stops operating early-warning radar in Kazakhstan",
        "The station closes after rent talks failed, though military cooperation continues "
        "in other areas.",
    ) == {("KZ-RU", "military", "limited")}
    # Without the summary's word on the rest, the halt stands.
    assert proposed("Moscow stops operating early-warning radar in Kazakhstan") == {
        ("KZ-RU", "military", "suspended")
    }


def test_oil_loading_blocked_at_a_port_is_one_sector_of_trade() -> None:
    assert proposed("Togo blocks loading of Burkina Faso's oil at its port") == {
        ("BF-TG", "trade", "limited")
    }


def test_lines_added_or_expanded_open_the_channel() -> None:
    assert proposed("Hanoi and Beijing agree to add naval hotlines") == {
        ("CN-VN", "military", "open")
    }
    assert proposed("China extends its rail lines to Laos") == set()


def test_a_deal_signed_in_the_passive_is_an_act() -> None:
    assert proposed(
        "",
        "The agreement between Saudi Arabia and Pakistan was signed in Riyadh on Wednesday, "
        "covering mutual defence.",
    ) == {("PK-SA", "military", "open")}
    assert proposed("", "No agreement was reached between Russia and Ukraine in Istanbul.") == set()
