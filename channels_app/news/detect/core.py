"""`detect(title, summary)`: read an article sentence by sentence and keep the strongest
reading per (pair, kind)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any, Generic, TypeVar, overload

from django.utils import timezone

from .actors import TREATY
from .features import (
    ArticleFacts,
    SentenceFacts,
    article_features,
    markers_in,
    one_pair_read,
    sentence_features,
    side_features,
    word_features,
    year_named,
)
from .gazetteer import name_words
from .language import Language, load_language
from .literals import search
from .model import PROPOSING, Detection, Explanation, Modality
from .parties import (
    Mention,
    Pair,
    Sides,
    codes_of,
    cue_sides,
    find_mentions,
    group_pairs,
    pair_with,
    pairs_across,
    recased,
    unread_pairs,
)
from .rules import (
    Around,
    Hit,
    Reading,
    clean,
    find_hits,
    kinds_in,
    modality_of,
    read_hit,
    state_of,
)
from .text import Segment, segment_at, segments, split_sentences

_BLANK = re.compile(r"\w")  # a letter of a name the markers must not read
_MAX_SENTENCES = 20  # a summary is a paragraph; a whole article pasted in is read in part
# How sure the parties are, by where they were found.
_PARTY_SCORE = {"clause": 0.1, "sentence": 0.05, "context": 0.0, "weak": -0.1}


_T = TypeVar("_T")


class _cached(Generic[_T]):  # a decorator, named as functools.cached_property is
    """`functools.cached_property` without its lock: on Python 3.11 it takes one on every
    first read, which costs more than most of what is read here. The objects it reads are
    one article's, in one thread."""

    def __init__(self, func: Callable[[Any], _T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> _cached[_T]: ...

    @overload
    def __get__(self, obj: object, owner: type | None = None) -> _T: ...

    def __get__(self, obj: object, owner: type | None = None) -> _T | _cached[_T]:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


@dataclass
class _Sentence:
    raw: str  # as written: the evidence quotes it
    read_as: str  # what is read: `raw`, or `raw` in sentence case when in capitals
    is_title: bool
    mentions: list[Mention]
    article: _Article = field(repr=False)

    @classmethod
    def read(
        cls, raw: str, read_as: str, *, is_title: bool, korea: bool, article: _Article
    ) -> _Sentence:
        return cls(raw, read_as, is_title, _mentions(read_as, korea, article.day), article)

    # Read only for articles that name a pair: most of a feed stops at the mentions.
    @_cached
    def text(self) -> str:
        senses = self.article.lang.kinds.senses
        return clean(self.read_as, senses, broadcasting=self.article.broadcasting)

    @_cached
    def segs(self) -> list[Segment]:
        return segments(self.text, self.article.lang.clauses)

    @_cached
    def hits(self) -> list[Hit]:
        return find_hits(self.text, self.article.lang.cues)

    @_cached
    def markers(self) -> tuple[str, ...]:
        """The markers anywhere in the sentence: read once, whichever of its cues asks."""
        return markers_in(self.for_markers, self.article.lang.markers)

    @_cached
    def for_markers(self) -> str:
        """The text with the names of people blanked out (same length, so the offsets hold):
        the markers are read in it, so that a surname is never read as a word of the
        language ("Theresa May expels ...", where "May" is no modal)."""
        text = self.text
        for m in self.mentions:
            if m.named_as == "person":
                text = text[: m.start] + _BLANK.sub("X", text[m.start : m.end]) + text[m.end :]
        return text

    def strong(self) -> list[Mention]:
        return [m for m in self.mentions if not m.weak]

    def in_main(self, mentions: list[Mention]) -> list[Mention]:
        return [m for m in mentions if segment_at(self.segs, m.start).is_main]

    @_cached
    def sides(self) -> list[Sides]:
        """The sides of each cue, by the clause structure (`parties.cue_sides`)."""
        stop = self.article.lang.clauses.window_stop
        spans = []
        for hit in self.hits:
            end = segment_at(self.segs, hit.start).end
            found = stop.search(self.text, hit.end, end)
            spans.append((hit.start, hit.end, found.start() if found else end))
        contact = [hit.cue.shape == "contact" for hit in self.hits]
        return cue_sides(self.text, self.mentions, spans, contact=contact)

    def pairs(self) -> list[Pair]:
        """The pairs the sentence is about by itself: those its cues' clauses name, else (a
        sentence with no cue, or whose cues name no side) those its names make, main clause
        first."""
        if self.hits:
            found = [pair for sides in self.sides for pair in sides.pairs()]
            found += unread_pairs(self.text, self.mentions, self.sides)
            if found or any(s.subject or s.object or s.blocked for s in self.sides):
                return list(dict.fromkeys(found))
        for scope in (self.in_main(self.strong()), self.strong()):
            if len(codes_of(scope)) >= 2:
                return group_pairs(scope, self.text)
        return []


@dataclass(eq=False)
class _Article:
    """What is read from the article as a whole (whether it is about broadcasting, whether
    it looks back) only when a cue asks: most articles have none."""

    title: str
    whole: str
    lang: Language
    published: date | None

    @_cached
    def broadcasting(self) -> bool:
        # It only changes how a sentence that says "channel" is cleaned.
        senses = self.lang.kinds.senses
        return senses.channel_hint in self.whole.lower() and bool(
            self.lang.articles.broadcasting.search(self.whole)
        )

    @_cached
    def day(self) -> date:
        """The day office-holders are read for: the publication's, else today (read once)."""
        return self.published or timezone.now().date()

    @_cached
    def looks_back(self) -> bool:
        return bool(self.lang.articles.looks_back.search(self.title))

    @_cached
    def unmet(self) -> bool:
        """The article says the sides held no bilateral meeting: a visit in it is none."""
        return bool(self.lang.kinds.no_meeting.search(self.whole))


def _mentions(sentence: str, korea: bool, day: date) -> list[Mention]:
    """The one place the detector asks who a sentence names; `day` (the article's date, or
    today) decides who held an office."""
    return find_mentions(sentence, korea=korea, on=day)


@dataclass
class _Item:
    sentences: list[_Sentence]
    article: _Article

    @classmethod
    def read(cls, title: str, summary: str, lang: Language, published: date | None) -> _Item:
        article = _Article(title, f"{title} {summary}", lang, published)
        titled = bool(title.strip())
        raws = [title] if titled else []
        raws += split_sentences(summary, lang.splitter)[:_MAX_SENTENCES]
        # Each as written and as read (in sentence case if written in capitals only): the
        # same length, so offsets into the one index the other.
        read = [recased(raw, on=article.day) for raw in raws]
        korea = search(lang.articles.korea, article.whole) or any(
            search(lang.articles.korea, r) for r, raw in zip(read, raws, strict=True) if r != raw
        )
        sentences = [
            _Sentence.read(
                raw, read_as, is_title=titled and not index, korea=korea, article=article
            )
            for index, (raw, read_as) in enumerate(zip(raws, read, strict=True))
        ]
        return cls(sentences, article)

    def names_a_pair(self) -> bool:
        return len(codes_of(m for s in self.sentences for m in s.mentions)) >= 2

    @_cached
    def context(self) -> list[Pair]:
        return _context_pairs(self.sentences)

    @_cached
    def fallback_kinds(self) -> frozenset[str]:
        return _fallback_kinds(self.sentences)

    @_cached
    def partial_kinds(self) -> frozenset[str]:
        """The kinds a summary sentence says go on in part ("military cooperation continues
        in other areas"), read only when the title has a cue."""
        words = self.article.lang.kinds
        found: set[str] = set()
        for sentence in self.sentences:
            if not sentence.is_title and words.partial.search(sentence.text):
                kinds, level = kinds_in(sentence.text, words)
                found |= kinds if level == 2 else set()
        return frozenset(found)


def detect(
    title: str, summary: str, *, language: Language | None = None, published: date | None = None
) -> list[Detection]:
    """Every channel state the article reads as, at most one per (pair, kind): acts and
    agreed intents (which propose a change) before threats, denials, speculation and
    retrospectives, then the most confident.

    `language`: the vocabulary to read with (`load_language()`, English, by default).
    `published`: the publication date (or an aware time, read in UTC), used to resolve
    office-holders; None reads the article as of today."""
    lang = language or load_language()
    if isinstance(published, datetime):
        published = published.astimezone(UTC).date()
    item = _Item.read(title or "", summary or "", lang, published)
    if not item.names_a_pair():
        return []  # most articles in a feed end here, cheaply
    found = [d for sentence in item.sentences for d in _read_sentence(sentence, item)]
    return _strongest(found, item)


def _read_sentence(sentence: _Sentence, item: _Item) -> list[Detection]:
    detections = []
    hits = sentence.hits
    for index, hit in enumerate(hits):
        prev_end = hits[index - 1].end if index else 0
        next_start = hits[index + 1].start if index + 1 < len(hits) else len(sentence.text)
        seg = segment_at(sentence.segs, hit.start)
        lang = item.article.lang
        around = _around(sentence, seg, item)
        reading = read_hit(sentence.text, hit, seg, (prev_end, next_start), around, lang)
        if reading is None:
            continue
        if sentence.is_title and not reading.partial and item.partial_kinds & set(reading.kinds):
            # "Russia stops operating Gabala radar" over "military cooperation continues in
            # other areas": the summary says the rest of that channel goes on.
            reading = replace(reading, partial=True)
        later = [s for s in sentence.segs if s.start > hit.start]
        modality = (
            Modality.RETROSPECTIVE
            if item.article.looks_back
            else modality_of(sentence.for_markers, hit, seg, later, next_start, lang)
        )
        pairs, source = _pairs_for(sentence, seg, hit, next_start, item)
        if hit.cue.shape == "contact" and _gathering(pairs):
            continue  # "Japan, South Korea and US meet": three at one table, no pair's channel
        detections += _detections(sentence, reading, modality, pairs, source)
    return detections


def _gathering(pairs: list[Pair]) -> bool:
    """Every pair among three or more countries: they met together, as a gathering."""
    codes = {code for pair in pairs for code in pair}
    return len(codes) >= 3 and len(set(pairs)) == len(codes) * (len(codes) - 1) // 2


def _around(sentence: _Sentence, seg: Segment, item: _Item) -> Around:
    in_seg = [m for m in sentence.mentions if seg.start <= m.start < seg.end]
    return Around(
        read_topics=lambda: item.fallback_kinds,
        hints=frozenset(m.hint for m in in_seg if m.hint),
        treaties=frozenset(m.hint for m in in_seg if m.hint and m.named_as == TREATY),
        # Whether a name is weak reads the words around it: only when asked.
        read_bilateral=lambda: len(codes_of(m for m in in_seg if not m.weak)) >= 2,
        read_unmet=lambda: item.article.unmet,
    )


def _detections(
    sentence: _Sentence, reading: Reading, modality: Modality, pairs: list[Pair], source: str
) -> list[Detection]:
    """One detection per pair and kind the reading is about, each with the words that
    produced it; `confidence` is the rules' score until `_calibrated` replaces it."""
    cue = reading.hit.cue
    score = (
        cue.weight
        - 0.1
        + _PARTY_SCORE[source]
        + (0.05 if reading.explicit else -0.1)
        + (0.05 if sentence.is_title else 0.0)
    )
    confidence = round(min(0.99, max(0.05, score)), 2)
    lang = sentence.article.lang
    seg = segment_at(sentence.segs, reading.hit.start)
    strong = sentence.strong()
    facts = SentenceFacts(
        cue=cue.name,
        cue_state=cue.state,
        cue_shape=cue.shape,
        cue_weight=cue.weight,
        cue_negative=cue.negative,
        state="",
        kind="",
        modality=modality.value,
        parties_from=source,
        kind_named=reading.explicit,
        kinds_read=len(reading.kinds),
        in_title=sentence.is_title,
        role=seg.role,
        countries_in_clause=len(codes_of(m for m in strong if seg.start <= m.start < seg.end)),
        countries_in_sentence=len(codes_of(strong)),
        weak_mentions=any(m.weak for m in sentence.mentions),
        pairs_read=len(pairs),
        words=len(sentence.raw.split()),
        markers=sentence.markers,
        rule_score=confidence,
        hints=tuple(sorted({m.hint for m in strong if m.hint and seg.start <= m.start < seg.end})),
        cues_in_sentence=len(sentence.hits),
        states_in_sentence=len({hit.cue.state for hit in sentence.hits}),
    )
    detections = []
    for pair in pairs:
        for kind in reading.kinds:
            state = state_of(reading, kind, lang.kinds)
            why = Explanation(
                cue=cue.name,
                cue_words=sentence.raw[reading.hit.start : reading.hit.end],
                sides=tuple((code, _words_for(code, sentence)) for code in pair),
                parties_from=source,
                kind_from="named" if reading.explicit else "fallback",
                read_in="title" if sentence.is_title else "summary",
                rule_score=confidence,
                features={
                    **sentence_features(replace(facts, state=state, kind=kind)),
                    **side_features(_named_as(code, sentence) for code in pair),
                },
            )
            detections.append(
                Detection(
                    parties=pair,
                    kind=kind,
                    state=state,
                    modality=modality.value,
                    confidence=confidence,
                    evidence=sentence.raw.strip(),
                    explanation=why,
                )
            )
    return detections


def _named_as(code: str, sentence: _Sentence) -> str:
    """The actor type of the first words that name `code` in the sentence ("elsewhere")."""
    return next((m.named_as for m in sentence.mentions if code in m.codes), "elsewhere")


def _words_for(code: str, sentence: _Sentence) -> tuple[str, ...]:
    """The words that name `code` in the sentence (none when the side came from elsewhere)."""
    return tuple(
        dict.fromkeys(sentence.raw[m.start : m.end] for m in sentence.mentions if code in m.codes)
    )


def _pairs_for(
    sentence: _Sentence, seg: Segment, hit: Hit, next_start: int, item: _Item
) -> tuple[list[Pair], str]:
    """The pairs a cue is about: the subject and object of its clause; a side left out is
    the article's other side for the one named (or the pair a subject of two makes); with
    no side named, the article's pairs."""
    sides = sentence.sides[sentence.hits.index(hit)]
    if sides.blocked:
        return [], "clause"
    if sides.subject and sides.object:
        return sides.pairs(), "sentence" if sides.carried else "clause"
    named = sides.subject or sides.object
    if named:
        # The other side left out: the article's other side for the ones named.
        others = [
            code
            for pair in item.context
            if set(pair) & set(named)
            for code in pair
            if code not in named
        ]
        if others:
            return pairs_across(named, others), "context"
        # One side named and the article names no other: a place or a go-between is
        # no side ("Marles meets his counterpart in Singapore").
        return sides.pairs(), "clause"
    return item.context, "context"


def _context_pairs(sentences: list[_Sentence]) -> list[Pair]:
    """The pairs the article is about: the title's, else its one side with the first other
    country the summary names, else the first summary sentence that names a pair."""
    if not sentences:
        return []
    title, rest = sentences[0], sentences[1:]
    if pairs := title.pairs():
        return pairs
    if title.hits and all(sides.blocked for sides in title.sides):
        return []  # a multilateral meeting or body, or a step no state took (farmers)
    named = codes_of(title.strong())
    if len(named) == 1:
        if any(m.body for m in title.strong()):
            # One country and a multilateral body (a party, host or broker): the article is
            # about a multilateral meeting or deal ("Lavrov attends OSCE ministerial").
            return []
        # Its other side: the first the summary's clauses name, else the first it names;
        # never a go-between or venue of the title ("US-hosted talks").
        skip = set(named) | set(codes_of(m for m in title.mentions if m.weak))
        # Nor a country the summary says was left out ("Russia was not invited").
        skip |= set(codes_of(m for s in rest for m in s.mentions if m.left_out))
        in_clauses = [
            c
            for s in rest
            for sides in s.sides
            if not sides.blocked
            for c in (*sides.subject, *sides.object)
            if c not in skip
        ]
        others = in_clauses or [c for s in rest for c in codes_of(s.strong()) if c not in skip]
        if others:
            return pair_with(named[0], others[:1])
    for sentence in rest:
        if pairs := sentence.pairs():
            return pairs
    # A country the title says is left out ("talks without Russia") is no side, though the
    # summary names it again; nor one the summary says was left out ("Russia was not
    # invited").
    aside = set(codes_of(m for s in sentences for m in s.mentions if m.left_out)) - set(named)
    everyone = [c for c in codes_of(m for s in sentences for m in s.strong()) if c not in aside]
    return pair_with(everyone[0], everyone[1:]) if len(everyone) == 2 else []


def _fallback_kinds(sentences: list[_Sentence]) -> frozenset[str]:
    """Kinds for a cue whose clause names only a generic channel ("all communication lines"):
    the title's topics, else every topic the summary names."""
    if not sentences:
        return frozenset()
    words = sentences[0].article.lang.kinds
    kinds, level = kinds_in(sentences[0].text, words)
    if level == 2:
        return frozenset(kinds)
    found: set[str] = set()
    for sentence in sentences[1:]:
        kinds, level = kinds_in(sentence.text, words)
        found |= kinds if level == 2 else set()
    return frozenset(found)


def _strongest(detections: list[Detection], item: _Item) -> list[Detection]:
    """The strongest reading of each (pair, kind), by the rules' own score, then calibrated."""
    best: dict[tuple[Pair, str], Detection] = {}
    for detection in detections:
        key = (detection.parties, detection.kind)
        if key not in best or _rank(detection, best[key]) > _rank(best[key], detection):
            best[key] = detection
    return [_calibrated(d, detections, item) for d in best.values()]


def _rank(detection: Detection, other: Detection) -> tuple[bool, bool, bool, bool, float]:
    # Of two readings of one channel: a halt the article grades down ("joint patrols stop,
    # while other training continues"; one sector of trade) says more than the bare halt;
    # the step done ("signed a memorandum") more than what it is for ("to set up lines").
    why = detection.explanation
    graded = (
        why is not None
        and bool(why.features.get("regraded"))
        and (detection.state, other.state) in _GRADED_DOWN
    )
    act = detection.modality == Modality.ACT
    # Ties cut in one sentence and the embassy shut or the envoys expelled in another (or the
    # embassy shut beside the envoys recalled): the lesser steps are how the graver one is
    # carried out, not a lesser state (unless the article grades it down).
    rupture = (
        act
        and why is not None
        and why.kind_from == "named"
        and one_pair_read(why.features)
        and (detection.state, other.state) in _RUPTURE_OVER
    )
    return detection.modality in PROPOSING, graded, rupture, act, detection.confidence


# A halt graded down by what the article says: (the graded state, the bare one).
_GRADED_DOWN = frozenset({("limited", "suspended"), ("limited", "severed")})
# A graver step read beside the lesser ones that carry it out: (the graver, the lesser).
_RUPTURE_OVER = frozenset(
    {("severed", "limited"), ("severed", "suspended"), ("suspended", "limited")}
)


def _calibrated(detection: Detection, found: list[Detection], item: _Item) -> Detection:
    """`detection` with what the article says about its channel added to its features, its
    confidence the calibrated probability, and withheld when that is below the threshold."""
    why = detection.explanation
    if why is None:
        return detection
    facts = _article_facts(detection, found, item)
    wording = word_features(detection.evidence, name_words())  # the table parties read
    features = {**why.features, **article_features(facts), **wording}
    sides = tuple((code, words or _words_in(code, item)) for code, words in why.sides)
    calibration = item.article.lang.calibration
    if calibration is None:
        return replace(detection, explanation=replace(why, features=features, sides=sides))
    confidence = calibration.confidence(features)
    why = replace(
        why,
        features=features,
        sides=sides,
        probability=confidence,
        threshold=calibration.threshold,
    )
    withheld = detection.modality in PROPOSING and not calibration.proposes(confidence)
    return replace(detection, confidence=confidence, withheld=withheld, explanation=why)


def _article_facts(detection: Detection, found: list[Detection], item: _Item) -> ArticleFacts:
    proposing = [d for d in found if d.modality in PROPOSING]
    same = [d for d in proposing if (d.parties, d.kind) == (detection.parties, detection.kind)]
    title = item.sentences[0] if item.sentences and item.sentences[0].is_title else None
    in_title = codes_of(title.strong()) if title else []
    from_title = {_triple(d) for d in proposing if title and d.evidence == title.raw.strip()}
    raws = [s.raw.strip() for s in item.sentences]
    index = raws.index(detection.evidence) if detection.evidence in raws else len(raws)
    return ArticleFacts(
        sides_in_title=sum(code in in_title for code in detection.parties),
        support=len({d.evidence for d in same if d.state == detection.state}),
        conflict=any(d.state != detection.state for d in same),
        channels_proposed=len({(d.parties, d.kind) for d in proposing}),
        summary_sentences=sum(not s.is_title for s in item.sentences),
        sentence_index=index + (title is None),
        title_agrees=None if not from_title else _triple(detection) in from_title,
        year=year_named(detection.evidence, item.article.published),
    )


def _triple(detection: Detection) -> tuple[Pair, str, str]:
    return detection.parties, detection.kind, detection.state


def _words_in(code: str, item: _Item) -> tuple[str, ...]:
    """The first words in the article that name `code`: a side read from the context."""
    for sentence in item.sentences:
        if words := _words_for(code, sentence):
            return words[:1]
    return ()
