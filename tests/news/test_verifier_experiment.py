"""tools/verifier_experiment.py: the recall it reports at a precision is the best any threshold
of train_detector's grid reaches, counted by `training.curve` against every required label
(readings never made, and readings that propose nothing, count as missed)."""

from __future__ import annotations

from channels_app.news.detect.training import Dataset, Example
from tools.verifier_experiment import _recall_at


def _data(rights: list[bool], proposing: list[bool], required: int) -> Dataset:
    examples = [
        Example(item=f"i{n}", source="c", group=f"g{n}", features={}, right=r, proposing=p)
        for n, (r, p) in enumerate(zip(rights, proposing, strict=True))
    ]
    return Dataset(examples=examples, items=len(examples), required={"c": required})


def test_recall_at_a_precision_is_the_best_threshold_s_right_readings_over_the_labels() -> None:
    data = _data([True, True, False, True, True], [True] * 5, 10)
    scores = [0.9, 0.8, 0.7, 0.6, 0.5]
    # Top 2: 2/2 right; top 4: 3/4 (0.75); top 5: 4/5 (0.80). Ten labels in all.
    assert _recall_at(data, data.examples, scores, 0.95) == 0.2
    assert _recall_at(data, data.examples, scores, 0.80) == 0.4
    assert _recall_at(data, data.examples, scores, 0.75) == 0.4


def test_no_threshold_reaching_the_precision_gives_no_recall() -> None:
    data = _data([False, True], [True, True], 5)
    assert _recall_at(data, data.examples, [0.9, 0.1], 0.95) == 0.0


def test_a_reading_that_proposes_nothing_is_not_counted() -> None:
    data = _data([True, False, True], [True, False, True], 4)
    scored = [e for e in data.examples if e.proposing]
    # The wrong reading is no act or intent: it never proposes, whatever its score.
    assert _recall_at(data, scored, [0.9, 0.8], 0.95) == 0.5
