"""The strings a pattern cannot match without (`literals.py`): the test that spares running a
cue or a marker never passes over a text the pattern matches."""

from __future__ import annotations

import dataclasses
import re
import sys

from channels_app.news.detect.evaluate import read_corpus
from channels_app.news.detect.language import load_language
from channels_app.news.detect.literals import (
    FOLDED,
    Present,
    can_match,
    lacks,
    needed,
    needed_as_written,
)
from tests.news.test_detector import load_dev
from tests.news.test_detector_heldout import HELD_OUT
from tests.news.test_detector_regression import REGRESSION


def test_a_pattern_needs_one_of_the_strings_every_match_holds() -> None:
    envoy = re.compile(r"\b(call|summon)s?\s+(?:the\s+)?(envoys?|ambassadors?)\b", re.I)
    assert needed(envoy) == {"envoy", "ambassador"}  # "envoys" holds "envoy"
    # sre's own factoring of shared heads ("C(?:IS|STO)") is spelt out again.
    assert needed(re.compile(r"\b(CIS|CSTO|CELAC)\b")) == {"cis", "csto", "celac"}
    assert needed(re.compile(r"colou?r")) == {"color", "colour"}
    assert needed(re.compile(r"(?=talks)\w+")) == {"talks"}  # a lookahead sees it too


def test_a_pattern_with_no_telling_string_is_always_run() -> None:
    assert needed(re.compile(r"\b(?:G\d+|talks)\b")) is None  # "g" is in every sentence
    assert needed(re.compile(r"(?:talks)?\w+")) is None  # the words are optional
    assert needed(re.compile(r"(?!talks)\w+")) is None  # nor what may not follow
    assert can_match(re.compile("[a-z]+"), "anything")


def test_a_case_sensitive_pattern_needs_its_capitals_as_written() -> None:
    gathering = re.compile(r"\b(?:G\d+|Quad|(?i:summit))\b")
    assert needed(gathering) is None  # "g" is in every sentence
    assert needed_as_written(gathering) == {"G", "Quad", "summit"}  # "G" is in few
    for text, found in [("G20 meets", True), ("the Quad", True), ("SUMMIT ends", True)]:
        assert can_match(gathering, text) is found
        assert bool(gathering.search(text)) is found
    for text in ["the g20 and the quad", "Talks in Geneva"]:  # a "G", but no scan spared
        assert not gathering.search(text)
        assert can_match(gathering, text) is ("G" in text)
    assert needed_as_written(re.compile(r"(?i)\bG\d+")) is None  # read in any case
    assert needed_as_written(re.compile(r"\b[a-z]\d+")) is None  # nothing telling


def test_the_test_reads_any_case_and_passes_over_only_texts_without_the_strings() -> None:
    talks = re.compile(r"\btalks\b", re.I)
    for text, found in [("TALKS resume", True), ("Talks resume", True), ("Ties resume", False)]:
        assert can_match(talks, text) is found
        assert bool(talks.search(text)) is found
    words = Present([needed(talks)])
    assert not lacks(needed(talks), words.present("Peace TALKS"))
    assert lacks(needed(talks), words.present("Peace deal"))


def test_a_text_with_a_character_re_folds_onto_an_ascii_letter_is_always_run() -> None:
    talks = re.compile(r"\btalks\b", re.I)
    text = "talk\u017f resume"  # the long s: `re` reads it as "s", lower() does not
    assert talks.search(text)
    assert can_match(talks, text)
    assert Present([needed(talks)]).present(text) is None


def test_folded_holds_every_character_re_matches_with_an_ascii_letter() -> None:
    ascii_letter = re.compile(r"[\x00-\x7f]", re.IGNORECASE)
    folded = {
        chr(code) for code in range(128, sys.maxunicode + 1) if ascii_letter.fullmatch(chr(code))
    }
    assert folded == FOLDED


def test_no_marker_article_or_kind_pattern_is_passed_over_where_it_matches() -> None:
    """Cues are checked by the trigger test (`test_detector_regression`), which runs them all
    beside the ones the triggers and these strings let run."""
    from channels_app.management.commands.train_detector import TUNING_PARTS

    lang = load_language()
    patterns = [getattr(lang.markers, f.name) for f in dataclasses.fields(lang.markers)]
    patterns += [getattr(lang.articles, f.name) for f in dataclasses.fields(lang.articles)]
    patterns += [
        value
        for f in dataclasses.fields(lang.kinds)
        if isinstance(value := getattr(lang.kinds, f.name), re.Pattern)
    ]
    words = Present(needed(pattern) for pattern in patterns)
    tuning = [item for path in TUNING_PARTS for item in read_corpus(path)]
    for item in [*load_dev(), *HELD_OUT, *REGRESSION, *tuning]:
        for text in (item["title"], item["summary"], item["summary"].upper()):
            present = words.present(text)
            for pattern in patterns:
                if pattern.search(text):
                    assert can_match(pattern, text), (pattern.pattern, text)
                    assert not lacks(needed(pattern), present), (pattern.pattern, text)
