"""`manage.py train_detector`: the calibration learned from labelled corpora, written as data."""

from __future__ import annotations

import io
import json
import math
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from channels_app.management.commands.train_detector import (
    DEFAULT_CORPORA,
    FROZEN,
    UNSEEN_CALIBRATION,
)
from channels_app.news.detect.calibrate import parse_calibration
from channels_app.news.detect.evaluate import read_corpus
from channels_app.news.detect.training import (
    TREES,
    UNSEEN_WEIGHT,
    _matrix,
    _model,
    _trees,
    _without_rare_words,
    dataset,
    digest,
)

DATA = Path(__file__).resolve().parents[1] / "data"
DEV = DATA / "corpus2" / "dev.jsonl"
SPENT = DATA / "corpus3" / "fresh-holdout.jsonl"


def _train(tmp_path_factory: pytest.TempPathFactory, *args: str) -> tuple[dict, str]:
    """train_detector on dev with three folds and `args`: the calibration and the output."""
    output = tmp_path_factory.mktemp("calibration") / "calibration.json"
    out = io.StringIO()
    call_command(
        "train_detector",
        *("--corpus", str(DEV), "--folds", "3", "--output", str(output), *args),
        stdout=out,
    )
    return json.loads(output.read_text(encoding="utf-8")), out.getvalue()


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str]:
    """Fitted on dev alone, without unseen corpora: the threshold is chosen on dev."""
    return _train(tmp_path_factory, "--unseen", "--repeats", "1", "--verifier", "regression")


@pytest.fixture(scope="module")
def recalibrated(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str]:
    """Fitted on dev, recalibrated on a spent holdout (the default's shape, smaller)."""
    return _train(
        tmp_path_factory, "--unseen", str(SPENT), "--repeats", "2", "--verifier", "regression"
    )


def test_it_writes_a_calibration_the_detector_can_read(trained: tuple[dict, str]) -> None:
    calibration, _ = trained
    parsed = parse_calibration(calibration, "calibration.json")
    assert parsed.threshold == calibration["propose_threshold"]
    assert set(parsed.coefficients) == set(calibration["features"])


def test_it_records_the_training_data_and_its_hash(trained: tuple[dict, str]) -> None:
    training = trained[0]["training"]
    assert training["files"] == ["tests/data/corpus2/dev.jsonl"]
    assert training["sha256"] == digest([DEV])
    assert training["items"] == 505


def test_it_prints_cross_validated_figures_and_the_reliability_table(
    trained: tuple[dict, str],
) -> None:
    calibration, text = trained
    chosen = calibration["propose_threshold"]
    assert "cross-validated on dev.jsonl" in text
    assert f"{chosen:>10.2f}" in text and "<- chosen" in text
    assert "cross-validated reliability" in text and ">= 0.9:" in text
    assert len(calibration["reliability"]) == 10


def test_the_threshold_reaches_the_target_precision_when_it_can(
    trained: tuple[dict, str],
) -> None:
    cv = trained[0]["cross_validation"]
    at = cv["at_threshold"]["dev.jsonl"]
    assert cv["target_reached"] == (at["precision"] >= 0.95)
    if cv["target_reached"]:
        better = [p for p in cv["thresholds"]["dev.jsonl"] if p["precision"] >= 0.95 and p["tp"]]
        assert all(p["f1"] <= at["f1"] for p in better)


def test_it_refuses_the_frozen_test_part() -> None:
    with pytest.raises(CommandError, match="frozen test part"):
        call_command("train_detector", "--corpus", str(DATA / "corpus2" / "test.jsonl"))


def test_it_refuses_the_frozen_test_part_as_an_unseen_corpus_too() -> None:
    with pytest.raises(CommandError, match="frozen test part"):
        call_command("train_detector", "--unseen", str(DATA / "corpus2" / "test.jsonl"))


