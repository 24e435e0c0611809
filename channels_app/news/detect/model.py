"""What the detector returns: one `Detection` per (pair, kind) read in an article."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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
class Detection:
    parties: tuple[str, str]
    kind: str
    state: str
    modality: str
    confidence: float
    evidence: str

    @property
    def proposes_change(self) -> bool:
        return self.modality in PROPOSING

    def as_dict(self) -> dict[str, object]:
        return {
            "parties": list(self.parties),
            "kind": self.kind,
            "state": self.state,
            "modality": self.modality,
            "confidence": self.confidence,
            "evidence": self.evidence,
        }
