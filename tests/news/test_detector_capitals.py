"""Headlines written in capitals only ("CHINA AND INDIA RESUME TALKS"), as some wires and
feeds send them: the actor table matches names case-sensitively, so before this such a
headline named no country and read nothing. The detector now reads a sentence in capitals in
sentence case, names restored as the table knows them (`ActorTable.recase`), and quotes it
as written. Paraphrases of this project's own, none from a corpus."""

from __future__ import annotations

import datetime as dt

import pytest

from channels_app.news.detect import detect
from channels_app.news.detect.actors import Actor, ActorTable

DAY = dt.date(2024, 5, 1)


def _read(title: str, summary: str = "") -> set[tuple[tuple[str, ...], str, str]]:
    return {(d.parties, d.kind, d.state) for d in detect(title, summary, published=DAY)}


@pytest.mark.parametrize(
    "headline",
    [
        "China and India resume border talks",
        "Japan suspends talks with South Korea",
        "Russia cuts diplomatic ties with Ukraine",
        "US and China agree to restore military hotline",
        "Brazil and Argentina sign a free trade agreement",
        "Blinken and Wang Yi hold first call in months",
    ],
)
def test_a_headline_in_capitals_reads_as_in_sentence_case(headline: str) -> None:
    expected = _read(headline)
    assert expected  # the sentence-case headline reads a channel
    assert _read(headline.upper()) == expected


def test_the_evidence_quotes_the_headline_as_written() -> None:
    (found,) = detect("RUSSIA CUTS DIPLOMATIC TIES WITH UKRAINE", "", published=DAY)
    assert found.evidence == "RUSSIA CUTS DIPLOMATIC TIES WITH UKRAINE"
    assert found.explanation.cue_words == "CUTS"


def test_the_north_and_the_south_are_sides_in_capitals_too() -> None:
    headline = "North Korea cuts off the hotline with the South"
    assert _read(headline) == {(("KP", "KR"), "military", "severed")}
    assert _read(headline.upper()) == _read(headline)


def test_a_summary_sentence_in_capitals_is_read_too() -> None:
    found = _read("Border row", "GEORGIA BREAKS OFF DIPLOMATIC RELATIONS WITH RUSSIA.")
    assert (("GE", "RU"), "diplomatic", "severed") in found


@pytest.mark.parametrize(
    "headline",
    [
        "China and India may resume talks next year, analysts say",
        "Football: Brazil beat Argentina 2-1 in friendly",
    ],
)
def test_a_headline_in_capitals_with_no_news_proposes_nothing(headline: str) -> None:
    found = detect(headline.upper(), "", published=DAY)
    assert not [d for d in found if d.modality == "act"]
    assert {(d.parties, d.modality) for d in found} == {
        (d.parties, d.modality) for d in detect(headline, "", published=DAY)
    }


TABLE = ActorTable.build(
    [
        Actor("China", ("CN",), "name"),
        Actor("US", ("US",), "name"),
        Actor("India", ("IN",), "name"),
        Actor("South Korea", ("KR",), "name"),
        Actor("Democratic Republic of the Congo", ("CD",), "name"),
        Actor("Congo", ("CG",), "name"),
        Actor("Modi", ("IN",), "person", valid_from=dt.date(2014, 5, 26)),
    ],
    blocked=["South China Sea"],
    bodies=["ASEAN"],
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CHINA AND INDIA RESUME TALKS", "China and India resume talks"),
        ("US-CHINA TALKS", "US-China talks"),  # an acronym as the table writes it
        ("MODI VISITS SOUTH KOREA", "Modi visits South Korea"),
        ("CHINA'S ENVOY IN THE SOUTH CHINA SEA", "China's envoy in the South China Sea"),
        ("ASEAN MEETS", "ASEAN meets"),
        # matched by its capitals: the whole name, not "Congo" (another country)
        ("DEMOCRATIC REPUBLIC OF THE CONGO TALKS", "Democratic Republic of the Congo talks"),
        ('  "CHINA" RESUMES', '  "China" resumes'),
        ("STRASSE İSTANBUL", "Strasse İstanbul"),  # İ lower-cases to two characters: kept
    ],
)
def test_recase_restores_the_names_the_table_knows(text: str, expected: str) -> None:
    recased = TABLE.recase(text, on=DAY)
    assert recased == expected
    assert len(recased) == len(text)  # offsets into it index the text as written


def test_recase_capitalises_the_words_a_pattern_finds() -> None:
    import re

    south = re.compile(r"\b(the\s+)?(?P<side>North|South)\b(?!\s+Korea)")
    recased = TABLE.recase("SOUTH KOREA SAYS THE NORTH CUT THE LINE", on=DAY, proper=south)
    assert recased == "South Korea says the North cut the line"


def test_recase_reads_names_on_the_day() -> None:
    assert TABLE.recase("MODI SPEAKS", on=dt.date(2010, 1, 1)) == "Modi speaks"  # first word
    assert TABLE.recase("INDIA: MODI SPEAKS", on=dt.date(2010, 1, 1)) == "India: modi speaks"


@pytest.mark.parametrize(
    "text",
    ["China and India resume talks", "US-China talks", "", "2024", "CHINA and India", "ÉTÉ"],
)
def test_recase_leaves_text_that_is_not_in_capitals_only(text: str) -> None:
    expected = text if text != "ÉTÉ" else "Été"  # "ÉTÉ" is in capitals only
    assert TABLE.recase(text, on=DAY) == expected
