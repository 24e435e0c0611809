"""Which countries the detector reads as the two sides, on pairs the dev corpus does not use."""

from __future__ import annotations

from channels_app.news.detect import detect


def pairs(title: str, summary: str = "") -> set[tuple[str, str]]:
    return {d.parties for d in detect(title, summary) if d.proposes_change}


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


def test_three_countries_meeting_give_every_pair() -> None:
    assert pairs("Japan, South Korea and China hold first trilateral summit in years") == {
        ("CN", "JP"),
        ("JP", "KR"),
        ("CN", "KR"),
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
