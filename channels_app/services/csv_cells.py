"""Spreadsheet-safe CSV cells, for every CSV the product writes and reads back (OWASP, "CSV
Injection"). A spreadsheet opening a CSV runs a cell that starts with `=`, `+`, `-` or `@`
as a formula (tab and carriage return can hide such a start), so `=cmd|' /C calc'!A0` in a
note would run on the reader's machine.

- Writing: a text cell starting with one of those characters, after any single quotes,
  gets one more single quote in front (`=1+1` -> `'=1+1`, `'=x` -> `''=x`): spreadsheets
  show it as text and hide the quote.
- Reading back: a cell so quoted loses that one quote, so export -> import is lossless
  for every text (`-5 dB` and `+1` are ordinary text and come back as they were).
  A cell starting with `=` that was not quoted is not text a writer produced: an importer
  refuses it (`is_formula`) rather than store what a spreadsheet would run.
"""

from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value to write in a CSV cell: text that a spreadsheet would read as a formula
    quoted with a leading `'`; anything else unchanged."""
    if isinstance(value, str) and value.lstrip("'").startswith(TRIGGERS):
        return "'" + value
    return value


def read_cell(text: str) -> str:
    """The text a CSV cell written with safe_cell stands for."""
    if text.startswith("'") and text.lstrip("'").startswith(TRIGGERS):
        return text[1:]
    return text


def is_formula(text: str) -> bool:
    """A cell no writer of ours produced that a spreadsheet would run."""
    return text.startswith("=")
