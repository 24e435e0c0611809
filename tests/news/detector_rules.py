"""The detector's rules read alone, for the tests of what they read: `proposed()` gives the
(parties, kind, state) of every reading that proposes a change. Whether the calibration lets
a reading propose (its threshold) is tested with the calibration."""

from __future__ import annotations

import dataclasses
from datetime import date

from channels_app.news.detect import detect
from channels_app.news.detect.language import load_language

RULES = dataclasses.replace(load_language(), calibration=None)


def proposed(title: str, summary: str = "") -> set[tuple[str, str, str]]:
    return {
        ("-".join(d.parties), d.kind, d.state)
        for d in detect(title, summary, language=RULES)
        if d.proposes_change
    }


def states_on(title: str, summary: str = "", *, day: str) -> set[tuple[tuple[str, str], str]]:
    """(parties, state) of every act or agreed intent the calibrated detector proposes in an
    article published on `day` (who held an office depends on it)."""
    return {
        (d.parties, d.state)
        for d in detect(title, summary, published=date.fromisoformat(day))
        if not d.withheld and d.modality in ("act", "intent")
    }


def pairs_on(title: str, summary: str = "", *, day: str) -> set[tuple[str, str]]:
    """The pairs of `states_on`."""
    return {parties for parties, _ in states_on(title, summary, day=day)}
