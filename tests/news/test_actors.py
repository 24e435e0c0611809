"""The actor dictionary: the file's checks, terms of office, the one matcher, the shipped data."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import time_machine

from channels_app.news.detect import gazetteer
from channels_app.news.detect.actors import COLUMNS, Actor, ActorFileError, ActorTable, load_actors
from channels_app.news.detect.parties import find_mentions

HEADER = ",".join(COLUMNS)
DATA = Path(__file__).resolve().parents[1] / "data"  # tuning corpora only, never a test part
# fmt: off
G20 = ["AR", "AU", "BR", "CA", "CN", "FR", "DE", "IN", "ID", "IT", "JP", "KR", "MX", "RU", "SA",
       "ZA", "TR", "GB", "US"]
# fmt: on


def refused(*rows: str) -> list[tuple[int, str]]:
    with pytest.raises(ActorFileError) as error:
        load_actors([HEADER, *rows])
    return error.value.problems


def table(*rows: str, blocked: tuple[str, ...] = ()) -> ActorTable:
    return ActorTable.build(load_actors([HEADER, *rows]), blocked=blocked)


def names(found: list) -> list[tuple[str, tuple[str, ...]]]:
    return [(m.name, m.codes) for m in found]


# The file's checks


def test_it_refuses_an_unknown_country_code_with_its_line() -> None:
    [(line, reason)] = refused("Atlantis,ZZ,name,,,,,test", "Ruritania,RU,name,,,,,test")
    assert line == 2
    assert "unknown country code 'ZZ'" in reason


def test_it_refuses_an_unknown_code_in_a_joint_name() -> None:
    [(line, reason)] = refused("two Koreas,KP+QQ,joint,,,,,test")
    assert (line, "unknown country code 'KP+QQ'") == (2, reason)


def test_it_knows_kosovo_as_xk() -> None:
    assert load_actors([HEADER, "Pristina,XK,capital,,,,,test"])[0].codes == ("XK",)


def test_it_refuses_an_end_before_the_start() -> None:
    [(line, reason)] = refused("Austin,US,person,defence,military,2021-01-22,2020-01-20,test")
    assert line == 2
    assert "valid_to 2020-01-20 is before valid_from 2021-01-22" in reason


def test_it_refuses_an_empty_name() -> None:
    assert refused(" ,US,name,,,,,test") == [(2, "empty name")]


def test_it_refuses_an_unknown_type() -> None:
    [(line, reason)] = refused("Austin,US,general,,,,,test")
    assert line == 2
    assert reason.startswith("unknown type 'general'")


def test_it_refuses_an_unknown_kind_hint() -> None:
    [(line, reason)] = refused("Pentagon,US,institution,,army,,,test")
    assert line == 2
    assert reason.startswith("unknown kind_hint 'army'")


def test_it_refuses_an_unknown_role() -> None:
    [(line, reason)] = refused("Austin,US,person,minister,military,,,test")
    assert line == 2
    assert reason.startswith("unknown role 'minister'")


def test_it_refuses_a_bad_date() -> None:
    [(line, reason)] = refused("Austin,US,person,defence,military,2021-13-01,,test")
    assert (line, reason) == (2, "bad valid_from '2021-13-01' (YYYY-MM-DD)")


def test_it_refuses_a_row_without_a_source() -> None:
    assert refused("Austin,US,person,defence,military,,,") == [
        (2, "empty source: say where the fact comes from")
    ]


def test_it_refuses_a_cell_longer_than_the_editors_table_stores() -> None:
    # PostgreSQL refuses the copy into the table (seed_actors) where SQLite would not
    source = "x" * 501
    assert refused(f"Austin,US,person,defence,military,,,{source}") == [
        (2, "source is 501 characters long, at most 500")
    ]
    assert refused(f"{'A' * 201},US,name,,,,,test") == [
        (2, "name is 201 characters long, at most 200")
    ]


def test_the_row_limits_are_the_editors_table_fields() -> None:
    from channels_app.news.detect.actors import MAX_LENGTHS
    from channels_app.news.models import Actor as ActorRow

    for column, limit in MAX_LENGTHS.items():
        assert ActorRow._meta.get_field(column).max_length == limit


def test_it_refuses_a_row_with_missing_columns() -> None:
    assert refused("Austin,US,person") == [(2, "3 columns, expected 8")]


def test_it_refuses_a_name_with_two_meanings_on_one_day() -> None:
    problems = refused(
        "Lee,KR,person,,,2008-02-25,2013-02-24,test", "Lee,SG,person,,,2004-08-12,,test"
    )
    assert problems == [(3, "'Lee' overlaps line 2")]


def test_it_refuses_a_file_with_the_wrong_header() -> None:
    with pytest.raises(ActorFileError) as error:
        load_actors(["name,country", "Austin,US"])
    assert error.value.problems[0][0] == 1


def test_it_lists_every_bad_row_at_once() -> None:
    problems = refused(
        "Atlantis,ZZ,name,,,,,test",
        "Pentagon,US,institution,,military,,,test",
        "Austin,US,person,defence,military,2021-01-22,2020-01-20,test",
    )
    assert [line for line, _ in problems] == [2, 4]
    assert "line 4: valid_to" in str(ActorFileError(problems))


# Terms of office and matching


def test_a_surname_resolves_only_within_its_term() -> None:
    actors = gazetteer.current_table()
    text = "Austin and Dong held a call"
    assert names(actors.find(text, on=dt.date(2024, 5, 1))) == [
        ("Austin", ("US",)),
        ("Dong", ("CN",)),
    ]
    assert actors.find(text, on=dt.date(2019, 1, 1)) == []


def test_hegseth_speaks_for_the_us_in_2025() -> None:
    [match] = gazetteer.current_table().find("Hegseth calls Dong", on=dt.date(2025, 3, 1))[:1]
    assert (match.codes, match.hint, match.type) == (("US",), "military", "person")


def test_a_name_can_stand_for_different_countries_at_different_dates() -> None:
    actors = table("Zed,FR,person,,,2000-01-01,2009-12-31,test", "Zed,DE,person,,,2010-01-01,,test")
    assert names(actors.find("Zed spoke", on=dt.date(2005, 1, 1))) == [("Zed", ("FR",))]
    assert names(actors.find("Zed spoke", on=dt.date(2015, 1, 1))) == [("Zed", ("DE",))]


def test_the_last_day_of_a_term_is_in_it() -> None:
    actors = table("Zed,FR,person,,,2000-01-01,2009-12-31,test")
    assert actors.find("Zed", on=dt.date(2009, 12, 31))
    assert not actors.find("Zed", on=dt.date(2010, 1, 1))


def test_the_longest_name_wins() -> None:
    actors = gazetteer.current_table()
    found = actors.find("North Korea and Lloyd Austin", on=dt.date(2022, 1, 1))
    assert [(m.start, m.end, m.codes) for m in found] == [(0, 11, ("KP",)), (16, 28, ("US",))]


def test_a_longer_name_out_of_its_term_leaves_a_shorter_one_that_is_in_it() -> None:
    actors = table(
        "Kim,KR,person,,,2000-01-01,,test", "Kim Jong,KP,person,,,1990-01-01,1999-12-31,test"
    )
    assert [(m.name, m.end) for m in actors.find("Kim Jong met", on=dt.date(2005, 1, 1))] == [
        ("Kim", 3)
    ]


def test_names_match_whole_words_only() -> None:
    actors = gazetteer.current_table()
    assert actors.find("Xian and Brusselsprout", on=dt.date(2024, 1, 1)) == []


def test_a_phrase_that_names_no_party_gives_nothing_but_a_longer_actor_still_wins() -> None:
    actors = gazetteer.current_table()
    day = dt.date(2024, 1, 1)
    assert actors.find("Ships in the South China Sea", on=day) == []
    assert names(actors.find("Indo-Pacific Command", on=day)) == [("Indo-Pacific Command", ("US",))]


def test_a_later_row_wins_over_an_earlier_one_for_the_same_day() -> None:
    shipped = Actor("Zed", ("FR",), "person", source="file")
    edited = Actor("Zed", ("DE",), "person", source="editor")
    assert names(ActorTable.build([shipped, edited]).find("Zed", on=dt.date(2020, 1, 1))) == [
        ("Zed", ("DE",))
    ]


def test_rows_from_an_added_source_join_the_table_the_detector_uses() -> None:
    def editors() -> list[Actor]:
        return [Actor("Zorblax", ("MT",), "person", valid_from=dt.date(2026, 1, 1), source="t")]

    gazetteer.add_source(editors)
    try:
        found = find_mentions("Zorblax visits Rome", on=dt.date(2026, 2, 1))
        assert [m.codes for m in found] == [("MT",), ("IT",)]
    finally:
        gazetteer.remove_source(editors)
    assert [m.codes for m in find_mentions("Zorblax visits Rome", on=dt.date(2026, 2, 1))] == [
        ("IT",)
    ]


def test_find_mentions_reads_people_on_the_publication_date() -> None:
    assert [m.codes for m in find_mentions("Blinken meets Wang Yi", on=dt.date(2023, 6, 18))] == [
        ("US",),
        ("CN",),
    ]
    assert [m.codes for m in find_mentions("Blinken meets Wang Yi", on=dt.date(2025, 6, 18))] == [
        ("CN",)
    ]


@time_machine.travel(dt.datetime(2023, 6, 18, 12, tzinfo=dt.UTC))
def test_find_mentions_without_a_date_reads_today() -> None:
    assert [m.codes for m in find_mentions("Blinken meets Wang Yi")] == [("US",), ("CN",)]


# The shipped file


def test_the_shipped_file_loads_without_error() -> None:
    assert len(load_actors(gazetteer.actors_file())) > 1000


@pytest.mark.parametrize("day", [dt.date(2010, 6, 1), dt.date(2026, 6, 1)])
@pytest.mark.parametrize("role", ["head_of_government", "foreign", "defence"])
@pytest.mark.parametrize("code", G20)
def test_every_g20_country_has_its_main_offices_filled(code: str, role: str, day: dt.date) -> None:
    holders = [
        actor
        for actor in gazetteer.shipped_actors()
        if actor.type == "person"
        and actor.codes == (code,)
        and role in actor.roles
        and actor.valid_on(day)
    ]
    assert holders, f"no {role} of {code} on {day}"


def test_a_multilateral_body_matches_with_no_country() -> None:
    table = ActorTable.build(
        load_actors([HEADER, "Chad,TD,name,,,,,test"]), bodies=["African Union"]
    )
    found = table.scan("Chad and the African Union", on=dt.date(2020, 1, 1))
    assert [(m.name, m.codes, m.type) for m in found] == [
        ("Chad", ("TD",), "name"),
        ("African Union", (), "body"),
    ]


def test_an_actor_row_wins_over_a_body_of_the_same_name() -> None:
    table = ActorTable.build(load_actors([HEADER, "AU,AU,name,,,,,test"]), bodies=["AU"])
    assert [m.codes for m in table.scan("AU", on=dt.date(2020, 1, 1))] == [("AU",)]


def _per_row(rows: dict[str, list[Actor]], blocked: list[str], text: str, day: dt.date) -> list:
    """What each row's own pattern finds in `text`, read as the table reads it: leftmost, then
    longest, overlaps dropped, a name out of its term leaving a shorter one at its start."""
    spans = sorted(
        (m.start(), -len(name), name)
        for name in [*rows, *blocked]
        if name in text
        for m in re.finditer(rf"(?=(?<!\w){re.escape(name)}(?!\w))", text)
    )
    found, taken = [], 0
    for start, minus_length, name in spans:
        if start < taken:
            continue
        if name in rows:
            valid = [actor for actor in rows[name] if actor.valid_on(day)]
            if not valid:
                continue
            found.append((start, name, valid[-1].codes))
        else:
            found.append((start, name, ()))
        taken = start - minus_length
    return found


def test_the_one_matcher_finds_what_each_row_of_the_shipped_file_finds() -> None:
    """The Aho-Corasick automaton of thousands of names against one search per row, over the
    tuning corpora on each item's date."""
    actors, blocked = gazetteer.shipped_actors(), gazetteer.not_parties()
    table = ActorTable.build(actors, blocked=blocked)
    assert len(table) > 3000
    items = [
        json.loads(line)
        for path in (DATA / "news-dev.jsonl", DATA / "corpus2" / "dev.jsonl")
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    rows: dict[str, list[Actor]] = {}
    for actor in actors:
        rows.setdefault(actor.name, []).append(actor)
    others = sorted(blocked - rows.keys())
    checked = 0
    for item in items:
        day = dt.date.fromisoformat(item["date"]) if item.get("date") else dt.date(2025, 1, 1)
        # The title with its spaces as digits too: a name next to a digit is no whole word.
        for text in (item["title"], item["summary"], item["title"].replace(" ", "1 ", 3)):
            expected = _per_row(rows, others, text, day)
            assert [(m.start, m.name, m.codes) for m in table.scan(text, on=day)] == expected
            checked += bool(expected)
    assert checked > 500


def test_a_capital_named_as_a_side_reads_as_its_country_but_a_treaty_named_after_it_does_not() -> (
    None
):
    on = dt.date(2020, 6, 1)
    assert [m.codes for m in find_mentions("Lomé recalls its envoy from Accra", on=on)] == [
        ("TG",),
        ("GH",),
    ]
    assert [m.codes for m in find_mentions("under the Lomé Convention", on=on)] == []


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        # Taiwan's official name is no mention of China; the People's Republic's still is
        ("The Republic of China closed its embassy in Lilongwe", [("TW",), ("MW",)]),
        ("Lilongwe recognised the People's Republic of China", [("MW",), ("CN",)]),
        # seas and lakes named after a country name no party
        ("Pirates boarded a tanker in the Gulf of Guinea off Nigeria", [("NG",)]),
        ("Chinese and Cambodian ships drilled in the Gulf of Thailand", [("CN",), ("KH",)]),
        ("Finnish and Estonian ferries in the Gulf of Finland", [("FI",), ("EE",)]),
        ("Nigerian and Cameroonian troops patrol Lake Chad", [("NG",), ("CM",)]),
    ],
)
def test_official_names_and_waters_named_after_a_country(text: str, codes: list) -> None:
    assert [m.codes for m in find_mentions(text, on=dt.date(2024, 6, 1))] == codes


@pytest.mark.parametrize(
    ("name", "code", "role", "day"),
    [
        ("Netanyahu", "IL", "foreign", dt.date(2016, 6, 1)),  # he kept the foreign ministry
        ("Netanyahu", "IL", "defence", dt.date(2019, 6, 1)),
        ("Berlusconi", "IT", "trade", dt.date(2010, 7, 1)),  # economic development ad interim
        ("Kariņš", "LV", "foreign", dt.date(2023, 8, 1)),  # acting foreign minister as premier
    ],
)
def test_a_leader_who_held_a_second_office_fills_both(
    name: str, code: str, role: str, day: dt.date
) -> None:
    rows = [a for a in gazetteer.shipped_actors() if a.name == name and a.valid_on(day)]
    assert [(a.codes, role in a.roles) for a in rows] == [((code,), True)]
