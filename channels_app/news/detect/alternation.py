"""One alternation of many regex forms, compiled so `re` tries fewer branches per position.

    alternation(["could", "call for", "(hopes?|hoped)"])  # "c(?:ould|all for)|hope(?:s?|d)"

`re` tries the alternatives of an alternation one by one at every position it scans, and with
IGNORECASE even one that fails on its first character costs a call; the data files' lists run
to a hundred forms. Rewritten, forms that start with the same character share one branch (a
trie over their literal heads), so a word enters one branch per distinct first character.

The rewrite matches exactly what `"|".join(forms)` matches, with the same spans and groups,
because alternatives are tried in order and:
- forms are regrouped only by the first character they consume (case folded): two forms that
  start with different characters never match at the same position, so their order does not
  matter; forms with the same first character keep their order;
- a shared head is a literal character (or a leading `\\b`), so `ab|ac` -> `a(?:b|c)` tries
  the same things in the same order;
- a leading group is distributed over the rest of its form (`(a|b)c` -> `ac|bc`,
  `(a )?b` -> `a b|b`), which tries the same things in the same order;
- a form it cannot read that way (it starts with a class, a quantified group, a named group)
  stays where it is and nothing is moved across it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

# Characters that stand for themselves outside a class; ASCII only, so that two different
# ones (case folded) never match the same character, with or without IGNORECASE.
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -'")
_QUANTIFIERS = frozenset("?*+{")
_ASSERTIONS = ("(?=", "(?!", "(?<=", "(?<!")
_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)|\(\?[aiLmsux-]*x")  # or verbose anywhere
_MAX_DISTRIBUTED = 64  # forms one leading group may become


def alternation(forms: list[str], *, after_boundary: bool = False) -> str:
    """`"|".join(forms)`, rewritten to try fewer branches (the module says how).
    `after_boundary`: the caller puts it right after a `\\b` (whole words)."""
    if any(_GLOBAL_FLAGS.search(form) for form in forms):
        return "|".join(forms)
    try:
        return _gated(_factored(forms), after_boundary)
    except ValueError:  # a group or class left open: as it is, for `re` to say what is wrong
        return "|".join(forms)


def _gated(alternatives: list[str], after_boundary: bool) -> str:
    """The alternatives behind a lookahead for the characters they can start with, when each
    starts with a known one: a position that starts none of them is passed over with one
    test, not one per branch. Only behind a `\\b`: a pattern that starts with a plain set
    of literals has `re`'s own test of its first character, which a lookahead would undo."""
    joined = "|".join(alternatives)
    first = alternatives[0]
    bounded = len(alternatives) == 1 and first.startswith("\\b") and _whole_group(first[2:])
    inner = _split(first[5:-1]) if bounded else alternatives
    led = after_boundary or bounded or any(a.startswith("\\b") for a in inner)
    test = _lookahead(inner)
    if len(inner) < 2 or not led or not test:
        return joined
    return "\\b" + test + first[2:] if bounded else test + "(?:" + joined + ")"


def first_characters(forms: list[str]) -> str:
    """A lookahead for the characters any of `forms` can start with (a match of any of them
    starts with one), for a pattern that puts several lists side by side behind one `\\b`;
    "" when one of them can start with something else."""
    return _lookahead([part for form in forms for part in _distributed(form)])


def _lookahead(alternatives: list[str]) -> str:
    firsts = [_first(a) for a in alternatives]
    if not firsts or None in firsts:
        return ""
    chars = sorted({c for f in firsts if f for c in (f, f.upper())})
    return "(?=[" + "".join(re.escape(c) for c in chars) + "])"


def _factored(forms: list[str]) -> list[str]:
    out: list[str] = []
    run: dict[str, list[str]] = {}  # by first character, in order of first appearance
    for form in (part for whole in forms for part in _distributed(whole)):
        key = _first(form)
        if key is None:
            out += [alt for members in run.values() for alt in _shared(members)]
            run.clear()
            out.append(form)
        else:
            run.setdefault(key, []).append(form)
    out += [alt for members in run.values() for alt in _shared(members)]
    return _bounded(out)


def _shared(members: list[str]) -> list[str]:
    """Forms that start with the same character, in order: neighbours with the same literal
    head share it."""
    out: list[str] = []
    index = 0
    while index < len(members):
        head = _head(members[index])
        end = index + 1
        while head and end < len(members) and _head(members[end]) == head:
            end += 1
        if end - index == 1:
            out.append(members[index])
        else:
            rest = _factored([m[len(head) :] for m in members[index:end]])
            out.append(head + "(?:" + "|".join(rest) + ")")
        index = end
    return out


