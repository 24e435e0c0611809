"""Reading one sentence: where the cues are, which channel each is about, and how it is put."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from . import kinds as kd
from . import lexicon as lx
from . import markers as mk
from .gazetteer import trie_pattern
from .model import Modality
from .text import Segment

_WINDOW_STOP = re.compile(r"[,;]|\band to\b|\band (?:also )?(?:said|says)\b", re.IGNORECASE)
_PASSIVE = re.compile(
    r"\b(?:is|are|was|were|be|been|being|get|gets|got)\s+(?:\w+ly\s+)?$", re.IGNORECASE
)
_ACRONYM_BEFORE = re.compile(r"(?:sidelines of (?:the |an? )?\S*|\b[A-Z0-9]{2,}-?)\s*$")
_BROADCASTING = re.compile(r"\b(?:broadcaster|television|viewers|programming)\b", re.IGNORECASE)
_ANY_CHANNEL = re.compile(r"\bchannels?\b", re.IGNORECASE)
_GENERIC_DIPLOMATIC = re.compile(
    r"\b(?:ties|relations|contacts?|communications?|lines|channels?|missions?|liaison|talks"
    r"|negotiations|dialogue|meetings?|summit|treat(?:y|ies)|agreements?|pacts?|accords?"
    r"|offices?|visits?)\b",
    re.IGNORECASE,
)
_TALKS = re.compile(r"\b(?:talks|negotiations|dialogue|consultations)\b", re.IGNORECASE)
_SPORT = re.compile(
    r"\b(?:final|semi-?finals?|quarter-?finals?|match|matches|game|cup|tournament|league"
    r"|qualifiers?|football|soccer|cricket|tennis|rugby|olympics?|world cup|striker|coach)\b",
    re.IGNORECASE,
)
_GROUP_NAME = re.compile(r"([a-z]+)(\d)_\d+$")
_WINDOW_WORDS = 12


@dataclass(frozen=True)
class Hit:
    """One cue found in a sentence."""

    cue: lx.Cue
    start: int
    end: int


@dataclass(frozen=True)
class Reading:
    """What one cue says: the kinds it is about (and whether the sentence named them)."""

    hit: Hit
    kinds: tuple[str, ...]
    explicit: bool
    scope: str  # the text the channel was read from, for state alternatives and sectors


def about_broadcasting(text: str) -> bool:
    return bool(_BROADCASTING.search(text))


def clean(sentence: str, *, broadcasting: bool = False) -> str:
    """The sentence with other senses of "channel" (and "line") blanked, offsets unchanged;
    in an article `about_broadcasting`, every "channel" is a TV channel."""
    low = sentence.lower()
    if "channel" not in low and "line" not in low:
        return sentence
    text = kd.OTHER_CHANNELS.sub(lambda m: " " * len(m.group()), sentence)
    if broadcasting:
        text = _ANY_CHANNEL.sub(lambda m: " " * len(m.group()), text)
    return text


def find_hits(text: str, cues: Iterable[lx.Cue] | None = None) -> list[Hit]:
    """Cues in `text`; where two overlap the one that starts first (then the longer) wins.
    Only the cues whose trigger words occur are tried, unless `cues` says which."""
    found = [
        Hit(cue, m.start(), m.end())
        for cue in (_triggered(text) if cues is None else cues)
        for m in cue.pattern.finditer(text)
        if _allowed(cue, text, m)
    ]
    found.sort(key=lambda hit: (hit.start, hit.start - hit.end))
    kept: list[Hit] = []
    for hit in found:
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
    return kept


def _triggered(text: str) -> list[lx.Cue]:
    pattern, cues_for = _triggers()
    found = {index for m in pattern.finditer(text) for index in cues_for[m.group().lower()]}
    return [lx.CUES[index] for index in sorted(found)]  # in lexicon order, as ties go


@functools.cache
def _triggers() -> tuple[re.Pattern[str], dict[str, frozenset[int]]]:
    """One pattern for every cue's first words, and for each word the cues it may start, by
    their index in `lx.CUES` (those of the word and of its prefixes: "talks" may start "talks
    by phone" too)."""
    by_key: dict[str, set[int]] = {}
    for index, cue in enumerate(lx.CUES):
        for key in lx.TRIGGERS.get(cue.name, ()):
            by_key.setdefault(key, set()).add(index)
    cues_for = {
        key: frozenset(n for other, names in by_key.items() if key.startswith(other) for n in names)
        for key in by_key
    }
    return re.compile(rf"(?<!\w)(?:{trie_pattern(by_key)})", re.IGNORECASE), cues_for


def _allowed(cue: lx.Cue, text: str, match: re.Match[str]) -> bool:
    before, after = text[: match.start()], text[match.end() :]
    if cue.unless_before and cue.unless_before.search(before[-40:]):
        return False
    return not (cue.unless_after and cue.unless_after.search(after[:40]))


# --- kinds -------------------------------------------------------------------------------


def kinds_in(text: str, *, actors: bool = False) -> tuple[set[str], int]:
    """The kinds `text` names at its most specific level (2 topic, 1 default, 0 actor)."""
    kinds, level = _kinds_in(text, actors)
    return set(kinds), level


@functools.lru_cache(maxsize=1024)  # a clause is read once per cue in it
def _kinds_in(text: str, actors: bool) -> tuple[frozenset[str], int]:
    by_level: dict[int, set[str]] = {2: set(), 1: set(), 0: set()}
    for match in kd.KIND_CUES.finditer(text):
        name = match.lastgroup or ""
        if match.group().lower().startswith("summit") and _ACRONYM_BEFORE.search(
            text[: match.start()]
        ):
            continue  # "the APEC summit" is a venue, not a bilateral channel
        parsed = _GROUP_NAME.match(name)
        if parsed:
            by_level[int(parsed.group(2))].add(parsed.group(1))
    for level in (2, 1, 0) if actors else (2, 1):
        if by_level[level]:
            return frozenset(by_level[level]), level
    return frozenset(), -1


def _window_right(text: str, start: int, limit: int) -> str:
    chunk = text[start:limit]
    stop = _WINDOW_STOP.search(chunk)
    if stop:
        chunk = chunk[: stop.start()]
    return " ".join(chunk.split()[:_WINDOW_WORDS])


def _window_left(text: str, floor: int, end: int) -> str:
    chunk = text[floor:end]
    cut = max(chunk.rfind(","), chunk.rfind(";"))
    reports = list(mk.REPORTING.finditer(chunk))
    cut = max(cut, reports[-1].end() - 1 if reports else -1)
    if cut != -1:
        chunk = chunk[cut + 1 :]
    return " ".join(chunk.split()[-_WINDOW_WORDS:])


@dataclass(frozen=True)
class Around:
    """What the rest of the article says, for a cue whose own clause names no kind.

    `topics`: kinds the article names elsewhere ("cut all communication lines" after a
    summary about the liaison office and military lines), read by `read_topics` only when
    a cue needs them (it reads every sentence); `hints`: kinds of the people and
    institutions named in the cue's own clause ("Hegseth", "the Pentagon"); `bilateral`: the
    clause names both sides, so a meeting in it is between their governments.
    """

    read_topics: Callable[[], frozenset[str]] = frozenset
    hints: frozenset[str] = frozenset()
    bilateral: bool = False

    @property
    def topics(self) -> frozenset[str]:
        return self.read_topics()


def read_hit(
    text: str, hit: Hit, seg: Segment, neighbours: tuple[int, int], around: Around
) -> Reading | None:
    """The channel a cue is about, from the words around it; None when it names no channel.
    `neighbours` bound the windows at the previous cue's end and the next cue's start."""
    prev_end, next_start = neighbours
    own = text[hit.start : hit.end]
    right = own + " " + _window_right(text, hit.end, min(seg.end, next_start))
    left = _window_left(text, max(seg.start, prev_end), hit.start) + " " + own
    shape = hit.cue.shape
    if shape == "contact":
        return _contact_reading(text, hit, seg, around)
    if shape == "subject" or (shape == "object" and _PASSIVE.search(text[: hit.start])):
        first, second = left, right
    elif shape == "self":
        first, second = right, left
    else:  # a headline's participle looks back: "Iran's embassy in Baku closed"
        first, second = right, left
    return _object_reading(hit, (first, second), text[seg.start : seg.end], around)


def _object_reading(
    hit: Hit, windows: tuple[str, str], clause: str, around: Around
) -> Reading | None:
    scope = next((w for w in windows if kd.CHANNEL_NOUNS.search(w)), None)
    if scope is None:
        return None
    kinds, _ = kinds_in(scope)
    if kinds:
        return Reading(hit, tuple(sorted(kinds)), True, scope)
    if not hit.cue.fallback:
        return None
    for source in (windows[0] + " " + windows[1], clause):
        kinds, _ = kinds_in(source)
        if kinds:
            return Reading(hit, tuple(sorted(kinds)), False, scope)
    kinds = set(around.topics)
    if not kinds and _GENERIC_DIPLOMATIC.search(scope):
        kinds = {kd.DIPLOMATIC}
    return Reading(hit, tuple(sorted(kinds)), False, scope) if kinds else None


def _contact_reading(text: str, hit: Hit, seg: Segment, around: Around) -> Reading | None:
    clause = text[seg.start : seg.end]
    if _SPORT.search(text):
        return None  # "Brazil and Argentina meet in the final"
    kinds, level = kinds_in(clause, actors=True)
    if level >= 1:
        return Reading(hit, tuple(sorted(kinds)), level == 2, clause)
    kinds = set(around.hints) or kinds  # "He Lifeng" says more than "vice premier"
    if not kinds and around.bilateral:
        # Two governments meeting on a subject the clause does not name: the article's
        # subject, else diplomatic. Without both sides in the clause ("officials met"), no.
        kinds = set(around.topics) or {kd.DIPLOMATIC}
    return Reading(hit, tuple(sorted(kinds)), False, clause) if kinds else None


def state_of(reading: Reading, kind: str) -> str:
    cue = reading.hit.cue
    state = next((alt for pat, alt in cue.alternatives if pat.search(reading.scope)), cue.state)
    if kind == kd.TRADE and (state == lx.SUSPENDED or cue.name == "cut"):
        sector = kd.SECTOR.search(reading.scope) and not _TALKS.search(reading.scope)
        return lx.LIMITED if sector else lx.SUSPENDED
    return state


# --- modality ----------------------------------------------------------------------------


def modality_of(
    text: str, hit: Hit, seg: Segment, later: Iterable[Segment], next_start: int
) -> Modality:
    """How the sentence puts the cue: the markers read in its clause before it, a clause of
    condition after it, and a past date right after it ("cut off last year")."""
    if seg.role in ("retro", "cause"):
        return Modality.RETROSPECTIVE
    prefix = _since_last_report(text[seg.start : hit.start])
    if not hit.cue.negative and mk.NEGATION.search(prefix):
        return Modality.DENIAL
    if hit.cue.shape in ("self", "contact"):  # "a meeting could take place" is one cue
        prefix = f"{prefix} {text[hit.start : hit.end]}"
    for marker, modality in (
        (mk.DENIAL, Modality.DENIAL),
        (mk.THREAT, Modality.THREAT),
        (mk.SPECULATION, Modality.SPECULATION),
    ):
        if marker.search(prefix):
            return modality
    if seg.role == "condition" or text.rstrip().endswith("?"):
        return Modality.SPECULATION
    if mk.REVERSAL.search(prefix):
        return Modality.RETROSPECTIVE
    intent = bool(mk.INTENT.search(prefix) or mk.TO_BEFORE.search(prefix))
    if intent and any(s.role == "condition" for s in later):
        return Modality.SPECULATION if hit.cue.state == lx.OPEN else Modality.THREAT
    if not intent and _looks_back(text[hit.end : min(next_start, hit.end + 40)], prefix):
        return Modality.RETROSPECTIVE
    return Modality.INTENT if intent else Modality.ACT


def _since_last_report(prefix: str) -> str:
    reports = list(mk.REPORTING.finditer(prefix))
    return prefix[reports[-1].end() :] if reports else prefix


def _looks_back(after: str, prefix: str) -> bool:
    return bool(
        mk.PLUPERFECT.search(prefix) or mk.EARLIER.search(prefix) or mk.PAST_TIME.search(after)
    )
