"""The detector's calibration: the shipped model loads and is checked, its probability is the
one scikit-learn computes, the threshold decides which acts propose, and every detection
says which words produced it."""

from __future__ import annotations

import json
import math
import shutil
from datetime import date
from pathlib import Path

import pytest
from sklearn.linear_model import LogisticRegression

from channels_app.news.detect import detect
from channels_app.news.detect.calibrate import (
    CALIBRATION_FILE,
    NOT_VOCABULARY,
    Calibration,
    language_digest,
    parse_calibration,
    read_calibration,
    stale,
)
from channels_app.news.detect.language import LANG_ROOT, LanguageError, load_language
from channels_app.news.detect.model import PROPOSING

SHIPPED = LANG_ROOT / "en" / CALIBRATION_FILE
SEVERS = (
    "Sudan severs diplomatic relations with the UAE",
    "Khartoum said it was recalling its ambassador from Abu Dhabi.",
)


def shipped() -> dict:
    return json.loads(SHIPPED.read_text(encoding="utf-8"))


def calibration(**changes: object) -> Calibration:
    """A logistic regression (format 1) with the shipped file's other keys and `changes`."""
    data = shipped()
    if data.pop("trees", None) is not None:
        data.update(format=1, coefficients=[0.0] * len(data["features"]))
    return parse_calibration({**data, **changes}, "en/calibration.json")


def test_the_shipped_calibration_loads_with_the_language() -> None:
    lang = load_language()
    assert lang.calibration is not None
    assert 0 < lang.calibration.threshold < 1
    data = shipped()
    if data["format"] == 2:  # gradient-boosted trees
        assert lang.calibration.trees is not None and data["trees"]
    else:
        assert len(lang.calibration.coefficients) == len(data["features"])


def test_the_shipped_calibration_names_its_training_data() -> None:
    training = shipped()["training"]
    assert len(training["sha256"]) == 64
    assert training["items"] > 500
    assert not any("test.jsonl" in name for name in training["files"])
    # the spent holdouts are listed apart: the regression never fits on them, the trees fit
    # on them weighted (and score them out of fold)
    assert not any("holdout" in name for name in training["files"])
    if shipped()["format"] == 2:
        assert training["unseen_fitted_with_weight"] > 1
    assert "tests/data/corpus3/fresh-tune.jsonl" in training["files"]
    # the spent holdouts only recalibrate it; the frozen test part is in neither list
    from channels_app.management.commands.train_detector import DATA, UNSEEN_CALIBRATION

    root = DATA.parent.parent
    spent = [path.relative_to(root).as_posix() for path in UNSEEN_CALIBRATION]
    assert training["recalibrated_on"] == spent
    assert "tests/data/corpus4/p5-holdout.jsonl" in spent


def test_the_verifier_reads_how_each_side_was_named_and_whether_actors_fit_the_kind() -> None:
    (found,) = detect("Hegseth and Dong Jun hold video call", "", published=date(2025, 9, 10))
    assert found.explanation is not None
    features = found.explanation.features
    assert features["side_named_as=person"] == 1.0
    assert features["hint=agrees"] == 1.0 and found.kind == "military"
    assert features["cues_in_sentence=<=1"] == 1.0


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"format": 3}, "format"),
        ({"trees": [[[1.0]]]}, "trees"),  # a regression (format 1) has none
        ({"features": "cue"}, "features"),
        ({"coefficients": [1.0]}, "coefficients"),
        ({"coefficients": None}, "coefficients"),
        ({"intercept": "high"}, "intercept"),
        ({"intercept": math.inf}, "intercept"),
        ({"propose_threshold": 1.5}, "propose_threshold"),
        ({"training": {}}, "training"),
    ],
)
def test_a_bad_calibration_is_refused_naming_the_key(changes: dict, key: str) -> None:
    with pytest.raises(LanguageError, match=rf"en/calibration\.json: {key}: "):
        calibration(**changes)


def test_a_calibration_that_is_not_json_is_refused_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    path = tmp_path / "en" / CALIBRATION_FILE
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(LanguageError, match=r"en/calibration\.json: not readable JSON"):
        read_calibration(path)


def test_a_language_without_a_calibration_keeps_the_rules_scores(tmp_path: Path) -> None:
    shutil.copytree(LANG_ROOT / "en", tmp_path / "en", ignore=shutil.ignore_patterns("*.json"))
    lang = load_language("en", tmp_path)
    assert lang.calibration is None
    found = detect(*SEVERS, language=lang)
    assert found and all(d.proposes_change for d in found if d.modality in PROPOSING)
    assert all(d.explanation and d.explanation.probability is None for d in found)


