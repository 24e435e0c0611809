"""The detector never crashes on odd text (issue #11, "Bad input"): empty titles, 100,000
characters of summary, mixed scripts, right-to-left text, emoji, control characters, the
letters `re` folds onto ASCII ones, lone surrogates; and, drawn by Hypothesis, any Unicode
text around the words the cues and the country finder look for. Whatever it reads is well
formed: two sorted country codes, a kind and state of the vocabulary, a confidence in [0, 1],
and evidence taken from the text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from channels_app.models.choices import Kind, State
from channels_app.news.detect import detect

KINDS = {k.value for k in Kind}
STATES = {s.value for s in State} - {State.UNKNOWN}

LONG = (
    "China and India resume talks on the border. " * 1200
    + "x" * 30_000
    + " Japan and South Korea restore ties"
)

ODD = [
    ("", ""),
    ("   ", "\n\t "),
    ("China", ""),
    ("", "China and India resume talks."),
    ("China and India resume talks", LONG),  # 100,000+ characters
    ("a" * 100_000, ""),  # one word, no space
    ("中国 and India resume talks 中印恢复会谈", "印度 China 关系"),
    ("إيران and Saudi Arabia restore ties السعودية", "\u200fإيران\u200f والسعودية تستأنفان"),
    ("\u202eChina and India resume talks\u202c", "עברית Israel and Jordan ש"),
    ("🇨🇳🤝🇮🇳 China and India resume talks 👨‍👩‍👧", "🔥" * 5000),
    ("China\x00 and India\x07 resume\x1b talks", "\x00\x01\x02"),
    ("China and India reſume talkſ", "Türkiye and İran rest\u0131re ties; \u212aorea"),
    ("Ch\u0301ina and I\u0308ndia resume talks", "c\u0327\u0327\u0327"),
    ("China and India resume talks \ud800", "\udfff lone surrogates"),
    ("CHINA AND INDIA RESUME TALKS", "china and india resume talks"),
    ("." * 5000, "?!;:" * 2000),
    ("Mr. Dr. St. U.S. U.K. e.g. i.e.", "No. 1 Ltd. Inc. vs. etc."),
]


def check(title: str, summary: str) -> None:
    for detection in detect(title, summary):
        a, b = detection.parties
        assert a < b and len(a) == len(b) == 2
        assert detection.kind in KINDS and detection.state in STATES
        assert 0.0 <= detection.confidence <= 1.0
        assert detection.evidence and (detection.evidence in title or detection.evidence in summary)


@pytest.mark.parametrize(("title", "summary"), ODD)
def test_odd_text_reads_without_error(title: str, summary: str) -> None:
    check(title, summary)


def test_a_summary_of_100000_characters_is_read_in_its_first_sentences() -> None:
    # A summary is a paragraph: a whole article pasted in is read in part (core's
    # _MAX_SENTENCES), so the time it takes stays bounded and its lead still counts.
    found = {(d.parties, d.state) for d in detect("Ties", LONG)}
    assert found == {(("CN", "IN"), "open")}


def test_a_letter_re_folds_onto_ascii_matches_as_that_letter() -> None:
    # The trigger scan matched "talk" + long s as "talks" and then failed to look it up.
    assert {(d.parties, d.state) for d in detect("China and India resume talk\u017f", "")} == {
        (("CN", "IN"), "open")
    }


WORDS = [
    "China", "India", "Japan", "Seoul", "Beijing", "Putin", "the two Koreas", "resume",
    "talks", "suspend", "cut ties", "embassy", "ambassador", "recalls", "trade", "ban",
    "military", "hotline", "not", "will", "agreed to", "in", "with", "and", ",", ".", ";",
    "'s", "-", "(", ")", "\"", "first", "since 1990", "said",
]  # fmt: skip
PIECES = st.one_of(
    st.sampled_from(WORDS),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=6),
    st.text(max_size=3),  # lone surrogates and all
)
TEXTS = st.lists(PIECES, max_size=30).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=TEXTS, summary=TEXTS)
def test_any_text_around_the_detectors_words_reads_without_error(title: str, summary: str) -> None:
    check(title, summary)
