"""`alternation`: a list of forms compiled with shared heads factored out matches exactly what
the plain `"|".join` matches, with the same spans and groups."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from channels_app.news.detect.alternation import alternation, first_characters
from channels_app.news.detect.language import LANG_ROOT
from channels_app.news.detect.patterns import expand

DATA = Path(__file__).resolve().parents[1] / "data"
# Tuning parts only: the frozen test parts are not read here.
CORPORA = (DATA / "news-dev.jsonl", DATA / "corpus2" / "dev.jsonl")

TEXTS = [
    "a ab abc abd b ba Ka kb Kc KA kab KAB Ab",
    "could call for calls on couldn't Could CALL",
    "hopes hoped hope hoping",
    "border crossings, crossings and the border crossing",
    "arms shipments and shipments of arms; exports controls and exports",
    "a|b x|y [x] ]x -x 'x x-y",
    "İstanbul ıs ſs Kelvin K",
    "",
]
CASES = [
    ["a", "ab", "abc"],  # the shorter first: the plain join stops at "a"
    ["abc", "ab", "a"],
    ["kz", "Ka", "kab"],  # heads differing in case only keep their order
    ["could", "call(s|ed)? for", "calls? on", "couldn't"],
    ["(hopes?|hoped)", "hope", "hoping"],
    ["(border )?crossings?", "border", "cross"],
    ["(?<!arms )shipments?", "ship", "shipments of arms", r"\bexports?(?! controls)"],
    [r"\b(a|b)c\b", r"\bax", "b"],
    [r"\bab\b", r"\bb", r"\b[Aa]b", r"\bKA", "k", r"\bk"],  # neighbours share a `\b`
    [r"a\|b", "a", r"x\|y"],  # an escaped bar is no alternative
    ["[]x]", "x", "[^]x]y", "]x"],  # a `]` first in a class is literal
    ["-x", "'x", "x-y", " x"],
    ["s?x", "sx", "x"],  # a quantified first character is no head
    ["(a|b)*", "ab", "b"],  # a quantified group is not distributed
    ["(?P<one>a)b", "ab", "a"],  # nor a named one
    ["a|b", "ab", "b|a"],  # a bar of their own
    ["i", "s", "k"],  # letters with case variants outside ASCII
    ["(?i:ka)", "kb", "Ka"],
]


def matches(pattern: re.Pattern[str], texts: list[str]) -> list[list[tuple[Any, ...]]]:
    return [
        [(m.span(), m.group(), m.groupdict(), m.lastgroup) for m in pattern.finditer(text)]
        for text in texts
    ]


@pytest.mark.parametrize("forms", CASES, ids=["|".join(case) for case in CASES])
@pytest.mark.parametrize("flags", [0, re.IGNORECASE], ids=["case", "nocase"])
def test_it_matches_what_the_plain_join_matches(forms: list[str], flags: int) -> None:
    forms = [expand(form) for form in forms]
    plain = re.compile("|".join(forms), flags)
    factored = re.compile(alternation(forms), flags)
    assert matches(factored, TEXTS) == matches(plain, TEXTS)
    plain = re.compile(r"\b(?:" + "|".join(forms) + ")", flags)
    factored = re.compile(r"\b(?:" + alternation(forms, after_boundary=True) + ")", flags)
    assert matches(factored, TEXTS) == matches(plain, TEXTS)
    factored = re.compile(r"\b" + first_characters(forms) + "(?:" + "|".join(forms) + ")", flags)
    assert matches(factored, TEXTS) == matches(plain, TEXTS)


def test_it_tests_the_first_character_once_behind_a_boundary() -> None:
    forms = [r"\bfoo", r"\bbar", r"\bbaz"]
    assert alternation(forms) == r"\b(?=[BFbf])(?:foo|b(?:a(?:r|z)))"
    assert alternation(["foo", "bar"], after_boundary=True) == "(?=[BFbf])(?:foo|bar)"
    assert alternation(["foo", "bar"]) == "foo|bar"  # re tests a set of literals itself


def test_it_factors_shared_heads_and_distributes_leading_groups() -> None:
    forms = [expand(f) for f in ["could", "call for", "(hopes?|hoped)", "(border )?crossings?"]]
    assert (
        alternation(forms)
        == "c(?:ould|all for|rossings?)|h(?:o(?:p(?:e(?:s?|d))))|border crossings?"
    )


def test_the_first_characters_of_forms_are_known_only_when_each_starts_with_a_letter() -> None:
    assert first_characters(["(?:a|b)c", r"\bd", "(?<!x)e"]) == "(?=[ABDEabde])"
    assert first_characters(["a", "[bc]"]) == ""


def test_it_leaves_a_list_it_cannot_read_as_it_is() -> None:
    """A group or a class left open is left for `re` to refuse, with the data file named."""
    assert alternation(["(?:ab", "ac"]) == "(?:ab|ac"
    assert alternation(["[ab", "ac"]) == "[ab|ac"


def test_it_leaves_global_flags_as_they_are() -> None:
    forms = ["(?x) a b", "ab"]
    assert alternation(forms) == "(?x) a b|ab"


def _pattern_lists(data: Any, flags: int = re.IGNORECASE) -> Iterator[tuple[str, list[str], int]]:
    """Every list of forms of a data file, each as a template of how it is compiled (whole
    words, or a pattern as it is), and the flags it is compiled with."""
    if isinstance(data, list):
        for value in data:
            yield from _pattern_lists(value, flags)
    if not isinstance(data, dict):
        return
    if data.get("case_sensitive") is True:
        flags = 0
    for key in ("words", "pattern", "then", "gap_not"):
        value = data.get(key)
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list) and all(isinstance(v, str) for v in value) and value:
            template = "{}" if key == "pattern" else r"\b(?:{})\b"
            yield template, [expand(v) for v in value], flags
    for value in data.values():
        if isinstance(value, dict | list):
            yield from _pattern_lists(value, flags)


def _texts() -> list[str]:
    """Titles and summaries of the tuning corpora (every third item: the test reads each
    list twice over them), and titles in upper case."""
    texts = []
    for path in CORPORA:
        for line in path.read_text(encoding="utf-8").splitlines()[::3]:
            item = json.loads(line)
            texts += [item["title"], item["summary"], item["title"].upper()]
    return texts


def test_every_list_of_the_english_files_matches_as_before() -> None:
    texts = _texts()
    lists = [
        found
        for path in sorted((LANG_ROOT / "en").glob("*.toml"))
        for found in _pattern_lists(tomllib.loads(path.read_text(encoding="utf-8")))
    ]
    assert len(lists) > 100
    for template, forms, flags in lists:
        plain = re.compile(template.format("|".join(forms)), flags)
        after_boundary = template != "{}"  # as whole_words compiles a list of words
        factored = re.compile(
            template.format(alternation(forms, after_boundary=after_boundary)), flags
        )
        assert matches(factored, texts) == matches(plain, texts), forms
