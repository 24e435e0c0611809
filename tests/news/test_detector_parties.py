"""Which countries the detector reads as the two sides, on pairs the dev corpus does not use."""

from __future__ import annotations

import dataclasses
import datetime as dt

from channels_app.news.detect import detect
from channels_app.news.detect.language import load_language
from channels_app.news.detect.parties import Sides, cue_sides, find_mentions, unread_pairs
from tests.news.detector_rules import proposed

# The rules' own reading: whether the calibration lets it propose is tested with it.
RULES = dataclasses.replace(load_language(), calibration=None)


def pairs(title: str, summary: str = "") -> set[tuple[str, str]]:
    return {d.parties for d in detect(title, summary, language=RULES) if d.proposes_change}


def test_it_maps_pyongyang_to_kp() -> None:
    assert pairs("Pyongyang cuts military hotline with Tokyo") == {("JP", "KP")}


def test_it_reads_capitals_as_their_countries() -> None:
    assert pairs("Ankara and Jerusalem agree to restore ambassadors") == {("IL", "TR")}


def test_it_reads_demonyms_as_their_countries() -> None:
    assert pairs("Egyptian and Qatari foreign ministers hold talks") == {("EG", "QA")}


def test_it_reads_institutions_as_their_countries() -> None:
    assert pairs("The Pentagon restores its hotline with the PLA") == {("CN", "US")}
    assert pairs("Kremlin says it has cut the hotline to Kyiv") == {("RU", "UA")}


def test_it_reads_leaders_as_their_countries() -> None:
    assert pairs("Modi and Sharif agree to resume dialogue") == {("IN", "PK")}


def test_it_tells_north_korea_from_south_korea() -> None:
    assert pairs("North Korea cuts military hotline with South Korea") == {("KP", "KR")}
    assert pairs("South Korea and Japan restore military intelligence pact") == {("JP", "KR")}


def test_in_a_korean_story_the_north_is_kp() -> None:
    assert pairs("Seoul says the North has not answered the military line for a week") == {
        ("KP", "KR")
    }


def test_it_tells_the_two_congos_apart() -> None:
    assert pairs("Kinshasa cuts ties with Kigali") == {("CD", "RW")}
    assert pairs("Congo-Brazzaville expels Rwandan envoy") == {("CG", "RW")}


def test_turkey_is_tr_under_either_name() -> None:
    assert pairs("Türkiye and Egypt appoint ambassadors") == pairs(
        "Turkey and Egypt appoint ambassadors"
    )


def test_a_list_of_countries_gives_one_dyad_each() -> None:
    assert pairs("Mali, Niger and Burkina Faso cut diplomatic ties with Ukraine") == {
        ("ML", "UA"),
        ("NE", "UA"),
        ("BF", "UA"),
    }


def test_a_list_of_counterparts_gives_one_dyad_each() -> None:
    assert pairs("Qatar recalls ambassadors from Saudi Arabia, Egypt and Bahrain") == {
        ("QA", "SA"),
        ("EG", "QA"),
        ("BH", "QA"),
    }


def test_three_countries_acting_together_give_every_pair() -> None:
    # A trilateral summit is a gathering, no pair's channel (test_detector_openings.py).
    assert pairs("Ethiopia, Eritrea and Djibouti restore diplomatic ties") == {
        ("DJ", "ER"),
        ("ER", "ET"),
        ("DJ", "ET"),
    }


def test_the_city_where_talks_are_held_is_not_a_party() -> None:
    assert pairs("Chile and Peru defence ministers meet in Vienna") == {("CL", "PE")}


def test_a_mediator_is_not_a_party() -> None:
    assert pairs(
        "Colombia and Ecuador agree to reopen embassies",
        "The deal was mediated by Brazil. Brazilian officials hosted the talks.",
    ) == {("CO", "EC")}


def test_a_host_is_not_a_party() -> None:
    assert pairs("Trump hosts Armenia and Azerbaijan leaders for a peace deal signing") | pairs(
        "Armenia and Azerbaijan sign peace declaration at the White House"
    ) == {("AM", "AZ")}


