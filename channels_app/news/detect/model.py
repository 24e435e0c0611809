"""What the detector returns: one `Detection` per (pair, kind) read in an article, with the
words that produced it (`Explanation`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Modality(StrEnum):
    """How the sentence puts the state: only acts and agreed intents propose a change."""

    ACT = "act"
    INTENT = "intent"
    THREAT = "threat"
    DENIAL = "denial"
    SPECULATION = "speculation"
    RETROSPECTIVE = "retrospective"


PROPOSING = frozenset({Modality.ACT, Modality.INTENT})


@dataclass(frozen=True)
class Explanation:
    """Which words produced a detection and what the calibration made of it.

    `cue`/`cue_words`: the cue's name in the language's cues file and the words it matched;
    `sides`: each party's code with the words that named it (in the evidence sentence, else
    elsewhere in the article); `parties_from`: where the pair was found ("clause", "sentence",
    "context": the article's pair, "weak": a place or go-between); `kind_from`: "named" in
    the cue's clause, else "fallback" (the article's topic, a generic channel, an actor);
    `read_in`: "title" or "summary"; `rule_score`: the rules' own score, which picks the
    strongest reading of a channel; `features`: what the calibration read; `probability`
    and `threshold`: its verdict (None without a calibration).
    """

    cue: str
    cue_words: str
    sides: tuple[tuple[str, tuple[str, ...]], ...]
    parties_from: str
    kind_from: str
    read_in: str
    rule_score: float
    features: Mapping[str, float] = field(default_factory=dict)
    probability: float | None = None
    threshold: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "cue": {"name": self.cue, "words": self.cue_words},
            "sides": [{"code": code, "words": list(words)} for code, words in self.sides],
            "parties_from": self.parties_from,
            "kind_from": self.kind_from,
            "read_in": self.read_in,
            "rule_score": self.rule_score,
            "probability": self.probability,
            "threshold": self.threshold,
            "features": dict(self.features),
        }

    def __str__(self) -> str:
        sides = ", ".join(f"{code} ({' / '.join(words) or '?'})" for code, words in self.sides)
        return (
            f"cue: {self.cue} ({self.cue_words}); sides: {sides}; parties from the "
            f"{self.parties_from}, kind {self.kind_from}, read in the {self.read_in}"
        )


@dataclass(frozen=True)
class Detection:
    """One channel state read in an article. `withheld`: an act or agreed intent whose
    calibrated confidence is below the language's threshold; it is kept (and shown) but
    proposes nothing. `explanation` is left out of comparisons and of `as_dict()` (the
    detect_news format): `explain()` gives it."""

    parties: tuple[str, str]
    kind: str
    state: str
    modality: str
    confidence: float
    evidence: str
    withheld: bool = False
    explanation: Explanation | None = field(default=None, compare=False, repr=False)

    @property
    def proposes_change(self) -> bool:
        return self.modality in PROPOSING and not self.withheld

    def as_dict(self) -> dict[str, object]:
        return {
            "parties": list(self.parties),
            "kind": self.kind,
            "state": self.state,
            "modality": self.modality,
            "confidence": self.confidence,
            "evidence": self.evidence,
        }

    def explain(self) -> dict[str, Any]:
        """Which words produced it, and whether it proposes a change (empty when the
        detection was built by hand, not read)."""
        if self.explanation is None:
            return {}
        return {**self.explanation.as_dict(), "proposes": self.proposes_change}
