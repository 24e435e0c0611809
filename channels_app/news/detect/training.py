"""Training the detector's calibration (`calibrate.py`) on labelled corpora: used by
`manage.py train_detector` only. It needs scikit-learn (a development dependency); the
detector itself reads the result as JSON.

Each item is read by the detector as it is (its rules, its current vocabulary); every
detection it returns is an example, labelled right when the item has a required label with
the same pair, kind and state, wrong when it has none, and left out when it matches an
optional label (as `evaluate` scores it). A logistic regression learns P(right | features).
Its regularisation and the threshold above which a detection proposes a change are chosen
by cross-validation, the folds grouped by topic pair so that a pair is never both trained
and scored on; the figures reported are those out-of-fold predictions'.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import sklearn
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.model_selection import StratifiedGroupKFold

from .calibrate import FORMAT, language_digest
from .core import detect
from .evaluate import Counts, parse_labels, reliability, reliability_lines
from .language import LANG_ROOT, Language, load_language
from .model import PROPOSING

C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
THRESHOLDS = tuple(round(t / 100, 2) for t in range(0, 100))
REPORTED = (0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9)


@dataclass(frozen=True)
class Example:
    """One detection of one item: its features, whether it was right, whether it would
    propose a change, and the group (topic pair) its item is in."""

    item: str
    source: str  # the corpus file's name
    group: str
    features: Mapping[str, float]
    right: bool
    proposing: bool


@dataclass
class Dataset:
    examples: list[Example] = field(default_factory=list)
    items: int = 0
    # labels a perfect detector would propose (the denominator of recall), per corpus file
    required: dict[str, int] = field(default_factory=dict)

    @property
    def labels(self) -> list[int]:
        return [int(e.right) for e in self.examples]


Corpus = tuple[str, Sequence[Mapping[str, Any]]]  # a file's name and its items


def dataset(corpora: Iterable[Corpus], language: Language | None = None) -> Dataset:
    """Run the detector over the corpora's items and label each detection against the item's
    labels."""
    data = Dataset()
    for source, items in corpora:
        data.required.setdefault(source, 0)
        for item in items:
            _add(data, source, item, language)
    return data


def _add(data: Dataset, source: str, item: Mapping[str, Any], language: Language | None) -> None:
    labels = parse_labels(item.get("labels", []))
    required = {(lb.key, lb.state) for lb in labels if not lb.optional}
    optional = {(lb.key, lb.state) for lb in labels if lb.optional}
    data.items += 1
    data.required[source] += len(required)
    found = detect(
        str(item.get("title") or ""),
        str(item.get("summary") or ""),
        language=language,
        published=_date(item.get("date")),
    )
    for d in found:
        triple = ((d.parties, d.kind), d.state)
        if triple in optional and triple not in required:
            continue  # neither right nor wrong, as evaluate counts it
        assert d.explanation is not None  # every detection read is explained
        data.examples.append(
            Example(
                item=str(item.get("id")),
                source=source,
                group=group_of(item),
                features=d.explanation.features,
                right=triple in required,
                proposing=d.modality in PROPOSING,
            )
        )


def group_of(item: Mapping[str, Any]) -> str:
    """The item's topic pair (corpus2 names it), else its first label's, else its own id."""
    pair = item.get("topic_pair")
    if isinstance(pair, list) and pair:
        return "-".join(sorted(map(str, pair)))
    labels = item.get("labels") or []
    if labels and isinstance(labels[0], Mapping):
        return "-".join(sorted(map(str, labels[0].get("parties", []))))
    return f"item:{item.get('id')}"


def _date(value: object) -> date | None:
    return date.fromisoformat(str(value)[:10]) if value else None


# --- cross-validation --------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    threshold: float
    counts: Counts

    def as_dict(self) -> dict[str, Any]:
        return {"threshold": self.threshold, **self.counts.as_dict()}


Sources = str | Sequence[str] | None  # one corpus file's name, several, or all (None)


def _within(sources: Sources) -> frozenset[str] | None:
    if sources is None:
        return None
    return frozenset([sources] if isinstance(sources, str) else sources)


def scores(
    data: Dataset, probabilities: Sequence[float], threshold: float, source: Sources = None
) -> Counts:
    """What `evaluate` would count (on the items of `source`, one corpus file or several, or
    all) if the detections of `data` proposed a change when they are an act or an intent and
    their rounded probability reaches `threshold`."""
    within = _within(source)
    tp = fp = 0
    for example, p in zip(data.examples, probabilities, strict=True):
        if within is not None and example.source not in within:
            continue
        if example.proposing and round(p, 2) >= threshold:
            tp += example.right
            fp += not example.right
    required = sum(n for name, n in data.required.items() if within is None or name in within)
    return Counts(tp=tp, fp=fp, fn=required - tp)


def curve(data: Dataset, probabilities: Sequence[float], source: Sources = None) -> list[Point]:
    return [Point(t, scores(data, probabilities, t, source)) for t in THRESHOLDS]


def choose_threshold(points: list[Point], target: float) -> tuple[Point, bool]:
    """The threshold with the best F1 among those whose precision reaches `target` (and that
    propose something); when none does, the best F1 overall (and False)."""
    reaching = [p for p in points if p.counts.precision >= target and p.counts.tp > 0]
    pool = reaching or points
    best = max(pool, key=lambda p: (round(p.counts.f1, 6), p.counts.precision, p.threshold))
    return best, bool(reaching)


def out_of_fold(data: Dataset, c: float, folds: int, seed: int = 0) -> list[float]:
    """Each example's probability from a model trained without its topic pair."""
    x, y, groups = _matrix(data)[0], data.labels, [e.group for e in data.examples]
    result = [0.0] * len(y)
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(x, y, groups):
        model = _model(c).fit(x[train], [y[i] for i in train])
        for i, p in zip(test, model.predict_proba(x[test])[:, 1], strict=True):
            result[i] = float(p)
    return result


