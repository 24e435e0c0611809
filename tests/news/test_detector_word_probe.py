"""Words the word probe (tools/probe_detector.py words) found read only under their other
names: a "deal" scrapped or ended is a pact, "negotiations" ended are talks, an envoy "pulled"
is recalled, a "diplomatic mission" closed is an embassy."""

from __future__ import annotations

import pytest

from channels_app.news.detect import detect


def _read(title: str) -> set[tuple[tuple[str, str], str, str, str]]:
    return {(d.parties, d.kind, d.state, d.modality) for d in detect(title, "")}


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "Ankara scraps its naval cooperation deal with Athens",
            (("GR", "TR"), "military", "severed"),
        ),
        ("Manila ends visiting forces deal with Washington", (("PH", "US"), "military", "severed")),
        ("Ottawa ends trade negotiations with Beijing", (("CA", "CN"), "trade", "suspended")),
    ],
)
def test_a_deal_scrapped_or_negotiations_ended(title, expected, any_calibrated_confidence) -> None:
    assert (*expected, "act") in _read(title)


@pytest.mark.parametrize(
    ("title", "word", "other"),
    [
        ("Oslo announces the end of its defence pact with Moscow", "pact", "deal"),
        ("Seoul pulls the plug on its intelligence pact with Tokyo", "pact", "deal"),
        ("Athens ends the talks with Ankara on the continental shelf", "talks", "negotiations"),
    ],
)
def test_the_other_word_reads_the_same(title, word, other, any_calibrated_confidence) -> None:
    assert _read(title)
    assert _read(title.replace(word, other)) == _read(title)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Lima pulls its ambassador from Mexico City", (("MX", "PE"), "diplomatic", "limited")),
        (
            "Rabat pulls its envoy to Berlin for consultations",
            (("DE", "MA"), "diplomatic", "limited"),
        ),
        (
            "Ankara closes its diplomatic mission in Tripoli",
            (("LY", "TR"), "diplomatic", "suspended"),
        ),
    ],
)
def test_an_envoy_pulled_and_a_diplomatic_mission_closed(
    title, expected, any_calibrated_confidence
) -> None:
    assert (*expected, "act") in _read(title)
