"""tools/swap_countries.py: the probe of how the detector's reading carries over to other
countries swaps the right words and refuses the texts nobody may tune on."""

from __future__ import annotations

from pathlib import Path

import pytest

from channels_app.news.detect.gazetteer import shipped_actors
from tools import probe_detector as swap

FORMS = swap.country_forms(shipped_actors())


def test_the_written_forms_are_the_plain_short_ones() -> None:
    assert FORMS["GB"].name[0] == "Britain"
    assert (FORMS["GB"].demonym[0], FORMS["GB"].capital[0]) == ("British", "London")
    assert FORMS["RU"].demonym[0] == "Russian"  # the singular before "Russians"


def test_every_form_of_a_country_is_swapped_longest_first_and_whole_words_only() -> None:
    text = "Russian and Russians in Moscow: the Russian Federation and Russia-watchers"
    assert swap.swap_text(text, FORMS["RU"], FORMS["PE"]) == (
        "Peruvian and Peruvians in Lima: the Peru and Russia-watchers"
    )


def test_an_item_and_its_labels_are_swapped_alike() -> None:
    item = {
        "title": "Moscow recalls its envoy from Kyiv",
        "summary": "",
        "labels": [{"parties": ["RU", "UA"], "kind": "diplomatic", "state": "limited"}],
    }
    swapped = swap.swap_item(item, "RU", "CL", FORMS)
    assert swapped["title"] == "Santiago recalls its envoy from Kyiv"
    assert swapped["labels"][0]["parties"] == ["CL", "UA"]
    assert item["labels"][0]["parties"] == ["RU", "UA"]  # the original is left as it was


@pytest.mark.parametrize("name", ["corpus2/test.jsonl", "corpus4/u6-holdout.jsonl"])
def test_the_frozen_test_and_the_holdouts_are_refused(name: str, capsys) -> None:
    path = Path(__file__).resolve().parents[1] / "data" / name
    with pytest.raises(SystemExit):
        swap.main(["countries", str(path)])
    assert "not to be read while tuning" in capsys.readouterr().err


def test_a_word_is_swapped_whole_in_either_case() -> None:
    text = "Suspends talks; suspends the suspended pact"
    assert swap.swap_word(text, "suspends", "freezes") == (
        "Freezes talks; freezes the suspended pact"
    )


def test_the_synonym_table_reads() -> None:
    pairs = swap.read_synonyms()
    assert ("suspends", "freezes") in pairs
    assert all(word != replacement for word, replacement in pairs)


def test_the_capitals_probe_scores_items_rewritten_in_capitals(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    import json

    from channels_app.news.detect.calibrate import Calibration

    # --rules replaces the method; restored after the test
    monkeypatch.setattr(Calibration, "proposes", Calibration.proposes)

    items = [
        {
            "id": "x1",
            "date": "2024-03-01",
            "source": "probe test",
            "title": "Russia cuts diplomatic ties with Ukraine",
            "summary": "Moscow said the embassy would close.",
            "labels": [{"parties": ["RU", "UA"], "kind": "diplomatic", "state": "severed"}],
        }
    ]
    corpus = tmp_path / "caps-tune.jsonl"
    corpus.write_text("".join(json.dumps(item) + "\n" for item in items))
    assert swap.main(["capitals", str(corpus), "--rules"]) == 0
    out = capsys.readouterr().out
    assert "title in capitals                1/1 (1.000)" in out
    assert "title and summary in capitals    1/1 (1.000)" in out
