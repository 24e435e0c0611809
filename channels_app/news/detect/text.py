"""Sentences and their segments (main clause, or a clause of cause, time, condition ...)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’]?\s+(?=[\"“‘(]?[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Z]\.){1,3}|\b(?:Mr|Mrs|Ms|Dr|Gen|Adm|Lt|Col|Sen|Rep|Gov|St|No|vs|Jan|Feb|Mar"
    r"|Apr|Aug|Sept|Sep|Oct|Nov|Dec|Corp|Inc|Co)\.)$"
)
_ABBREVIATION_MAX = 6  # characters in the longest ("U.S.A."); \b still sees the one before

# Words that open a subordinate segment, and what it is. A subordinate segment runs to the
# next comma; "but", "while", ";" and dashes open a new main segment.
_BOUNDARY = re.compile(
    r"(?P<cause>\b(?:in response to|in retaliation (?:for|against)|in protest (?:at|against|over)"
    r"|after|following|because(?: of)?|due to)\b)"
    r"|(?P<background>\b(?:amid|(?<!such )(?<!well )(?<!same )(?<!\bso )as(?! (?:well|part"
    r"|a result|long|soon|far|much|many|of|to|if|though|usual|expected|planned|agreed|such)\b))\b)"
    r"|(?P<retro>\b(?:since)\b)"
    r"|(?P<condition>\b(?:if|unless|provided that|once(?! (?:again|more)))\b)"
    r"|(?P<time>\buntil\b)"
    r"|(?P<relative>\b(?:which|who|whose)\b)"
    r"|(?P<main>\b(?:but|while|whereas|although|though)\b|[;:—–(]|\s-\s)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    role: str  # main, cause, background, retro, condition, time, relative

    @property
    def is_main(self) -> bool:
        return self.role in ("main", "time", "background")


def split_sentences(text: str) -> list[str]:
    pieces: list[str] = []
    for piece in _SENTENCE_END.split(text.strip()):
        # Only the end can match: searched from there, not scanned from the start.
        if pieces and _ABBREVIATION.search(pieces[-1], len(pieces[-1]) - _ABBREVIATION_MAX):
            pieces[-1] = f"{pieces[-1]} {piece}"
        elif piece:
            pieces.append(piece)
    return pieces


def segments(sentence: str) -> list[Segment]:
    """The sentence cut at clause boundaries; each character belongs to one segment."""
    cuts: list[tuple[int, str]] = [(0, "main")]
    for match in _BOUNDARY.finditer(sentence):
        role = match.lastgroup or "main"
        cuts.append((match.start(), role))
        if role != "main":
            comma = sentence.find(",", match.end())
            if comma != -1:
                cuts.append((comma + 1, "main"))
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
