"""values.Pair: one parser of country pairs for the pages, the API, alert scopes and import."""

import pytest
from django.urls import reverse

from channels_app.values import InvalidPair, Pair


@pytest.mark.parametrize(
    ("text", "expected"),
    [("cn-us", ("CN", "US")), ("US-cn", ("CN", "US")), (" us - CN ", ("CN", "US"))],
)
def test_a_pair_is_sorted_upper_case_either_way_round(text, expected):
    assert Pair.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "code", "value"),
    [
        ("cnus", "not_a_pair", "cnus"),
        ("cn-us-ru", "not_a_pair", "cn-us-ru"),
        ("cn-xx", "unknown_country", "xx"),
        ("usa-cn", "unknown_country", "usa"),
        ("-cn", "unknown_country", ""),
        ("cn-CN", "same_country", "cn"),
    ],
)
def test_a_refusal_says_why_and_which_text(text, code, value):
    with pytest.raises(InvalidPair) as refused:
        Pair.parse(text)
    assert (refused.value.code, refused.value.value) == (code, value)


def test_the_writers_messages():
    with pytest.raises(InvalidPair, match=r"^'XX' is not an ISO 3166-1 alpha-2 country code\.$"):
        Pair.of("xx", "us")
    with pytest.raises(InvalidPair, match=r"^A channel links two different countries, not US"):
        Pair.of("us", "US")


def test_other_separators_only_when_asked():
    assert Pair.parse("US – CN", separators="-–—/") == ("CN", "US")
    assert Pair.parse("us/cn", separators="-–—/") == ("CN", "US")
    with pytest.raises(InvalidPair):
        Pair.parse("us/cn")


@pytest.mark.parametrize("text", ["chn-usa", "cn -us", "c-nus"])
def test_an_address_takes_two_two_letter_codes_and_a_hyphen_only(text):
    with pytest.raises(InvalidPair) as refused:
        Pair.from_slug(text)
    assert refused.value.code == "not_a_pair"


def test_an_address_still_checks_the_countries():
    assert Pair.from_slug("US-cn") == ("CN", "US")
    with pytest.raises(InvalidPair) as refused:
        Pair.from_slug("cn-xx")
    assert refused.value.code == "unknown_country"


def test_the_ways_a_pair_is_written():
    pair = Pair.of("us", "cn")
    assert (str(pair), pair.slug, pair.label) == ("CN-US", "cn-us", "CN–US")


def test_addresses_are_built_from_a_pair():
    pair = Pair.of("us", "cn")
    assert reverse("channel-detail", args=[pair, "trade"]) == "/channels/cn-us/trade/"
    assert reverse("feed-pair", args=[pair]) == "/feeds/pairs/cn-us.atom"


# --- names and reading order ------------------------------------------------------------------


def test_a_pair_reads_in_the_order_of_its_names_not_its_codes():
    pair = Pair.of("AE", "QA")
    assert pair == ("AE", "QA")  # stored and addressed by code
    assert pair.in_reading_order == ("QA", "AE")
    assert pair.names == "Qatar–United Arab Emirates"


def test_pairs_sort_by_their_first_name_then_their_second_with_accents_folded():
    pairs = [Pair.of("AE", "QA"), Pair.of("BH", "QA"), Pair.of("CI", "FR"), Pair.of("CN", "US")]
    assert [p.names for p in sorted(pairs, key=lambda p: p.sort_key)] == [
        "Bahrain–Qatar",
        "China–United States",
        "Côte d'Ivoire–France",
        "Qatar–United Arab Emirates",
    ]
