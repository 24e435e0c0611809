"""Failure families of batch r7 (representative wire copy): the ones its tune part showed
most often, each generalised to a family of wording.

The sentences are made up for these tests, with other actors and verbs than the corpus
items they generalise; none is an item of a corpus."""

from __future__ import annotations

import pytest

from tests.news.detector_rules import proposed

# --- A land border shut or reopened, with no topic named, is trade --------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Togo shuts its land border with Ghana", {("GH-TG", "trade", "suspended")}),
        ("Zambia closes its borders with Malawi", {("MW-ZM", "trade", "suspended")}),
        (
            "Senegal closed its land borders with Mali and Guinea",
            {("ML-SN", "trade", "suspended"), ("GN-SN", "trade", "suspended")},
        ),
        ("Kenya reopens its border with Tanzania", {("KE-TZ", "trade", "open")}),
    ],
)
def test_a_land_border_shut_or_reopened_is_the_trade_across_it(title, expected) -> None:
    assert proposed(title) == expected


@pytest.mark.parametrize(
    "title",
    [
        # A cross-border link, a border body, the line surveyed: no channel of goods.
        "Laos and Thailand open a cross-border rail link",
        "Peru and Ecuador resume demarcation of the common border",
        "Chile and Bolivia hold border committee meeting",
    ],
)
def test_other_border_words_are_no_trade_channel(title) -> None:
    assert not {p for p in proposed(title) if p[1] == "trade"}


# --- A side named inside the cue, the other side after it ------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "The last British soldiers left Belize and Kenya",
            {("BZ-GB", "military", "severed"), ("GB-KE", "military", "severed")},
        ),
        ("The last Cuban troops left Angola on Friday", {("AO-CU", "military", "severed")}),
    ],
)
def test_the_last_troops_of_a_country_leaving_a_list_of_hosts(title, expected) -> None:
    assert proposed(title) == expected
