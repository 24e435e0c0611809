"""Training the calibration on unseen corpora (`training.py`): the recalibration learns how
far the regression's log-odds can be trusted on news no rule was written on, and the
threshold check scores each fold at a threshold chosen without it."""

from __future__ import annotations

import pytest

from channels_app.news.detect.evaluate import Counts
from channels_app.news.detect.training import (
    Dataset,
    Example,
    Point,
    choose_threshold,
    fit_platt,
    nested_threshold,
    recalibrated,
)


def example(source: str, group: str, right: bool) -> Example:
    return Example(
        item=f"{group}-{right}",
        source=source,
        group=group,
        features={},
        right=right,
        proposing=True,
    )


def test_each_fold_is_scored_at_the_threshold_chosen_on_the_others() -> None:
    # Pair "a" is best cut at 0.95 and pair "b" at 0.85: each is scored at the other's.
    a = [(True, 0.95), (False, 0.85), (True, 0.75)]
    b = [(True, 0.95), (True, 0.85), (False, 0.60)]
    data = Dataset(
        examples=[example("u", "a", r) for r, _ in a] + [example("u", "b", r) for r, _ in b],
        required={"u": 4},
        required_by_group={("u", "a"): 2, ("u", "b"): 2},
    )
    probabilities = [p for _, p in a] + [p for _, p in b]
    counts = nested_threshold(data, probabilities, [0, 0, 0, 1, 1, 1], "u", 0.95)
    # "a" at b's 0.85 lets its wrong 0.85 through; "b" at a's 0.95 keeps one of two.
    assert (counts.tp, counts.fp, counts.fn) == (2, 1, 2)


def test_the_recalibration_lowers_log_odds_that_unseen_news_does_not_bear_out() -> None:
    # On the unseen corpus, log-odds 3 (probability 0.95) are right 6 times in 10.
    unseen = [(3.0, i < 6) for i in range(10)] + [(-3.0, i < 1) for i in range(10)]
    examples = [example("t", "t", True)] + [
        example("u", f"g{i % 4}", right) for i, (_, right) in enumerate(unseen)
    ]
    data = Dataset(examples=examples, required={"t": 1, "u": 7})
    z = [3.0] + [score for score, _ in unseen]
    fold_of = [0] + [i % 2 for i in range(len(unseen))]
    probabilities, platt = recalibrated(data, z, fold_of, {"u"})
    assert probabilities[0] == pytest.approx(0.6, abs=0.05) == platt(3.0)
    # an unseen example is recalibrated by the other fold's examples only
    other = [i for i in range(1, len(z)) if fold_of[i] == 1]
    fold1 = fit_platt([z[i] for i in other], [int(examples[i].right) for i in other])
    assert probabilities[1] == pytest.approx(fold1(z[1]))


def test_unseen_corpora_with_only_right_detections_cannot_recalibrate() -> None:
    with pytest.raises(ValueError, match="all right or all wrong"):
        fit_platt([1.0, 2.0, 3.0], [1, 1, 1])


def test_thresholds_that_tie_on_the_unseen_corpora_are_told_apart_on_all_of_them() -> None:
    # 0.87 to 0.89 score alike on the small unseen corpus; on all the corpora 0.87 keeps
    # more right readings, so the plateau's low end is chosen, not its top.
    tuned = [Point(t, Counts(tp=83, fp=2, fn=41)) for t in (0.87, 0.88, 0.89)]
    everywhere = [
        Point(0.87, Counts(tp=670, fp=19, fn=198)),
        Point(0.88, Counts(tp=660, fp=18, fn=208)),
        Point(0.89, Counts(tp=644, fp=16, fn=224)),
    ]
    assert choose_threshold(tuned, 0.95, everywhere)[0].threshold == 0.87
    assert choose_threshold(tuned, 0.95)[0].threshold == 0.89  # without: the highest
