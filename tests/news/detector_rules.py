"""The detector's rules read alone, for the tests of what they read: `proposed()` gives the
(parties, kind, state) of every reading that proposes a change. Whether the calibration lets
a reading propose (its threshold) is tested with the calibration."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

import pytest

from channels_app.news.detect import detect
from channels_app.news.detect.calibrate import Calibration
from channels_app.news.detect.evaluate import Evaluation, evaluate
from channels_app.news.detect.language import load_language

RULES = dataclasses.replace(load_language(), calibration=None)


def proposed(title: str, summary: str = "") -> set[tuple[str, str, str]]:
    return {
        ("-".join(d.parties), d.kind, d.state)
        for d in detect(title, summary, language=RULES)
        if d.proposes_change
    }


def rules_evaluation(
    items: Iterable[Mapping[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> Evaluation:
    """The rules' score on labelled items, every act and agreed intent proposed: the corpora
    the rules were written on are scored by their reading, while the calibration's threshold
    is chosen on unseen news (train_detector) and tested on its own."""
    monkeypatch.setattr(Calibration, "proposes", lambda self, confidence: True)
    return evaluate(items)