def test_the_probability_is_the_one_scikit_learn_computes() -> None:
    names = ["a", "b=x", "b=y", "c"]
    x = [[0.2, 1, 0, 3.0], [0.9, 0, 1, 0.0], [0.5, 1, 0, 1.0], [0.1, 0, 1, 2.0], [0.7, 0, 0, 0.5]]
    model = LogisticRegression(C=1.0).fit(x, [0, 1, 1, 0, 1])
    ours = calibration(
        features=names,
        coefficients=[float(c) for c in model.coef_[0]],
        intercept=float(model.intercept_[0]),
    )
    for row, expected in zip(x, model.predict_proba(x)[:, 1], strict=True):
        features = {name: value for name, value in zip(names, row, strict=True) if value}
        assert ours.probability(features) == pytest.approx(expected, abs=1e-12)


def test_a_feature_the_model_never_saw_counts_for_nothing() -> None:
    ours = calibration(features=["a"], coefficients=[2.0], intercept=-1.0)
    assert ours.probability({"a": 1.0, "unseen": 5.0}) == pytest.approx(1 / (1 + math.exp(-1)))


def test_extreme_scores_give_probabilities_without_overflow() -> None:
    ours = calibration(features=["a"], coefficients=[1.0], intercept=0.0)
    assert ours.probability({"a": 1e6}) == 1.0
    assert ours.probability({"a": -1e6}) == 0.0


def test_the_confidence_is_the_calibrated_probability_rounded() -> None:
    found = detect(*SEVERS)
    lang_calibration = load_language().calibration
    assert lang_calibration is not None
    for d in found:
        assert d.explanation is not None
        expected = round(lang_calibration.probability(d.explanation.features), 2)
        assert d.confidence == expected == d.explanation.probability


def test_an_act_below_the_threshold_is_kept_but_proposes_nothing(tmp_path: Path) -> None:
    shutil.copytree(LANG_ROOT / "en", tmp_path / "en")
    path = tmp_path / "en" / CALIBRATION_FILE
    path.write_text(json.dumps({**shipped(), "propose_threshold": 1.0}), encoding="utf-8")
    found = detect(*SEVERS, language=load_language("en", tmp_path))
    acts = [d for d in found if d.modality in PROPOSING and d.confidence < 1.0]
    assert acts
    assert not any(d.proposes_change for d in acts)
    assert all(d.withheld and d.explain()["proposes"] is False for d in acts)


def test_an_act_at_the_threshold_proposes(tmp_path: Path) -> None:
    shutil.copytree(LANG_ROOT / "en", tmp_path / "en")
    path = tmp_path / "en" / CALIBRATION_FILE
    path.write_text(json.dumps({**shipped(), "propose_threshold": 0.0}), encoding="utf-8")
    found = detect(*SEVERS, language=load_language("en", tmp_path))
    acts = [d for d in found if d.modality in PROPOSING]
    assert acts and all(d.proposes_change and not d.withheld for d in acts)


def test_explain_names_the_cue_and_the_words_of_each_side() -> None:
    severed = next(d for d in detect(*SEVERS) if d.state == "severed")
    why = severed.explain()
    assert why["cue"]["words"].lower().startswith("sever")
    assert why["sides"] == [
        {"code": "AE", "words": ["UAE"]},
        {"code": "SD", "words": ["Sudan"]},
    ]
    assert (why["parties_from"], why["kind_from"], why["read_in"]) == ("clause", "named", "title")
    assert why["features"]["in_title"] == 1.0
    assert str(severed.explanation).startswith(f"cue: {why['cue']['name']} (")


def test_a_side_named_only_elsewhere_is_explained_with_the_words_there() -> None:
    [closed] = detect("Sudan accuses the UAE of arming militias", "Khartoum closed its embassy.")
    assert closed.explanation is not None
    assert closed.explanation.parties_from == "context"
    assert dict(closed.explanation.sides) == {"AE": ("UAE",), "SD": ("Khartoum",)}


def test_the_detect_news_keys_are_unchanged() -> None:
    for d in detect(*SEVERS):
        assert list(d.as_dict()) == [
            "parties",
            "kind",
            "state",
            "modality",
            "confidence",
            "evidence",
        ]


