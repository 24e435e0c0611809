"""tools/verifier_experiment.py: the recall it reports at a precision is the best any threshold
on the scores reaches, counted against every required label (readings never made count as
missed)."""

from __future__ import annotations

import numpy as np

from tools.verifier_experiment import _recall_at


def test_recall_at_a_precision_is_the_best_threshold_s_right_readings_over_the_labels() -> None:
    scores = np.array([0.9, 0.8, 0.7, 0.6, 0.5])
    right = np.array([1, 1, 0, 1, 1])
    # Top 2: 2/2 right; top 4: 3/4 (0.75); top 5: 4/5 (0.80). Ten labels in all.
    assert _recall_at(scores, right, 10, 0.95) == 0.2
    assert _recall_at(scores, right, 10, 0.80) == 0.4
    assert _recall_at(scores, right, 10, 0.75) == 0.4


def test_no_threshold_reaching_the_precision_gives_no_recall() -> None:
    assert _recall_at(np.array([0.9, 0.1]), np.array([0, 1]), 5, 0.95) == 0.0


def test_the_order_of_the_readings_does_not_matter() -> None:
    scores, right = np.array([0.5, 0.9, 0.7]), np.array([1, 1, 0])
    assert _recall_at(scores, right, 4, 0.6) == _recall_at(scores[::-1], right[::-1], 4, 0.6)
