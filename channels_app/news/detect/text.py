"""Sentences and their segments (main clause, or a clause of cause, time, condition ...), by
a language's `text.toml` (where sentences end) and `clauses.toml` (what opens a clause)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .patterns import Table, compile_pattern, expand, whole_words

# What a clause is: "main" (and "time", "background") carry the sentence's news; "cause",
# "retro" look back, "condition" is not yet, "relative" is about something named before.
ROLES = ("main", "cause", "background", "retro", "condition", "time", "relative")


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    role: str  # one of ROLES

    @property
    def is_main(self) -> bool:
        return self.role in ("main", "time", "background")


@dataclass(frozen=True, eq=False)
class Splitter:
    """Where sentences end: `end` between them, unless the piece before ends in an
    `abbreviation` (searched only in its last `window` characters); `questions`: the marks
    that end a question."""

    end: re.Pattern[str]
    abbreviation: re.Pattern[str]
    window: int
    questions: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Clauses:
    """`boundary` finds the words that open a segment, one named group per role: a
    subordinate segment runs to the next comma; a "main" boundary ("but", ";", a dash) opens
    a new main segment, except the mark that ends a headline's `lead` ("Japan-Mexico: ...").
    `window_stop` ends the words read after a cue; `passive` before it ("was cut") makes an
    object cue read its channel from the left."""

    boundary: re.Pattern[str]
    window_stop: re.Pattern[str]
    passive: re.Pattern[str]
    lead: re.Pattern[str]  # a headline's lead ("A-B:"): the mark that ends it cuts nothing
    comma: str  # ends a subordinate segment
    stops: tuple[str, ...]  # end the words read before a cue


def read_splitter(table: Table) -> Splitter:
    abbreviations = table.sub("abbreviations")
    words = abbreviations.strings("words")
    initials = expand(abbreviations.text("initials"))
    window = abbreviations.number("window", 1, 40)
    if window < max(len(word) + 1 for word in words):
        raise abbreviations.error("window", "shorter than the longest abbreviation and its dot")
    source = rf"(?:{initials}|\b(?:{'|'.join(re.escape(w) for w in words)})\.)$"
    return Splitter(
        end=table.pattern("sentence_end"),
        abbreviation=compile_pattern(abbreviations, source, 0),
        window=int(window),
        questions=tuple(table.strings("question_marks")),
    )


def read_clauses(table: Table) -> Clauses:
    groups, seen = [], set()
    for entry in table.subs("boundaries"):
        role = entry.choice("role", ROLES)
        if role in seen:
            raise entry.error("role", f"{role!r} is given twice")
        seen.add(role)
        parts = [whole_words([expand(w) for w in entry.strings("words")])]
        parts += [expand(mark) for mark in entry.strings("marks")] if entry.has("marks") else []
        groups.append(f"(?P<{role}>{'|'.join(parts)})")
    return Clauses(
        boundary=compile_pattern(table, "|".join(groups), re.IGNORECASE),
        window_stop=table.pattern("window_stop"),
        passive=table.pattern("passive"),
        lead=table.pattern("lead"),
        comma=table.text("comma"),
        stops=tuple(table.strings("stops")),
    )


def split_sentences(text: str, splitter: Splitter) -> list[str]:
    pieces: list[str] = []
    for piece in splitter.end.split(text.strip()):
        # Only the end can match: searched from there, not scanned from the start.
        if pieces and splitter.abbreviation.search(pieces[-1], len(pieces[-1]) - splitter.window):
            pieces[-1] = f"{pieces[-1]} {piece}"
        elif piece:
            pieces.append(piece)
    return pieces


def segments(sentence: str, clauses: Clauses) -> list[Segment]:
    """The sentence cut at clause boundaries; each character belongs to one segment."""
    cuts: list[tuple[int, str]] = [(0, "main")]
    lead = clauses.lead.match(sentence)
    for match in clauses.boundary.finditer(sentence):
        role = match.lastgroup or "main"
        if lead and match.start() < lead.end() <= match.end():
            continue  # "Japan-Mexico trade talks: first round ends": one clause
        cuts.append((match.start(), role))
        if role != "main":
            comma = sentence.find(clauses.comma, match.end())
            if comma != -1:
                cuts.append((comma + len(clauses.comma), "main"))
    cuts.sort(key=lambda cut: cut[0])
    result: list[Segment] = []
    for index, (start, role) in enumerate(cuts):
        end = cuts[index + 1][0] if index + 1 < len(cuts) else len(sentence)
        if end > start:
            result.append(Segment(start, end, role))
    return result


def segment_at(segs: list[Segment], position: int) -> Segment:
    for seg in segs:
        if seg.start <= position < seg.end:
            return seg
    return segs[-1]