def _bounded(alternatives: list[str]) -> list[str]:
    """Neighbours that each start with `\\b` (forms of different first characters) share
    it: one branch tried at every position instead of one per first character."""
    out: list[str] = []
    run: list[str] = []  # the rests of neighbours after their `\\b`
    for alt in [*alternatives, None]:
        if alt is not None and _head(alt) == "\\b":
            rest = alt[2:]
            run += _split(rest[3:-1]) if _whole_group(rest) else [rest]
            continue
        if len(run) == 1:
            out.append("\\b" + run[0])
        elif run:
            out.append("\\b(?:" + "|".join(run) + ")")
        run = []
        if alt is not None:
            out.append(alt)
    return out


def _whole_group(form: str) -> bool:
    """Whether `form` is one `(?:...)` and nothing after it."""
    return form.startswith("(?:") and _closing(form, 0) == len(form) - 1


def _head(form: str) -> str:
    """The literal head a form may share: its first character, or a leading `\\b`."""
    if form.startswith("\\b") and form[2:3] not in _QUANTIFIERS:
        return form[:2]
    if form[:1] in _PLAIN and form[1:2] not in _QUANTIFIERS:
        return form[:1]
    return ""


def _first(form: str) -> str | None:
    """The character (case folded) any match of `form` starts by consuming, past zero-width
    assertions at its start; None when that is not one plain character."""
    at = _zero_width(form)
    char = form[at : at + 1]
    if char not in _PLAIN or form[at + 1 : at + 2] in _QUANTIFIERS or not char:
        return None
    return char.lower()


def _zero_width(form: str) -> int:
    """Where the zero-width assertions at the start of `form` (`\\b`, lookarounds) end."""
    at = 0
    while True:
        if form.startswith("\\b", at) and form[at + 2 : at + 3] not in _QUANTIFIERS:
            at += 2
        elif form.startswith(_ASSERTIONS, at):
            at = _closing(form, at) + 1
        else:
            return at


def _distributed(form: str) -> list[str]:
    """`form` as alternatives that start with characters where it can: its top-level
    alternatives, and a leading `(?:...)` (optional or not) distributed over the rest."""
    parts = _split(form)
    if len(parts) > 1:
        return [f for part in parts for f in _distributed(part)]
    at = _zero_width(form)  # "\\b(a|b)c" is "\\bac|\\bbc"
    if not form.startswith("(?:", at) or "(?P" in form:
        return [form]
    end = _closing(form, at)
    before, inner, after = form[:at], form[at + 3 : end], form[end + 1 :]
    optional = after[:1] == "?" and after[1:2] not in ("?", "+")
    if optional:
        after = after[1:]
    elif after[:1] in _QUANTIFIERS:
        return [form]
    spread = [before + p + after for p in _split(inner)] + ([before + after] if optional else [])
    result = [f for part in spread for f in _distributed(part)]
    if len(result) > _MAX_DISTRIBUTED or any(_first(f) is None for f in result):
        return [form]
    return result


def _split(form: str) -> list[str]:
    """`form` cut at the `|` outside its groups and classes."""
    if "|" not in form:
        return [form]
    cuts = [i for i, char, depth in _structure(form) if char == "|" and depth == 0]
    bounds = [-1, *cuts, len(form)]
    return [form[a + 1 : b] for a, b in itertools.pairwise(bounds)]


def _closing(form: str, start: int) -> int:
    """The index of the `)` that closes the group opened at `start`."""
    opened = None
    for i, char, depth in _structure(form):
        if i == start:
            opened = depth
        elif opened is not None and char == ")" and depth == opened:
            return i
    raise ValueError(f"unbalanced group in {form!r}")


def _structure(form: str) -> Iterator[tuple[int, str, int]]:
    """(index, character, group depth) of the characters that are syntax: not escaped, not
    inside a class. A group's `(` is at the depth outside it, as is its `)`."""
    depth = 0
    index = 0
    while index < len(form):
        char = form[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            index = _class_end(form, index) + 1
            continue
        if char == ")":
            depth -= 1
        yield index, char, depth
        if char == "(":
            depth += 1
        index += 1


def _class_end(form: str, start: int) -> int:
    """The index of the `]` that ends the class opened at `start` (a `]` first is literal)."""
    index = start + 1
    if form.startswith("^", index):
        index += 1
    if form.startswith("]", index):
        index += 1
    while index < len(form):
        if form[index] == "\\":
            index += 2
            continue
        if form[index] == "]":
            return index
        index += 1
    raise ValueError(f"unterminated class in {form!r}")
