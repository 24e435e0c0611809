"""The detector's state cues: the phrases that put a channel in a state, read from a language's
`cues.toml` (each cue one record: its words, state, weight, shape and exceptions).

Every rule is a phrase a reader could point at in the evidence sentence (`kinds.py` says which
channel it is about, `markers.py` how it is put); `rules.py` only combines them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .alternation import alternation
from .gazetteer import trie_pattern
from .literals import TO_ASCII, Needs, Present, lacks, needed
from .patterns import ONE_WORD, LanguageError, Table, compile_pattern, expand, one_word_but

OPEN, LIMITED, SUSPENDED, SEVERED = "open", "limited", "suspended", "severed"
STATES = (OPEN, LIMITED, SUSPENDED, SEVERED)
SHAPES = ("object", "subject", "self", "contact")


@dataclass(frozen=True)
class Cue:
    """A phrase that puts a channel in `state`.

    `shape` says where the channel is named: "object" after the verb (or before it when the
    verb is passive, or when nothing follows: "talks resumed"); "subject" before it; "self"
    inside the phrase ("cut ties"); "contact" anywhere in the clause ("met", "held talks").
    `alternatives` change the state by what the channel is (closing a consulate is limited,
    closing an embassy suspended). `negative` cues carry their own negation ("did not answer").
    `fallback` allows the kind to come from elsewhere in the article when the clause names none.
    `sector_graded`: on trade the cue reads as a suspension, limited when one sector is named.
    """

    name: str
    pattern: re.Pattern[str]
    state: str
    weight: float
    shape: str = "object"
    negative: bool = False
    fallback: bool = True
    alternatives: tuple[tuple[re.Pattern[str], str], ...] = ()
    unless_before: re.Pattern[str] | None = None
    unless_after: re.Pattern[str] | None = None
    sector_graded: bool = False


@dataclass(frozen=True, eq=False)
class Cues:
    """A language's cues, in file order (where two overlap at one place, the first wins), and
    one pattern for their trigger words: a sentence is scanned once for those, and
    only the cues they name are run (about a tenth of them, for a typical sentence), and of
    those only the ones whose pattern's own words (`literals.needed`) are in it."""

    all: tuple[Cue, ...]
    triggers: re.Pattern[str]
    cues_for: dict[str, frozenset[int]]
    needs: tuple[Needs, ...]  # by index, as `all`
    words: Present  # all of them

    def triggered(self, text: str) -> list[Cue]:
        found: set[int] = set()
        # The trigger pattern ignores case as `re` does, so a word it found is a key once
        # lower-cased with `re`'s own folds (TO_ASCII: "talk\u017f" is "talks").
        for key in {word.translate(TO_ASCII).lower() for word in self.triggers.findall(text)}:
            found |= self.cues_for[key]
        present = self.words.present(text) if found else None
        return [
            self.all[index]
            for index in sorted(found)  # in file order, as ties go
            if not lacks(self.needs[index], present)
        ]


def read_cues(table: Table) -> Cues:
    shared = {name: table.sub("patterns").pattern(name) for name in table.sub("patterns").data}
    cues, triggers = [], []
    for record in table.subs("cues"):
        cues.append(_read_cue(record, shared))
        triggers.append([word.lower() for word in record.strings("triggers")])
    names = [cue.name for cue in cues]
    if len(set(names)) != len(names):
        duplicate = next(name for name in names if names.count(name) > 1)
        raise table.error("cues", f"two cues are named {duplicate!r}")
    return _with_triggers(tuple(cues), triggers)


def _read_cue(record: Table, shared: dict[str, re.Pattern[str]]) -> Cue:
    flags = 0 if record.flag("case_sensitive", False) else re.IGNORECASE
    return Cue(
        name=record.text("name"),
        pattern=compile_pattern(record, _cue_source(record), flags),
        state=record.choice("state", STATES),
        weight=record.number("weight", 0.0, 1.0),
        shape=record.choice("shape", SHAPES, "object"),
        negative=record.flag("negative", False),
        fallback=record.flag("fallback", True),
        alternatives=tuple(_alternatives(record, shared)),
        unless_before=_exception(record, "unless_before", shared),
        unless_after=_exception(record, "unless_after", shared),
        sector_graded=record.flag("sector_graded", False),
    )


def _cue_source(record: Table) -> str:
    """A cue's words; with `then`, a phrase: one of `words`, up to `gap` words, one of `then`."""
    if not record.has("then"):
        return record.source()
    gap = record.number("gap", 0, 12)
    if gap != int(gap):
        raise record.error("gap", "expected a whole number of words")
    head, tail = (_one_of([expand(w) for w in record.strings(key)]) for key in ("words", "then"))
    word = ONE_WORD
    if record.has("gap_not"):  # "signs law scrapping pact": a word the gap may not hold
        unless = _one_of([expand(w) for w in record.strings("gap_not")])
        word = one_word_but(unless)
    return rf"\b{head}\s+{word}{{0,{int(gap)}}}?{tail}\b"


def _one_of(forms: list[str]) -> str:
    return forms[0] if len(forms) == 1 else "(?:" + alternation(forms) + ")"


def _alternatives(
    record: Table, shared: dict[str, re.Pattern[str]]
) -> list[tuple[re.Pattern[str], str]]:
    if not record.has("alternatives"):
        return []
    result = []
    for alternative in record.subs("alternatives"):
        name = alternative.text("when")
        if name not in shared:
            raise alternative.error("when", f"no pattern {name!r} in [patterns]")
        result.append((shared[name], alternative.choice("state", STATES)))
    return result


def _exception(
    record: Table, key: str, shared: dict[str, re.Pattern[str]]
) -> re.Pattern[str] | None:
    """`unless_before`/`unless_after`: a pattern, or "@name" of one in [patterns]."""
    if not record.has(key):
        return None
    value = record.data[key]
    if isinstance(value, str) and value.startswith("@"):
        if value[1:] not in shared:
            raise record.error(key, f"no pattern {value[1:]!r} in [patterns]")
        return shared[value[1:]]
    return record.pattern(key)


def _with_triggers(cues: tuple[Cue, ...], triggers: list[list[str]]) -> Cues:
    """For each trigger word the cues it may start, by index: those of the word and of its
    prefixes ("talks" may start "talks by phone" too)."""
    by_key: dict[str, set[int]] = {}
    for index, words in enumerate(triggers):
        for key in words:
            by_key.setdefault(key, set()).add(index)
    cues_for = {
        key: frozenset(n for other, names in by_key.items() if key.startswith(other) for n in names)
        for key in by_key
    }
    if not by_key:
        raise LanguageError("cues.toml: cues: no cue has trigger words")
    pattern = re.compile(rf"(?<!\w)(?:{trie_pattern(by_key)})", re.IGNORECASE)
    needs = tuple(needed(cue.pattern) for cue in cues)
    return Cues(cues, pattern, cues_for, needs, Present(needs))
