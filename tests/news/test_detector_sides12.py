"""Sides of a change, fourth batch (w12): hosts and mediators named by their leader, a
mediator "is facilitating", a former official or a national church that speaks for no
government, and envoys given days to leave. Sentences written for these tests,
none taken from a corpus."""

from __future__ import annotations

import pytest

from tests.news.detector_rules import proposed


@pytest.mark.parametrize(
    ("title", "summary", "host"),
    [
        (
            "Guinea's Conde and Ivorian leader sign pact",
            "The two leaders signed a pact on Monday. Senegal's Macky Sall hosted the signing.",
            "SN",
        ),
        (
            "Sudan's army and paramilitary sign truce in Jeddah",
            "The two sides signed on Saturday. Saudi Foreign Minister Faisal bin Farhan hosted "
            "the talks.",
            "SA",
        ),
        (
            "Catholic and Orthodox leaders meet in Minsk",
            "Pope Benedict and the head of the Russian Orthodox Church met on Friday, a first. "
            "Belarusian President Lukashenko hosted the meeting.",
            "BY",
        ),
        (
            "Bogota resumes talks with guerrillas in Havana",
            "The Colombian government and the ELN reopened negotiations on Monday. Cuba is "
            "facilitating the talks.",
            "CU",
        ),
        (
            "Kabul opens talks with insurgents in Doha",
            "The Afghan government and the Taliban began talks on Saturday. Qatar has been "
            "mediating for months.",
            "QA",
        ),
    ],
)
def test_host_or_mediator_is_no_side(title: str, summary: str, host: str) -> None:
    read = proposed(title, summary)
    assert not any(host in parties.split("-") for parties, _, _ in read)


def test_the_two_sides_are_still_read_beside_a_host_named_by_its_leader() -> None:
    read = proposed(
        "Guinea's Conde and Ivorian leader sign pact",
        "The two leaders signed a pact on Monday. Senegal's Macky Sall hosted the signing.",
    )
    assert ("CI-GN", "diplomatic", "open") in read


def test_leader_hosting_a_named_visitor_is_a_side() -> None:
    # Whom a leader hosts by name is the other side of a visit.
    read = proposed("Egypt's Sisi hosted Jordan's King Abdullah in Cairo for talks", "")
    assert ("EG-JO", "diplomatic", "open") in read


def test_mediator_is_facilitating_is_no_side() -> None:
    read = proposed(
        "Colombia resumes talks with Ecuador",
        "Colombia and Ecuador resumed talks on Thursday. Brazil is facilitating the dialogue.",
    )
    assert ("CO-EC", "diplomatic", "open") in read
    assert not any("BR" in parties.split("-") for parties, _, _ in read)


def test_whose_leader_mediated_is_no_side() -> None:
    read = proposed(
        "Kenya and Somalia restore ties",
        "Kenya and Somalia restored diplomatic relations, Qatar, whose foreign minister "
        "mediated, said on Thursday.",
    )
    assert not any("QA" in parties.split("-") for parties, _, _ in read)


def test_former_official_speaks_for_no_government() -> None:
    read = proposed(
        "Niger expels regional bloc's envoy",
        "Niger gave the bloc's representative, former Senegalese minister Abdou Diallo, "
        "48 hours to leave.",
    )
    assert not any("SN" in parties.split("-") for parties, _, _ in read)


def test_national_church_is_no_government() -> None:
    read = proposed(
        "Pope meets Serbian Orthodox patriarch in Rome",
        "The pope and the head of the Serbian Orthodox Church met at the Vatican on Monday.",
    )
    assert not any("RS" in parties.split("-") for parties, _, _ in read)


def test_envoy_given_days_to_leave_is_an_expulsion() -> None:
    # The name and title between the verb and the deadline are too long for "told to leave".
    read = proposed(
        "Bolivia gave Chilean consul general Jorge Luis Perez Soto five days to leave the "
        "country on Friday",
        "",
    )
    assert ("BO-CL", "diplomatic", "limited") in read


def test_ships_given_permission_to_leave_is_no_expulsion() -> None:
    read = proposed("Turkey gave Russian ships permission to leave the port", "")
    assert not any(state == "limited" for _, _, state in read)


def test_host_named_by_title_after_demonym_is_no_side() -> None:
    read = proposed(
        "Armenia and Azerbaijan leaders meet",
        "The leaders of Armenia and Azerbaijan held talks on Sunday. Russian President "
        "Vladimir Putin hosted the meeting.",
    )
    assert not any("RU" in parties.split("-") for parties, _, _ in read)


def test_leader_hosting_talks_with_a_guest_is_a_side() -> None:
    read = proposed("Chinese President Xi Jinping hosted talks with Putin in Beijing", "")
    assert ("CN-RU", "diplomatic", "open") in read


@pytest.mark.parametrize(
    ("title", "summary", "guest"),
    [
        (
            "Mali's government and northern separatists sign accord",
            "Algeria's foreign minister attended the signing.",
            "DZ",
        ),
        (
            "Somalia's government and northern secessionists sign pact",
            "Kenya's president attended.",
            "KE",
        ),
    ],
)
def test_government_and_separatists_is_no_channel(title: str, summary: str, guest: str) -> None:
    read = proposed(title, summary)
    assert not any(guest in parties.split("-") for parties, _, _ in read)
