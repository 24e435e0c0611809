"""`manage.py eval_detector`: the detector scored against a labelled corpus."""

from __future__ import annotations

import dataclasses
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from channels_app.news.detect import evaluate as evaluate_module
from channels_app.news.detect.language import load_language


def L(a: str, b: str, kind: str, state: str, **extra: object) -> dict:
    return {"parties": sorted([a, b]), "kind": kind, "state": state, **extra}


# What the detector reads in each is in the comment: 2 right, 2 false alarms, 3 misses.
ITEMS = [
    # CL-PE diplomatic open: right.
    {"id": "e1", "date": "2024-03-01", "title": "Chile and Peru restore diplomatic relations",
     "summary": "", "labels": [L("CL", "PE", "diplomatic", "open")]},
    # Diplomatic severed: right; trade read as suspended, labelled limited (a miss and a false
    # alarm); military suspended, unlabelled (a false alarm).
    {"id": "e2", "date": "2024-03-02", "source": "Wire",
     "title": "Kenya cuts diplomatic ties with Somalia and halts all trade",
     "summary": "Nairobi also cancelled defence talks with Mogadishu.",
     "labels": [L("KE", "SO", "diplomatic", "severed"), L("KE", "SO", "trade", "limited")]},
    # An optional label, proposed: neither right nor wrong.
    {"id": "e3", "date": "2024-03-03", "title": "Uruguay and Paraguay hold summit", "summary": "",
     "labels": [L("PY", "UY", "diplomatic", "open", optional=True)]},
    # Read as speculation, labelled open: a miss.
    {"id": "e4", "date": "2024-03-04",
     "title": "Turkey could restore ties with Syria, Erdogan says", "summary": "",
     "labels": [L("SY", "TR", "diplomatic", "open")]},
    # Nothing read: a miss.
    {"id": "e5", "date": "2024-03-05", "title": "Seoul and Tokyo bury feud over wartime labour",
     "summary": "The leaders pledged a new era of cooperation.",
     "labels": [L("JP", "KR", "diplomatic", "open")]},
    # Nothing to read, nothing labelled.
    {"id": "e6", "date": "2024-03-06", "title": "Talks resume after summer break",
     "summary": "Negotiators returned to the table.", "labels": []},
]  # fmt: skip