def _matrix(data: Dataset) -> tuple[Any, DictVectorizer]:
    vectorizer = DictVectorizer(sparse=False, sort=True)
    return vectorizer.fit_transform([dict(e.features) for e in data.examples]), vectorizer


def _model(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=5000)


# --- the whole run -----------------------------------------------------------------------


@dataclass
class Result:
    calibration: dict[str, Any]
    threshold: Point
    reached: bool
    tuned_on: str  # the corpus files the threshold was chosen on ("a+b"), or "all"
    points: list[Point]  # by threshold, on all the corpora
    tuned: list[Point]  # by threshold, on the one the threshold was chosen on
    by_source: dict[str, Counts]  # at the threshold chosen
    reliability: list[dict[str, Any]]
    tuned_reliability: list[dict[str, Any]]
    c: float


def train(
    corpora: Sequence[tuple[Path, Sequence[Mapping[str, Any]]]],
    *,
    folds: int = 5,
    target: float = 0.95,
    tune_on: str | Sequence[str] | None = None,
    language: Language | None = None,
) -> Result:
    """The calibration learned from `corpora` (each file and its items), as the JSON object
    to write. The threshold is chosen on the cross-validated figures of the corpus files
    named `tune_on` (those most like the news it will read), or of all of them."""
    lang = language or load_language()
    data = dataset([(path.name, items) for path, items in corpora], lang)
    if len(set(data.labels)) < 2:
        raise ValueError("the detections are all right or all wrong: nothing to learn from")
    tuned_names = sorted(_within(tune_on) or ())
    for name in tuned_names:
        if name not in data.required:
            raise ValueError(f"--tune-on {name}: not one of the corpora")
    label = "+".join(tuned_names) or "all"
    losses = {c: log_loss(data.labels, out_of_fold(data, c, folds)) for c in C_GRID}
    c = min(losses, key=lambda k: losses[k])
    oof = out_of_fold(data, c, folds)
    points, tuned = curve(data, oof), curve(data, oof, tune_on)
    chosen, reached = choose_threshold(tuned, target)
    by_source = {name: scores(data, oof, chosen.threshold, name) for name in data.required}
    table = _reliability(data, oof, None)
    tuned_table = _reliability(data, oof, tune_on)
    x, vectorizer = _matrix(data)
    model = _model(c).fit(x, data.labels)
    files = [path for path, _ in corpora]
    calibration = {
        "format": FORMAT,
        "language": lang.code,
        "model": (
            f"logistic regression, L2, C={c} (scikit-learn {sklearn.__version__}); "
            "probability = 1 / (1 + exp(-(intercept + sum(coefficient * feature))))"
        ),
        "propose_threshold": chosen.threshold,
        "intercept": round(float(model.intercept_[0]), 6),
        "features": [str(n) for n in vectorizer.get_feature_names_out()],
        "coefficients": [round(float(v), 6) for v in model.coef_[0]],
        "training": {
            "files": [_relative(f) for f in files],
            "sha256": digest(files),
            "language_sha256": language_digest(LANG_ROOT / lang.code),
            "items": data.items,
            "detections": len(data.examples),
            "right": sum(data.labels),
            "proposing": sum(e.proposing for e in data.examples),
            "required_labels": data.required,
        },
        "cross_validation": {
            "folds": folds,
            "grouped_by": "topic pair",
            "regularisation": {str(k): round(v, 4) for k, v in losses.items()},
            "target_precision": target,
            "threshold_tuned_on": label,
            "target_reached": reached,
            "at_threshold": {
                "all": scores(data, oof, chosen.threshold).as_dict(),
                **{name: counts.as_dict() for name, counts in by_source.items()},
            },
            "thresholds": {
                "all": [p.as_dict() for p in points if p.threshold in REPORTED],
                **(
                    {label: [p.as_dict() for p in tuned if p.threshold in REPORTED]}
                    if tuned_names
                    else {}
                ),
            },
        },
        "reliability": table,
        **({f"reliability_{label}": tuned_table} if tuned_names else {}),
    }
    return Result(
        calibration,
        chosen,
        reached,
        label,
        points,
        tuned,
        by_source,
        table,
        tuned_table,
        c,
    )


