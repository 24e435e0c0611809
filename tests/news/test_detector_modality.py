"""How a sentence puts a state (act, intent, threat, denial, speculation, retrospective), and
the sentences that are not about a channel at all."""

from __future__ import annotations

import dataclasses
from datetime import date

from channels_app.models import Modality as ModelModality
from channels_app.news.detect import Modality, detect
from channels_app.news.detect.language import load_language

# The rules' own reading: these tests are about the rules; whether the calibration lets a
# reading propose a change (its threshold) is tested with the calibration.
RULES = dataclasses.replace(load_language(), calibration=None)


def modalities(title: str, summary: str = "") -> set[str]:
    return {d.modality for d in detect(title, summary)}


def proposed(title: str, summary: str = "") -> list[tuple[str, str]]:
    return [(d.kind, d.state) for d in detect(title, summary, language=RULES) if d.proposes_change]


def test_modality_values_are_those_the_models_store() -> None:
    assert {m.value for m in Modality} == set(ModelModality.values)


def test_a_present_tense_headline_is_an_act() -> None:
    assert modalities("Jordan recalls ambassador from Israel") == {"act"}


def test_an_agreement_to_resume_is_an_agreed_intent() -> None:
    assert modalities("Spain and Morocco agree to resume trade talks") == {"intent"}


def test_an_agreed_intent_proposes_a_change() -> None:
    assert proposed("Kenya and Somalia pledge to reopen embassies") == [("diplomatic", "open")]


def test_an_announced_step_is_an_intent() -> None:
    assert modalities("Moldova says it will expel Russian diplomats") == {"intent"}


def test_a_threat_proposes_no_change() -> None:
    assert modalities("Algeria threatens to cut ties with Spain") == {"threat"}
    assert proposed("Algeria threatens to cut ties with Spain") == []


def test_a_step_on_a_condition_is_a_threat() -> None:
    assert modalities("Algeria will cut ties with Spain if the plan goes ahead") == {"threat"}


def test_a_denial_proposes_no_change() -> None:
    assert modalities("Iraq denies it cut diplomatic ties with Jordan") == {"denial"}
    assert proposed("Iraq denies it cut diplomatic ties with Jordan") == []


def test_negation_cancels_a_cue() -> None:
    assert modalities("Bolivia did not suspend trade with Chile, ministry says") == {"denial"}


def test_no_plans_to_cut_is_a_denial() -> None:
    assert modalities("Ethiopia has no plans to sever relations with Eritrea") == {"denial"}


def test_what_could_happen_is_speculation() -> None:
    assert modalities("Spain and Morocco could resume trade talks") == {"speculation"}


def test_hopes_and_expectations_are_speculation() -> None:
    assert modalities("Diplomats expect Egypt and Iran to restore ties soon") == {"speculation"}


def test_a_call_for_talks_proposes_no_change() -> None:
    assert proposed("Seoul urges Pyongyang to restore the liaison hotline") == []
    assert proposed("Spain calls for talks with Morocco") == []


def test_what_happened_years_ago_is_retrospective() -> None:
    assert modalities("In 2016 Saudi Arabia cut diplomatic ties with Iran") == {"retrospective"}


def test_a_clause_since_a_past_event_does_not_propose_it() -> None:
    detections = detect(
        "Egypt and Iran restore full relations",
        "The foreign ministers met for the first time since Cairo severed ties in 1980.",
    )
    assert {(d.state, d.modality) for d in detections} == {("open", "act")}


def test_an_anniversary_piece_proposes_no_change() -> None:
    assert (
        proposed(
            "Five years on: how Qatar and its neighbours restored ties",
            "Saudi Arabia and Qatar reopened their embassies in 2021.",
        )
        == []
    )


def test_reversing_an_earlier_step_does_not_propose_it() -> None:
    assert proposed(
        "Both governments appoint envoys, reversing Peru's expulsion of Mexican diplomats"
    ) == [("diplomatic", "open")]


# --- other senses of "channel", and news that is not about a channel --------------------


def test_tv_channel_is_not_a_detection() -> None:
    assert detect("Bolivian TV channel launches service for Chilean viewers", "") == []