@pytest.fixture(autouse=True)
def rules_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The scorer is tested on what the rules read (the comments above): whether the
    calibration withholds a reading depends on its threshold, which retraining moves."""
    rules = dataclasses.replace(load_language(), calibration=None)
    detect = evaluate_module.detect
    monkeypatch.setattr(
        evaluate_module, "detect", lambda *a, **k: detect(*a, **{**k, "language": rules})
    )


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(item) + "\n" for item in ITEMS), encoding="utf-8")
    return path


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("eval_detector", *args, stdout=out)
    return out.getvalue()


def summary(corpus: Path) -> dict:
    return json.loads(run(str(corpus), "--json"))


def test_it_counts_right_proposals_false_alarms_and_misses(corpus: Path) -> None:
    overall = summary(corpus)["overall"]
    assert overall == {"precision": 0.5, "recall": 0.4, "f1": 0.4444, "tp": 2, "fp": 2, "fn": 3}


def test_it_counts_per_kind(corpus: Path) -> None:
    kinds = summary(corpus)["kinds"]
    assert {kind: (c["tp"], c["fp"], c["fn"]) for kind, c in kinds.items()} == {
        "military": (0, 1, 0),
        "trade": (0, 1, 1),
        "diplomatic": (2, 0, 2),
    }


def test_it_counts_false_alarms_by_proposed_state_and_misses_by_labelled_state(
    corpus: Path,
) -> None:
    states = summary(corpus)["states"]
    assert {state: (c["tp"], c["fp"], c["fn"]) for state, c in states.items()} == {
        "open": (1, 0, 2),
        "limited": (0, 0, 1),
        "suspended": (0, 2, 0),
        "severed": (1, 0, 0),
    }


def test_the_confusion_table_pairs_labels_and_proposals_of_one_channel(corpus: Path) -> None:
    confusion = summary(corpus)["confusion"]
    cells = {(row, col): n for row, cols in confusion.items() for col, n in cols.items() if n}
    assert cells == {
        ("open", "open"): 1,
        ("severed", "severed"): 1,
        ("limited", "suspended"): 1,
        ("open", "missed"): 2,
        ("spurious", "suspended"): 1,
    }


def test_a_proposed_optional_label_is_neither_right_nor_a_false_alarm(corpus: Path) -> None:
    result = summary(corpus)
    assert "e3" not in {a["id"] for a in result["false_alarms"]}
    assert result["confusion"]["open"]["open"] == 1  # e1 only


def test_an_optional_label_not_proposed_is_no_miss(tmp_path: Path) -> None:
    item = {**ITEMS[5], "labels": [L("FR", "DE", "trade", "open", optional=True)]}
    (tmp_path / "one.jsonl").write_text(json.dumps(item) + "\n", encoding="utf-8")
    assert summary(tmp_path / "one.jsonl")["overall"]["fn"] == 0


def test_misses_say_what_was_read_instead(corpus: Path) -> None:
    misses = summary(corpus)["misses"]
    assert [(m["id"], m["state"], m["read"] and m["read"]["modality"]) for m in misses] == [
        ("e2", "limited", "act"),
        ("e4", "open", "speculation"),
        ("e5", "open", None),
    ]


def test_false_alarms_carry_the_evidence(corpus: Path) -> None:
    alarms = summary(corpus)["false_alarms"]
    assert sorted(
        (a["id"], a["detection"]["kind"], a["detection"]["evidence"]) for a in alarms
    ) == [
        ("e2", "military", "Nairobi also cancelled defence talks with Mogadishu."),
        ("e2", "trade", "Kenya cuts diplomatic ties with Somalia and halts all trade"),
    ]


def test_the_text_report_lists_misses_with_item_title_and_evidence(corpus: Path) -> None:
    text = run(str(corpus))
    assert "overall  precision 0.500  recall 0.400  F1 0.444  (tp 2, fp 2, fn 3)" in text
    assert "  e4  Turkey could restore ties with Syria, Erdogan says" in text
    assert re.search(
        r"SY-TR diplomatic open: read as open \(speculation, 0\.\d\d\): Turkey could", text
    )
    assert "JP-KR diplomatic open: nothing read for this pair and kind" in text


def test_only_misses_leaves_the_figures_out(corpus: Path) -> None:
    text = run(str(corpus), "--only-misses")
    assert text.startswith("misses (3)\n")
    assert "false alarms (2)" in text
    assert "overall" not in text
    assert set(json.loads(run(str(corpus), "--only-misses", "--json"))) == {
        "misses",
        "false_alarms",
    }


def test_several_files_are_scored_together(corpus: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps({**ITEMS[0], "id": "x1"}) + "\n", encoding="utf-8")
    result = json.loads(run(str(corpus), str(other), "--json"))
    assert (result["items"], result["overall"]["tp"]) == (7, 3)


def test_the_publication_date_reaches_the_detector(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[date | None] = []
    real = evaluate_module.detect

    def spying(title: str, summary: str, **options: date | None) -> list:
        seen.append(options.get("published"))
        return real(title, summary, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(evaluate_module, "detect", spying)
    run(str(corpus), "--json")
    assert seen[:2] == [date(2024, 3, 1), date(2024, 3, 2)]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("not json", "Expecting value"),
        ('{"title": "x", "labels": [{"parties": ["US"], "kind": "trade", "state": "open"}]}',
         "parties must be two country codes"),
        ('{"title": "x", "labels": [{"parties": ["CN", "US"], "kind": "art", "state": "open"}]}',
         "unknown kind or state"),
        ('{"title": "x", "date": "5 May", "labels": []}', "expected YYYY-MM-DD"),
        ('{"title": "x"}', "labels: expected a list"),
    ],
)  # fmt: skip
def test_a_bad_line_is_refused_with_its_file_and_line(
    tmp_path: Path, line: str, reason: str
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(ITEMS[0]) + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match=rf"bad\.jsonl:2: .*{reason}"):
        run(str(path))


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot read"):
        run(str(tmp_path / "nope.jsonl"))


def test_the_text_report_prints_a_reliability_table(corpus: Path) -> None:
    text = run(str(corpus))
    table = text[text.index("reliability (") : text.index("misses (")]
    rows = [line for line in table.splitlines() if re.match(r"\s+0\.\d–", line)]
    assert len(rows) == 10
    assert ">= 0.9:" in table


def test_the_reliability_table_counts_each_act_by_its_confidence() -> None:
    result = evaluate_module.evaluate(ITEMS)
    rows = result.as_dict()["reliability"]
    acts = [c for c, _ in result.scored]
    assert sum(row["count"] for row in rows) == len(acts) > 0
    assert sum(row["right"] for row in rows) == sum(right for _, right in result.scored)
    for row in rows:
        inside = [c for c in acts if row["from"] <= c < row["to"] or (row["to"] == 1.0 and c == 1)]
        assert row["count"] == len(inside)
