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

Corpora named `unseen` (holdouts whose scoring budget is spent: no rule was ever written on
them, so what the detector reads there is a sample of unseen news) are never fitted on by
the regression. It learns from the other corpora, whose rules were tuned on their very items
and so are right more often than on fresh news; the unseen corpora then recalibrate it
(Platt scaling: one slope and one offset on its log-odds, folded back into the coefficients,
so the file keeps one logistic regression), choose its regularisation (by their
cross-validated log loss) and its threshold (by their cross-validated precision).

The other verifier, gradient-boosted trees (`verifier="trees"`), is fitted on the unseen
corpora too, weighted UNSEEN_WEIGHT to 1 (the trees gain from them where the regression
loses: `tools/verifier_experiment.py`), always out of fold: an unseen example's log-odds
come from trees fitted without its topic pair's fold. The same recalibration on those
out-of-fold log-odds and the same threshold choice follow; the recalibration is folded into
the trees' leaves. The file then has format 2 (`calibrate.py`).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.model_selection import StratifiedGroupKFold

from .calibrate import FORMAT, TREES_FORMAT, VERIFIERS, language_digest
from .core import detect
from .evaluate import Counts, parse_labels, reliability, reliability_lines
from .features import WORD_FEATURE
from .language import LANG_ROOT, Language, load_language
from .model import PROPOSING

C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
PLATT_C = 1.0  # the recalibration's two numbers are barely regularised
THRESHOLDS = tuple(round(t / 100, 2) for t in range(0, 100))
REPORTED = (0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9)
# A word of the evidence sentence joins the regression when at least this many fitted
# detections hold it: rarer words would be weighed on a handful of items. Measured on the 13
# spent holdouts (nested, 5 x 5 folds; corpus4/SCORES-cal.md): no words P 0.951 R 0.616,
# words held 5+ times 0.947 / 0.676, 10+ 0.950 / 0.676, 25+ 0.952 / 0.670.
MIN_WORD_COUNT = 10
# The trees' settings: the one setting `tools/verifier_experiment.py` tried in session 11,
# not tuned (corpus4/SCORES-cal13.md).
TREES = {
    "max_iter": 300,
    "learning_rate": 0.05,
    "max_leaf_nodes": 15,
    "l2_regularization": 1.0,
    "early_stopping": False,
    "random_state": 0,
}
UNSEEN_WEIGHT = 3.0  # an unseen corpus's example weighs this many tuned-on ones


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
    # the same per corpus file and topic pair (for scores within cross-validation folds)
    required_by_group: dict[tuple[str, str], int] = field(default_factory=dict)

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
    key = (source, group_of(item))
    data.required_by_group[key] = data.required_by_group.get(key, 0) + len(required)
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


def _without_rare_words(data: Dataset, unseen: Collection[str]) -> Dataset:
    """`data` with the word features fewer than MIN_WORD_COUNT fitted detections hold
    dropped (counted on the corpora fitted on, not on the unseen ones)."""
    held: dict[str, int] = {}
    for e in data.examples:
        if e.source not in unseen:
            for name in e.features:
                if name.startswith(WORD_FEATURE):
                    held[name] = held.get(name, 0) + 1

    def kept(name: str) -> bool:
        return not name.startswith(WORD_FEATURE) or held.get(name, 0) >= MIN_WORD_COUNT

    examples = [
        replace(e, features={k: v for k, v in e.features.items() if kept(k)}) for e in data.examples
    ]
    return replace(data, examples=examples)


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
    data: Dataset,
    probabilities: Sequence[float],
    threshold: float,
    source: Sources = None,
    groups: Collection[str] | None = None,
) -> Counts:
    """What `evaluate` would count (on the items of `source`, one corpus file or several, or
    all; of those, on the topic pairs `groups` only, when given) if the detections of `data`
    proposed a change when they are an act or an intent and their rounded probability
    reaches `threshold`."""
    within = _within(source)
    tp = fp = 0
    for example, p in zip(data.examples, probabilities, strict=True):
        if within is not None and example.source not in within:
            continue
        if groups is not None and example.group not in groups:
            continue
        if example.proposing and round(p, 2) >= threshold:
            tp += example.right
            fp += not example.right
    if groups is None:
        required = sum(n for name, n in data.required.items() if within is None or name in within)
    else:
        required = sum(
            n
            for (name, group), n in data.required_by_group.items()
            if (within is None or name in within) and group in groups
        )
    return Counts(tp=tp, fp=fp, fn=required - tp)


