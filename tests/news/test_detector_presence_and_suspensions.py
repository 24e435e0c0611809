"""Military channels named by what they are (a base, a lease, a port call, security
coordination, border commanders' meetings) and suspensions and severances in the other ways
wires word them (batch s6's classes): a base handed back, the last troops gone, a lease
extended, a withdrawal taking effect, "the end of", a pause lifted, a channel scaled back or
mothballed, the top level alone frozen.

The sentences are made up for these tests, with other actors and verbs than the corpus
items they generalise; none is an item of a corpus."""

from __future__ import annotations

import pytest

from tests.news.detector_rules import proposed


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # A base handed back, returned or vacated ends the presence.
        ("Britain hands over its last base in Belize to the Belizean army", "BZ-GB"),
        ("Washington returns Clark air base to Manila", "PH-US"),
        ("The naval base was formally handed back to Madagascar by Paris", "FR-MG"),
        ("Moscow vacates its air base in Kyrgyzstan", "KG-RU"),
        # The last soldiers leaving, a pull-out completed.
        ("The last Russian soldiers left the base in Georgia", "GE-RU"),
        ("US forces complete their pull-out from the Uzbek base", "US-UZ"),
    ],
)
def test_a_base_handed_back_or_left_ends_the_military_presence(title, expected) -> None:
    assert proposed(title) == {(expected, "military", "severed")}


@pytest.mark.parametrize(
    "title",
    [
        "France returns its air base to Gabon but keeps a small contingent",
        "The last Indian soldiers leave Maldives, replaced by civilian crews",
        "Washington hands back the naval base to Manila; 200 advisers will stay on",
    ],
)
def test_a_presence_ended_with_a_part_kept_is_limited(title) -> None:
    ((_pair, kind, state),) = proposed(title)
    assert (kind, state) == ("military", "limited")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Kyrgyzstan extends the lease of the Russian air base at Kant by 15 years", "KG-RU"),
        ("Djibouti renews the lease of the French base for ten years", "DJ-FR"),
    ],
)
def test_a_lease_extended_keeps_the_basing_channel_open(title, expected) -> None:
    assert proposed(title) == {(expected, "military", "open")}


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("A Chinese warship made a port call in the Philippines", "CN-PH"),
        ("A Japanese destroyer docked in Vietnam on Tuesday", "JP-VN"),
        ("An Indian Navy frigate berthed in Sri Lanka", "IN-LK"),
    ],
)
def test_a_warships_port_call_is_military_contact(title, expected) -> None:
    assert proposed(title) == {(expected, "military", "open")}


@pytest.mark.parametrize(
    "title",
    [
        "Japan plans a port call in Vietnam next month",
        "A Chinese warship could dock in Cambodia next year, officials say",
        "Chinese research ship docks in Sri Lanka despite Indian concerns",
        "Chinese fishing fleet docks in Argentina",
    ],
)
def test_a_planned_port_call_or_a_civilian_ship_is_no_channel(title) -> None:
    assert proposed(title) == set()


@pytest.mark.parametrize(
    ("title", "summary", "expected"),
    [
        ("Washington's withdrawal from the arms pact with Moscow took effect", "", "RU-US"),
        ("Russia's exit from the missile treaty with the United States takes effect", "", "RU-US"),
        ("The START treaty between Moscow and Washington lapsed", "", "RU-US"),
        ("The arms treaty between Russia and the US ceased to bind either side", "", "RU-US"),
        ("Bamako announced the end of defence accords with Paris", "", "FR-ML"),
    ],
)
def test_a_treaty_ending_by_lapse_withdrawal_or_nominal_end_is_severed(
    title, summary, expected
) -> None:
    assert proposed(title, summary) == {(expected, "military", "severed")}


def test_the_end_of_a_year_or_a_war_is_no_end_of_a_channel() -> None:
    assert proposed("Talks between Japan and China will go on until the end of the accord") == set()
    assert (
        proposed("Leaders discussed the end of the war in talks between Russia and Ukraine")
        == set()
    )


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Washington lifts pause on intelligence sharing with Kyiv", "UA-US"),
        ("Tokyo lifts its halt on defence exchanges with Beijing", "CN-JP"),
        ("Seoul ends the moratorium on military talks with Pyongyang", "KP-KR"),
    ],
)
def test_lifting_a_pause_or_a_halt_reopens_the_channel(title, expected) -> None:
    assert proposed(title) == {(expected, "military", "open")}


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Palestinian Authority halts security coordination with Israel", ("IL-PS", "suspended")),
        ("Israel halts military coordination with Moscow over Syria", ("IL-RU", "suspended")),
        ("Indonesia mothballs defence cooperation with Australia", ("AU-ID", "suspended")),
        ("Seoul scales back military exchanges with Tokyo", ("JP-KR", "limited")),
        ("Pakistan curtails intelligence cooperation with the US", ("PK-US", "limited")),
        ("Canberra scales back its military presence in Japan", ("AU-JP", "limited")),
        ("Moscow denounces its Black Sea Fleet basing accords with Kyiv", ("RU-UA", "severed")),
    ],
)
def test_military_channels_named_by_their_function_and_the_verbs_for_them(title, expected) -> None:
    pair, state = expected
    assert proposed(title) == {(pair, "military", state)}


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Indian and Chinese border troops hold a border personnel meeting at Chushul", "CN-IN"),
        ("Brigade commanders of India and Pakistan hold a flag meeting", "IN-PK"),
    ],
)
def test_border_commanders_meetings_are_military(title, expected) -> None:
    assert proposed(title) == {(expected, "military", "open")}


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Turkey halts high-level ties with the Netherlands", "NL-TR"),
        ("Britain freezes high-level contacts with Russia", "GB-RU"),
        ("Beijing suspends high-level visits with Oslo", "CN-NO"),
    ],
)
def test_freezing_only_the_top_level_leaves_the_channel_limited(title, expected) -> None:
    assert proposed(title) == {(expected, "diplomatic", "limited")}


