"""Failure families of batch r7 (representative wire copy): the ones its tune part showed
most often, each generalised to a family of wording.

The sentences are made up for these tests, with other actors and verbs than the corpus
items they generalise; none is an item of a corpus."""

from __future__ import annotations

import pytest

from tests.news.detector_rules import proposed

# --- A land border shut or reopened, with no topic named, is trade --------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Togo shuts its land border with Ghana", {("GH-TG", "trade", "suspended")}),
        ("Zambia closes its borders with Malawi", {("MW-ZM", "trade", "suspended")}),
        (
            "Senegal closed its land borders with Mali and Guinea",
            {("ML-SN", "trade", "suspended"), ("GN-SN", "trade", "suspended")},
        ),
        ("Kenya reopens its border with Tanzania", {("KE-TZ", "trade", "open")}),
    ],
)
def test_a_land_border_shut_or_reopened_is_the_trade_across_it(title, expected) -> None:
    assert proposed(title) == expected


@pytest.mark.parametrize(
    "title",
    [
        # A cross-border link, a border body, the line surveyed: no channel of goods.
        "Laos and Thailand open a cross-border rail link",
        "Peru and Ecuador resume demarcation of the common border",
        "Chile and Bolivia hold border committee meeting",
    ],
)
def test_other_border_words_are_no_trade_channel(title) -> None:
    assert not {p for p in proposed(title) if p[1] == "trade"}


# --- A side named inside the cue, the other side after it ------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "The last British soldiers left Belize and Kenya",
            {("BZ-GB", "military", "severed"), ("GB-KE", "military", "severed")},
        ),
        ("The last Cuban troops left Angola on Friday", {("AO-CU", "military", "severed")}),
    ],
)
def test_the_last_troops_of_a_country_leaving_a_list_of_hosts(title, expected) -> None:
    assert proposed(title) == expected


# --- A presence ended: the last bases closed, the last sailors gone, decades of bases ended --


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Britain closed its last military bases in Malta", "GB-MT"),
        ("Moscow shuts all of its remaining garrisons in Mongolia", "MN-RU"),
        ("The last Russian sailors sailed out of the naval base in Vietnam", "RU-VN"),
        ("Russia withdrew its last troops from Moldova's Transnistria region", "MD-RU"),
        ("The pull-out ends half a century of Cuban military presence in Angola", "AO-CU"),
    ],
)
def test_the_last_bases_or_forces_gone_end_the_presence(title, expected) -> None:
    assert proposed(title) == {(expected, "military", "severed")}


def test_one_base_closed_is_still_limited() -> None:
    assert proposed("France closes one of its bases in Chad") == {("FR-TD", "military", "limited")}


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Djibouti ends the Turkish military training programme", "DJ-TR"),
        ("Mali ends Russia's army training programs", "ML-RU"),
    ],
)
def test_a_military_training_programme_ended_is_severed(title, expected) -> None:
    assert proposed(title) == {(expected, "military", "severed")}


def test_an_aid_programme_ended_is_no_channel() -> None:
    assert proposed("Norway ends its aid programme in Malawi") == set()


# --- Political contacts are diplomatic; the top level alone is limited ------------------------


def test_high_level_political_and_military_contacts_suspended_are_limited_in_both() -> None:
    assert proposed("Canada suspends all high-level political and military contacts with Mali") == {
        ("CA-ML", "diplomatic", "limited"),
        ("CA-ML", "military", "limited"),
    }


def test_political_consultations_resumed_are_diplomatic() -> None:
    assert proposed("Chile and Peru resume political consultations") == {
        ("CL-PE", "diplomatic", "open")
    }


# --- A trade representation office is a diplomatic mission -----------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Tunisia shuts the Israeli trade representation office", ("IL-TN", "diplomatic")),
        ("Israel opens a trade liaison office in Mauritania", ("IL-MR", "diplomatic")),
    ],
)
def test_a_trade_representation_office_is_the_diplomats_channel(title, expected) -> None:
    assert {(pair, kind) for pair, kind, _state in proposed(title)} == {expected}


# --- Gatherings: a regional forum, a bloc admitting members ----------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "Leaders of the Pacific Islands Forum, Fiji and Samoa among them, opened their summit",
        "Leaders of Chile, Peru and Colombia agreed at their summit to admit Ecuador and Panama",
        "Ministers of the ASEAN Regional Forum, Japan and India among them, opened talks",
    ],
)
def test_a_gathering_or_a_bloc_taking_members_is_no_pair_channel(title) -> None:
    assert proposed(title) == set()


# --- A war named by its span of years is over: what it did to the ties looks back ----------


@pytest.mark.parametrize(
    "summary",
    [
        "The 1980-88 war between Iran and Iraq killed hundreds of thousands and cut their ties.",
        "The 1932-35 Chaco war between Bolivia and Paraguay froze their relations for years.",
    ],
)
def test_a_finished_war_that_froze_ties_is_a_retrospective(summary) -> None:
    assert proposed("Anniversary marked", summary) == set()


def test_a_cut_without_a_past_war_is_still_an_act() -> None:
    assert proposed("Bolivia cuts ties with Paraguay") == {("BO-PY", "diplomatic", "severed")}
