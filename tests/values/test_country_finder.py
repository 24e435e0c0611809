"""channels_app.country_finder.find_countries: what a person types, to the countries meant."""

import pytest

from channels_app.country_finder import CODE, WHOLE_NAME, find_countries


def codes(query, among=None):
    return [f.code for f in find_countries(query, among=among)]


@pytest.mark.parametrize(
    ("query", "first"),
    [("us", "US"), ("US", "US"), ("kr", "KR"), ("KOR", "KR"), ("gb", "GB"), ("in", "IN")],
)
def test_a_code_finds_its_country_first(query, first):
    found = find_countries(query)
    assert found[0].code == first and found[0].rank == CODE


def test_a_short_query_does_not_match_inside_names():
    # "us" is in Australia, Belarus, Russia and Cyprus: none of them is meant.
    assert codes("us", among=["AU", "BY", "RU", "CY", "US"]) == ["US"]
    assert codes("kr", among=["UA", "KR"]) == ["KR"]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("Chinese", "CN"),
        ("Turkish", "TR"),
        ("turkey", "TR"),
        ("Türkiye", "TR"),
        ("Burma", "MM"),
        ("Swaziland", "SZ"),
        ("Ceylon", "LK"),
        ("Zaire", "CD"),
        ("Ivorian", "CI"),
        ("U.S.", "US"),
        ("Britain", "GB"),
        ("America", "US"),
    ],
)
def test_common_former_names_and_demonyms_find_the_country_first(query, code):
    found = find_countries(query)
    assert found[0].code == code and found[0].rank == WHOLE_NAME


def test_what_matched_is_kept_when_it_is_not_the_name_shown():
    (burma,) = find_countries("burma", among=["MM", "FR"])
    assert (burma.name, burma.other_name) == ("Myanmar", "Burma")
    (china,) = find_countries("China", among=["CN"])
    assert china.other_name == ""


def test_accents_case_and_punctuation_are_ignored():
    assert codes("COTE D IVOIRE") == ["CI"]
    assert codes("turkiye") == ["TR"]


def test_equally_good_matches_come_in_name_order_and_better_ones_first():
    # "korea": South Korea's short name exactly, then North Korea's by a word.
    assert codes("korea") == ["KR", "KP"]
    assert codes("turk")[:2] == ["TR", "TM"]  # Türkiye files as "turkiye"


@pytest.mark.parametrize("query", ["", "   ", "x", "atlantis", "%", "a" * 500])
def test_nothing_is_found_for_nothing(query):
    assert codes(query) == []


# Cases the site search relies on (it reads countries through the same function).
@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("cn", "CN"),  # a code, exactly
        ("CHN", "CN"),  # alpha-3
        ("us", "US"),  # not Russia, Australia, Belarus...
        ("in", "IN"),  # the code before India's and Indonesia's names
        ("uk", "GB"),
        ("prc", "CN"),
        ("burma", "MM"),  # former name (actor file)
        ("swaziland", "SZ"),
        ("czech republic", "CZ"),
        ("Chinese", "CN"),  # demonym
        ("cote d'ivoire", "CI"),  # accents and apostrophes do not matter
        ("U.S.", "US"),
        ("chin", "CN"),
    ],
)
def test_the_best_reading_comes_first(query, first):
    assert find_countries(query)[0].code == first


def test_a_longer_query_may_begin_one_of_a_names_words():
    assert {"KP", "KR"} <= {f.code for f in find_countries("korea")}
    assert {"AE", "GB", "US"} <= {f.code for f in find_countries("united")}


@pytest.mark.parametrize("query", ["", '"', "*", "'", "x" * 10_000, "zz", "\x00"])
def test_nonsense_names_no_country(query):
    assert find_countries(query) == []