@pytest.mark.parametrize(
    "title",
    [
        "Pashinyan says closing Russia's Gyumri base is not on the agenda",
        "Kyrgyzstan may extend the lease of the Russian air base at Kant",
        "Moscow denies plans to hand over its base to Tajikistan",
        "Opposition urges government to return the US base to Manila",
        "France suspends its role in NATO's Mediterranean mission after a Turkish frigate incident",
        "Italy withdraws from the EU naval force patrolling off Libya",
        "Germany halts arms exports to Saudi Arabia",
        "Dutch court orders halt to fighter jet parts exports to Israel",
    ],
)
def test_denied_or_wished_steps_a_blocs_mission_and_arms_exports_are_no_channel(
    title,
) -> None:
    assert proposed(title) == set()


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Beijing freezes ties with the Mongolian president after his visit", "CN-MN"),
        ("Moscow cuts off contacts with the Moldovan president", "MD-RU"),
    ],
)
def test_cutting_off_one_office_holder_leaves_the_channel_limited(title, expected) -> None:
    assert proposed(title) == {(expected, "diplomatic", "limited")}


def test_cutting_off_a_country_is_still_a_break() -> None:
    assert proposed("Moscow severs ties with Kyiv, the president said") == {
        ("RU-UA", "diplomatic", "severed")
    }


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Cairo postponed the joint committee meeting with Khartoum", ("EG-SD", "diplomatic")),
        ("Hanoi cancelled the defence ministers' meeting with Phnom Penh", ("KH-VN", "military")),
        ("Delhi postponed the second round of border talks with Beijing", ("CN-IN", "diplomatic")),
    ],
)
def test_a_meeting_called_off_is_suspended_whatever_words_name_it(title, expected) -> None:
    pair, kind = expected
    assert proposed(title) == {(pair, kind, "suspended")}


def test_a_trip_called_off_before_a_meeting_held_leaves_the_meeting() -> None:
    assert proposed("Egypt cancelled its trip and met Sudan's leaders") == {
        ("EG-SD", "diplomatic", "open")
    }


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Oslo decided not to renew its defence memorandum with Riyadh", "NO-SA"),
        ("Manila declined to extend the lease on the air base with Washington", "PH-US"),
        ("Russia dissolved the joint military commission with Georgia", "GE-RU"),
        ("Tbilisi disbands the joint military committee with Moscow", "GE-RU"),
        ("The defence accord between Niger and the US was cancelled at once", "NE-US"),
    ],
)
def test_a_pact_not_renewed_a_body_dissolved_or_an_accord_cancelled_is_gone(
    title, expected
) -> None:
    ((pair, _kind, state),) = proposed(title)
    assert (pair, state) == (expected, "severed")


def test_a_pact_maybe_not_renewed_is_no_change() -> None:
    assert proposed("Oslo may not renew its defence memorandum with Riyadh") == set()


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Seoul partially suspends the military agreement with Pyongyang", ("KP-KR", "military")),
        ("Seoul suspends part of the military pact with Pyongyang", ("KP-KR", "military")),
        ("Tokyo suspends some provisions of its trade pact with Seoul", ("JP-KR", "trade")),
        ("Tokyo suspends some military exchanges with Beijing", ("CN-JP", "military")),
        (
            "Rabat freezes cooperation with the German embassy but keeps consular services running",
            ("DE-MA", "diplomatic"),
        ),
    ],
)
def test_part_of_a_pact_or_a_channel_suspended_is_limited(title, expected) -> None:
    pair, kind = expected
    assert proposed(title) == {(pair, kind, "limited")}


def test_the_whole_pact_suspended_stays_suspended() -> None:
    assert proposed("Seoul suspends the military pact with Pyongyang") == {
        ("KP-KR", "military", "suspended")
    }


def test_the_other_sides_partial_step_grades_neither_the_title_nor_its_own_clause() -> None:
    assert proposed(
        "Baku scraps the military accord with Yerevan",
        "Azerbaijan's defence ministry said it would no longer be bound by the accord, a week "
        "after Armenia suspended part of it over a border shooting.",
    ) == {("AM-AZ", "military", "severed")}


def test_a_treaty_said_dead_is_gone_and_talks_said_dead_are_suspended() -> None:
    assert proposed("The defence treaty between Paris and Niamey is dead, the junta said") == {
        ("FR-NE", "military", "severed")
    }
    assert proposed("Talks between Rabat and Algiers are dead, officials say") == {
        ("DZ-MA", "diplomatic", "suspended")
    }
    assert proposed("The arms pact between Moscow and Washington could be dead soon") == set()