def curve(
    data: Dataset,
    probabilities: Sequence[float],
    source: Sources = None,
    groups: Collection[str] | None = None,
) -> list[Point]:
    return [Point(t, scores(data, probabilities, t, source, groups)) for t in THRESHOLDS]


def choose_threshold(
    points: list[Point], target: float, tiebreak: list[Point] | None = None
) -> tuple[Point, bool]:
    """The threshold with the best F1 among those whose precision reaches `target` (and that
    propose something); when none does, the best F1 overall (and False). Thresholds that tie
    (a small corpus leaves plateaus) are told apart by their F1 in `tiebreak` (the same
    thresholds on more corpora), then the highest wins."""
    reaching = [p for p in points if p.counts.precision >= target and p.counts.tp > 0]
    pool = reaching or points
    other = {p.threshold: round(p.counts.f1, 6) for p in tiebreak or ()}

    def key(p: Point) -> tuple[float, float, float, float]:
        return (round(p.counts.f1, 6), p.counts.precision, other.get(p.threshold, 0.0), p.threshold)

    return max(pool, key=key), bool(reaching)


def _folds(data: Dataset, folds: int, seed: int = 0) -> list[int]:
    """Each example's fold, the folds grouped by topic pair (and stratified by label)."""
    y, groups = data.labels, [e.group for e in data.examples]
    result = [0] * len(y)
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    for fold, (_, test) in enumerate(splitter.split([[0]] * len(y), y, groups)):
        for i in test:
            result[i] = fold
    return result


Fit = Callable[[Any, list[int], list[float]], Any]  # (x, y, weights) -> a fitted model


def _fits(verifier: str) -> dict[float | str, Fit]:
    """The models to try, by setting: the regression at each regularisation (its weights are
    all 1), or the one setting of the trees."""
    if verifier == "trees":
        return {"trees": _fit_trees}
    return {c: partial(_fit_regression, c) for c in C_GRID}


def _fit_trees(x: Any, y: list[int], weights: list[float]) -> HistGradientBoostingClassifier:
    return _trees().fit(x, y, weights)


def _fit_regression(c: float, x: Any, y: list[int], weights: list[float]) -> LogisticRegression:
    return _model(c).fit(x, y)  # every weight is 1 (the unseen corpora are left out)


def _weights(data: Dataset, verifier: str, unseen: Collection[str]) -> list[float]:
    """Each example's weight in a fit: 0 (left out) for the unseen corpora's in the
    regression, UNSEEN_WEIGHT in the trees, 1 for the others."""
    weight = UNSEEN_WEIGHT if verifier == "trees" else 0.0
    return [weight if e.source in unseen else 1.0 for e in data.examples]


def out_of_fold_scores(
    x: Any, y: Sequence[int], fold_of: Sequence[int], fit: Fit, weights: Sequence[float]
) -> list[float]:
    """Each example's log-odds from a model fitted without its topic pair's fold (on the
    examples of the other folds whose weight is not 0)."""
    result = [0.0] * len(y)
    for fold in sorted(set(fold_of)):
        train = [i for i, f in enumerate(fold_of) if f != fold and weights[i]]
        test = [i for i, f in enumerate(fold_of) if f == fold]
        model = fit(x[train], [y[i] for i in train], [weights[i] for i in train])
        for i, z in zip(test, model.decision_function(x[test]), strict=True):
            result[i] = float(z)
    return result


def _trees() -> HistGradientBoostingClassifier:
    return HistGradientBoostingClassifier(**TREES)


def export_trees(
    model: HistGradientBoostingClassifier, slope: float = 1.0, offset: float = 0.0
) -> tuple[float, list[list[list[float | int]]]]:
    """The fitted trees as `calibrate.py` reads them (the intercept and the trees), each
    tree's nodes in depth-first order, the recalibration folded into the values."""
    trees = []
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        order: list[int] = []
        stack = [0]
        while stack:  # depth-first, left child first: every child after its parent
            i = stack.pop()
            order.append(i)
            if not nodes[i]["is_leaf"]:
                stack += [int(nodes[i]["right"]), int(nodes[i]["left"])]
        where = {old: new for new, old in enumerate(order)}
        tree: list[list[float | int]] = []
        for i in order:
            node = nodes[i]
            if node["is_leaf"]:
                tree.append([slope * float(node["value"])])
            else:
                assert not node["is_categorical"]  # no categorical features are declared
                tree.append(
                    [
                        int(node["feature_idx"]),
                        float(node["num_threshold"]),
                        where[int(node["left"])],
                        where[int(node["right"])],
                    ]
                )
        trees.append(tree)
    return slope * float(model._baseline_prediction[0][0]) + offset, trees