def _reliability(data: Dataset, oof: Sequence[float], source: Sources) -> list[dict[str, Any]]:
    within = _within(source)
    return reliability(
        (round(p, 2), e.right)
        for e, p in zip(data.examples, oof, strict=True)
        if e.proposing and (within is None or e.source in within)
    )


def digest(files: Sequence[Path]) -> str:
    """SHA-256 of the training files' bytes, in order."""
    hasher = hashlib.sha256()
    for path in files:
        hasher.update(Path(path).read_bytes())
    return hasher.hexdigest()


def write(calibration: Mapping[str, Any], path: Path) -> None:
    path.write_text(json.dumps(calibration, indent=1, ensure_ascii=False) + "\n", "utf-8")


def _relative(path: Path) -> str:
    resolved = Path(path).resolve()
    for base in (Path.cwd(), *Path.cwd().parents):
        if resolved.is_relative_to(base) and (base / "manage.py").exists():
            return str(resolved.relative_to(base))
    return str(path)


def summary(result: Result) -> list[str]:
    """The run as lines of text: what it learned from, the cross-validated figures at a few
    thresholds and at the one chosen, per corpus, and the cross-validated reliability table."""
    cal = result.calibration
    training, cv = cal["training"], cal["cross_validation"]
    lines = [
        f"{training['items']} items, {training['detections']} detections "
        f"({training['proposing']} acts and intents), {training['right']} right; "
        f"required labels {training['required_labels']}",
        f"regularisation C={result.c} (out-of-fold log loss by C: {cv['regularisation']})",
        "",
    ]
    for title, points in (("all the corpora", result.points), (result.tuned_on, result.tuned)):
        if title == "all" or (points is result.tuned and result.tuned_on == "all"):
            continue
        lines += _curve_lines(f"cross-validated on {title}", points, result.threshold.threshold)
    chosen = result.threshold.threshold
    lines.append(f"at the threshold chosen ({chosen:.2f}, on {result.tuned_on}), per corpus:")
    lines += [f"  {name:24} {counts}" for name, counts in result.by_source.items()]
    if not result.reached:
        lines.append(
            f"no threshold reaches precision {cv['target_precision']} on {result.tuned_on}: "
            "the one with the best F1 is chosen"
        )
    lines += ["", "cross-validated reliability (acts and intents, all the corpora):"]
    lines += reliability_lines(result.reliability)
    if result.tuned_on != "all":
        lines += ["", f"cross-validated reliability (acts and intents, {result.tuned_on}):"]
        lines += reliability_lines(result.tuned_reliability)
    return [*lines, ""]


def _curve_lines(title: str, points: list[Point], chosen: float) -> list[str]:
    lines = [
        f"{title} ({len(THRESHOLDS)} thresholds tried), proposing when confidence >= threshold:",
        f"{'threshold':>10}{'precision':>10}{'recall':>8}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}",
    ]
    for point in points:
        if point.threshold not in REPORTED and point.threshold != chosen:
            continue
        c = point.counts
        mark = "  <- chosen" if point.threshold == chosen else ""
        lines.append(
            f"{point.threshold:>10.2f}{c.precision:>10.3f}{c.recall:>8.3f}{c.f1:>7.3f}"
            f"{c.tp:>5}{c.fp:>5}{c.fn:>5}{mark}"
        )
    return [*lines, ""]