def test_the_summary_can_name_the_second_side() -> None:
    assert pairs(
        "Ethiopia restores diplomatic relations",
        "Addis Ababa and Asmara said their embassies would reopen.",
    ) == {("ER", "ET")}


def test_a_sentence_naming_no_one_uses_the_pair_of_the_headline() -> None:
    detections = detect(
        "Kenya and Somalia agree to talks", "The two sides restored diplomatic ties."
    )
    assert {(d.parties, d.evidence) for d in detections} == {
        (("KE", "SO"), "The two sides restored diplomatic ties.")
    }


def test_a_clause_about_a_third_country_is_paired_with_the_subject() -> None:
    detections = detect("Honduras establishes ties with China, ending Taiwan relations", "")
    assert {(d.parties, d.state) for d in detections} == {
        (("CN", "HN"), "open"),
        (("HN", "TW"), "severed"),
    }


def test_seas_named_after_a_country_are_not_the_country() -> None:
    assert pairs("Philippines and Vietnam open hotline on South China Sea incidents") == {
        ("PH", "VN")
    }


def test_the_same_side_named_again_is_not_the_other_side() -> None:
    assert pairs("Ethiopia's Abiy visits Eritrea", "Abiy Ahmed met Isaias Afwerki in Asmara.") == {
        ("ER", "ET")
    }


# Clause structure: who does what to whom (issue #11). Wordings and pairs of their own, none
# from the dev corpus.


def test_a_subject_list_pairs_with_the_object_not_within_itself() -> None:
    assert pairs("Sweden, Norway and Finland expel Iranian diplomats") == {
        ("IR", "SE"),
        ("IR", "NO"),
        ("FI", "IR"),
    }


def test_a_country_backed_in_solidarity_is_not_a_side() -> None:
    assert pairs("Latvia and Estonia expel Belarusian diplomats in solidarity with Lithuania") == {
        ("BY", "LV"),
        ("BY", "EE"),
    }


def test_each_clause_of_a_sentence_has_its_own_subject() -> None:
    assert pairs("Chile cuts ties with Nicaragua as Peru and Ecuador recall their envoys") == {
        ("CL", "NI"),
        ("NI", "PE"),
        ("EC", "NI"),
    }


def test_a_second_verb_of_the_same_subject_keeps_it() -> None:
    assert pairs("Ghana recalls its envoy from Abuja and suspends defence talks with Togo") == {
        ("GH", "NG"),
        ("GH", "TG"),
    }


def test_a_list_left_without_object_takes_the_one_named_before() -> None:
    assert pairs("Oman recalls its ambassador from Baghdad; Jordan and Kuwait cut ties") == {
        ("IQ", "OM"),
        ("IQ", "JO"),
        ("IQ", "KW"),
    }


def test_a_country_joined_in_an_act_is_a_subject() -> None:
    assert pairs("Chad joins Sudan in breaking off relations with Libya") == {
        ("LY", "TD"),
        ("LY", "SD"),
    }


def test_the_object_introduced_right_after_a_name_wins_over_the_name() -> None:
    assert pairs("Serbia suspends Kosovo border accord with Hungary") == {("HU", "RS")}


def test_a_multilateral_body_on_a_side_gives_no_pair() -> None:
    assert pairs("ASEAN suspends dialogue with Myanmar", "Thailand objected.") == set()


def test_four_countries_meeting_with_no_other_side_is_multilateral() -> None:
    assert pairs("Brazil, India, Indonesia and South Africa hold talks on food prices") == set()


def test_a_meeting_named_after_a_capital_is_a_venue() -> None:
    assert pairs("Ecuador and Peru sign the Brasilia accord to end their border war") == {
        ("EC", "PE")
    }


def test_a_lone_side_is_not_paired_with_the_venue() -> None:
    assert pairs("Lebanese minister holds talks in Vienna") == set()


