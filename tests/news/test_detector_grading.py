"""State grading (issue #11): which state a step puts a channel in, and which sentences
report no step at all. Examples in invented wording, on pairs the corpora do not hold."""

from __future__ import annotations

import pytest

from .detector_rules import proposed


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        ("Ghana's ambassador to Togo called home", ""),
        ("Row over border", "Ghana's envoy in Togo was summoned back to Accra for consultations."),
        ("Ghana instructs its chargé d'affaires in Togo to return home", ""),
        ("Ghana cuts the number of Togolese diplomats in Accra", ""),
        ("Ghana lowers level of diplomatic representation with Togo", ""),
        ("Ghana halts visa services in Togo", ""),
        ("Row deepens", "Ghana's ambassador to Togo has been recalled for consultations."),
    ],
)
def test_recalls_staff_cuts_and_visa_halts_are_limited(title: str, summary: str) -> None:
    assert proposed(title, summary) == {("GH-TG", "diplomatic", "limited")}


def test_the_channel_named_nearest_the_verb_decides_the_state() -> None:
    # The embassy is what is suspended, not the diplomats flown home after it.
    title = "Ghana suspends the work of its embassy in Togo and flies its diplomats home"
    assert proposed(title) == {("GH-TG", "diplomatic", "suspended")}


def test_a_cut_in_the_number_of_diplomats_is_no_break_in_ties() -> None:
    summary = (
        "Benin cut diplomatic relations with Togo, while Ghana reduced its representation in "
        "Lomé to chargé d'affaires level and cut the number of Togolese diplomats."
    )
    found = proposed("Two neighbours move against Togo", summary)
    assert ("GH-TG", "diplomatic", "limited") in found
    assert ("GH-TG", "diplomatic", "severed") not in found


def test_a_concluded_round_is_open() -> None:
    title = "Colombia and Peru conclude round of border talks"
    assert proposed(title) == {("CO-PE", "diplomatic", "open")}


def test_talks_ending_in_deadlock_are_suspended() -> None:
    assert proposed("Ghana-Togo talks end in deadlock") == {("GH-TG", "diplomatic", "suspended")}


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        ("Bolivia plans to restore ties with Chile", ""),
        ("Chile intends to reopen its embassy in Bolivia", ""),
        ("UN urges calm", "The envoy called on the governments of Ghana and Togo to resume talks."),
        ("On this day in 2014: Ghana cuts ties with Togo", ""),
        ("A year into the freeze, no thaw in sight between Ghana and Togo", ""),
        ("Ghana rejects Togo's accusation of border raid", ""),
        ("Ghana refuses to comment on talks with Togo", ""),
        ("Togo's president skips Accra trade fair", ""),
        ("Ghana's embassy in Togo closed for public holiday", ""),
        ("Ghana's opposition leader meets Togo's president", ""),
    ],
)
def test_plans_appeals_looking_back_and_other_senses_propose_nothing(
    title: str, summary: str
) -> None:
    assert proposed(title, summary) == set()


def test_who_arranged_a_meeting_is_no_side_of_it() -> None:
    summary = (
        "A meeting between the presidents of Ghana and Togo that Benin had arranged was cancelled."
    )
    assert proposed("Summit called off", summary) == {("GH-TG", "diplomatic", "suspended")}


@pytest.mark.parametrize(
    ("title", "summary", "state"),
    [
        ("Ghana reduces its embassy in Togo to a skeleton staff", "", "limited"),
        ("Ghana cuts its representation in Togo to chargé d'affaires level", "", "limited"),
        ("Togolese delegation leaves talks with Ghana in protest", "", "suspended"),
        ("Ghana's defence pact with Togo officially ends", "", "severed"),
        ("Ghana abandons defence treaty with Togo", "", "severed"),
        ("Dispute", "Ghana said it would no longer be bound by its treaty with Togo.", "severed"),
        ("Ghana's president receives Togolese foreign minister", "", "open"),
    ],
)
def test_grading_in_other_words(title: str, summary: str, state: str) -> None:
    assert {s for _pair, _kind, s in proposed(title, summary)} == {state}


@pytest.mark.parametrize(
    "title",
    [
        "Ghana's embassy in Togo remains closed",
        "Talks with Togo remain frozen, Ghana says",
        "Ghana abandons plans to restore ties with Togo",
        "Ghana's new president promises to mend ties with Togo",
        "Ghana's president recalls meeting with Togo's leader",
    ],
)
def test_a_state_that_goes_on_a_plan_given_up_or_a_memory_is_no_step(title: str) -> None:
    assert proposed(title) == set()


def test_each_verb_of_a_clause_keeps_its_own_channel() -> None:
    # "trade" is what the second verb freezes; the treaty the first suspends is diplomatic.
    title = "Ghana suspends friendship treaty with Togo and freezes trade"
    assert proposed(title) == {
        ("GH-TG", "diplomatic", "suspended"),
        ("GH-TG", "trade", "suspended"),
    }


@pytest.mark.parametrize(
    "title",
    [
        "Ghanaian and Togolese businessmen meet in Lomé",
        "Ghana's first lady visits Togo",
        "Former presidents of Ghana and Togo meet",
    ],
)
def test_people_who_speak_for_no_government_hold_no_channel(title: str) -> None:
    assert proposed(title) == set()