@dataclass(frozen=True)
class Platt:
    """The recalibration: P(right) = sigmoid(slope * log-odds + offset)."""

    slope: float
    offset: float

    def __call__(self, z: float) -> float:
        return _sigmoid(self.slope * z + self.offset)


def fit_platt(scores: Sequence[float], labels: Sequence[int]) -> Platt:
    if len(set(labels)) < 2:
        raise ValueError(
            "the unseen corpora's detections (in a cross-validation fold) are all right or "
            "all wrong: nothing to recalibrate on"
        )
    model = LogisticRegression(C=PLATT_C, max_iter=5000).fit([[z] for z in scores], labels)
    return Platt(float(model.coef_[0][0]), float(model.intercept_[0]))


def recalibrated(
    data: Dataset, z: Sequence[float], fold_of: Sequence[int], unseen: Collection[str]
) -> tuple[list[float], Platt]:
    """Probabilities from the log-odds `z`, recalibrated on the unseen corpora: an unseen
    example by a recalibration fitted on the other folds' unseen examples, any other by the
    one fitted on all of them (returned too)."""
    inside = [i for i, e in enumerate(data.examples) if e.source in unseen]
    y = data.labels
    everywhere = fit_platt([z[i] for i in inside], [y[i] for i in inside])
    result = [everywhere(v) for v in z]
    for fold in sorted({fold_of[i] for i in inside}):
        train = [i for i in inside if fold_of[i] != fold]
        platt = fit_platt([z[i] for i in train], [y[i] for i in train])
        for i in inside:
            if fold_of[i] == fold:
                result[i] = platt(z[i])
    return result, everywhere


def nested_threshold(
    data: Dataset,
    probabilities: Sequence[float],
    fold_of: Sequence[int],
    source: Sources,
    target: float,
) -> Counts:
    """An honest check of the threshold choice: each fold's detections scored at the
    threshold chosen on the other folds only (choosing and scoring on the same detections
    flatters it)."""
    within = _within(source)
    fold_groups: dict[int, set[str]] = {}
    for i, e in enumerate(data.examples):
        if within is None or e.source in within:
            fold_groups.setdefault(fold_of[i], set()).add(e.group)
    total = Counts()
    for fold, groups in sorted(fold_groups.items()):
        others = set().union(*(g for f, g in fold_groups.items() if f != fold))
        chosen, _ = choose_threshold(curve(data, probabilities, source, others), target)
        counts = scores(data, probabilities, chosen.threshold, source, groups)
        total = Counts(total.tp + counts.tp, total.fp + counts.fp, total.fn + counts.fn)
    # the labels of pairs the detector read nothing in are missed at any threshold
    tp = total.tp
    required = sum(n for name, n in data.required.items() if within is None or name in within)
    return Counts(tp=tp, fp=total.fp, fn=required - tp)


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    ez = math.exp(z)
    return ez / (1.0 + ez)


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
    c: float | str  # the regression's regularisation, or "trees"
    # the corpora that recalibrate the model and choose its threshold (the regression never
    # fits on them, the trees do, weighted)
    unseen: tuple[str, ...] = ()
    platt: Platt | None = None
    # on the unseen corpora, cross-validated: the model alone, before recalibration
    unseen_before: list[dict[str, Any]] = field(default_factory=list)
    unseen_after: list[dict[str, Any]] = field(default_factory=list)
    nested: Counts | None = None  # the threshold chosen on the other folds, fold by fold
    losses: dict[str, float] = field(default_factory=dict)
    verifier: str = "regression"