def test_it_refuses_a_number_of_repeats_out_of_range() -> None:
    with pytest.raises(CommandError, match="--repeats: from 1 to 20"):
        call_command("train_detector", "--repeats", "0")


def test_it_refuses_to_fit_on_a_spent_holdout() -> None:
    with pytest.raises(CommandError, match="spent holdout: only read as --unseen"):
        call_command("train_detector", "--corpus", str(DEV), str(SPENT))


def test_by_default_it_fits_on_the_tuning_parts_and_recalibrates_on_the_spent_holdouts() -> None:
    names = {path.name for path in UNSEEN_CALIBRATION}
    # every spent holdout, as test_corpus2_format's SPENT_HOLDOUTS lists them
    assert {"fresh-holdout.jsonl", "m4-holdout.jsonl", "g4-holdout.jsonl"} <= names
    assert not names & {path.name for path in DEFAULT_CORPORA}
    assert DATA / "corpus2" / "test.jsonl" in FROZEN
    assert not set(FROZEN) & {*DEFAULT_CORPORA, *UNSEEN_CALIBRATION}


def test_the_unseen_corpora_are_recorded_apart_and_hashed_with_the_rest(
    recalibrated: tuple[dict, str],
) -> None:
    training = recalibrated[0]["training"]
    assert training["files"] == ["tests/data/corpus2/dev.jsonl"]
    assert training["recalibrated_on"] == ["tests/data/corpus3/fresh-holdout.jsonl"]
    assert training["sha256"] == digest([DEV, SPENT])
    assert training["items"] == 505 + 86


def test_the_unseen_corpora_choose_the_threshold_and_the_regularisation(
    recalibrated: tuple[dict, str],
) -> None:
    calibration, text = recalibrated
    cv = calibration["cross_validation"]
    assert cv["threshold_tuned_on"] == cv["regularisation_chosen_on"] == "fresh-holdout.jsonl"
    losses = cv["regularisation"]
    # the least log loss (the file rounds them to 4 places: two may tie there)
    assert losses[_chosen_c(calibration)] <= min(losses.values()) + 1e-4
    at = cv["at_threshold"]["fresh-holdout.jsonl"]
    assert cv["target_reached"] == (at["precision"] >= 0.95)
    nested = cv["nested_threshold"]["fresh-holdout.jsonl"]
    # the same 70 labels, scored apart, in each of the two splits (counts summed)
    assert cv["repeats"] == 2
    assert nested["tp"] + nested["fn"] == at["tp"] + at["fn"] == 2 * 70
    assert "threshold chosen on the other folds" in text
    assert "the regression alone (before recalibration)" in text
    assert len(calibration["reliability_unseen_before_recalibration"]) == 10


def test_the_recalibration_is_folded_into_a_regression_fitted_without_the_unseen_corpora(
    recalibrated: tuple[dict, str],
) -> None:
    """The file keeps one logistic regression: the one fitted on dev alone, its log-odds
    times the slope plus the offset learned on the unseen corpus."""
    calibration, _ = recalibrated
    cv = calibration["cross_validation"]
    slope, offset = cv["recalibration"]["slope"], cv["recalibration"]["offset"]
    # the words fewer than MIN_WORD_COUNT fitted detections hold are dropped before the fit
    data = _without_rare_words(dataset([(DEV.name, read_corpus(DEV))]), ())
    x, vectorizer = _matrix(data)
    model = _model(float(_chosen_c(calibration))).fit(x, data.labels)
    assert calibration["features"] == list(vectorizer.get_feature_names_out())
    assert calibration["coefficients"] == pytest.approx(
        [slope * c for c in model.coef_[0]], abs=1e-5
    )
    assert calibration["intercept"] == pytest.approx(slope * model.intercept_[0] + offset, abs=1e-5)
    assert slope > 0  # a recalibration never turns the ranking upside down here


