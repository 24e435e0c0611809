"""The detector's rules read alone, for the tests of what they read: `proposed()` gives the
(parties, kind, state) of every reading that proposes a change. Whether the calibration lets
a reading propose (its threshold) is tested with the calibration."""

from __future__ import annotations

import dataclasses

from channels_app.news.detect import detect
from channels_app.news.detect.language import load_language

RULES = dataclasses.replace(load_language(), calibration=None)


def proposed(title: str, summary: str = "") -> set[tuple[str, str, str]]:
    return {
        ("-".join(d.parties), d.kind, d.state)
        for d in detect(title, summary, language=RULES)
        if d.proposes_change
    }
