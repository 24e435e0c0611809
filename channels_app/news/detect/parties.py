"""Which countries a sentence names, and which pairs of them it is about."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .gazetteer import aliases, blank_non_parties

Pair = tuple[str, str]

# A name after these words is a place or a go-between, not a side ("talks in Oman",
# "a deal brokered by China"): used only when the sentence names no side otherwise.
_WEAK_BEFORE = re.compile(
    r"\b(?:in|at|near|outside|inside|across|over|via|through|around|off|brokered by"
    r"|mediated by|hosted by|facilitated by|capital of)\s+(?:the\s+)?(?:capital\s+|city of\s+)?$",
    re.IGNORECASE,
)
# Matched where the name ends (match(text, pos)), not searched.
_WEAK_AFTER = re.compile(r"(?:-|\s+|'s\s+)(?:brokered|mediated|hosted|mediat\w*|hosts?\b)")
_KOREA_SIDE = re.compile(
    r"\b(?:the\s+)?(North|South)\b(?!\s+(?:Korea|and|African|American|Sudan|China|Asia"
    r"|Pacific|Caucasus|Ossetia|Carolina|Dakota|Atlantic|Sea|Pole|Island|Jeolla|Gyeongsang"
    r"|Chungcheong|Hamgyong|Pyongan|Hwanghae))"
)
# What may stand between two names of one list: "Saudi Arabia, Bahrain, UAE and Egypt".
_LIST_GLUE = re.compile(r"^(?:\s*(?:,|and|&|or|as well as|-|–|/)\s*)*(?:the\s+)?$")
# What introduces the other side: "cut ties with Qatar".
_OTHER_SIDE = re.compile(
    r"\b(?:with|from|against|to|toward|towards|on|between)\s+(?:the\s+)?(?:\w+\s+)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    codes: tuple[str, ...]
    weak: bool
    hint: str | None = None


def find_mentions(sentence: str, *, korea: bool = False) -> list[Mention]:
    """Every name of a country in `sentence`, in order; `korea` reads "the North" as KP."""
    text = blank_non_parties(sentence)
    pattern, table = aliases()
    mentions = []
    for m in pattern.finditer(text):  # in order
        alias = table[m.group()]
        mentions.append(Mention(m.start(), m.end(), alias.codes, _is_weak(text, m), alias.hint))
    if korea:
        mentions += [
            Mention(m.start(), m.end(), ("KP",) if m.group(1) == "North" else ("KR",), False)
            for m in _KOREA_SIDE.finditer(text)
        ]
        mentions.sort(key=lambda mention: mention.start)
    return mentions


def _is_weak(text: str, match: re.Match[str]) -> bool:
    before = text[max(0, match.start() - 30) : match.start()]
    return bool(_WEAK_BEFORE.search(before) or _WEAK_AFTER.match(text, match.end()))


def codes_of(mentions: Iterable[Mention]) -> list[str]:
    """The distinct codes named, in order of first mention."""
    return list(dict.fromkeys(code for mention in mentions for code in mention.codes))


def group_pairs(mentions: Sequence[Mention], text: str) -> list[Pair]:
    """Pairs named by `mentions`: within one list ("US and China"), or between the first
    list and the side introduced after it ("Saudi Arabia, Bahrain ... cut ties with Qatar")."""
    groups = lists(mentions, text)
    if not groups:
        return []
    first = codes_of(groups[0])
    later = groups[1:]
    other_side = [g for g in later if _OTHER_SIDE.search(text[: g[0].start])]
    if not later or (len(first) > 1 and not other_side):
        return _unique(itertools.combinations(first, 2))
    second = codes_of(other_side[0] if other_side else later[0])
    return _unique(itertools.product(first, second))


def lists(mentions: Sequence[Mention], text: str) -> list[list[Mention]]:
    """Mentions grouped into lists ("Mali, Burkina Faso and Niger")."""
    groups: list[list[Mention]] = []
    for mention in mentions:
        if groups and _LIST_GLUE.match(text[groups[-1][-1].end : mention.start]):
            groups[-1].append(mention)
        else:
            groups.append([mention])
    return groups


def _unique(pairs: Iterable[tuple[str, str]]) -> list[Pair]:
    result: list[Pair] = []
    for a, b in pairs:
        pair = (a, b) if a < b else (b, a)
        if a != b and pair not in result:
            result.append(pair)
    return result


def pair_with(code: str, others: Iterable[str]) -> list[Pair]:
    return _unique((code, other) for other in others)
