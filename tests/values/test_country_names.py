"""country_names.find_countries: the one reading of the words that name a country."""

import pytest

from channels_app.country_names import find_countries, folded


def codes(query: str) -> list[str]:
    return [m.code for m in find_countries(query)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cn", ["CN"]),  # a code, exactly
        ("CHN", ["CN"]),  # alpha-3
        ("us", ["US"]),  # not Russia, Australia, Belarus...
        ("in", ["IN"]),  # not India *and* Indonesia: a short query must be whole
        ("uk", ["GB"]),
        ("prc", ["CN"]),
        ("burma", ["MM"]),  # former name (actor file)
        ("swaziland", ["SZ"]),  # former name (django-countries)
        ("czech republic", ["CZ"]),
        ("Chinese", ["CN"]),  # demonym
        ("cote d'ivoire", ["CI"]),  # accents and apostrophes do not matter
        ("U.S.", ["US"]),
    ],
)
def test_it_reads_codes_names_former_names_and_demonyms(query, expected):
    assert codes(query) == expected


def test_a_longer_query_may_begin_a_name_or_one_of_its_words():
    assert codes("chin")[0] == "CN"
    assert {"KP", "KR"} <= set(codes("korea"))
    assert {"AE", "GB", "US"} <= set(codes("united"))


def test_the_best_match_comes_first_and_says_how_it_matched():
    first = find_countries("american")[0]
    assert (first.code, first.how, first.matched) == ("US", "demonym", "American")
    assert find_countries("burma")[0].how == "other name"
    assert find_countries("china")[0].is_alias is False


@pytest.mark.parametrize("query", ["", '"', "*", "NEAR", "'", "x" * 10_000, "zz", "\x00"])
def test_nonsense_names_no_country(query):
    assert codes(query) == []


def test_folding():
    assert folded("  Côte  d’Ivoire ") == "cote divoire"
    assert folded("U.S.A.") == "usa"
