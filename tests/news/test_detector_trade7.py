"""Trade channels in wordings batch t7 found unread: a legislature ratifying or approving a
trade deal, signatories putting their names to it, an embargo imposed or ordered (on one
sector only, limited; an arms embargo is no trade channel), and US office-holders of the
early 1990s (the first President Bush, Trade Representative Kantor) named as the side.

The sentences are made up for these tests, with other countries and verbs than the corpus
items they generalise; none is an item of a corpus."""

from __future__ import annotations

from datetime import date

import pytest

from channels_app.news.detect import detect
from tests.news.detector_rules import RULES, proposed


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Kenya's parliament ratifies trade pact with Britain", "GB-KE"),
        ("The Mexican Senate approves the free trade agreement with Panama", "MX-PA"),
        ("Peru's congress ratified the trade accord with Singapore on Tuesday", "PE-SG"),
        ("Chile and Vietnam put their names to a free trade agreement", "CL-VN"),
    ],
)
def test_a_trade_deal_ratified_or_signed_opens_the_trade_channel(title, expected) -> None:
    assert (expected, "trade", "open") in proposed(title)


@pytest.mark.parametrize(
    "title",
    [
        "Indonesia's cabinet approves plan for a trade pact with Peru",
        "Ghana's parliament passes law scrapping the trade agreement with Togo",
    ],
)
def test_a_plan_or_a_law_ending_a_deal_is_no_ratification(title) -> None:
    assert not any(state == "open" for _pair, _kind, state in proposed(title))


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Nicaragua imposes a trade embargo on Honduras", "HN-NI"),
        ("Athens declares an embargo on Albania over border row", "AL-GR"),
    ],
)
def test_an_embargo_imposed_cuts_trade_off(title, expected) -> None:
    assert proposed(title) == {(expected, "trade", "severed")}


def test_an_embargo_on_one_product_is_limited() -> None:
    assert proposed("Washington orders an embargo on Cuban sugar") == {
        ("CU-US", "trade", "limited")
    }


@pytest.mark.parametrize(
    "title",
    [
        "The United States imposes an arms embargo on Sudan",
        "Paris lifts its weapons ban on Ankara",
        "London slaps an arms embargo on Argentina",
    ],
)
def test_an_arms_embargo_is_no_trade_channel(title) -> None:
    assert not any(kind == "trade" for _pair, kind, _state in proposed(title))


def _read_on(title: str, day: date) -> set[tuple[str, str, str]]:
    return {
        ("-".join(d.parties), d.kind, d.state)
        for d in detect(title, "", language=RULES, published=day)
        if d.proposes_change
    }


def test_the_first_president_bush_speaks_for_the_united_states() -> None:
    read = _read_on("Bush lifts the trade embargo on Panama", date(1990, 1, 26))
    assert read == {("PA-US", "trade", "open")}


def test_kantor_speaks_for_the_united_states_on_trade() -> None:
    read = _read_on("Kantor walks out of trade talks with Tokyo", date(1995, 5, 5))
    assert read == {("JP-US", "trade", "suspended")}


def test_no_bush_before_his_term() -> None:
    assert _read_on("Bush lifts the trade embargo on Panama", date(1988, 6, 1)) == set()