def test_the_country_of_a_mission_is_a_side() -> None:
    assert pairs(
        "Kenya downgrades ties",
        "Kenya cut its representation in Mogadishu to charge d'affaires level.",
    ) == {("KE", "SO")}


def test_a_country_in_a_relative_clause_is_not_the_object() -> None:
    assert pairs(
        "Armenia and Georgia at odds over transit",
        "Yerevan suspended the accord that let Iran ship fuel across Georgian territory.",
    ) == {("AM", "GE")}


def test_a_possessive_names_one_side_once() -> None:
    assert pairs("Kenya's Ruto and Tanzania's Samia hold talks in Arusha") == {("KE", "TZ")}


def sides(text: str, *cues: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Subject and object `cue_sides` reads for each cue word, the cue's words running to the
    end of the text."""
    spans = [(text.index(c), text.index(c) + len(c), len(text)) for c in cues]
    found = cue_sides(text, find_mentions(text, on=dt.date(2024, 1, 1)), spans)
    return [(s.subject, s.object) for s in found]


def test_a_country_named_inside_a_noun_phrase_is_the_object() -> None:
    repeals = sides("Bahrain repeals its Israel boycott law", "repeals", "boycott")[0]
    assert repeals == (("BH",), ("IL",))


def test_the_country_of_a_mission_service_or_base_is_a_side() -> None:
    assert not find_mentions("suspends visa services in Uganda")[0].weak
    assert not find_mentions("closes the air base in Kyrgyzstan")[0].weak
    assert find_mentions("holds talks in Uganda")[0].weak


def test_a_clause_with_no_cue_still_pairs_its_subject_with_the_side_it_introduces() -> None:
    text = "Oman summons its ambassador home from Baghdad; Jordan and Kuwait cut ties"
    mentions = find_mentions(text, on=dt.date(2024, 1, 1))
    read = [Sides(("JO", "KW"), ("IQ",), carried=True)]
    assert unread_pairs(text, mentions, read) == [("IQ", "OM")]
    assert unread_pairs(text, mentions, [*read, Sides(("OM",), ("IQ",))]) == []


# --- detect11: sides that are venues, absentees, models followed, domestic talks -----------


def test_a_bloc_named_as_the_margins_of_a_meeting_is_a_venue_not_a_side() -> None:
    assert pairs("Albanese and Li Qiang hold talks on APEC sidelines") == {("AU", "CN")}
    assert pairs("Lula and Ramaphosa meet on G20 sidelines in Rio") == {("BR", "ZA")}


def test_a_country_left_out_of_talks_is_no_side() -> None:
    assert pairs("Copenhagen hosts Ukraine peace talks without Russia") == set()


def test_the_country_whose_example_is_followed_is_no_side() -> None:
    assert pairs("Latvia and Lithuania follow Estonia in expelling Russian envoys") == {
        ("LT", "RU"),
        ("LV", "RU"),
    }


def test_a_government_and_its_own_rebels_are_no_pair_of_countries() -> None:
    title = "Colombian government and ELN rebels resume peace talks in Mexico"
    summary = "Negotiators met in Mexico City with Norway as a guarantor."
    assert pairs(title, summary) == set()


def test_a_list_acting_as_guarantors_is_no_side() -> None:
    title = "Colombian government and FARC rebels open peace talks in Norway"
    summary = "Negotiators met in Hurdal with Cuba and Norway acting as guarantors."
    assert pairs(title, summary) == set()
    assert pairs("Iran and Saudi Arabia restore ties, with China and Iraq acting as mediators") == {
        ("IR", "SA")
    }


def test_a_surname_listed_with_a_known_person_is_read_by_who_held_office_that_day() -> None:
    # "Wang" alone is too common to read anywhere; beside Jaishankar in 2020 it is Wang Yi.
    day = dt.date(2020, 9, 10)
    found = {
        d.parties for d in detect("Jaishankar and Wang hold talks in Moscow", "", published=day)
    }
    assert ("CN", "IN") in found
    mentions = find_mentions("Jaishankar and Wang agree", on=day)
    assert [m.codes for m in mentions] == [("IN",), ("CN",)]
    # Not beside a person, and not a word no office-holder of that day bears.
    assert [m.codes for m in find_mentions("Wang agrees", on=day)] == []
    assert [m.codes for m in find_mentions("Jaishankar and Zhouqiao agree", on=day)] == [("IN",)]


# --- batch p5: who does what to whom -------------------------------------------------------


def test_a_list_running_from_one_clause_into_the_next_is_two_lists() -> None:
    # "with Doha, Djibouti reduced": Doha ends the first verb's object, Djibouti starts the
    # next clause; Senegal's recall carries Doha as its other side, never Djibouti.
    found = pairs(
        "Gulf rift widens",
        "Chad said it was breaking off relations with Doha, Djibouti reduced its diplomatic "
        "representation, and Senegal recalled its ambassador.",
    )
    assert ("QA", "TD") in found and ("DJ", "QA") in found and ("QA", "SN") in found
    assert not found & {("DJ", "TD"), ("DJ", "SN"), ("SN", "TD")}


def test_a_clause_joined_by_comma_and_is_not_one_list_with_the_object_before_it() -> None:
    # "its embassy in Tehran, and the UAE recalled": the UAE acts against Tehran, not
    # against the subjects of the first clause.
    found = pairs(
        "Gulf states move against Iran",
        "Bahrain and Sudan cut diplomatic relations with Iran on Monday, a day after Saudi "
        "Arabia severed ties over the storming of its embassy in Tehran, and the United Arab "
        "Emirates recalled its ambassador.",
    )
    assert ("AE", "IR") in found
    assert not found & {("AE", "BH"), ("AE", "SD"), ("BH", "SD")}


def test_it_reads_capitals_and_demonyms_the_table_lacked() -> None:
    assert pairs("Lomé recalls its ambassador from Abuja") == {("NG", "TG")}
    assert pairs("Ivorian and Malian foreign ministers hold talks") == {("CI", "ML")}


def test_the_country_where_two_sides_meet_is_their_host() -> None:
    # "in Doha with Qatar's emir": Qatar is named as the place, so it hosts the two sides.
    assert pairs("Tshisekedi and Kagame meet in Doha with Qatar's emir") == {("CD", "RW")}


def test_a_mediator_named_by_its_office_is_no_side() -> None:
    assert pairs(
        "Neighbours talk",
        "Ministers from Côte d'Ivoire and Mali held talks in Lomé under the mediation of "
        "Togo's president.",
    ) == {("CI", "ML")}


def test_a_country_that_had_hosted_the_meeting_is_no_side() -> None:
    found = pairs(
        "North Korea walks out of Stockholm nuclear talks",
        "Talks between North Korea and the United States broke down after several hours; "
        "Sweden had hosted the meeting.",
    )
    assert found == {("KP", "US")}


def test_a_meeting_named_after_a_capital_is_held_there() -> None:
    # "the Luanda meeting" is a place, as "the Luanda accord" and "the Doha talks" are.
    assert pairs("Luanda meeting between Congolese and Rwandan leaders called off") == {
        ("CD", "RW")
    }
    assert pairs("Moscow meeting of Armenian and Azerbaijani ministers postponed") == {("AM", "AZ")}
    # The host's own name still makes it a side.
    assert pairs("Kenya cancels Nairobi meeting with Somali foreign minister") == {("KE", "SO")}


def test_a_capital_before_a_verb_and_talks_is_a_side_not_their_venue() -> None:
    # "the Stockholm nuclear talks" is a place; "Seoul suspends talks" is Seoul acting.
    assert pairs("Seoul suspends talks with Tokyo") == {("JP", "KR")}
    assert pairs("Tehran says talks with Washington are off") == {("IR", "US")}
    assert pairs(
        "North Korea walks out of Stockholm nuclear negotiations",
        "Talks between North Korea and the United States broke down.",
    ) == {("KP", "US")}


def test_the_country_peace_consultations_are_about_is_no_side() -> None:
    assert not pairs("Kenya launches South Sudan peace consultations")


def test_guarantor_countries_are_no_sides() -> None:
    assert not pairs(
        "Colombia and ELN rebels resume talks in Havana",
        "Negotiators of the government and the rebels opened a third round of peace talks, "
        "with Cuba, Norway and Venezuela as guarantor countries.",
    )


def test_members_named_at_a_multilateral_meeting_are_no_pair() -> None:
    assert not pairs(
        "Bloc summit ends",
        "Leaders of the Shanghai Cooperation Organisation, including Narendra Modi and Vladimir "
        "Putin, adopted a declaration at the close of their summit.",
    )


def test_a_recognition_switch_severs_ties_with_the_capital_it_drops() -> None:
    assert pairs("Honduras drops Taipei for Beijing") == {("HN", "TW")}
    # The name inside the cue's own words is its object, though another side follows.
    assert ("PA", "TW") in pairs("Panama drops Taipei and opens diplomatic relations with Beijing")
    assert not pairs("Organisers drop Taiwan's bid to attend the assembly in Geneva")


def test_who_chairs_two_sides_meeting_is_no_side() -> None:
    assert pairs(
        "Russian and Ukrainian delegations meet in Istanbul with Turkish minister in the chair"
    ) == {("RU", "UA")}


def test_an_earlier_verbs_object_is_not_the_subject_of_the_verb_after_it() -> None:
    found = proposed("Saudi Arabia expels Lebanese envoy and halts imports")
    assert ("LB-SA", "diplomatic", "limited") in found
    assert ("LB-SA", "trade", "suspended") in found


def test_clauses_that_leave_out_the_verb_add_subjects_to_the_same_step() -> None:
    assert pairs("Poland expelled 45 Russian diplomats, Bulgaria ten and Slovakia three") == {
        ("PL", "RU"),
        ("BG", "RU"),
        ("RU", "SK"),
    }
    # A figure of time is no gapped clause.
    assert pairs("Poland expelled 45 Russian diplomats, Bulgaria 10 days later") == {("PL", "RU")}


def test_it_reads_seats_of_power_the_table_lacked() -> None:
    assert pairs("Malacañang recalls envoy from Beijing") == {("CN", "PH")}
    assert pairs("Naypyitaw expels Thai diplomat") == {("MM", "TH")}


def test_the_country_two_sides_talk_about_is_no_side() -> None:
    assert pairs("Washington and Seoul hold talks on North Korea") == {("KR", "US")}
    assert pairs("Egypt and Sudan hold talks on Ethiopia's dam") == {("EG", "SD")}
    # The side named after the topic is still the other side.
    assert pairs("The US holds talks on Ukraine with Russia") == {("RU", "US")}


def test_it_reads_plural_demonyms_the_table_lacked() -> None:
    assert pairs("Czechs expel Russian diplomats") == {("CZ", "RU")}
    assert pairs("Danes and Swedes hold talks on fishing rights") == {("DK", "SE")}


def test_the_last_name_before_the_next_verb_is_its_subject() -> None:
    found = pairs("Saudi Arabia cuts ties with Iran and Bahrain recalls its envoy")
    assert found == {("IR", "SA"), ("BH", "IR")}


def test_a_country_that_follows_suit_takes_the_same_step_against_the_same_side() -> None:
    found = proposed("Saudi Arabia cut ties with Iran and Bahrain followed suit")
    assert found == {
        ("IR-SA", "diplomatic", "severed"),
        ("BH-IR", "diplomatic", "severed"),
    }


def test_losing_an_ally_severs_ties_with_the_ally_named_not_its_new_partner() -> None:
    assert proposed("Taiwan loses El Salvador as ally to China") == {
        ("SV-TW", "diplomatic", "severed")
    }
    assert not proposed("Ukraine loses ground near Bakhmut to Russia")


def test_a_country_the_title_leaves_out_is_no_side_of_the_article() -> None:
    assert not pairs(
        "Jeddah hosts Ukraine peace talks without Russia",
        "Advisers from about 40 countries met to discuss a settlement; Moscow was not invited.",
    )
