"""Whether a sentence reports an event on a bilateral channel at all: multilateral
gatherings, partial steps, restrictions and tariffs, what a sentence attributes to someone."""

from __future__ import annotations

from .detector_rules import proposed


def test_a_bloc_summit_is_no_bilateral_channel() -> None:
    assert proposed("Peruvian and Chilean leaders attend APEC summit") == set()
    assert proposed("Bolivia's president skips Mercosur summit hosted by Paraguay") == set()


def test_a_meeting_of_a_bloc_s_ministers_is_no_bilateral_channel() -> None:
    assert proposed("Quad foreign ministers of India, Japan and Australia meet in Delhi") == set()


def test_a_meeting_on_the_sidelines_of_a_summit_is_bilateral() -> None:
    title = "Brazilian and Argentine leaders meet on the sidelines of the G20 summit"
    assert proposed(title) == {("AR-BR", "diplomatic", "open")}


def test_a_halt_said_to_be_partial_is_limited() -> None:
    title = "Azerbaijan halts gas deliveries to Georgia; other trade is not affected"
    assert proposed(title) == {("AZ-GE", "trade", "limited")}


def test_pausing_some_military_aid_is_limited() -> None:
    assert proposed("Washington pauses some military aid to Chad") == {
        ("TD-US", "military", "limited")
    }


def test_a_law_scrapping_a_pact_severs_it() -> None:
    title = "Moscow signs law scrapping missile pact with Washington"
    assert proposed(title) == {("RU-US", "military", "severed")}


def test_annulling_protocols_on_normalising_ties_severs_them() -> None:
    title = "Georgia annuls protocols on normalising ties with Abkhazia's patron Russia"
    assert ("GE-RU", "diplomatic", "severed") in proposed(title)
    assert ("GE-RU", "diplomatic", "open") not in proposed(title)


def test_restoring_curbs_is_no_opening() -> None:
    title = "Washington restores curbs on Cuban cigar trade"
    assert ("CU-US", "trade", "open") not in proposed(title)


def test_lifting_export_curbs_opens_trade() -> None:
    assert proposed("Tokyo lifts export curbs on Seoul") == {("JP-KR", "trade", "open")}


def test_scrapping_tariffs_alone_is_no_change() -> None:
    assert proposed("India scraps wheat tariffs on Nepal") == set()


def test_a_consumer_boycott_is_no_channel() -> None:
    title = "Shipments of Danish butter to Saudi Arabia collapse amid a consumer boycott"
    assert proposed(title) == set()


def test_failing_to_agree_proposes_nothing() -> None:
    assert proposed("Serbia and Kosovo envoys failed to agree a deal in Brussels") == set()


def test_what_a_spokesman_said_a_government_had_done_is_an_act() -> None:
    title = "Ghana expels Togo's troops from joint mission"
    summary = "The army said it had terminated Togo's participation in the joint operations."
    assert ("GH-TG", "military", "severed") in proposed(title, summary)


def test_a_step_that_ends_only_when_a_condition_is_met_is_no_step() -> None:
    title = "Tariffs on Peru to stay until both countries stop the flow of drugs across the border"
    assert proposed(title) == set()


def test_trade_figures_are_no_channel_event() -> None:
    assert proposed("Astana and Bishkek reopen border to trade") != set()
    assert proposed("Kazakh-Kyrgyz trade tops $2bn as Astana and Bishkek reopen border") == set()


def test_no_meeting_set_between_two_governments_is_no_suspension() -> None:
    summary = "No meeting between the feuding Qatari and Saudi governments has been set."
    assert proposed("Emir pursues mediation", summary) == set()
