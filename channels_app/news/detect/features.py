"""What the calibration (`calibrate.py`) reads from a detection: facts about how the rules
found it, as named numbers (mostly 0/1 indicators, "name=value").

Three groups: what the cue's own sentence says (`SentenceFacts`, built when the detection is),
what the article as a whole says about the same channel (`ArticleFacts`, built once the
strongest reading of each channel is known), and the evidence sentence's words. No words of
any language: markers are named by the fields of `Markers`, cues by their name in the
language's cues file, and the words are the text's own.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from .literals import Needs, Present, lacks, needed
from .markers import Markers

_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")  # digits: no words of a language
_WORD = re.compile(r"[^\W\d_][\w'’-]*")  # a word of letters, in any script
WORD_FEATURE = "word="

Features = dict[str, float]


@dataclass(frozen=True)
class SentenceFacts:
    cue: str
    cue_state: str
    cue_shape: str
    cue_weight: float
    cue_negative: bool
    state: str
    kind: str
    modality: str
    parties_from: str  # clause, sentence, context, weak
    kind_named: bool  # the cue's clause names the kind
    kinds_read: int  # kinds the one cue was read as
    in_title: bool
    role: str  # of the cue's clause: main, cause, condition ...
    countries_in_clause: int
    countries_in_sentence: int
    weak_mentions: bool  # a place or a go-between is named in the sentence
    pairs_read: int  # pairs the one cue was read for
    words: int  # in the sentence
    markers: tuple[str, ...]  # the Markers fields found anywhere in the sentence
    rule_score: float
    hints: tuple[str, ...] = ()  # the kinds the actors named in the cue's clause speak for
    cues_in_sentence: int = 1
    states_in_sentence: int = 1  # distinct states the sentence's cues put


@dataclass(frozen=True)
class ArticleFacts:
    sides_in_title: int  # 0, 1 or 2 of the pair's sides named in the title
    support: int  # sentences that read this channel in this state, proposing it
    conflict: bool  # another sentence proposes another state for the same channel
    channels_proposed: int  # channels (pair and kind) with a proposing reading in the article
    summary_sentences: int
    sentence_index: int  # of the evidence: 0 the title, 1 the summary's first sentence ...
    title_agrees: bool | None  # the title proposes this very change; None: it proposes none
    year: str  # a year the evidence names: "none", "same" as the publication's, "other"


def year_named(text: str, published: date | None) -> str:
    """Whether the sentence names a year, and the publication's or another ("cut in 2017")."""
    years = {int(m.group()) for m in _YEAR.finditer(text)}
    if not years:
        return "none"
    return "same" if published and years == {published.year} else "other"


def markers_in(text: str, markers: Markers) -> tuple[str, ...]:
    patterns, words = _markers(markers)
    present = words.present(text)  # one scan for the words of all of them
    return tuple(
        name
        for name, pattern, needs in patterns
        if not lacks(needs, present) and pattern.search(text)
    )


@functools.cache
def _markers(markers: Markers) -> tuple[tuple[tuple[str, re.Pattern[str], Needs], ...], Present]:
    patterns = tuple(
        (f.name, pattern := getattr(markers, f.name), needed(pattern))
        for f in dataclasses.fields(markers)
    )
    return patterns, Present(needs for _, _, needs in patterns)


