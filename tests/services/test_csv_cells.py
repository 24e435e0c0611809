"""CSV cells a spreadsheet would run as formulas are quoted on the way out and unquoted on
the way back: every text survives export -> import."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from channels_app.services.csv_cells import TRIGGERS, read_cell, safe_cell


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+1", "'+1"),
        ("-5 dB", "'-5 dB"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'=1", "''=1"),
        ("Talks resumed", "Talks resumed"),
        ("'Tis the season", "'Tis the season"),
        ("", ""),
    ],
)
def test_a_cell_a_spreadsheet_would_run_is_quoted(text, cell):
    assert safe_cell(text) == cell
    assert read_cell(cell) == text


def test_values_that_are_not_text_are_left_alone():
    assert safe_cell(None) is None


@given(st.text(alphabet=st.sampled_from(["=", "+", "-", "@", "\t", "\r", "'", "a", " "])))
def test_any_text_comes_back_as_it_went_and_never_starts_a_formula(text):
    cell = safe_cell(text)
    assert read_cell(cell) == text
    assert not cell.startswith(TRIGGERS)
