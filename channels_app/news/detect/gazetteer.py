"""The actor table the detector reads with: the shipped file of a language, plus rows from
other sources (the editors' table, later) registered with `add_source`.

    current_table().find(sentence, on=published)

The shipped file `lang/<language>/actors.csv` holds every name that stands for a country:
country names (generated once from django-countries' English names, kept in the file so an
editor sees and overrides them like any row), variants, demonyms, capitals, institutions,
commands and people with their terms of office. `not_parties.txt` beside it lists phrases that
contain a name but name no party ("South China Sea"); `parties.toml`'s `[bodies]` the names of
multilateral bodies ("ASEAN"), matched in the same pass.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable, Iterable
from pathlib import Path

from .actors import Actor, ActorTable, load_actors, load_treaties, trie_pattern
from .features import words_of

__all__ = ["ActorTable", "add_source", "current_table", "refresh", "trie_pattern"]

LANG_DIR = Path(__file__).resolve().parent / "lang"
LANGUAGE = "en"

# Rows merged after the shipped file's, in the order registered (a later row wins for the
# same name and day): how the editors' table joins in without a deploy.
_sources: list[Callable[[], Iterable[Actor]]] = []


def actors_file(language: str = LANGUAGE) -> Path:
    return LANG_DIR / language / "actors.csv"


def treaties_file(language: str = LANGUAGE) -> Path:
    return LANG_DIR / language / "treaties.csv"


def shipped_treaties(language: str = LANGUAGE) -> tuple[Actor, ...]:
    """The language's bilateral treaties and channels known by name (`treaties.csv`; none
    when the language has no such file)."""
    return _shipped_treaties(language)


@functools.cache
def _shipped_treaties(language: str) -> tuple[Actor, ...]:
    path = treaties_file(language)
    return tuple(load_treaties(path)) if path.exists() else ()


def not_parties_file(language: str = LANGUAGE) -> Path:
    return LANG_DIR / language / "not_parties.txt"


def shipped_actors(language: str = LANGUAGE) -> tuple[Actor, ...]:
    return _shipped_actors(language)


def not_parties(language: str = LANGUAGE) -> frozenset[str]:
    return _not_parties(language)


def name_words(language: str = LANGUAGE) -> frozenset[str]:
    """The lower-cased words of the shipped rows that name a country by its name, its people,
    its capital or its office-holders (not institutions or offices: "ministry", "army")."""
    return _name_words(language)


def current_table(language: str = LANGUAGE) -> ActorTable:
    """The table the detector uses: compiled once, until `refresh()`."""
    return _current_table(language)


# Cached by a positional argument, so that f() and f("en") share one entry.
@functools.cache
def _shipped_actors(language: str) -> tuple[Actor, ...]:
    return tuple(load_actors(actors_file(language)))


@functools.cache
def _name_words(language: str) -> frozenset[str]:
    named = ("name", "demonym", "capital", "person")
    return frozenset(
        word
        for actor in _shipped_actors(language)
        if actor.type in named
        for word in words_of(actor.name)
    )


@functools.cache
def _not_parties(language: str) -> frozenset[str]:
    lines = not_parties_file(language).read_text(encoding="utf-8").splitlines()
    return frozenset(s for line in lines if (s := line.strip()) and not s.startswith("#"))


@functools.cache
def _bodies(language: str) -> frozenset[str]:
    """The names of multilateral bodies (`parties.toml`, `[bodies] names`)."""
    path = LANG_DIR / language / "parties.toml"
    with path.open("rb") as handle:
        names = tomllib.load(handle).get("bodies", {}).get("names", [])
    if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
        raise ValueError(f"{path}: bodies.names must be a list of names")
    return frozenset(names)


@functools.cache
def _current_table(language: str) -> ActorTable:
    extra = [actor for source in _sources for actor in source()]
    return ActorTable.build(
        [*_shipped_actors(language), *_shipped_treaties(language), *extra],
        blocked=_not_parties(language),
        bodies=_bodies(language),
    )


def add_source(source: Callable[[], Iterable[Actor]]) -> None:
    """Merge the rows `source()` returns into the table, after the shipped file's (e.g. the
    editors' additions from the database, read when the table is next compiled)."""
    _sources.append(source)
    refresh()


def remove_source(source: Callable[[], Iterable[Actor]]) -> None:
    _sources.remove(source)
    refresh()


def refresh() -> None:
    """Recompile on next use: call after a registered source's rows changed."""
    _current_table.cache_clear()
