"""The detector's calibration: a model over a detection's features (`features.py`), trained
on the labelled corpora by `manage.py train_detector` and shipped as data
(`lang/<code>/calibration.json`): a logistic regression (format 1) or gradient-boosted
decision trees (format 2, which may hold linear terms too).

    p = calibration.probability(features)       # pure Python: no scikit-learn at run time

In both, p = sigmoid(intercept + sum(coefficient * feature) + sum(tree(features))): a tree
goes to its node's left child when the feature's value (0 when the detection lacks it) is
at most the node's threshold, else to its right one, down to a leaf's value.

`p` is the share of detections like this one that were right in training (cross-validated:
the file carries the reliability table). A detection that would propose a change proposes it
only when its rounded probability reaches `threshold` (`propose_threshold` in the file).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from .forest import Forest, Node
from .patterns import LanguageError

FORMAT = 1  # a logistic regression
TREES_FORMAT = 2  # decision trees, summed (and linear terms, if any)
VERIFIERS = ("trees", "regression")  # the models `manage.py train_detector` fits
CALIBRATION_FILE = "calibration.json"
# tools/actor_coverage.py's lists of the actor table's known gaps: the detector reads neither
NOT_VOCABULARY = frozenset({"actor_coverage_pending.csv", "actor_vacancies.csv"})


@dataclass(frozen=True, eq=False)
class Calibration:
    coefficients: Mapping[str, float]
    intercept: float
    threshold: float
    training: Mapping[str, Any]
    trees: Forest | None = None

    def probability(self, features: Mapping[str, float]) -> float:
        """P(right | features); a feature the model was not trained on counts for nothing."""
        z = self.intercept
        if self.coefficients:  # none in a file of trees alone
            z += sum(self.coefficients.get(name, 0.0) * value for name, value in features.items())
        if self.trees is not None:
            z += self.trees.score(features)
        # Two branches so that exp() never overflows, whatever z is.
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        ez = math.exp(z)
        return ez / (1.0 + ez)

    def confidence(self, features: Mapping[str, float]) -> float:
        return round(self.probability(features), 2)

    def proposes(self, confidence: float) -> bool:
        return confidence >= self.threshold


def language_digest(folder: Path) -> str:
    """SHA-256 of a language folder's vocabulary files (not the calibration, nor the
    bookkeeping the detector never reads): a calibration trained with other vocabulary is
    stale."""
    hasher = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        if path.name in NOT_VOCABULARY:
            continue
        if path.suffix in (".toml", ".csv", ".txt") and path.is_file():
            hasher.update(path.name.encode() + b"\0" + path.read_bytes())
    return hasher.hexdigest()


def stale(calibration: Calibration, folder: Path) -> bool:
    """Whether the vocabulary changed since the calibration was trained."""
    return calibration.training.get("language_sha256") != language_digest(folder)


def read_calibration(path: Path) -> Calibration | None:
    """The calibration in `path`, None when there is no such file (the detector then keeps
    its rules' own score and proposes every act and intent). A file that is there but
    unusable raises `LanguageError` naming the file and the key."""
    label = f"{path.parent.name}/{path.name}"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise LanguageError(f"{label}: not readable JSON: {exc}") from exc
    return parse_calibration(data, label)


def parse_calibration(data: object, label: str) -> Calibration:
    def error(key: str, reason: str) -> LanguageError:
        return LanguageError(f"{label}: {key}: {reason}")

    if not isinstance(data, dict):
        raise LanguageError(f"{label}: expected a JSON object")
    if data.get("format") not in (FORMAT, TREES_FORMAT):
        raise error("format", f"expected {FORMAT} or {TREES_FORMAT}, found {data.get('format')!r}")
    names, coefficients = data.get("features"), data.get("coefficients")
    if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
        raise error("features", "expected a list of feature names")
    if len(set(names)) != len(names):
        raise error("features", "a feature is named twice")
    trees: Forest | None = None
    if data["format"] == TREES_FORMAT:
        coefficients = data.get("coefficients", [0.0] * len(names))
        trees = Forest(_trees(data.get("trees"), names, error))
    elif "trees" in data:
        raise error("trees", f"format {FORMAT} has no trees")
    if not isinstance(coefficients, list) or not all(_finite(c) for c in coefficients):
        raise error("coefficients", "expected a list of numbers")
    if len(coefficients) != len(names):
        raise error("coefficients", f"{len(coefficients)} numbers for {len(names)} features")
    intercept, threshold = data.get("intercept"), data.get("propose_threshold")
    if not _finite(intercept):
        raise error("intercept", "expected a number")
    if not _finite(threshold) or not 0.0 <= float(threshold) <= 1.0:
        raise error("propose_threshold", "expected a number from 0 to 1")
    training = data.get("training")
    if not isinstance(training, dict) or not isinstance(training.get("sha256"), str):
        raise error("training", "expected an object with the training data's sha256")
    return Calibration(
        coefficients={name: float(c) for name, c in zip(names, coefficients, strict=True) if c},
        intercept=float(intercept),
        threshold=float(threshold),
        training=training,
        trees=trees,
    )


def _trees(
    data: object, names: list[str], error: Callable[[str, str], LanguageError]
) -> list[list[Node]]:
    """The trees of a format 2 file: each a list of nodes, [feature index, threshold, left,
    right] for a split (its children after it) and [value] for a leaf."""
    if not isinstance(data, list) or not data:
        raise error("trees", "expected a list of trees")
    trees = []
    for t, tree in enumerate(data):
        if not isinstance(tree, list) or not tree:
            raise error(f"trees[{t}]", "expected a list of nodes")
        nodes: list[Node] = []
        for i, node in enumerate(tree):
            where = f"trees[{t}][{i}]"
            if isinstance(node, list) and len(node) == 1 and _finite(node[0]):
                nodes.append((None, 0.0, 0, 0, float(node[0])))
                continue
            if not (isinstance(node, list) and len(node) == 4 and _whole(node[0])):
                raise error(where, "expected [value] or [feature, threshold, left, right]")
            feature, threshold, left, right = node
            if not 0 <= feature < len(names):
                raise error(where, f"no feature {feature} (there are {len(names)})")
            if not _finite(threshold):
                raise error(where, "the threshold is not a number")
            if not (
                _whole(left) and _whole(right) and i < left < len(tree) and i < right < len(tree)
            ):
                raise error(where, "a child must be a later node of the same tree")
            nodes.append((names[feature], float(threshold), left, right, 0.0))
        trees.append(nodes)
    return trees


def _whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _finite(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
