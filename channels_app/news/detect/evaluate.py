"""The detector against labelled items: precision, recall and F1, per kind and per state, a
confusion table, and the misses and false alarms. Used by the tests and by
`manage.py eval_detector`.

An item is a dict in the corpus format (`shared/corpus/README.md`): `id`, `date`, `title`,
`summary` and `labels`, each label `{parties, kind, state}`, maybe `"optional": true`. Only
proposed changes (acts and agreed intents) count. An optional label is neither a false
positive when predicted nor a false negative when not.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .core import detect
from .kinds import KINDS
from .lexicon import STATES
from .model import PROPOSING, Detection

Key = tuple[tuple[str, str], str]  # (parties, kind): one channel
MISSED, SPURIOUS = "missed", "spurious"


class CorpusError(ValueError):
    """A corpus line that is not an item: the message names the file and line."""


@dataclass(frozen=True)
class Label:
    parties: tuple[str, str]
    kind: str
    state: str
    optional: bool = False

    @property
    def key(self) -> Key:
        return self.parties, self.kind

    def __str__(self) -> str:
        return f"{'-'.join(self.parties)} {self.kind} {self.state}"


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

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

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }

    def __str__(self) -> str:
        return (
            f"precision {self.precision:.3f}  recall {self.recall:.3f}  F1 {self.f1:.3f}"
            f"  (tp {self.tp}, fp {self.fp}, fn {self.fn})"
        )


@dataclass(frozen=True)
class Miss:
    """A required label the detector did not propose; `read` is what it read instead for the
    same pair and kind (another state, or a modality that proposes nothing), if anything."""

    item_id: str
    title: str
    label: Label
    read: Detection | None


@dataclass(frozen=True)
class FalseAlarm:
    item_id: str
    title: str
    detection: Detection


@dataclass
class Evaluation:
    items: int = 0
    overall: Counts = field(default_factory=Counts)
    by_kind: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in KINDS})
    by_state: dict[str, Counts] = field(default_factory=lambda: {s: Counts() for s in STATES})
    # (gold state or SPURIOUS, predicted state or MISSED) -> how many
    confusion: dict[tuple[str, str], int] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)
    false_alarms: list[FalseAlarm] = field(default_factory=list)
    # (confidence, right) of every act and intent read, withheld or not: the reliability table
    scored: list[tuple[float, bool]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.overall.precision

    @property
    def recall(self) -> float:
        return self.overall.recall

    @property
    def f1(self) -> float:
        return self.overall.f1

    @property
    def mismatches(self) -> list[str]:
        lines = [f"{m.item_id} {m.title!r}: missing {m.label}" for m in self.misses]
        return lines + [
            f"{a.item_id} {a.title!r}: extra {_describe(a.detection)}" for a in self.false_alarms
        ]

    def __str__(self) -> str:
        return str(self.overall)

    def add(self, item: Mapping[str, Any], found: list[Detection]) -> None:
        """Score one item: its labels against what the detector `found` in it."""
        item_id, title = str(item.get("id", "")), str(item.get("title", ""))
        labels = parse_labels(item.get("labels", []))
        required = {(label.key, label.state): label for label in labels if not label.optional}
        optional = {(label.key, label.state) for label in labels if label.optional}
        proposed = {(d.parties, d.kind): d for d in found if d.proposes_change}
        predicted = {(key, d.state) for key, d in proposed.items()}
        self.items += 1
        for triple in predicted & required.keys():
            self._count(triple, "tp")
        for triple in predicted - required.keys() - optional:
            self._count(triple, "fp")
            self.false_alarms.append(FalseAlarm(item_id, title, proposed[triple[0]]))
        for triple in required.keys() - predicted:
            self._count(triple, "fn")
            read = next((d for d in found if (d.parties, d.kind) == triple[0]), None)
            self.misses.append(Miss(item_id, title, required[triple], read))
        self._confuse(labels, proposed)
        for d in found:
            triple = ((d.parties, d.kind), d.state)
            if d.modality in PROPOSING and (triple in required or triple not in optional):
                self.scored.append((d.confidence, triple in required))

    def _count(self, triple: tuple[Key, str], outcome: str) -> None:
        (_, kind), state = triple
        for counts in (self.overall, self.by_kind[kind], self.by_state[state]):
            setattr(counts, outcome, getattr(counts, outcome) + 1)

    def _confuse(self, labels: list[Label], proposed: dict[Key, Detection]) -> None:
        """Each label and proposal of one channel (pair and kind) paired: the gold state
        against the proposed one. A proposal paired with an optional label of the same state
        is left out, as it is from the counts; one of another state is in."""
        left = dict(proposed)
        for label in sorted(labels, key=lambda lb: lb.state != _state_of(left.get(lb.key))):
            detection = left.pop(label.key, None)
            if detection is None:
                if not label.optional:
                    self._cell(label.state, MISSED)
            elif not (label.optional and detection.state == label.state):
                self._cell(label.state, detection.state)
        for detection in left.values():
            self._cell(SPURIOUS, detection.state)

    def _cell(self, gold: str, predicted: str) -> None:
        self.confusion[gold, predicted] = self.confusion.get((gold, predicted), 0) + 1

    def as_dict(self, *, only_misses: bool = False) -> dict[str, Any]:
        errors = {
            "misses": [_miss_dict(m) for m in self.misses],
            "false_alarms": [_alarm_dict(a) for a in self.false_alarms],
        }
        if only_misses:
            return errors
        rows = [*STATES, SPURIOUS]
        return {
            "items": self.items,
            "overall": self.overall.as_dict(),
            "kinds": {kind: counts.as_dict() for kind, counts in self.by_kind.items()},
            "states": {state: counts.as_dict() for state, counts in self.by_state.items()},
            "reliability": reliability(self.scored),
            "confusion": {
                row: {col: self.confusion.get((row, col), 0) for col in [*STATES, MISSED]}
                for row in rows
            },
            **errors,
        }


def _state_of(detection: Detection | None) -> str | None:
    return detection.state if detection else None


def evaluate(items: Iterable[Mapping[str, Any]]) -> Evaluation:
    """Run the detector over `items` (with each item's date, when it has one) and score it."""
    result = Evaluation()
    for item in items:
        found = detect(
            str(item.get("title") or ""),
            str(item.get("summary") or ""),
            published=_date(item.get("date")),
        )
        result.add(item, found)
    return result


def parse_labels(raw: object) -> list[Label]:
    if not isinstance(raw, list):
        raise CorpusError("labels: expected a list")
    return [_label(entry) for entry in raw]


def _label(entry: object) -> Label:
    if not isinstance(entry, Mapping):
        raise CorpusError(f"label {entry!r}: expected an object")
    parties, kind, state = entry.get("parties"), entry.get("kind"), entry.get("state")
    if not (isinstance(parties, list) and len(parties) == 2 and all(_code(p) for p in parties)):
        raise CorpusError(f"label {dict(entry)}: parties must be two country codes")
    if kind not in KINDS or state not in STATES:
        raise CorpusError(f"label {dict(entry)}: unknown kind or state")
    a, b = sorted(parties)
    return Label((a, b), kind, state, bool(entry.get("optional", False)))


def _code(value: object) -> bool:
    return isinstance(value, str) and len(value) == 2 and value.isalpha() and value.isupper()


def _date(value: object) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise CorpusError(f"date {value!r}: expected YYYY-MM-DD") from exc


def read_corpus(path: str | Path) -> list[dict[str, Any]]:
    """The items of a JSON-lines corpus, checked: a bad line raises `CorpusError`."""
    items = []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                items.append(_item(json.loads(line), f"{Path(path).name}:{number}"))
            except (ValueError, CorpusError) as exc:
                raise CorpusError(f"{path}:{number}: {exc}") from exc
    return items


def _item(item: object, where: str) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise CorpusError("expected a JSON object")
    if not isinstance(item.get("title"), str):
        raise CorpusError("title: expected a string")
    if not isinstance(item.get("summary", ""), str):
        raise CorpusError("summary: expected a string")
    parse_labels(item.get("labels"))
    _date(item.get("date"))
    return {**item, "id": str(item.get("id") or where)}


def _describe(detection: Detection) -> str:
    return (
        f"{'-'.join(detection.parties)} {detection.kind} {detection.state}"
        f" ({detection.modality}, {detection.confidence:.2f})"
    )


def _miss_dict(miss: Miss) -> dict[str, Any]:
    read = miss.read
    return {
        "id": miss.item_id,
        "title": miss.title,
        "label": {"parties": list(miss.label.parties), "kind": miss.label.kind},
        "state": miss.label.state,
        "read": read.as_dict() if read else None,
    }


def _alarm_dict(alarm: FalseAlarm) -> dict[str, Any]:
    return {"id": alarm.item_id, "title": alarm.title, "detection": alarm.detection.as_dict()}


def reliability(scored: Iterable[tuple[float, bool]], bins: int = 10) -> list[dict[str, Any]]:
    """(confidence, right) pairs binned by confidence: per bin how many, how many right, the
    share right and the mean confidence (a calibrated detector's two agree)."""
    rows: list[dict[str, Any]] = []
    members: list[list[tuple[float, bool]]] = [[] for _ in range(bins)]
    for confidence, right in scored:
        members[min(bins - 1, max(0, int(confidence * bins)))].append((confidence, right))
    for index, group in enumerate(members):
        hits = sum(r for _, r in group)
        rows.append(
            {
                "from": round(index / bins, 2),
                "to": round((index + 1) / bins, 2),
                "count": len(group),
                "right": hits,
                "share_right": round(hits / len(group), 3) if group else None,
                "mean_confidence": (
                    round(sum(c for c, _ in group) / len(group), 3) if group else None
                ),
            }
        )
    return rows


def reliability_lines(rows: list[dict[str, Any]]) -> list[str]:
    lines = [f"{'confidence':>12}{'count':>7}{'right':>7}{'share right':>13}{'mean conf.':>12}"]
    for row in rows:
        share, mean = row["share_right"], row["mean_confidence"]
        lines.append(
            f"{row['from']:>5.1f}–{row['to']:<6.1f}{row['count']:>7}{row['right']:>7}"
            f"{'-' if share is None else f'{share:.3f}':>13}"
            f"{'-' if mean is None else f'{mean:.3f}':>12}"
        )
    for index in (5, 7, 8, 9):  # "of detections with confidence >= 0.9, what share was right"
        above = rows[index:]
        count, right = sum(r["count"] for r in above), sum(r["right"] for r in above)
        share = f"{right / count:.3f}" if count else "-"
        lines.append(f"  >= {above[0]['from']:.1f}: {count} detections, share right {share}")
    return lines


def report(result: Evaluation, *, only_misses: bool = False) -> list[str]:
    """The evaluation as lines of text."""
    lines = [] if only_misses else _summary_lines(result)
    lines.append(f"misses ({len(result.misses)})")
    for miss in result.misses:
        lines += [f"  {miss.item_id}  {miss.title}", f"      {miss.label}: {_read_as(miss.read)}"]
    lines.append(f"false alarms ({len(result.false_alarms)})")
    for alarm in result.false_alarms:
        lines += [
            f"  {alarm.item_id}  {alarm.title}",
            f"      {_describe(alarm.detection)}: {alarm.detection.evidence}",
        ]
    return lines


def _read_as(read: Detection | None) -> str:
    if read is None:
        return "nothing read for this pair and kind"
    held = ", withheld: below the threshold" if read.withheld else ""
    return f"read as {read.state} ({read.modality}, {read.confidence:.2f}{held}): {read.evidence}"


def _cell(result: Evaluation, row: str, col: str) -> str:
    if row == SPURIOUS and col == MISSED:
        return "-"
    return str(result.confusion.get((row, col), 0))


def _summary_lines(result: Evaluation) -> list[str]:
    lines = [f"{result.items} items", f"overall  {result.overall}", ""]
    header = f"{'':12}{'precision':>10}{'recall':>8}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}"
    for title, table in (("kind", result.by_kind), ("state", result.by_state)):
        lines.append(f"per {title}")
        lines.append(header)
        lines += [
            f"{name:12}{c.precision:>10.3f}{c.recall:>8.3f}{c.f1:>7.3f}{c.tp:>5}{c.fp:>5}{c.fn:>5}"
            for name, c in table.items()
        ]
        lines.append("")
    columns = [*STATES, MISSED]
    lines.append("confusion (rows: labelled state; columns: proposed state, same pair and kind)")
    lines.append(f"{'':12}" + "".join(f"{col:>11}" for col in columns))
    for row in [*STATES, SPURIOUS]:
        cells = "".join(f"{_cell(result, row, col):>11}" for col in columns)
        lines.append(f"{row:12}{cells}")
    lines += ["", "reliability (every act and intent read, withheld ones too, by confidence)"]
    return [*lines, *reliability_lines(reliability(result.scored)), ""]