def test_the_english_channel_is_not_a_detection() -> None:
    assert detect("France and Britain halt crossings of the English Channel", "") == []


def test_a_shipping_channel_is_not_a_detection() -> None:
    assert detect("Egypt reopens Suez shipping channel after Qatar tanker grounding", "") == []


def test_a_sales_channel_is_not_a_detection() -> None:
    assert detect("Japanese carmakers close sales channels in Russia", "") == []


def test_tariffs_alone_are_not_a_detection() -> None:
    assert detect("US suspends tariffs on Mexican steel for 90 days", "") == []


def test_trade_statistics_are_not_a_detection() -> None:
    assert detect("Canada's exports to Japan fell 12% last year", "") == []


def test_trading_accusations_is_not_trade() -> None:
    assert detect("Canada and Japan trade accusations over fisheries", "") == []


def test_close_ties_are_not_a_closure() -> None:
    assert detect("Kazakhstan and Uzbekistan say they have close ties", "") == []


def test_weapons_shipments_are_not_trade() -> None:
    assert proposed("Germany pauses weapons shipments to Israel") == []


def test_a_planned_meeting_is_no_contact_yet() -> None:
    assert proposed("Kenya and Uganda to hold first summit in a decade next month") == []
    assert proposed("Peru's foreign minister will meet his Chilean counterpart on Friday") == []


def test_an_agreed_meeting_is_an_agreed_intent() -> None:
    assert modalities("Kenya and Uganda agree to hold talks on border trade") == {"intent"}


def test_the_aim_of_a_trip_is_no_step() -> None:
    assert proposed("Lula to travel to Caracas on Monday to restore relations") == []


def test_what_a_president_elect_will_do_is_a_plan() -> None:
    assert proposed("Chile's president-elect says he will restore ties with Bolivia") == []


def test_a_cue_used_as_a_noun_with_a_modal_after_it_is_speculation() -> None:
    title = "Officials say a thaw between Quito and Bogotá could see envoys return"
    assert proposed(title) == []


def test_a_challenge_to_meet_proposes_no_change() -> None:
    assert proposed("Armenian leader challenges Aliyev to meet him in Geneva") == []


def test_asking_another_government_to_lift_a_ban_proposes_no_change() -> None:
    assert proposed("Seoul asks Tokyo to lift its fish import ban") == []


def test_no_information_on_a_reported_ban_is_a_denial() -> None:
    assert proposed("Hanoi says it has no information on reported Chinese fruit ban") == []


def test_an_obituary_proposes_no_change() -> None:
    title = "Former Peruvian leader who restored ties with Chile dies at 88"
    assert proposed(title, "He restored diplomatic relations with Chile in 1999.") == []


def test_the_first_contact_since_a_year_is_news() -> None:
    assert proposed("Cuba and Chile hold first talks since 1973") == [("diplomatic", "open")]


def test_a_request_that_went_unanswered_is_a_suspension() -> None:
    summary = (
        "Canberra's trade minister said his request for a call about wine had gone unanswered."
    )
    found = proposed("Canberra says Beijing will not take its calls", summary)
    assert ("trade", "suspended") in found


def test_first_talks_in_years_are_news_while_years_on_looks_back() -> None:
    assert modalities("Albanese and Li Qiang hold first talks in four years on G20 sidelines") == {
        "act"
    }
    assert modalities("Ten years on, Cuba and the US restore diplomatic relations") == {
        "retrospective"
    }


def test_a_persons_name_is_not_read_as_a_modality_word() -> None:
    # "May" in "Theresa May" is her name, not the modal: the markers are read with the names
    # of people blanked out; the modal itself still makes speculation.
    day = date(2018, 3, 14)
    named = detect("Theresa May expels 23 Russian diplomats", "", language=RULES, published=day)
    assert [(d.parties, d.state, d.modality) for d in named] == [(("GB", "RU"), "limited", "act")]
    modal = detect("Britain may expel 23 Russian diplomats", "", language=RULES, published=day)
    assert {d.modality for d in modal} == {"speculation"}
    said = detect("May says Britain will expel Russian diplomats", "", published=day)
    assert {d.modality for d in said} == {"intent"}
