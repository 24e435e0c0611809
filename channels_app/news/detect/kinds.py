"""Which kind a channel is, and what names one, read from a language's `kinds.toml`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .alternation import alternation, first_characters
from .patterns import Table, compile_pattern, expand

MILITARY, TRADE, DIPLOMATIC = "military", "trade", "diplomatic"
KINDS = (MILITARY, TRADE, DIPLOMATIC)
# How specific a kind word is: 2 names the topic ("defense talks"), 1 is a default ("ties",
# "missions" are diplomatic unless a topic says otherwise), 0 an actor ("leaders").
LEVELS = (0, 1, 2)


@dataclass(frozen=True, eq=False)
class KindWords:
    """`cues` finds kind words, one named group per entry of `kinds.toml` (`groups` gives its
    kind and level). `channel_nouns` name a channel: a cue whose clause names none (tariffs,
    firing, drills) is not about one. `generic` channels ("all communication lines") are
    diplomatic unless the article names a kind. A kind word in `venues` after `venue_before`
    ("the APEC summit") is a venue, not a channel. `sector` and `whole` tell one sector of
    trade from trade as a whole; `sport` marks a sentence about a match, not a meeting.
    `specialists` are the people of one topic (a defence minister, a trade representative):
    a meeting of leaders without them is diplomatic whatever it covered, unless the cue's
    own words name its topic ("seal a trade deal"), `outcomes` aside. `partial`: the
    sentence says the rest goes on ("other trade is not affected"): a suspension is limited,
    there and in the title it grades. `partial_here`: the sentence's own step takes only part
    of the channel ("partially suspends", "one clause", "high-level contacts"): limited there,
    but it grades no other sentence (a summary's "the South suspended part of the accord" says
    nothing of the title's "the North scraps it").
    `agreements`: a treaty or deal signed by people whose clause names no topic is about
    what the article says it is about. `figures`: a sentence reporting trade figures
    ("trade tops $500mn") reads no channel.
    `multilateral`: a gathering of more than two countries, no bilateral channel unless the
    clause says `bilateral` ("on the sidelines"). `private`: people who speak for no
    government (business people, students, a former president): their meeting is none.
    `no_meeting`: the article says the sides held no bilateral meeting ("greeted each other
    but held no bilateral meeting", "no bilateral talks planned"): a contact in it is none."""

    cues: re.Pattern[str]
    groups: dict[str, tuple[str, int]]
    venues: tuple[str, ...]
    venue_before: re.Pattern[str]
    channel_nouns: re.Pattern[str]
    generic: re.Pattern[str]
    sector: re.Pattern[str]
    whole: re.Pattern[str]
    sport: re.Pattern[str]
    specialists: re.Pattern[str]
    outcomes: re.Pattern[str]
    figures: re.Pattern[str]
    agreements: re.Pattern[str]
    partial: re.Pattern[str]
    partial_here: re.Pattern[str]
    multilateral: re.Pattern[str]
    bilateral: re.Pattern[str]
    private: re.Pattern[str]
    no_meeting: re.Pattern[str]
    senses: OtherSenses


# The keys of kinds.toml that are one pattern each, read into the KindWords field of that name.
_WORD_PATTERNS = (
    "channel_nouns",
    "generic",
    "sector",
    "whole",
    "sport",
    "specialists",
    "outcomes",
    "figures",
    "agreements",
    "partial",
    "partial_here",
    "multilateral",
    "bilateral",
    "private",
    "no_meeting",
)


@dataclass(frozen=True, eq=False)
class OtherSenses:
    """Other senses of "channel" and "line", blanked before a sentence is read; a sentence
    without any of the `hints` (lower case) has none."""

    hints: tuple[str, ...]
    other: re.Pattern[str]
    channel_hint: str
    channel: re.Pattern[str]  # every "channel", blanked in an article about broadcasting


def read_kinds(table: Table) -> KindWords:
    groups: dict[str, tuple[str, int]] = {}
    bodies, forms = [], []
    for index, entry in enumerate(table.subs("kinds")):
        kind = entry.choice("kind", KINDS)
        level = entry.number("level", 0, 2)
        if level not in LEVELS:
            raise entry.error("level", "expected 0, 1 or 2")
        name = f"{kind}{int(level)}_{index}"
        groups[name] = (kind, int(level))
        words = [expand(w) for w in entry.strings("words")]
        forms += words
        bodies.append(f"(?P<{name}>{alternation(words, after_boundary=True)})")
    # One test of the first character for all the groups: `re` enters each group in turn.
    source = r"\b" + first_characters(forms) + r"(?:" + "|".join(bodies) + r")\b"
    cues = compile_pattern(table, source, re.IGNORECASE)
    venue = table.sub("venue")
    senses = table.sub("other_senses")
    return KindWords(
        cues=cues,
        groups=groups,
        venues=tuple(word.lower() for word in venue.strings("starts")),
        venue_before=venue.pattern("before"),
        **{name: table.pattern(name) for name in _WORD_PATTERNS},
        senses=OtherSenses(
            hints=tuple(word.lower() for word in senses.strings("hints")),
            other=senses.pattern("other"),
            channel_hint=senses.text("channel_hint").lower(),
            channel=senses.pattern("channel"),
        ),
    )