def sentence_features(facts: SentenceFacts) -> Features:
    out: Features = {
        "cue_weight": facts.cue_weight,
        "rule_score": facts.rule_score,
        "kind_named": float(facts.kind_named),
        "in_title": float(facts.in_title),
        "weak_mentions": float(facts.weak_mentions),
        "cue_negative": float(facts.cue_negative),
        "regraded": float(facts.state != facts.cue_state),
    }
    out.update(
        _one_hot(
            [
                ("cue", facts.cue),
                ("cue_state", facts.cue_state),
                ("cue_shape", facts.cue_shape),
                ("state", facts.state),
                ("kind", facts.kind),
                ("modality", facts.modality),
                ("parties_from", facts.parties_from),
                ("role", facts.role),
                ("kinds_read", _bucket(facts.kinds_read, (1, 2))),
                ("pairs_read", _bucket(facts.pairs_read, _PAIRS_READ)),
                ("countries_in_clause", _bucket(facts.countries_in_clause, (0, 1, 2, 3))),
                ("countries_in_sentence", _bucket(facts.countries_in_sentence, (2, 3, 4))),
                ("words", _bucket(facts.words, (12, 25, 40))),
                ("state_kind", f"{facts.state}/{facts.kind}"),
            ]
        )
    )
    out.update(_one_hot(("marker", name) for name in facts.markers))
    out.update(
        _one_hot(
            [
                ("hint", _hint_agreement(facts.kind, facts.hints)),
                ("cues_in_sentence", _bucket(facts.cues_in_sentence, (1, 2))),
                ("states_in_sentence", _bucket(facts.states_in_sentence, (1,))),
            ]
        )
    )
    return out


_PAIRS_READ = (1, 2, 3)  # the buckets of how many pairs one cue was read for


def one_pair_read(features: Mapping[str, float]) -> bool:
    """Whether the detection's cue was read for one pair only (no list of countries whose
    members a step could be misassigned to)."""
    return features.get(f"pairs_read={_bucket(1, _PAIRS_READ)}") == 1.0


def _hint_agreement(kind: str, hints: tuple[str, ...]) -> str:
    """Whether the people and institutions named in the clause speak for the kind read
    ("Hegseth" for a military channel): none named, agrees, or only other kinds."""
    if not hints:
        return "none"
    return "agrees" if kind in hints else "differs"


def words_of(text: str) -> list[str]:
    """The words of `text`, lower-cased."""
    return [word.lower() for word in _WORD.findall(text)]


def word_features(sentence: str, names: frozenset[str] = frozenset()) -> Features:
    """The evidence sentence's words, lower-cased, as indicators ("word=halts"): the wording
    no cue or marker names, weighed by what the corpora say. Not the words of `names` (the
    countries, people and capitals the actor table knows): a reading's confidence should not
    depend on which country it names. Training keeps the words that enough fitted detections
    hold (`training.MIN_WORD_COUNT`); any other counts for nothing, as any feature the
    calibration was not trained on."""
    return {WORD_FEATURE + word: 1.0 for word in words_of(sentence) if word not in names}


def side_features(named_as: Iterable[str]) -> Features:
    """How the evidence sentence named each side (the actor table's types: name, demonym,
    capital, person ...; "elsewhere" when the side came from another sentence)."""
    return _one_hot(("side_named_as", value) for value in sorted(set(named_as)))


def article_features(facts: ArticleFacts) -> Features:
    return {
        "conflict": float(facts.conflict),
        **_one_hot(
            [
                ("sides_in_title", str(facts.sides_in_title)),
                ("support", _support(facts.support)),
                ("channels_proposed", _bucket(facts.channels_proposed, (1, 2, 3))),
                ("summary_sentences", _bucket(facts.summary_sentences, (0, 1, 2))),
                ("sentence_index", _index(facts.sentence_index)),
                ("title_agrees", str(facts.title_agrees)),
                ("year", facts.year),
                # where the evidence is crossed with how many sentences back it: a reading
                # of the title alone differs from one of the body the title repeats
                # (corpus4/SCORES-cal11.md: the one interaction that helped, a little)
                ("support_index", f"{_support(facts.support)}/{_index(facts.sentence_index)}"),
            ]
        ),
    }


def _support(support: int) -> str:
    return _bucket(support, (1, 2))


def _index(sentence_index: int) -> str:
    return _bucket(sentence_index, (0, 1, 2))


def _one_hot(pairs: Iterable[tuple[str, str]]) -> Features:
    return {f"{name}={value}": 1.0 for name, value in pairs}


def _bucket(value: int, edges: tuple[int, ...]) -> str:
    """ "<=e" for the first edge `value` does not pass, ">last" beyond them all."""
    for edge in edges:
        if value <= edge:
            return f"<={edge}"
    return f">{edges[-1]}"
