"""Reading one sentence: where the cues are, which channel each is about, and how it is put."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import kinds as kd
from . import lexicon as lx
from .kinds import KindWords
from .literals import search
from .markers import Markers
from .model import Modality
from .text import Clauses, Segment

if TYPE_CHECKING:
    from .language import Language

_WINDOW_WORDS = 12
_AROUND = 80  # characters read before / after a cue for its exceptions and a past time


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
    partial: bool = False  # the sentence says the rest goes on: a suspension is limited
    # Where the scope is: "right" starts at the cue, "left" ends at it, "clause" around it.
    scope_side: str = "clause"


def clean(sentence: str, senses: kd.OtherSenses, *, broadcasting: bool = False) -> str:
    """The sentence with other senses of "channel" (and "line") blanked, offsets unchanged;
    in an article about broadcasting, every "channel" is a TV channel."""
    low = sentence.lower()
    for hint in senses.hints:  # most sentences have none: a substring test, not a search
        if hint in low:
            break
    else:
        return sentence
    text = senses.other.sub(lambda m: " " * len(m.group()), sentence)
    if broadcasting:
        text = senses.channel.sub(lambda m: " " * len(m.group()), text)
    return text


def find_hits(text: str, cues: lx.Cues, only: Iterable[lx.Cue] | None = None) -> list[Hit]:
    """Cues in `text`; where two overlap the one that starts first (then the longer) wins.
    Only the cues whose trigger words occur are tried, unless `only` says which."""
    found = [
        Hit(cue, m.start(), m.end())
        for cue in (cues.triggered(text) if only is None else only)
        for m in cue.pattern.finditer(text)
        if _allowed(cue, text, m)
    ]
    found.sort(key=lambda hit: (hit.start, hit.start - hit.end))
    kept: list[Hit] = []
    for hit in found:
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
    return kept


def _allowed(cue: lx.Cue, text: str, match: re.Match[str]) -> bool:
    before, after = text[: match.start()], text[match.end() :]
    if cue.unless_before and cue.unless_before.search(before[-_AROUND:]):
        return False
    return not (cue.unless_after and cue.unless_after.search(after[:_AROUND]))


# --- kinds -------------------------------------------------------------------------------


def kinds_in(text: str, words: KindWords, *, actors: bool = False) -> tuple[set[str], int]:
    """The kinds `text` names at its most specific level (2 topic, 1 default, 0 actor)."""
    kinds, level = _kinds_in(text, words, actors)
    return set(kinds), level


@functools.lru_cache(maxsize=1024)  # a clause is read once per cue in it
def _kinds_in(text: str, words: KindWords, actors: bool) -> tuple[frozenset[str], int]:
    by_level = _by_level(text, words)
    for level in (2, 1, 0) if actors else (2, 1):
        if by_level[level]:
            return by_level[level], level
    return frozenset(), -1


@functools.lru_cache(maxsize=1024)
def _by_level(text: str, words: KindWords) -> dict[int, frozenset[str]]:
    by_level: dict[int, set[str]] = {2: set(), 1: set(), 0: set()}
    for match in words.cues.finditer(text):
        if match.group().lower().startswith(words.venues) and words.venue_before.search(
            text[: match.start()]
        ):
            continue  # "the APEC summit" is a venue, not a bilateral channel
        kind, level = words.groups[match.lastgroup or ""]
        by_level[level].add(kind)
    return {level: frozenset(kinds) for level, kinds in by_level.items()}


def _leaders_meet(clause: str, around: Around, words: KindWords) -> bool:
    """The people meeting are leaders or diplomats only ("the two leaders met", "Macron and
    Albanese"): their meeting is no military channel, whatever defence topics it covered.
    Not when the clause names a minister or a force of a topic."""
    actors = _by_level(clause, words)[0] | around.hints
    return actors == {kd.DIPLOMATIC} and not words.specialists.search(clause)


def _window_right(text: str, start: int, limit: int, clauses: Clauses) -> str:
    chunk = text[start:limit]
    stop = clauses.window_stop.search(chunk)
    if stop:
        chunk = chunk[: stop.start()]
    return " ".join(chunk.split()[:_WINDOW_WORDS])


def _window_left(text: str, floor: int, end: int, lang: Language) -> str:
    chunk = text[floor:end]
    cut = max(map(chunk.rfind, lang.clauses.stops))
    reports = list(lang.markers.reporting.finditer(chunk))
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
    clause names both sides, so a meeting in it is between their governments; `read_unmet`:
    whether the article says the sides held no bilateral meeting (`no_meeting`: "in Islamabad
    for the SCO meeting, no bilateral talks planned"), read only for a meeting.
    """

    read_topics: Callable[[], frozenset[str]] = frozenset
    hints: frozenset[str] = frozenset()
    # The kinds of the bilateral treaties named by name in the cue's clause ("New START",
    # "the Indus Waters Treaty"): what the treaty is, said more surely than "accords".
    treaties: frozenset[str] = frozenset()
    read_bilateral: Callable[[], bool] = bool  # asked only for a meeting with no kind named
    read_unmet: Callable[[], bool] = bool

    @property
    def topics(self) -> frozenset[str]:
        return self.read_topics()

    @property
    def bilateral(self) -> bool:
        return self.read_bilateral()


def read_hit(
    text: str, hit: Hit, seg: Segment, neighbours: tuple[int, int], around: Around, lang: Language
) -> Reading | None:
    """The channel a cue is about, from the words around it; None when it names no channel.
    `neighbours` bound the windows at the previous cue's end and the next cue's start."""
    prev_end, next_start = neighbours
    own = text[hit.start : hit.end]
    right = own + " " + _window_right(text, hit.end, min(seg.end, next_start), lang.clauses)
    left = _window_left(text, max(seg.start, prev_end), hit.start, lang) + " " + own
    shape = hit.cue.shape
    words = lang.kinds
    reading: Reading | None
    if shape == "contact":
        reading = _contact_reading(text, hit, seg, right, around, words)
    else:
        if shape == "subject" or (
            shape == "object" and lang.clauses.passive.search(text[: hit.start])
        ):
            first, second = left, right
        else:  # "self"; an object after the verb, or a headline's participle looking back
            first, second = right, left
        sides = ("left", "right") if first is left else ("right", "left")
        # The clause read for a kind stops at the neighbouring cues: in "suspends the treaty
        # and freezes trade", trade is what the second verb is about, not the first.
        own_clause = text[max(seg.start, prev_end) : min(seg.end, next_start)]
        reading = _object_reading(hit, (first, second), sides, own_clause, around, words)
    if reading is None or _multilateral(reading.scope, text[seg.start : seg.end], words):
        return None
    # "denounces the Kharkiv accords": the treaty's own kind, unless the cue's words name a
    # topic of their own ("the trade part of the treaty").
    treaty_kind = around.treaties and set(reading.kinds) != around.treaties
    if treaty_kind and kinds_in(reading.scope, words)[1] < 2:
        reading = dataclasses.replace(reading, kinds=tuple(sorted(around.treaties)))
    figures, partial = _sentence_says(text, words)
    if figures:
        return None  # "trade tops $500mn as the border reopening pays off": statistics
    # The step takes only part of the channel, said in the cue's own clause ("partially
    # suspends", not "a day after the other side suspended part of the accord").
    partial = partial or bool(words.partial_here.search(text, seg.start, seg.end))
    return dataclasses.replace(reading, partial=True) if partial else reading


@functools.lru_cache(maxsize=256)  # read once per sentence, not once per cue in it
def _sentence_says(text: str, words: KindWords) -> tuple[bool, bool]:
    """Whether the sentence reports trade figures, and whether it says the rest goes on."""
    return bool(words.figures.search(text)), bool(words.partial.search(text))


def _multilateral(scope: str, clause: str, words: KindWords) -> bool:
    """The channel is a gathering of more than two countries ("skips the G20 summit", "Quad
    ministers meet"), and the clause does not say the meeting was bilateral."""
    # Most scopes hold none of its words: a substring test spares the scan.
    return search(words.multilateral, scope) and not words.bilateral.search(clause)


def _object_reading(
    hit: Hit,
    windows: tuple[str, str],
    sides: tuple[str, str],
    clause: str,
    around: Around,
    words: KindWords,
) -> Reading | None:
    pairs = zip(windows, sides, strict=True)
    found = next(((w, s) for w, s in pairs if words.channel_nouns.search(w)), None)
    if found is None and around.treaties:
        # A treaty named by its initials is the channel ("suspends its termination of the
        # VFA"): the cue's own window.
        found = (windows[0], sides[0])
    if found is None:
        return None
    scope, side = found
    kinds, _ = kinds_in(scope, words)
    if kinds:
        return Reading(hit, tuple(sorted(kinds)), True, scope, scope_side=side)
    if not hit.cue.fallback:
        return None
    for source in (windows[0] + " " + windows[1], clause):
        kinds, _ = kinds_in(source, words)
        if kinds:
            return Reading(hit, tuple(sorted(kinds)), False, scope, scope_side=side)
    kinds = set(around.treaties) or set(around.topics)  # "ends the EDCA": the treaty's kind
    if not kinds and words.generic.search(scope):
        kinds = {kd.DIPLOMATIC}
    if not kinds:
        return None
    return Reading(hit, tuple(sorted(kinds)), False, scope, scope_side=side)


def _contact_reading(
    text: str, hit: Hit, seg: Segment, right: str, around: Around, words: KindWords
) -> Reading | None:
    """`right`: the cue's words and the window after them, up to the clause's end."""
    clause = text[seg.start : seg.end]
    if words.sport.search(text) or words.private.search(clause) or around.read_unmet():
        # "Brazil and Argentina meet in the final", "business leaders met", "the first to
        # visit India in twelve years ... but held no bilateral meeting"
        return None
    cue_words = text[hit.start : hit.end]
    own, own_level = kinds_in(words.outcomes.sub("", cue_words), words)
    if own_level != 2 and words.agreements.search(cue_words):
        # "signed a memorandum of understanding on defence cooperation": what the deal
        # signed is about is named right after it, and is the channel, whoever signed it.
        own, own_level = kinds_in(words.outcomes.sub("", right), words)
    if own_level == 2:  # "seal a trade deal": the topic is the cue's own
        return Reading(hit, tuple(sorted(own)), True, clause)
    kinds, level = kinds_in(clause, words, actors=True)
    if level >= 1 and _leaders_meet(clause, around, words):
        # Leaders meeting are no military channel, whatever defence topic they covered.
        civil = tuple(sorted(kinds - {kd.MILITARY})) if level == 2 else ()
        return Reading(hit, civil or (kd.DIPLOMATIC,), True, clause)
    if level >= 1:
        return Reading(hit, tuple(sorted(kinds)), level == 2, clause)
    if words.agreements.search(text[hit.start : hit.end]) and around.topics:
        # "Marape and Albanese signed the Pukpuk Treaty": what the article says the treaty
        # is about (a defence treaty) says more than who signed it.
        return Reading(hit, tuple(sorted(around.topics)), False, clause)
    kinds = set(around.hints) or kinds  # "He Lifeng" says more than "vice premier"
    if not kinds and around.bilateral:
        # Two governments meeting on a subject the clause does not name: the article's
        # subject, else diplomatic. Without both sides in the clause ("officials met"), no.
        kinds = set(around.topics) or {kd.DIPLOMATIC}
    return Reading(hit, tuple(sorted(kinds)), False, clause) if kinds else None


def state_of(reading: Reading, kind: str, words: KindWords) -> str:
    cue = reading.hit.cue
    state = _alternative(cue, reading.scope, reading.scope_side)
    # One sector's deal ended ("cancels its gas supply deal") halts that sector, not trade.
    if kind == kd.TRADE and (state in (lx.SUSPENDED, lx.SEVERED) or cue.sector_graded):
        sector = words.sector.search(reading.scope) and not words.whole.search(reading.scope)
        state = lx.LIMITED if sector else state
    if reading.partial and state in (lx.SUSPENDED, lx.SEVERED):
        return lx.LIMITED  # "halts deliveries; other trade is not affected"
    return state


def _alternative(cue: lx.Cue, scope: str, side: str) -> str:
    """The state of the channel named nearest the cue: in "suspended the work of its embassy
    and flew its diplomats home" the embassy is what is suspended, not the envoys; in
    "orders Israel's trade office closed", the office. Read around the cue (a meeting's
    clause), and for two alternatives at one place, the one listed first."""
    found = []
    for order, (pattern, state) in enumerate(cue.alternatives):
        matches = list(pattern.finditer(scope))
        if not matches:
            continue
        if side == "right":
            distance = matches[0].start()
        elif side == "left":
            distance = len(scope) - matches[-1].end()
        else:
            distance = 0
        found.append((distance, order, state))
    return min(found)[2] if found else cue.state


# --- modality ----------------------------------------------------------------------------


def modality_of(
    text: str, hit: Hit, seg: Segment, later: Iterable[Segment], next_start: int, lang: Language
) -> Modality:
    """How the sentence puts the cue: the markers read in its clause before it, a clause of
    condition after it, and a past date right after it ("cut off last year")."""
    if seg.role in ("retro", "cause"):
        return Modality.RETROSPECTIVE
    mk = lang.markers
    before = _since_last_report(text[seg.start : hit.start], mk)
    if not hit.cue.negative and mk.negation.search(before):
        return Modality.DENIAL
    prefix = before
    if hit.cue.shape in ("self", "contact"):  # "a meeting could take place" is one cue
        prefix = f"{before} {text[hit.start : hit.end]}"
    for marker, modality in ((mk.denial, Modality.DENIAL), (mk.threat, Modality.THREAT)):
        if marker.search(prefix):
            return modality
    # The cue's own words name its topic ("talks on reviving the deal got under way"): of
    # them only a modal makes it speculation ("a meeting could take place").
    # A cue that carries its own negation ("went unanswered") is about a request: of the
    # speculation words before it only a modal counts ("his request ... went unanswered").
    speculation = mk.modal_inside if hit.cue.negative else mk.speculation
    if speculation.search(before) or (
        prefix is not before and mk.modal_inside.search(text[hit.start : hit.end])
    ):
        return Modality.SPECULATION
    if seg.role == "condition" or text.rstrip().endswith(lang.splitter.questions):
        return Modality.SPECULATION
    to_before = bool(mk.to_before.search(before))
    if (to_before and mk.purpose.search(before)) or _noun_with_modal(
        text, hit, seg, next_start, mk
    ):
        return Modality.SPECULATION  # "visits X to relaunch ties", "a thaw could lead to"
    if mk.reversal.search(before):
        return Modality.RETROSPECTIVE  # "the 1987 accord" inside a cue is no reversal
    intent = to_before or bool(mk.intent.search(prefix))
    if intent and any(s.role == "condition" for s in later):
        return Modality.SPECULATION if hit.cue.state == lx.OPEN else Modality.THREAT
    if intent and mk.not_in_office.search(text[: hit.start]):
        return Modality.SPECULATION  # what a president-elect "will" do is a plan
    after = text[hit.end : min(next_start, hit.end + _AROUND)]
    planned = intent or bool(mk.future_time.search(after))  # "first visit next month"
    if planned and hit.cue.shape == "contact" and not mk.agreed.search(prefix):
        return Modality.SPECULATION  # a meeting only planned is no contact yet
    reported = before != text[seg.start : hit.start]  # "said it had cut": what it did
    # An intent read only in the cue's own words ("agreed") is dated like an act: "agreed
    # the outline of a deal between 2004 and 2007" looks back.
    said_before = to_before or bool(mk.intent.search(before))
    if not said_before and _looks_back(after, before, mk):
        if reported and mk.pluperfect.search(before) and not _earlier(text, hit, next_start, mk):
            return Modality.ACT
        return Modality.RETROSPECTIVE
    return Modality.INTENT if intent else Modality.ACT


def _noun_with_modal(text: str, hit: Hit, seg: Segment, next_start: int, mk: Markers) -> bool:
    """A cue used as a noun and put by a modal after it: "a thaw could lead to ..."."""
    if not mk.noun_before.search(text[seg.start : hit.start]):
        return False
    return bool(mk.modal_after.search(text[hit.end : min(seg.end, next_start)]))


def _since_last_report(prefix: str, mk: Markers) -> str:
    aside = mk.aside.search(prefix)
    if aside:  # "X will visit, Xinhua said, the first trip": the aside is left out
        prefix = f"{prefix[: aside.start()]} {prefix[aside.end() :]}"
    reports = list(mk.reporting.finditer(prefix))
    return prefix[reports[-1].end() :] if reports else prefix


def _earlier(text: str, hit: Hit, next_start: int, mk: Markers) -> bool:
    after = text[hit.end : min(next_start, hit.end + _AROUND)]
    return bool(mk.earlier.search(text[: hit.start]) or mk.past_time.search(after))


def _looks_back(after: str, prefix: str, mk: Markers) -> bool:
    return bool(
        mk.pluperfect.search(prefix) or mk.earlier.search(prefix) or mk.past_time.search(after)
    )
