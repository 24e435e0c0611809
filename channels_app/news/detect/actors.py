"""Actors as data: names that stand for a country (people, offices, institutions, commands,
capitals, demonyms), each valid between two dates, compiled into one matcher.

    table = ActorTable.build(load_actors(path))
    table.find("Austin and Dong held a call", on=date(2024, 5, 1))

A row is valid from `valid_from` to `valid_to`, both inclusive, either open-ended when empty.
A name may stand for different countries at different dates; when rows for one name overlap
(the shipped file refuses that, but rows added later are merged after it), the row given last
to `ActorTable.build` wins, so an editor's row overrides the file's.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import ahocorasick

COLUMNS = ("name", "country", "type", "role", "kind_hint", "valid_from", "valid_to", "source")
TYPES = frozenset(
    {"name", "demonym", "capital", "institution", "office", "person", "command", "joint"}
)
ROLES = frozenset({"head_of_state", "head_of_government", "foreign", "defence", "trade", "other"})
HINTS = frozenset({"military", "trade", "diplomatic"})
# The longest a cell may be: the editors' table stores each column in a field this long.
MAX_LENGTHS = {"name": 200, "country": 40, "role": 100, "source": 500}
# Kosovo has no ISO 3166-1 code; XK is the user-assigned one the EU and the news use.
EXTRA_CODES = frozenset({"XK"})


@dataclass(frozen=True)
class Actor:
    name: str
    codes: tuple[str, ...]  # two or more for a joint name ("the two Koreas": KP, KR)
    type: str
    roles: tuple[str, ...] = ()
    hint: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    source: str = ""

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class ActorMatch(NamedTuple):
    start: int
    end: int
    name: str
    codes: tuple[str, ...]
    hint: str | None
    type: str


class RowError(ValueError):
    """What is wrong with one row, and the column at fault ("" for the row as a whole)."""

    def __init__(self, column: str, reason: str) -> None:
        self.column = column
        super().__init__(reason)


class ActorFileError(ValueError):
    """Every bad row of an actor file, each with its line number and the reason."""

    def __init__(self, problems: Sequence[tuple[int, str]]) -> None:
        self.problems = list(problems)
        super().__init__(
            "bad actor rows:\n" + "\n".join(f"line {n}: {why}" for n, why in self.problems)
        )


def load_actors(source: str | os.PathLike[str] | Iterable[str]) -> list[Actor]:
    """The rows of an actor CSV (a path, or its lines), checked; raises `ActorFileError`
    listing every bad row rather than stopping at the first."""
    return _load_rows(source, COLUMNS, parse_row)


def _load_rows(
    source: str | os.PathLike[str] | Iterable[str],
    columns: tuple[str, ...],
    parse: Callable[[Sequence[str]], Actor],
    *,
    comments: bool = False,
) -> list[Actor]:
    """The rows of a CSV with the header `columns`, each read by `parse`; every bad row and
    every name that stands for two things on one day is listed in one `ActorFileError`.
    With `comments`, lines starting with "#" are skipped."""
    if isinstance(source, (str, os.PathLike)):
        lines: Iterable[str] = Path(source).read_text(encoding="utf-8").splitlines()
    else:
        lines = source
    reader = csv.reader(io.StringIO("\n".join(line.rstrip("\r\n") for line in lines)))
    header = next(reader, None)
    if tuple(cell.strip() for cell in header or ()) != columns:
        raise ActorFileError([(1, f"the header must be {','.join(columns)}")])
    rows: list[tuple[int, Actor]] = []
    problems: list[tuple[int, str]] = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        if comments and cells[0].lstrip().startswith("#"):
            continue
        try:
            rows.append((reader.line_num, parse(cells)))
        except ValueError as error:
            problems.append((reader.line_num, str(error)))
    problems += _clashes(rows)
    if problems:
        raise ActorFileError(sorted(problems))
    return [actor for _, actor in rows]


# A bilateral treaty, agreement or channel known by its own name ("New START", "GSOMIA",
# "the Indus Waters Treaty"): the name stands for both its countries at once, so a sentence
# that names one side and the treaty names the other ("Seoul scraps GSOMIA"). Read from
# `lang/<code>/treaties.csv` into the actor table as rows of type `treaty`.
TREATY_COLUMNS = ("name", "countries", "kind", "valid_from", "valid_to", "source")
TREATY = "treaty"


def load_treaties(source: str | os.PathLike[str] | Iterable[str]) -> list[Actor]:
    """The rows of a treaty CSV (a path, or its lines), checked like the actor file's; raises
    `ActorFileError` listing every bad row with its line number and the reason."""
    return _load_rows(source, TREATY_COLUMNS, parse_treaty_row, comments=True)


def parse_treaty_row(cells: Sequence[str]) -> Actor:
    """One treaty row as an `Actor` of type `treaty` naming its two countries, with its kind
    as the kind hint; `RowError` says what is wrong and in which column."""
    if len(cells) != len(TREATY_COLUMNS):
        raise RowError("", f"{len(cells)} columns, expected {len(TREATY_COLUMNS)}")
    name, countries, kind, start, end, source = (cell.strip() for cell in cells)
    if not name:
        raise RowError("name", "empty name")
    codes = _codes(countries)
    if len(codes) != 2 or codes[0] == codes[1]:
        raise RowError("countries", f"a bilateral treaty names two countries, not {countries!r}")
    actor = Actor(
        name=name,
        codes=codes,
        type=TREATY,
        hint=_one_of(kind, HINTS, "kind"),
        valid_from=_date(start, "valid_from"),
        valid_to=_date(end, "valid_to"),
        source=source,
    )
    return _checked(actor, start, end)


def parse_row(cells: Sequence[str]) -> Actor:
    """One row as an `Actor`; `RowError` (a `ValueError`) says what is wrong with it and in
    which column. The one check of a row: the file's loader and the admin both call it."""
    if len(cells) != len(COLUMNS):
        raise RowError("", f"{len(cells)} columns, expected {len(COLUMNS)}")
    name, country, kind, role, hint, start, end, source = (cell.strip() for cell in cells)
    for column, value in (("name", name), ("country", country), ("role", role), ("source", source)):
        if len(value) > (limit := MAX_LENGTHS[column]):
            raise RowError(column, f"{column} is {len(value)} characters long, at most {limit}")
    if not name:
        raise RowError("name", "empty name")
    actor = Actor(
        name=name,
        codes=_codes(country),
        type=_one_of(kind, TYPES, "type"),
        roles=tuple(_one_of(r, ROLES, "role") for r in role.split("+")) if role else (),
        hint=_one_of(hint, HINTS, "kind_hint") if hint else None,
        valid_from=_date(start, "valid_from"),
        valid_to=_date(end, "valid_to"),
        source=source,
    )
    return _checked(actor, start, end)


