"""Who the sides are, batch w10: countries that accompany a peace process are no sides (like
its guarantors and observers). Sentences written for these tests, not taken from any
corpus."""

from __future__ import annotations

import functools

import pytest

from tests.news.detector_rules import pairs_on, states_on

_read = functools.partial(states_on, day="2015-06-01")
_pairs = functools.partial(pairs_on, day="2015-06-01")


# --- countries accompanying a process ------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The Colombian government and the ELN rebels opened talks in Quito on Monday, with "
        "Ecuador and Norway as guarantors and Venezuela and Chile accompanying.",
        "The Philippine government and the communist rebels resumed talks in Oslo, with "
        "Norway as host and Japan and the Netherlands as accompanying countries.",
        "The Sudanese government and the rebel groups signed a truce in Juba, with South "
        "Sudan as mediator and Egypt and Chad accompanying.",
    ],
)
def test_countries_accompanying_talks_are_no_sides(sentence, any_calibrated_confidence) -> None:
    companions = {"VE", "CL", "JP", "NL", "EG", "TD"}
    assert not any(set(pair) & companions for pair in _pairs(sentence))


def test_a_country_accompanying_its_leader_is_still_a_side(any_calibrated_confidence) -> None:
    # "accompanying" followed by an object is a visit, not a list of companions.
    read = _read(
        "Malaysia and Singapore sign water accord",
        "Malaysia and Singapore signed an accord on water supply in Putrajaya on Monday, with "
        "ministers accompanying the prime minister.",
    )
    assert (("MY", "SG"), "open") in read
