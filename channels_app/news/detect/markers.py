"""Modality markers: the words around a cue that say how the sentence puts it, read from a
language's `markers.toml`.

Each is read in the cue's clause before it (after the last reporting verb, "said"), except the
past-time markers, read right after it ("cut off last year").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from .patterns import Table


@dataclass(frozen=True, eq=False)
class Markers:
    denial: re.Pattern[str]  # "denied", "no plans", "ruled out"
    negation: re.Pattern[str]  # "not", "never" just before the cue
    threat: re.Pattern[str]
    speculation: re.Pattern[str]  # could, hopes, calls for, proposes
    intent: re.Pattern[str]  # agreed, will, pledged, announced
    to_before: re.Pattern[str]  # "to" right before the cue: "agreed to resume"
    reporting: re.Pattern[str]  # said, told: what comes before is someone else's clause
    # ", the royal court said, the first trip ...": an attribution set off by commas in the
    # middle of what it attributes; the clause before it goes on after it.
    aside: re.Pattern[str]
    reversal: re.Pattern[str]  # "reversing last year's expulsions": an earlier change
    pluperfect: re.Pattern[str]  # "had cut"
    earlier: re.Pattern[str]  # "the previous", "years ago" before the cue
    past_time: re.Pattern[str]  # "last year", "in 2017" right after the cue
    future_time: re.Pattern[str]  # "next month" right after a meeting: not yet held
    agreed: re.Pattern[str]  # "agreed", "decided": an intent both sides took, not a plan
    purpose: re.Pattern[str]  # "visits ... to": the cue is the aim of a trip, not done
    not_in_office: re.Pattern[str]  # "president-elect": read in the whole sentence before
    noun_before: re.Pattern[str]  # "a", "the" right before: the cue is a noun ("a thaw")
    modal_after: re.Pattern[str]  # "could", "would" after a noun cue: "a thaw could lead"
    modal_inside: re.Pattern[str]  # "could" inside a cue's words: "a meeting could take place"
    # "the first visit in 12 years", "after a four-year gap": a contact that ends a long
    # silence (read by the calibration only, as a fact about the sentence).
    first_time: re.Pattern[str]


def read_markers(table: Table) -> Markers:
    return Markers(**{field.name: table.pattern(field.name) for field in fields(Markers)})