def _checked(actor: Actor, start: str, end: str) -> Actor:
    """The checks every row shares, actor or treaty: its days in order, its source given."""
    if actor.valid_from and actor.valid_to and actor.valid_to < actor.valid_from:
        raise RowError("valid_to", f"valid_to {end} is before valid_from {start}")
    if not actor.source:
        raise RowError("source", "empty source: say where the fact comes from")
    return actor


def _codes(country: str) -> tuple[str, ...]:
    codes = tuple(code.strip() for code in country.split("+"))
    unknown = [code for code in codes if code not in _known_codes()]
    if unknown or not country:
        raise RowError("country", f"unknown country code {country!r}")
    return codes


@functools.cache
def _known_codes() -> frozenset[str]:
    from django_countries import countries

    return frozenset(code for code, _ in countries) | EXTRA_CODES


def _one_of(value: str, allowed: frozenset[str], column: str) -> str:
    if value not in allowed:
        raise RowError(column, f"unknown {column} {value!r} (one of {', '.join(sorted(allowed))})")
    return value


def _date(value: str, column: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise RowError(column, f"bad {column} {value!r} (YYYY-MM-DD)") from None


def _clashes(actors: list[tuple[int, Actor]]) -> list[tuple[int, str]]:
    """Rows that give one name two meanings on the same day."""
    seen: dict[str, list[tuple[int, Actor]]] = {}
    problems = []
    for line, actor in actors:
        for other_line, other in seen.get(actor.name, []):
            if _overlap(actor, other):
                problems.append((line, f"{actor.name!r} overlaps line {other_line}"))
                break
        seen.setdefault(actor.name, []).append((line, actor))
    return problems


def _overlap(a: Actor, b: Actor) -> bool:
    lo, hi = dt.date.min, dt.date.max
    return max(a.valid_from or lo, b.valid_from or lo) <= min(a.valid_to or hi, b.valid_to or hi)


class ActorTable:
    """All names in one Aho-Corasick automaton, scanned once per text; an occurrence counts
    at word boundaries, the leftmost and then longest wins, and the date filter is applied
    per occurrence, so one table serves every publication date.

    pyahocorasick rather than the one-regex trie (`trie_pattern`) that matched names before:
    same matches on the dev, held-out and regression texts, ~15% less CPU to find them, and
    the table builds in 5-15 ms instead of 0.05-0.8 s (bench/actors.py), which counts when
    editors' rows make it recompile."""

    def __init__(
        self,
        rows: dict[str, list[Actor]],
        blocked: frozenset[str],
        bodies: frozenset[str] = frozenset(),
    ) -> None:
        self._rows = rows
        self._blocked = blocked
        self._bodies = bodies
        # Names whose last row has no dates: valid whatever the day, no search.
        self._always = {
            name: actors[-1]
            for name, actors in rows.items()
            if actors[-1].valid_from is None and actors[-1].valid_to is None
        }
        # Every word of a person's name of two or more words ("Wang" of "Wang Yi", "Marles"
        # of "Richard Marles"): read only beside a person named in full (`coordinated`).
        self._name_words: dict[str, list[Actor]] = {}
        for actors in rows.values():
            for actor in actors:
                if actor.type == "person" and len(parts := actor.name.split()) > 1:
                    for part in dict.fromkeys(parts):
                        self._name_words.setdefault(part, []).append(actor)
        self._by_capitals: ahocorasick.Automaton | None = None  # see `_capitals`
        self._automaton = ahocorasick.Automaton()
        for name in [*rows, *blocked, *bodies]:
            self._automaton.add_word(name, (len(name), name))
        if len(self._automaton):
            self._automaton.make_automaton()

    @classmethod
    def build(
        cls, actors: Iterable[Actor], *, blocked: Iterable[str] = (), bodies: Iterable[str] = ()
    ) -> ActorTable:
        """A table of `actors` (later rows win over earlier ones for the same name and day),
        of `blocked` phrases, which contain a name but name no party ("South China Sea"):
        they match like names, so the longer phrase wins, and give nothing; and of the names
        of multilateral `bodies` ("ASEAN"), which match like names and give a match of type
        "body" with no country."""
        rows: dict[str, list[Actor]] = {}
        for actor in actors:
            rows.setdefault(actor.name, []).append(actor)
        bodies = frozenset(bodies) - rows.keys()
        return cls(rows, frozenset(blocked) - rows.keys() - bodies, bodies)

    def __len__(self) -> int:
        return sum(len(rows) for rows in self._rows.values())

    def find(self, text: str, *, on: dt.date) -> list[ActorMatch]:
        """The actors named in `text` that are valid `on` that day, in order."""
        return [m for m in self.scan(text, on=on) if m.codes]

    def scan(self, text: str, *, on: dt.date) -> list[ActorMatch]:
        """As `find`, with the blocked phrases and bodies too (their matches have no codes)."""
        if not len(self._automaton):
            return []
        return [match for _, _, match in _leftmost_longest(text, self._automaton, self._at, on)]

    def _at(self, start: int, name: str, on: dt.date) -> ActorMatch | None:
        """What `name` found at `start` names on the day; None when no row of it is valid
        then (a shorter name at the same start may be)."""
        if name in self._blocked or name in self._bodies:
            kind = "body" if name in self._bodies else "blocked"
            return ActorMatch(start, start + len(name), name, (), None, kind)
        actor = self._valid(name, on)
        return _match(actor, start) if actor else None

    def recase(self, text: str, *, on: dt.date, proper: re.Pattern[str] | None = None) -> str:
        """`text` as it would be written in sentence case when it is written in capitals
        only ("CHINA AND INDIA RESUME TALKS": "China and India resume talks"), else `text`
        itself. The table's names are matched case-sensitively, so a headline in capitals
        named no one: its words are lower-cased but for its first letter, the names the table
        knows (matched by their capitals, leftmost and longest, valid on the day, written as
        the table writes them: "US", "Democratic Republic of the Congo") and the words
        `proper` finds in the text with each word capitalised (its group `side` if it has
        one). Same length and offsets as `text`."""
        if not text.isupper():
            return text
        chars = [_lower(char) for char in text]
        for start, end, name in _leftmost_longest(text, self._capitals(), self._named, on):
            chars[start:end] = name
        if proper is not None:
            words = _WORDS.sub(_capitalised, "".join(chars))
            for match in proper.finditer(words):
                group = "side" if "side" in proper.groupindex else 0
                chars[match.start(group) : match.end(group)] = match.group(group)
        first = next((i for i, char in enumerate(chars) if char.isalpha()), None)
        if first is not None:
            chars[first] = text[first]
        return "".join(chars)

    def _capitals(self) -> ahocorasick.Automaton:
        """The table's names by their capitals (built when a text in capitals first asks):
        each to the names written so, in the table's order."""
        if self._by_capitals is None:
            names: dict[str, list[str]] = {}
            for name in [*self._rows, *self._blocked, *self._bodies]:
                if len(upper := name.upper()) == len(name):
                    names.setdefault(upper, []).append(name)
            automaton = ahocorasick.Automaton()
            for upper, written in names.items():
                automaton.add_word(upper, (len(upper), tuple(written)))
            if len(automaton):
                automaton.make_automaton()
            self._by_capitals = automaton
        return self._by_capitals

    def _named(self, start: int, names: tuple[str, ...], on: dt.date) -> str | None:
        """The first of `names` that names something on the day (a phrase that names no
        party counts: it keeps its words from being read as a shorter name)."""
        for name in names:
            if name in self._blocked or name in self._bodies or self._valid(name, on):
                return name
        return None

    def name_word(self, word: str, *, on: dt.date) -> Actor | None:
        """The office-holder `word` stands for on that day when it is one word of the names
        of people valid then who all speak for one country ("Wang" in 2020: Wang Yi, CN);
        None when no one, or people of two countries ("Kim" for both Koreas)."""
        valid = [a for a in self._name_words.get(word, ()) if a.valid_on(on)]
        if not valid or len({a.codes for a in valid}) > 1:
            return None
        hints = {a.hint for a in valid}
        first = valid[0]
        return first if len(hints) == 1 else Actor(word, first.codes, first.type)

    def _valid(self, name: str, on: dt.date) -> Actor | None:
        if actor := self._always.get(name):
            return actor
        return next((a for a in reversed(self._rows[name]) if a.valid_on(on)), None)


def _bounded(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is whole words: no word character on either side."""
    return not (start and _is_word(text[start - 1])) and not (
        end < len(text) and _is_word(text[end])
    )


# A word of letters in any script, with the letters after an apostrophe ("CHINA'S").
_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


_Found = TypeVar("_Found")


def _leftmost_longest(
    text: str,
    automaton: ahocorasick.Automaton,
    pick: Callable[[int, Any, dt.date], _Found | None],
    on: dt.date,
) -> list[tuple[int, int, _Found]]:
    """The automaton's words found in `text` at word boundaries, leftmost first, then the
    longest, none overlapping: `pick(start, value, on)` says what a word found there stands
    for on the day, or None to pass it by (a shorter one at the same start may stand)."""
    spans = [
        (start, -length, value)
        for last, (length, value) in automaton.iter(text)
        if _bounded(text, start := last + 1 - length, last + 1)
    ]
    found: list[tuple[int, int, _Found]] = []
    if not spans:
        return found
    spans.sort()
    taken = 0
    for start, minus_length, value in spans:
        if start >= taken and (picked := pick(start, value, on)) is not None:
            found.append((start, start - minus_length, picked))
            taken = start - minus_length
    return found


def _lower(char: str) -> str:
    lower = char.lower()
    return lower if len(lower) == 1 else char


def _capitalised(word: re.Match[str]) -> str:
    """The word with its first letter in capitals, length kept."""
    text = word.group()
    upper = text[0].upper()
    return (upper if len(upper) == 1 else text[0]) + text[1:]


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"  # what the regex \w matches


def _match(actor: Actor, start: int) -> ActorMatch:
    return ActorMatch(
        start, start + len(actor.name), actor.name, actor.codes, actor.hint, actor.type
    )


Trie = dict[str, "Trie"]  # one node: each next character to its node; "" ends a word


def trie_pattern(words: Iterable[str]) -> str:
    """One regex for many literal words, as a character trie: a sentence is scanned in one
    pass instead of once per word, and a longer word is tried before its prefix."""
    trie: Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_pattern(trie)


def _node_pattern(node: Trie) -> str:
    branches = [re.escape(char) + _node_pattern(child) for char, child in node.items() if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return f"(?:{body})?"
    return body
