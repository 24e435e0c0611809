"""The strings a pattern cannot match without: a substring test that spares running it.

    needs = needed(pattern)  # frozenset({"ambassador", "envoy", ...}), or None
    if can_match(pattern, text): pattern.search(text)  # or search(pattern, text)
    present = Present(needs_of_many_patterns).present(text)  # one scan for all of them

Read from the pattern's own parse tree, so the data files say nothing about it and it cannot
fall out of step with them: every match of the pattern holds one of the strings (or its
lookarounds see one), in any case. A sentence that holds none is passed over with a few
`in` tests instead of a scan of every position by every branch; most sentences hold none
of the words of most cues (a cue's trigger words, "the" among them, are a coarser test).

The test is made on the text lower-cased, where an ASCII letter of a pattern finds exactly the
letters `re` matches it with, with or without IGNORECASE, unless the text holds one of the four
characters `re` folds onto an ASCII letter beside its own cases (`FOLDED`: the long s matches
"s", the Kelvin sign "k"): such a text is always scanned.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

import ahocorasick

# Non-ASCII characters `re` matches with an ASCII letter under IGNORECASE (checked over all
# of Unicode by tests/news/test_detector_literals.py).
FOLDED = frozenset("\u0130\u0131\u017f\u212a")  # capital I with dot, dotless i, long s, Kelvin
# Each as the ASCII letter `re` matches it with: "talk\u017f" (long s) matched a trigger "talks".
TO_ASCII = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_MAX_SPELT = 64  # strings a run of literal items may spell, beyond which it ends
_SHORTEST = 3  # strings shorter than this are in nearly every sentence: no test
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)

Needs = frozenset[str] | None


@functools.cache
def needed(pattern: re.Pattern[str]) -> Needs:
    """Lower-case strings one of which every match of `pattern` holds, or None (no test)."""
    found = _needed(_parser.parse(pattern.pattern, pattern.flags))
    if not found or min(map(len, found)) < _SHORTEST:
        return None
    # A text that holds "envoys" holds "envoy": the shorter is test enough.
    return frozenset(w for w in found if not any(o != w and o in w for o in found))


@functools.cache
def needed_as_written(pattern: re.Pattern[str]) -> Needs:
    """For a pattern read case-sensitively, where `needed` finds no telling string: strings
    one of which every match holds, those with a capital letter as written (a capital is
    rarer than its letter: the "G" of "G\\d+"), those without in any case; or None. What a
    group under `(?i:...)` needs is lower-cased, as `needed` has it."""
    if pattern.flags & re.IGNORECASE or needed(pattern) is not None:
        return None
    found = _needed(_parser.parse(pattern.pattern, pattern.flags), cased=True)
    if not found or any(len(w) < _SHORTEST and w == w.lower() for w in found):
        return None
    return frozenset(w for w in found if not any(o != w and o in w for o in found))


def can_match(pattern: re.Pattern[str], text: str) -> bool:
    """False only when `pattern` cannot match in `text`."""
    needs, written = _test_of(pattern)
    if needs is None or not testable(text):
        return True
    low = text.lower()
    if written is not None:
        in_any_case, as_written = written
        return _holds(in_any_case, low) or _holds(as_written, text)
    return any(word in low for word in needs)


def search(pattern: re.Pattern[str], text: str) -> bool:
    """Whether `pattern` matches in `text`, the search spared when it cannot (`can_match`)."""
    return can_match(pattern, text) and pattern.search(text) is not None


# By the pattern's identity: a pattern hashes its whole compiled code each time it is hashed
# (tens of microseconds for a long one), more than the test saves.
_TESTS: dict[int, tuple[re.Pattern[str], Needs, tuple[Any, Any] | None]] = {}


def _test_of(pattern: re.Pattern[str]) -> tuple[Needs, tuple[Any, Any] | None]:
    """What `can_match` tests: `needed`, else `needed_as_written` in two automata (the
    strings without a capital, found in the text lower-cased; those with one, as written),
    as more than a few `in` tests would cost more than the pattern."""
    entry = _TESTS.get(id(pattern))
    if entry is None or entry[0] is not pattern:
        needs, written = needed(pattern), None
        if needs is None and (needs := needed_as_written(pattern)) is not None:
            written = (
                _automaton(w for w in needs if w == w.lower()),
                _automaton(w for w in needs if w != w.lower()),
            )
        entry = _TESTS[id(pattern)] = (pattern, needs, written)
    return entry[1], entry[2]


def _automaton(words: Iterable[str]) -> Any:
    automaton = ahocorasick.Automaton()
    for word in sorted(words):
        automaton.add_word(word, word)
    if len(automaton):
        automaton.make_automaton()
    return automaton


def _holds(automaton: Any, text: str) -> bool:
    return bool(len(automaton)) and next(automaton.iter(text), None) is not None


def testable(text: str) -> bool:
    return text.isascii() or FOLDED.isdisjoint(text)


def lacks(needs: Needs, present: frozenset[str] | None) -> bool:
    """Whether a text whose `Present.present` is `present` holds none of `needs`."""
    return present is not None and needs is not None and needs.isdisjoint(present)


class Present:
    """The strings of many patterns' needs in one automaton: a text is scanned once for all
    of them (one `in` test per string per pattern costs more than the patterns it spares)."""

    def __init__(self, needs: Iterable[Needs]) -> None:
        self._automaton = _automaton({word for found in needs if found for word in found})

    def present(self, text: str) -> frozenset[str] | None:
        """The strings in `text`, in any case; None when it cannot be tested (`FOLDED`)."""
        if not testable(text):
            return None
        if not len(self._automaton):
            return frozenset()
        return frozenset(word for _, word in self._automaton.iter(text.lower()))


def _needed(sequence: Any, cased: bool = False) -> Needs:
    """Of what one item after another in the parse tree needs, the most telling: the strings
    a run of literal items spells (`_exact`), and what a group, a repeat of at least one or a
    lookaround needs; a branch needs what any of its alternatives needs, when each needs
    something. `cased`: the letters are read as written (a case-sensitive pattern), and a
    group that turns IGNORECASE on or off is no literal item but read in its own case."""
    best: Needs = None
    run: frozenset[str] = frozenset({""})  # what the literal items so far spell

    def consider(candidate: Needs) -> None:
        nonlocal best
        if (candidate and "" not in candidate) and (
            best is None or _score(candidate) > _score(best)
        ):
            best = candidate

    for op, arg in sequence:
        spelt = _exact(op, arg, cased)
        if spelt is not None and len(run) * len(spelt) <= _MAX_SPELT:
            run = frozenset(a + b for a in run for b in spelt)
            continue
        consider(run)  # anything else ends a run of literal items
        run = spelt if spelt is not None else frozenset({""})
        if spelt is not None:
            continue
        if op is sre.SUBPATTERN:
            consider(_needed(arg[-1], cased and not _folds(arg)))
        elif op is sre.ATOMIC_GROUP:
            consider(_needed(arg, cased))
        elif op in _REPEATS and arg[0] >= 1:
            consider(_needed(arg[2], cased))
        elif op is sre.BRANCH:
            options = [found for branch in arg[1] if (found := _needed(branch, cased))]
            if len(options) == len(arg[1]):
                consider(frozenset().union(*options))
        elif op is sre.ASSERT:  # what a lookahead or lookbehind sees is in the text too
            consider(_needed(arg[1], cased))
    consider(run)
    return best


def _exact(op: Any, arg: Any, cased: bool = False) -> frozenset[str] | None:
    """Every string (lower-cased, unless `cased`) one item of the parse tree matches, when
    they are a few strings of ASCII characters: "a", "[sz]", "(?:es|s)", "s?"; else None."""
    if op is sre.LITERAL:
        return frozenset({_letter(arg, cased)}) if arg < 128 else None
    if op is sre.IN:
        if all(kind is sre.LITERAL and code < 128 for kind, code in arg):
            return frozenset(_letter(code, cased) for _, code in arg)
        return None
    if op is sre.SUBPATTERN:
        if cased and (arg[1] | arg[2]) & re.IGNORECASE:
            return None  # "(?i:...)" read in its own case (`_needed`)
        return _exact_sequence(arg[-1], cased)
    if op is sre.BRANCH:
        spelt: set[str] = set()
        for branch in arg[1]:
            option = _exact_sequence(branch, cased)
            if option is None:
                return None
            spelt |= option
        return frozenset(spelt)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and arg[1] <= 1:  # "s?"
        body = _exact_sequence(arg[2], cased)
        return None if body is None else body | {""} if arg[0] == 0 else body
    return None


def _letter(code: int, cased: bool) -> str:
    return chr(code) if cased else chr(code).lower()


def _folds(subpattern: Any) -> bool:
    """Whether a group turns IGNORECASE on ("(?i:...)"); one that turns it off is read as
    written only when the pattern is (a lower-cased reading is never wrong)."""
    return bool(subpattern[1] & re.IGNORECASE)


def _exact_sequence(sequence: Any, cased: bool = False) -> frozenset[str] | None:
    spelt = frozenset({""})
    for op, arg in sequence:
        item = _exact(op, arg, cased)
        if item is None or len(spelt) * len(item) > _MAX_SPELT:
            return None
        spelt = frozenset(a + b for a in spelt for b in item)
    return spelt


def _score(needs: frozenset[str]) -> tuple[int, int]:
    """Longer strings are rarer; fewer of them are fewer tests."""
    return min(map(len, needs)), -len(needs)
