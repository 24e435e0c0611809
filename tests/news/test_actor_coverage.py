"""The actor table's coverage: every office the table must fill, on every day since 2000, for the
G20, the demo's countries and the corpora's (tools/actor_coverage.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from channels_app.news.detect import gazetteer
from channels_app.news.detect.actors import ROLES, _known_codes
from tools import actor_coverage as coverage

# The last day the table was reviewed up to: move it forward with each review. Not today's
# date, so the test does not change its verdict by itself overnight.
REVIEWED = dt.date(2026, 12, 6)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.fixture(scope="module")
def gaps() -> dict[tuple[str, str], list[coverage.Span]]:
    return coverage.gaps(gazetteer.shipped_actors(), coverage.required_countries(), REVIEWED)


def test_a_gap_not_listed_as_pending_fails(gaps: dict) -> None:
    unlisted = {key: spans for key, spans in gaps.items() if key not in coverage.load_pending()}
    assert not unlisted, "\n".join(
        f"{code} {role}: " + ", ".join(f"{a}..{b}" for a, b in spans)
        for (code, role), spans in sorted(unlisted.items())
    )


def test_a_pending_pair_that_is_filled_now_leaves_the_list(gaps: dict) -> None:
    filled = coverage.load_pending() - gaps.keys()
    assert not filled, f"filled, remove from {coverage.PENDING.name}: {sorted(filled)}"


def test_the_required_countries_cover_the_g20_the_demo_and_the_corpora() -> None:
    required = coverage.required_countries()
    assert set(coverage.G20) <= required
    assert {"AM", "AZ", "MA"} <= required  # demo pairs
    assert {"IQ", "NG", "KW", "LK"} <= required  # corpus labels and topic pairs


def test_the_frozen_test_parts_are_never_read() -> None:
    read = {path.relative_to(coverage.CORPORA).as_posix() for path in coverage.corpus_files()}
    assert read and not read & coverage.FROZEN


def test_every_vacancy_names_a_known_country_a_role_and_a_reason() -> None:
    for code, role, (first, last), reason in coverage.load_vacancies():
        assert code in _known_codes() and role in ROLES and reason
        assert first <= last


def test_a_day_no_term_covers_is_a_gap() -> None:
    spans = [(day("2000-01-01"), day("2004-12-31")), (day("2006-01-01"), day("2010-12-31"))]
    assert coverage.uncovered(spans, day("2000-01-01"), day("2012-06-30")) == [
        (day("2005-01-01"), day("2005-12-31")),
        (day("2011-01-01"), day("2012-06-30")),
    ]


def test_terms_that_touch_or_overlap_leave_no_gap() -> None:
    spans = [(day("2000-01-01"), day("2003-05-01")), (day("2003-05-02"), day("2009-01-01"))]
    spans.append((day("2001-01-01"), day("2010-01-01")))
    assert coverage.uncovered(spans, day("2000-01-01"), day("2010-01-01")) == []


def test_a_short_handover_is_not_a_gap_but_a_late_start_is() -> None:
    spans = [(day("2001-01-01"), day("2004-01-01")), (day("2004-01-20"), day("2009-01-01"))]
    assert coverage.uncovered(spans, day("2000-01-01"), day("2009-01-01"), handover=45) == [
        (day("2000-01-01"), day("2000-12-31"))
    ]
    assert coverage.uncovered(spans, day("2000-01-01"), day("2009-01-01"))[1] == (
        day("2004-01-02"),
        day("2004-01-19"),
    )


def test_an_office_held_with_another_counts_for_both() -> None:
    found = coverage.gaps(gazetteer.shipped_actors(), ["AE"], day("2010-01-01"), handover=0).get(
        ("AE", "defence"), []
    )
    assert not any(a <= day("2008-06-01") <= b for a, b in found)