def train(
    corpora: Sequence[tuple[Path, Sequence[Mapping[str, Any]]]],
    *,
    folds: int = 5,
    target: float = 0.95,
    tune_on: str | Sequence[str] | None = None,
    unseen: Sequence[str] = (),
    language: Language | None = None,
    seed: int = 0,
    repeats: int = 1,
    verifier: str = "regression",
) -> Result:
    """The calibration learned from `corpora` (each file and its items), as the JSON object
    to write. The regression is fitted on every corpus but the `unseen` ones (file names),
    which recalibrate it and choose its regularisation; the threshold is chosen on the
    cross-validated figures of the corpus files named `tune_on` (those most like the news it
    will read: the unseen ones, when there are), or of all of them. `verifier="trees"` fits
    gradient-boosted trees on every corpus instead, the unseen ones weighted (module doc)."""
    if verifier not in VERIFIERS:
        raise ValueError(f"verifier {verifier!r}: one of {', '.join(VERIFIERS)}")
    lang = language or load_language()
    data = dataset([(path.name, items) for path, items in corpora], lang)
    if len(set(data.labels)) < 2:
        raise ValueError("the detections are all right or all wrong: nothing to learn from")
    unseen_names = tuple(sorted(set(unseen)))
    for name in unseen_names:
        if name not in data.required:
            raise ValueError(f"--unseen {name}: not one of the corpora")
    if unseen_names and len(unseen_names) == len(data.required):
        raise ValueError("every corpus is unseen: nothing left to fit the regression on")
    tuned_names = sorted(_within(tune_on) or ())
    for name in tuned_names:
        if name not in data.required:
            raise ValueError(f"--tune-on {name}: not one of the corpora")
    label = "+".join(tuned_names) or "all"
    data = _without_rare_words(data, unseen_names)
    fitted = [e.source not in unseen_names for e in data.examples]
    # repeated cross-validation: a small unseen corpus makes one split's figures a matter
    # of luck; every figure is pooled over `repeats` splits (counts summed over them)
    fold_sets = [_folds(data, folds, seed + r) for r in range(max(1, repeats))]
    scored = [not f for f in fitted] if unseen_names else fitted
    runs_by_c: dict[float | str, list[tuple[list[float], list[float]]]] = {}
    losses: dict[float | str, float] = {}
    fits, weights = _fits(verifier), _weights(data, verifier, unseen_names)
    x_all = _matrix(data)[0]
    for c, fit in fits.items():
        runs = []
        for fold_of in fold_sets:
            z = out_of_fold_scores(x_all, data.labels, fold_of, fit, weights)
            if unseen_names:
                probabilities = recalibrated(data, z, fold_of, unseen_names)[0]
            else:
                probabilities = [_sigmoid(v) for v in z]
            runs.append((z, probabilities))
        runs_by_c[c] = runs
        losses[c] = sum(
            log_loss(
                [y for y, s in zip(data.labels, scored, strict=True) if s],
                [p for p, s in zip(probabilities, scored, strict=True) if s],
                labels=[0, 1],
            )
            for _, probabilities in runs
        ) / len(runs)
    c = min(losses, key=lambda k: losses[k])
    runs = runs_by_c[c]
    n = len(runs)
    pooled = Dataset(
        examples=data.examples * n,
        items=data.items,
        required={k: v * n for k, v in data.required.items()},
        required_by_group={k: v * n for k, v in data.required_by_group.items()},
    )
    z = [v for scores_, _ in runs for v in scores_]
    oof = [p for _, probabilities in runs for p in probabilities]
    platt = None
    if unseen_names:
        inside = [i for i, e in enumerate(pooled.examples) if e.source in unseen_names]
        platt = fit_platt([z[i] for i in inside], [pooled.labels[i] for i in inside])
    nested = None
    if tuned_names:
        nested = Counts()
        for fold_of, (_, probabilities) in zip(fold_sets, runs, strict=True):
            one = nested_threshold(data, probabilities, fold_of, tune_on, target)
            nested = Counts(nested.tp + one.tp, nested.fp + one.fp, nested.fn + one.fn)
    data_one, data = data, pooled  # the figures below are pooled over the repetitions
    points, tuned = curve(data, oof), curve(data, oof, tune_on)
    chosen, reached = choose_threshold(tuned, target, points)
    by_source = {name: scores(data, oof, chosen.threshold, name) for name in data.required}
    table = _reliability(data, oof, None)
    tuned_table = _reliability(data, oof, tune_on)
    slope, offset = (platt.slope, platt.offset) if platt else (1.0, 0.0)
    files = [path for path, _ in corpora]
    unseen_files = [f for f in files if f.name in unseen_names]
    # the final model reads only the features of the examples it is fitted on
    kept = [(e, w) for e, w in zip(data_one.examples, weights, strict=True) if w]
    fitted_on = Dataset([e for e, _ in kept])
    x, vectorizer = _matrix(fitted_on)
    model = fits[c](x, fitted_on.labels, [w for _, w in kept])
    model_part: dict[str, Any] = {
        "features": [str(n) for n in vectorizer.get_feature_names_out()],
    }
    model_text = f"fitted on {', '.join(f.name for f in files if f not in unseen_files)}"
    if verifier == "trees":
        if unseen_names:
            model_text += f" and on {', '.join(unseen_names)} weighted {UNSEEN_WEIGHT:g}"
        intercept, exported = export_trees(model, slope, offset)
        settings = ", ".join(f"{k} {v}" for k, v in TREES.items() if k != "random_state")
        model_text = (
            f"gradient-boosted trees (scikit-learn {sklearn.__version__} "
            f"HistGradientBoostingClassifier: {settings}); probability = 1 / (1 + "
            "exp(-(intercept + sum(tree(features))))), a tree going left where "
            f"feature <= threshold; {model_text}"
        )
        model_part.update(format=TREES_FORMAT, intercept=intercept, trees=exported)
    else:
        model_text = (
            f"logistic regression, L2, C={c} (scikit-learn {sklearn.__version__}); "
            f"probability = 1 / (1 + exp(-(intercept + sum(coefficient * feature)))); "
            f"{model_text}"
        )
        model_part.update(
            format=FORMAT,
            intercept=round(slope * float(model.intercept_[0]) + offset, 6),
            coefficients=[round(slope * float(v), 6) for v in model.coef_[0]],
        )
    raw = [_sigmoid(v) for v in z]
    before = _reliability(data, raw, unseen_names) if unseen_names else []
    after = _reliability(data, oof, unseen_names) if unseen_names else []
    if platt:
        model_text += (
            f", then recalibrated on {', '.join(unseen_names)} (out-of-fold log-odds * "
            f"{platt.slope:.4f} {platt.offset:+.4f}, folded into the "
            f"{'leaves' if verifier == 'trees' else 'coefficients'} and intercept)"
        )
    calibration = {
        "format": model_part.pop("format"),
        "language": lang.code,
        "model": model_text,
        "propose_threshold": chosen.threshold,
        "intercept": model_part.pop("intercept"),
        **model_part,
        "training": {
            "files": [_relative(f) for f in files if f not in unseen_files],
            **({"recalibrated_on": [_relative(f) for f in unseen_files]} if unseen_files else {}),
            **(
                {"unseen_fitted_with_weight": UNSEEN_WEIGHT}
                if unseen_files and verifier == "trees"
                else {}
            ),
            "sha256": digest(files),
            "language_sha256": language_digest(LANG_ROOT / lang.code),
            "items": data_one.items,
            "detections": len(data_one.examples),
            "right": sum(data_one.labels),
            "proposing": sum(e.proposing for e in data_one.examples),
            "required_labels": data_one.required,
        },
        "cross_validation": {
            "folds": folds,
            "repeats": n,
            "counts": "summed over the repeats" if n > 1 else "one cross-validation",
            "grouped_by": "topic pair",
            "regularisation_chosen_on": "+".join(unseen_names) or "all",
            "regularisation": {str(k): round(v, 4) for k, v in losses.items()},
            **(
                {"recalibration": {"slope": round(slope, 6), "offset": round(offset, 6)}}
                if platt
                else {}
            ),
            "target_precision": target,
            "threshold_tuned_on": label,
            "target_reached": reached,
            "at_threshold": {
                "all": scores(data, oof, chosen.threshold).as_dict(),
                **{name: counts.as_dict() for name, counts in by_source.items()},
            },
            **({"nested_threshold": {label: nested.as_dict()}} if nested else {}),
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
        **({"reliability_unseen_before_recalibration": before} if unseen_names else {}),
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
        unseen_names,
        platt,
        before,
        after,
        nested,
        {str(k): v for k, v in losses.items()},
        verifier,
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
        (
            f"gradient-boosted trees (out-of-fold log loss on {cv['regularisation_chosen_on']}: "
            f"{cv['regularisation']['trees']})"
            if result.verifier == "trees"
            else f"logistic regression, regularisation C={result.c} (out-of-fold log loss on "
            f"{cv['regularisation_chosen_on']}, by C: {cv['regularisation']})"
        ),
        f"{cv['folds']}-fold cross-validation grouped by topic pair, {cv['repeats']} split(s); "
        "counts below summed over the splits",
        "",
    ]
    if result.platt:
        lines += [
            f"fitted on all but {'+'.join(result.unseen)}; recalibrated on them: "
            f"probability = sigmoid({result.platt.slope:.3f} * log-odds "
            f"{result.platt.offset:+.3f})",
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
    if result.nested:
        lines.append(
            f"threshold chosen on the other folds, fold by fold ({result.tuned_on}): "
            f"{result.nested}"
        )
    lines += ["", "cross-validated reliability (acts and intents, all the corpora):"]
    lines += reliability_lines(result.reliability)
    if result.tuned_on != "all":
        lines += ["", f"cross-validated reliability (acts and intents, {result.tuned_on}):"]
        lines += reliability_lines(result.tuned_reliability)
    if result.unseen:
        lines += [
            "",
            f"cross-validated reliability on {'+'.join(result.unseen)}, the regression alone "
            "(before recalibration):",
        ]
        lines += reliability_lines(result.unseen_before)
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
