"""`manage.py train_detector`: the calibration learned from labelled corpora, written as data."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from channels_app.news.detect.calibrate import parse_calibration
from channels_app.news.detect.training import digest

DATA = Path(__file__).resolve().parents[1] / "data"
DEV = DATA / "corpus2" / "dev.jsonl"


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str]:
    output = tmp_path_factory.mktemp("calibration") / "calibration.json"
    out = io.StringIO()
    call_command(
        "train_detector", "--corpus", str(DEV), "--folds", "3", "--output", str(output), stdout=out
    )
    return json.loads(output.read_text(encoding="utf-8")), out.getvalue()


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


def test_it_refuses_the_frozen_part_of_corpus_3() -> None:
    with pytest.raises(CommandError, match="frozen test part"):
        call_command("train_detector", "--corpus", str(DATA / "corpus3" / "fresh-holdout.jsonl"))


def test_the_threshold_can_be_chosen_on_several_corpora(tmp_path: Path) -> None:
    output = tmp_path / "calibration.json"
    fresh = DATA / "corpus3" / "fresh-tune.jsonl"
    call_command(
        "train_detector",
        *("--corpus", str(DEV), str(fresh)),
        *("--tune-on", "dev.jsonl", "fresh-tune.jsonl"),
        *("--folds", "3", "--output", str(output)),
        stdout=io.StringIO(),
    )
    cv = json.loads(output.read_text(encoding="utf-8"))["cross_validation"]
    assert cv["threshold_tuned_on"] == "dev.jsonl+fresh-tune.jsonl"
    both = cv["at_threshold"]["dev.jsonl"], cv["at_threshold"]["fresh-tune.jsonl"]
    tuned = [p for p in cv["thresholds"]["dev.jsonl+fresh-tune.jsonl"]]
    assert tuned and sum(c["tp"] for c in both) == cv["at_threshold"]["all"]["tp"]
