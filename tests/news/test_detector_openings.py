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


def test_an_anniversary_or_a_memoir_proposes_nothing() -> None:
    summary = "Forty years ago Jordan and Israel agreed to exchange ambassadors."
    assert not proposed("Wadi Araba treaty at 30: a cold peace", summary)
    assert not proposed("Chile and Argentina mark 40 years since Beagle treaty", "")
    assert not proposed("Memoir recounts secret Oman-Iran talks", "")


def test_an_agreement_dated_long_ago_looks_back() -> None:
    summary = (
        "The diplomat writes that negotiators of Greece and Turkey agreed the outline of a "
        "settlement between 2002 and 2004. Meetings in the late 1990s opened a channel "
        "between the two foreign ministries."
    )
    assert not proposed("Greek diplomat's book on Aegean talks", summary)
    assert ("GR-TR", "diplomatic", "open") in proposed(
        "Greece and Turkey agreed to restore the hotline between their foreign ministries", ""
    )


def test_a_step_ordered_or_readied_is_a_plan() -> None:
    assert not proposed(
        "Paraguay's president instructed his foreign minister to start the opening of "
        "relations with China",
        "",
    )
    assert not proposed("Ghana prepares to reopen its embassy in Tehran", "")


def test_an_envoy_summoned_in_return_is_not_back_at_his_post() -> None:
    summary = "Seoul summoned the Japanese envoy in return."
    assert ("JP-KR", "diplomatic", "open") not in proposed("Tokyo summons Korean envoy", summary)


def test_an_article_that_says_no_bilateral_talks_reads_no_visit() -> None:
    summary = "Egypt's foreign minister became the first to visit Turkey in a decade."
    assert not proposed("Egyptian minister in Ankara for OIC meeting, no bilateral talks", summary)


def test_three_countries_meeting_together_are_a_gathering() -> None:
    assert not proposed("Army chiefs of Brazil, Argentina and Chile meet in Santiago", "")
    # One country meeting two others, each on its own, is two bilateral contacts.
    assert ("AR-BR", "diplomatic", "open") in proposed(
        "Brazil's foreign minister met his Argentine counterpart in Brasilia", ""
    )


def test_a_step_under_discussion_is_not_taken() -> None:
    summary = "Officials say restoring full relations is under discussion."
    assert not proposed("Rabat and Algiers exchange messages", summary)


def test_no_decision_taken_is_a_denial() -> None:
    summary = "The ministry said no decision had been taken to close the liaison office."
    assert not proposed("Seoul keeps calling the North", summary)


def test_what_is_said_not_possible_is_no_step() -> None:
    summary = "The president told reporters that cutting off relations entirely was not possible."
    assert not proposed("Ankara will not break with Israel, Erdogan says", summary)


def test_leaders_speaking_for_the_first_time_is_an_opening() -> None:
    assert ("FR-RU", "diplomatic", "open") in proposed(
        "Macron and Putin speak for first time in two years", ""
    )


def test_a_headline_participle_says_talks_were_held() -> None:
    assert ("CL-PE", "diplomatic", "open") in proposed(
        "Third round of Chile-Peru maritime talks held in Lima", ""
    )


def test_ties_back_on_track_are_open_and_hoping_so_is_not() -> None:
    assert ("EC-PE", "diplomatic", "open") in proposed(
        "Quito and Lima agree to bring ties back on track", ""
    )
    assert not proposed("Peru hopes to get ties with Ecuador back on track", "")
    assert not proposed("Relations between Peru and Ecuador are not yet back on track", "")


def test_a_gas_line_is_no_channel() -> None:
    assert not proposed("Russia reopens gas line to Hungary after repairs", "")


def test_ministers_speaking_briefly_on_the_sidelines_is_a_contact() -> None:
    assert ("BR-VE", "diplomatic", "open") in proposed(
        "Brazilian and Venezuelan foreign ministers speak briefly on G20 sidelines", ""
    )


def test_moving_closer_to_a_step_is_not_taking_it() -> None:
    assert not proposed("Iran and Egypt move closer to restoring ties", "")


def test_talks_held_before_a_past_year_look_back() -> None:
    assert not proposed("Ex-envoy: Oman and Iran held secret talks before 2015 deal", "")


def test_an_envoy_back_at_work_is_an_opening() -> None:
    assert ("DZ-ES", "diplomatic", "open") in proposed(
        "Algerian ambassador resumes duties in Madrid", ""
    )
    assert ("EG-QA", "diplomatic", "open") in proposed(
        "Qatar's envoy takes up post in Cairo again", ""
    )


def test_ending_a_diplomatic_crisis_is_an_opening() -> None:
    assert ("DE-MA", "diplomatic", "open") in proposed(
        "Morocco and Germany end diplomatic crisis", ""
    )
    assert not proposed("Morocco and Germany hope to end diplomatic crisis", "")


def test_a_tour_of_a_capital_is_a_visit_like_visits() -> None:
    assert ("CN-IN", "diplomatic", "open") in proposed(
        "Indian foreign minister tours Beijing for border talks", ""
    )
    assert ("CN-IN", "diplomatic", "open") in proposed(
        "Indian foreign minister visits Beijing for border talks", ""
    )
    # "tour" names a trip only before a place: tour operators are no visit.
    assert not proposed("Kenyan tour operators see fewer Chinese visitors", "")
