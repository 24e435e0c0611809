"""The detector against the labelled dev corpus, and its public interface."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import time_machine

from channels_app.models.choices import Kind, State
from channels_app.news.detect import Detection, Modality, detect

DEV = Path(__file__).resolve().parents[1] / "data" / "news-dev.jsonl"

Triple = tuple[tuple[str, ...], str, str]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    mismatches: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        return (
            f"precision {self.precision:.3f}  recall {self.recall:.3f}  F1 {self.f1:.3f}"
            f"  (tp {self.tp}, fp {self.fp}, fn {self.fn})"
        )


def _triples(labels: Iterable[dict]) -> set[Triple]:
    return {(tuple(label["parties"]), label["kind"], label["state"]) for label in labels}


def score(items: Iterable[dict]) -> Score:
    """Proposed changes (acts and agreed intents) against the labels, item by item; an
    optional label is neither a false positive when predicted nor a false negative when not."""
    result = Score()
    for item in items:
        with published(item):
            detections = detect(item["title"], item["summary"])
        predicted = {(tuple(d.parties), d.kind, d.state) for d in detections if d.proposes_change}
        required = _triples(label for label in item["labels"] if not label.get("optional"))
        optional = _triples(label for label in item["labels"] if label.get("optional"))
        false_pos, false_neg = predicted - required - optional, required - predicted
        result.tp += len(predicted & required)
        result.fp += len(false_pos)
        result.fn += len(false_neg)
        if false_pos or false_neg:
            result.mismatches.append(
                f"{item['id']} {item['title']!r}: "
                f"extra {sorted(false_pos)} missing {sorted(false_neg)}"
            )
    return result


def published(item: dict) -> AbstractContextManager[object]:
    """The item read on its publication date, so that people resolve to the office they held
    then (undated: today). Travels in time until `detect` takes the date as an argument."""
    if not item.get("date"):
        return contextlib.nullcontext()
    day = dt.date.fromisoformat(item["date"])
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC))


def load_dev() -> list[dict]:
    return [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line]


def test_it_scores_at_least_090_f1_on_the_dev_corpus() -> None:
    result = score(load_dev())
    print(f"\ndev corpus: {result}")
    assert result.f1 >= 0.90, "\n".join([str(result), *result.mismatches])


def test_it_proposes_nothing_for_the_unlabelled_dev_items() -> None:
    for item in load_dev():
        if not item["labels"]:
            proposed = [d for d in detect(item["title"], item["summary"]) if d.proposes_change]
            assert proposed == [], item["id"]


# --- the public interface ---------------------------------------------------------------


def test_a_detection_is_a_frozen_dataclass() -> None:
    (detection,) = detect("Chile and Peru restore diplomatic relations", "")
    with pytest.raises(dataclasses.FrozenInstanceError):
        detection.state = "severed"  # type: ignore[misc]


def test_as_dict_gives_the_public_fields() -> None:
    (detection,) = detect("Chile and Peru restore diplomatic relations", "")
    assert detection.as_dict() == {
        "parties": ["CL", "PE"],
        "kind": "diplomatic",
        "state": "open",
        "modality": "act",
        "confidence": detection.confidence,
        "evidence": "Chile and Peru restore diplomatic relations",
    }


def test_parties_are_sorted_whichever_way_they_are_written() -> None:
    (detection,) = detect("Peru restores diplomatic relations with Chile", "")
    assert detection.parties == ("CL", "PE")


def test_kind_and_state_are_vocabulary_values() -> None:
    detections = detect(
        "Kenya cuts diplomatic ties with Somalia and halts all trade",
        "Nairobi also cancelled defence talks with Mogadishu.",
    )
    assert {d.kind for d in detections} == {Kind.DIPLOMATIC, Kind.TRADE, Kind.MILITARY}
    assert {d.state for d in detections} <= {s.value for s in State} - {State.UNKNOWN}


def test_only_acts_and_agreed_intents_propose_a_change() -> None:
    proposing = {
        m for m in Modality if Detection(("AA", "BB"), "trade", "open", m, 1.0, "").proposes_change
    }
    assert proposing == {Modality.ACT, Modality.INTENT}


def test_it_keeps_one_detection_per_pair_and_kind() -> None:
    detections = detect(
        "Greece and Turkey restore defence hotline",
        "The hotline between the defence ministries was restored on Monday. It had been cut "
        "in 2020. Both armed forces said the line was answered at once.",
    )
    assert [(d.parties, d.kind) for d in detections] == [(("GR", "TR"), "military")]


def test_an_act_wins_over_a_stronger_retrospective() -> None:
    (detection,) = detect(
        "Qatar and Bahrain restore ties",
        "The two states had severed diplomatic relations in 2017 during the Gulf crisis.",
    )
    assert (detection.state, detection.modality) == ("open", "act")


def test_evidence_is_the_sentence_the_detection_was_read_from() -> None:
    (detection,) = detect(
        "Gulf rift deepens",
        "Analysts were surprised. Bahrain cut diplomatic ties with Qatar on Monday. More later.",
    )
    assert detection.evidence == "Bahrain cut diplomatic ties with Qatar on Monday."


def test_confidence_is_between_zero_and_one_with_two_decimals() -> None:
    for item in load_dev():
        for detection in detect(item["title"], item["summary"]):
            assert 0.0 <= detection.confidence <= 1.0
            assert round(detection.confidence, 2) == detection.confidence


def test_both_sides_named_in_the_sentence_give_more_confidence_than_context() -> None:
    named, inferred = (
        detect(
            "Uruguay and Paraguay resume trade talks",
            "The negotiations will resume in Montevideo.",
        ),
        detect(
            "Uruguay and Paraguay hold summit", "Later, trade talks will resume, officials said."
        ),
    )
    assert named[0].confidence > inferred[-1].confidence


def test_an_article_that_names_no_pair_gives_nothing() -> None:
    assert detect("Talks resume after summer break", "Negotiators returned to the table.") == []


def test_an_empty_summary_is_fine() -> None:
    assert len(detect("Nepal and India resume border trade", "")) == 1