def test_the_verifier_reads_where_the_evidence_is_with_how_many_sentences_back_it() -> None:
    from channels_app.news.detect.features import ArticleFacts, article_features

    def features(support: int, index: int) -> dict[str, float]:
        return article_features(
            ArticleFacts(
                sides_in_title=2,
                support=support,
                conflict=False,
                channels_proposed=1,
                summary_sentences=1,
                sentence_index=index,
                title_agrees=True,
                year="none",
            )
        )

    assert features(1, 0)["support_index=<=1/<=0"] == 1.0  # the title alone
    assert features(3, 2)["support_index=>2/<=2"] == 1.0  # the body, backed by three
    assert features(1, 0)["support=<=1"] == features(1, 0)["sentence_index=<=0"] == 1.0
    assert not any(name.startswith("support_index=>") for name in features(1, 0))


def trees(tree: object, **changes: object) -> Calibration:
    """A format 2 calibration over the features a and b with one tree."""
    data = {**shipped(), "format": 2, "features": ["a", "b"], "intercept": 0.0, "trees": [tree]}
    data.pop("coefficients", None)
    return parse_calibration({**data, **changes}, "en/calibration.json")


def test_a_tree_goes_left_when_the_feature_is_at_most_its_threshold() -> None:
    ours = trees([[0, 0.5, 1, 2], [-1.0], [1.0]], intercept=0.25)
    low, high = 1 / (1 + math.exp(1.0 - 0.25)), 1 / (1 + math.exp(-1.25))
    assert ours.probability({"a": 0.5}) == pytest.approx(low)
    assert ours.probability({"a": 0.6}) == pytest.approx(high)
    assert ours.probability({"b": 9.0, "unseen": 1.0}) == pytest.approx(low)  # a absent: 0
    assert not ours.coefficients


def test_trees_add_up_with_linear_terms() -> None:
    ours = trees([[1, 0.0, 1, 2], [0.0], [2.0]], coefficients=[0.5, 0.0])
    assert ours.probability({"a": 2.0, "b": 1.0}) == pytest.approx(1 / (1 + math.exp(-3.0)))


@pytest.mark.parametrize(
    ("tree", "key", "reason"),
    [
        ([], r"trees\[0\]", "expected a list of nodes"),
        ([[0, 0.5, 1, 2], [1.0]], r"trees\[0\]\[0\]", "a child must be a later node"),
        ([[0, 0.5, 0, 1], [1.0]], r"trees\[0\]\[0\]", "a child must be a later node"),
        ([[2, 0.5, 1, 2], [1.0], [2.0]], r"trees\[0\]\[0\]", "no feature 2"),
        ([[0, "x", 1, 2], [1.0], [2.0]], r"trees\[0\]\[0\]", "the threshold is not a number"),
        ([[0, 0.5, 1, 2], ["high"], [2.0]], r"trees\[0\]\[1\]", "expected \\[value\\]"),
        ([[0, 0.5, 1, 2], [math.nan], [2.0]], r"trees\[0\]\[1\]", "expected \\[value\\]"),
        ([[True, 0.5, 1, 2], [1.0], [2.0]], r"trees\[0\]\[0\]", "expected \\[value\\]"),
    ],
)
def test_a_bad_tree_is_refused_naming_the_node(tree: list, key: str, reason: str) -> None:
    with pytest.raises(LanguageError, match=rf"en/calibration\.json: {key}: {reason}"):
        trees(tree)


def test_a_trees_calibration_without_trees_is_refused() -> None:
    with pytest.raises(LanguageError, match=r"en/calibration\.json: trees: expected a list"):
        trees([[1.0]], trees=[])


def test_the_shipped_calibration_was_trained_with_todays_vocabulary() -> None:
    """Retrain (manage.py train_detector) after changing a vocabulary file: eval_detector
    warns about a stale calibration, and this fails."""
    lang = load_language()
    assert lang.calibration is not None
    assert not stale(lang.calibration, LANG_ROOT / "en")


def test_the_actor_coverage_lists_are_not_vocabulary(tmp_path: Path) -> None:
    folder = tmp_path / "en"
    shutil.copytree(LANG_ROOT / "en", folder)
    before = language_digest(folder)
    for name in NOT_VOCABULARY:
        with (folder / name).open("a", encoding="utf-8") as f:
            f.write("XX,defence\n")
    assert language_digest(folder) == before  # tools/actor_coverage.py's bookkeeping
    with (folder / "cues.toml").open("a", encoding="utf-8") as f:
        f.write("# a comment is a change of the file\n")
    assert language_digest(folder) != before
