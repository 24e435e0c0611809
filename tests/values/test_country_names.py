"""One name per country everywhere: values.country_name is the only source of the names the
site shows, and what it ships (the demo's channel names) agrees with it."""

import re

import pytest

from channels_app.demo import seed_channels
from channels_app.news.detect.gazetteer import shipped_actors
from channels_app.services.channels import default_channel_name
from channels_app.values import Pair, country_name


def test_turkey_has_one_display_name_and_the_finder_knows_the_other():
    from channels_app.country_finder import find_countries

    assert country_name("TR") == "Türkiye"
    assert [f.code for f in find_countries("Turkey")] == ["TR"]


def test_a_new_channels_default_name_reads_in_name_order():
    assert default_channel_name("AE", "QA", "diplomatic") == (
        "Qatar–United Arab Emirates diplomatic channels"
    )


def _other_names(code: str) -> set[str]:
    """The names of `code` the detector knows that are not (part of) its display name."""
    shown = country_name(code)
    return {
        actor.name
        for actor in shipped_actors()
        if actor.type == "name" and actor.codes == (code,) and actor.name not in shown
    }


@pytest.mark.parametrize("item", seed_channels(), ids=lambda c: c.name)
def test_the_demo_names_each_country_by_its_display_name_in_reading_order(item):
    pair = Pair.of(item.country_a, item.country_b)
    for code in pair:
        for other in _other_names(code):
            found = re.search(rf"(?<![\w.]){re.escape(other)}(?![\w])", item.name)
            assert found is None, f"{other!r} where the site says {country_name(code)!r}"
    first, second = (country_name(code) for code in pair)
    if re.match(rf"({re.escape(first)}|{re.escape(second)})–", item.name):
        assert item.name.startswith(pair.names + " ")
