"""How a language's data files spell patterns, and reading them with errors that name the place.

A pattern in a data file is a table with one of:

- `words = [...]`: word forms, read as whole words (`\\b(?:a|b)\\b`; one form is not grouped);
- `pattern = "..."` or `pattern = [...]`: a regular expression, or its alternatives;

and `case_sensitive = true` where case matters (patterns ignore case by default). In both, a
plain group `(a|b)` does not capture (it is read as `(?:a|b)`), and `{w}` stands for one word
and the space after it. Everything else is Python's `re` syntax: `s?`, `[sz]`, `\\b`,
lookarounds `(?!...)`, `(?<!...)`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .alternation import alternation

_WORD = r"[\w'’-]+\s+"
ONE_WORD = rf"(?:{_WORD})"


def one_word_but(unless: str) -> str:
    """One word and the space after it, unless the word is one of `unless` (a pattern)."""
    return rf"(?:(?!{unless}\b){_WORD})"


class LanguageError(ValueError):
    """A language's data file is missing, malformed or says something the detector cannot use."""


def expand(fragment: str) -> str:
    """`fragment` in Python's syntax: plain groups made non-capturing, `{w}` spelled out."""
    out: list[str] = []
    escaped = in_class = False
    for index, char in enumerate(fragment):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(" and not fragment.startswith("?", index + 1):
            out.append("(?:")
            continue
        out.append(char)
    return "".join(out).replace("{w}", ONE_WORD)


def whole_words(forms: list[str]) -> str:
    body = forms[0] if len(forms) == 1 else "(?:" + alternation(forms, after_boundary=True) + ")"
    return rf"\b{body}\b"


@dataclass(frozen=True)
class Table:
    """A table of a data file, with where it is (`file`, `key`) for error messages."""

    file: str
    key: str
    data: Mapping[str, Any]

    def error(self, key: str, reason: str) -> LanguageError:
        where = ".".join(part for part in (self.key, key) if part)
        return LanguageError(
            f"{self.file}: {where}: {reason}" if where else f"{self.file}: {reason}"
        )

    def has(self, key: str) -> bool:
        return key in self.data

    def sub(self, key: str) -> Table:
        value = self.data.get(key)
        if not isinstance(value, Mapping):
            raise self.error(key, "expected a table")
        return Table(self.file, f"{self.key}.{key}" if self.key else key, value)

    def subs(self, key: str) -> list[Table]:
        """An array of tables (`[[key]]`)."""
        value = self.data.get(key)
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            raise self.error(key, "expected an array of tables")
        prefix = f"{self.key}.{key}" if self.key else key
        return [Table(self.file, f"{prefix}[{n}]", v) for n, v in enumerate(value)]

    def text(self, key: str, default: str | None = None) -> str:
        value = self.data.get(key, default)
        if not isinstance(value, str) or not value:
            raise self.error(key, "expected a non-empty string")
        return value

    def choice(self, key: str, options: tuple[str, ...], default: str | None = None) -> str:
        value = self.text(key, default)
        if value not in options:
            raise self.error(key, f"{value!r} is not one of {', '.join(options)}")
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.error(key, "expected true or false")
        return value

    def number(self, key: str, low: float, high: float) -> float:
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(key, "expected a number")
        if not low <= value <= high:
            raise self.error(key, f"{value} is not between {low} and {high}")
        return value

    def strings(self, key: str) -> list[str]:
        value = self.data.get(key)
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value:
            raise self.error(key, "expected a non-empty list of strings")
        if not all(isinstance(v, str) and v for v in value):
            raise self.error(key, "every entry must be a non-empty string")
        for entry in value:
            if any(ord(c) < 32 for c in entry):
                # TOML's basic strings ("...") turn \b into a backspace: a pattern that can
                # never match, silently. Literal strings ('...') keep the backslash.
                raise self.error(
                    key, f"a control character in {entry!r}: write the entry in '...' quotes"
                )
        return value

    def source(self, key: str = "") -> str:
        """The regular expression a pattern table (or, with `key`, its entry) spells."""
        table = self.sub(key) if key else self
        if table.has("words") == table.has("pattern"):
            raise table.error("", "expected one of `words` or `pattern`")
        if table.has("words"):
            return whole_words([expand(w) for w in table.strings("words")])
        return alternation([expand(p) for p in table.strings("pattern")])

    def pattern(self, key: str = "") -> re.Pattern[str]:
        table = self.sub(key) if key else self
        flags = 0 if table.flag("case_sensitive", False) else re.IGNORECASE
        return compile_pattern(table, table.source(), flags)


def compile_pattern(table: Table, source: str, flags: int) -> re.Pattern[str]:
    try:
        return re.compile(source, flags)
    except re.error as exc:
        raise table.error("", f"not a valid pattern ({exc}): {source}") from exc
