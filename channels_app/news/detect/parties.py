"""Which countries a sentence names, and which pairs of them it is about."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils import timezone

from .gazetteer import current_table

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


def find_mentions(
    sentence: str, *, korea: bool = False, on: dt.date | None = None
) -> list[Mention]:
    """Every name of a country in `sentence`, in order, with the actors valid `on` the day
    (the article's publication date; today when None); `korea` reads "the North" as KP."""
    day = on or timezone.now().date()
    mentions, taken = [], []
    for m in current_table().scan(sentence, on=day):  # in order
        taken.append((m.start, m.end))
        if m.codes:
            weak = _is_weak(sentence, m.start, m.end)
            mentions.append(Mention(m.start, m.end, m.codes, weak, m.hint))
    if korea:
        mentions += [
            Mention(m.start(), m.end(), ("KP",) if m.group(1) == "North" else ("KR",), False)
            for m in _KOREA_SIDE.finditer(sentence)
            if not any(start <= m.start(1) < end for start, end in taken)
        ]
        mentions.sort(key=lambda mention: mention.start)
    return mentions


def _is_weak(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 30) : start]
    return bool(_WEAK_BEFORE.search(before) or _WEAK_AFTER.match(text, end))


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
    # The same side named again ("Ethiopia's Abiy") is not the other side.
    later = [g for g in groups[1:] if not set(codes_of(g)) <= set(first)]
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