def test_the_threshold_can_be_chosen_on_several_corpora(tmp_path: Path) -> None:
    output = tmp_path / "calibration.json"
    fresh = DATA / "corpus3" / "fresh-tune.jsonl"
    call_command(
        "train_detector",
        *("--corpus", str(DEV), str(fresh), "--unseen"),
        *("--tune-on", "dev.jsonl", "fresh-tune.jsonl"),
        *("--folds", "3", "--repeats", "1", "--output", str(output)),
        stdout=io.StringIO(),
    )
    cv = json.loads(output.read_text(encoding="utf-8"))["cross_validation"]
    assert cv["threshold_tuned_on"] == "dev.jsonl+fresh-tune.jsonl"
    both = cv["at_threshold"]["dev.jsonl"], cv["at_threshold"]["fresh-tune.jsonl"]
    tuned = [p for p in cv["thresholds"]["dev.jsonl+fresh-tune.jsonl"]]
    assert tuned and sum(c["tp"] for c in both) == cv["at_threshold"]["all"]["tp"]


def _chosen_c(calibration: dict) -> str:
    """The regularisation the file's model was fitted with ("C=0.3" in its description)."""
    found = re.search(r"\bC=([\d.]+)", calibration["model"])
    assert found, calibration["model"]
    return found.group(1)


@pytest.fixture(scope="module")
def trees(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str]:
    """Gradient-boosted trees fitted on dev and a spent holdout (weighted), recalibrated on
    the holdout's out-of-fold log-odds."""
    return _train(tmp_path_factory, "--unseen", str(SPENT), "--repeats", "1", "--verifier", "trees")


def test_the_trees_are_written_as_format_2_and_say_what_they_were_fitted_on(
    trees: tuple[dict, str],
) -> None:
    calibration, text = trees
    assert calibration["format"] == 2 and "coefficients" not in calibration
    assert len(calibration["trees"]) == TREES["max_iter"]
    assert "gradient-boosted trees" in calibration["model"] and "gradient-boosted trees" in text
    assert "fitted on dev.jsonl and on fresh-holdout.jsonl weighted 3" in calibration["model"]
    training = calibration["training"]
    assert training["files"] == ["tests/data/corpus2/dev.jsonl"]
    assert training["recalibrated_on"] == ["tests/data/corpus3/fresh-holdout.jsonl"]
    assert training["unseen_fitted_with_weight"] == UNSEEN_WEIGHT
    nested = calibration["cross_validation"]["nested_threshold"]["fresh-holdout.jsonl"]
    assert nested["tp"] + nested["fn"] == 70


def test_the_shipped_trees_compute_what_scikit_learn_computes_recalibrated(
    trees: tuple[dict, str],
) -> None:
    """Refit as the command does (same settings and weights): the file's pure-Python trees
    give scikit-learn's log-odds times the recalibration's slope plus its offset."""
    calibration, _ = trees
    slope, offset = (
        calibration["cross_validation"]["recalibration"][k] for k in ("slope", "offset")
    )
    data = _without_rare_words(
        dataset([(DEV.name, read_corpus(DEV)), (SPENT.name, read_corpus(SPENT))]), (SPENT.name,)
    )
    x, vectorizer = _matrix(data)
    weights = [UNSEEN_WEIGHT if e.source == SPENT.name else 1.0 for e in data.examples]
    model = _trees().fit(x, data.labels, weights)
    assert calibration["features"] == list(vectorizer.get_feature_names_out())
    ours = parse_calibration(calibration, "calibration.json")
    names = calibration["features"]
    z = model.decision_function(x)
    for row, expected in zip(x[:300], z[:300], strict=False):
        features = {name: float(v) for name, v in zip(names, row, strict=True) if v}
        p = 1 / (1 + math.exp(-(slope * expected + offset)))
        # the file's slope and offset are rounded to 6 places
        assert ours.probability(features) == pytest.approx(p, abs=1e-4)


def test_an_unknown_verifier_is_refused() -> None:
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("train_detector", "--verifier", "forest")
