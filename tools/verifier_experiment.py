"""How well could another verifier tell the rules' right readings from their wrong ones?

    .venv/bin/python tools/verifier_experiment.py [--seeds 3]

An experiment, not the method `train_detector` uses: it prints aggregates only. The rules,
run over the spent holdouts (`train_detector.UNSEEN_CALIBRATION`, no rule ever written on
them), find most labels but with many wrong readings; the calibration's job is to tell them
apart. For each model and training set, over the holdouts' proposing readings: ROC AUC,
average precision, and the recall (of the holdouts' required labels) at the best threshold
reaching precision 0.95 and 0.90 (`train_detector`'s grid, counted by `training.curve`),
chosen on those very scores. That threshold is an oracle's,
so the recall is an upper bound, useful to compare models, not a score to report. "Other
holdout folds" are grouped by topic pair (StratifiedGroupKFold), so no pair scores itself.
Needs scikit-learn (a development dependency). Never reads the frozen test part.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings.test")
    import django

    django.setup()


def _recall_at(data: Any, scored: list[Any], probabilities: Any, target: float) -> float:
    """Recall at the best threshold of `train_detector`'s grid whose precision reaches
    `target`, counted as `training.curve` counts it (`scored`: the proposing readings of
    `data`, in order, with their `probabilities`; the others propose nothing)."""
    from channels_app.news.detect import training

    of = {id(e): p for e, p in zip(scored, probabilities, strict=True)}
    every = [of.get(id(e), 0.0) for e in data.examples]
    reaching = [
        point.counts.recall
        for point in training.curve(data, every)
        if point.counts.precision >= target and point.counts.tp
    ]
    return max(reaching, default=0.0)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3, help="fold splits averaged")
    args = parser.parse_args(argv)
    _setup()
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import average_precision_score, roc_auc_score
    from sklearn.model_selection import StratifiedGroupKFold

    from channels_app.management.commands.train_detector import (
        DEFAULT_CORPORA,
        UNSEEN_CALIBRATION,
    )
    from channels_app.news.detect import training
    from channels_app.news.detect.evaluate import read_corpus

    tune = training.dataset([(p.name, read_corpus(p)) for p in DEFAULT_CORPORA])
    held = training.dataset([(p.name, read_corpus(p)) for p in UNSEEN_CALIBRATION])
    required = sum(held.required.values())
    fitted = [e for e in tune.examples if e.proposing]
    scored = [e for e in held.examples if e.proposing]
    vectorizer = DictVectorizer(sparse=False, sort=True)
    vectorizer.fit([dict(e.features) for e in fitted + scored])
    x_tune = vectorizer.transform([dict(e.features) for e in fitted])
    y_tune = np.array([int(e.right) for e in fitted])
    x_held = vectorizer.transform([dict(e.features) for e in scored])
    y_held = np.array([int(e.right) for e in scored])
    groups = [e.group for e in scored]
    print(
        f"tuning readings {len(fitted)} ({y_tune.mean():.3f} right); spent-holdout readings "
        f"{len(scored)} ({y_held.mean():.3f} right); required labels {required}"
    )

    def report(name: str, p: Any) -> None:
        print(
            f"{name:52} AUC {roc_auc_score(y_held, p):.3f}  "
            f"AP {average_precision_score(y_held, p):.3f}  "
            f"recall@P.95 {_recall_at(held, scored, p, 0.95):.3f}  "
            f"recall@P.90 {_recall_at(held, scored, p, 0.90):.3f}"
        )

    def out_of_fold(make: Callable[[], Any], with_tuning: bool) -> Any:
        mean = np.zeros(len(scored))
        for seed in range(args.seeds):
            splitter = StratifiedGroupKFold(5, shuffle=True, random_state=seed)
            for train, test in splitter.split(x_held, y_held, groups):
                if with_tuning:  # the holdouts weighted, as they are like fresh news
                    weight = np.concatenate(
                        [np.ones(len(y_tune)), np.full(len(train), training.UNSEEN_WEIGHT)]
                    )
                    model = make().fit(
                        np.vstack([x_tune, x_held[train]]),
                        np.concatenate([y_tune, y_held[train]]),
                        sample_weight=weight,
                    )
                else:
                    model = make().fit(x_held[train], y_held[train])
                mean[test] += model.predict_proba(x_held[test])[:, 1] / args.seeds
        return mean

    models: dict[str, Callable[[], Any]] = {
        "logistic regression (C 0.3)": lambda: LogisticRegression(C=0.3, max_iter=5000),
        # the settings `train_detector --verifier trees` uses
        "gradient-boosted trees": lambda: HistGradientBoostingClassifier(**training.TREES),
    }
    for name, make in models.items():
        report(f"{name}, fit on tuning", make().fit(x_tune, y_tune).predict_proba(x_held)[:, 1])
        report(f"{name}, tuning + other holdout folds", out_of_fold(make, True))
        report(f"{name}, other holdout folds only", out_of_fold(make, False))


if __name__ == "__main__":
    main()
