"""Hostile and malformed history files: every one is a problem with a line number and
nothing written, never an exception (RecursionError, UnicodeEncodeError, OverflowError...).
Fuzzed with hypothesis in both formats; formulas and lone surrogates by example."""

import csv
import io
import json
from datetime import UTC, datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from channels_app.models import Channel, Evidence, StateChange
from channels_app.services.history_export import COLUMNS, FORMAT_ID, csv_lines
from channels_app.services.history_import import ImportResult, import_history_file

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
HEAD = f'{{"format": "{FORMAT_ID}", "version": 1, "changes": [\n'


def change(**fields) -> dict:
    base = {"pair": "CN-US", "kind": "military", "effective_at": "2022-08-05T12:00:00Z"}
    return {**base, "new_state": "suspended", **fields}


def json_file(*changes: dict) -> bytes:
    # ensure_ascii: a lone surrogate goes out as the escape "\ud800", as a hostile file has it
    return (HEAD + ",\n".join(json.dumps(c) for c in changes) + "\n]}").encode()


def run(data: bytes, filename: str) -> ImportResult:
    return import_history_file(data=data, filename=filename, now=NOW)


def nothing_written() -> bool:
    return not (
        Channel.objects.exists() or StateChange.objects.exists() or Evidence.objects.exists()
    )


# --- nesting ------------------------------------------------------------------------------


def test_a_json_file_nested_5000_deep_is_a_problem_on_its_line():
    data = (HEAD + '{"pair": "CN-US",\n"note": ' + "[" * 5000 + "]" * 5000 + "}]}").encode()
    assert len(data) > 10_000

    result = run(data, "deep.json")

    assert result.errors == [(3, "Nested more than 32 levels deep; a change history is 4.")]
    assert nothing_written()


def test_a_csv_evidence_column_nested_5000_deep_is_a_problem_of_its_row():
    text = "".join(csv_lines([change(), change(new_state="open", effective_at="2023-01-01")]))
    text = text.replace("[]", "[" * 5000 + "]" * 5000, 1)

    result = run(text.encode(), "deep.csv")

    assert [line for line, _ in result.errors] == [2]
    assert "evidence: Nested more than 32 levels deep" in result.errors[0][1]
    assert nothing_written()


# --- lone surrogates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "hostile",
    [
        change(note="\ud800"),
        change(channel_name="a\udfffb"),
        change(evidence=[{"url": "https://a.example/", "title": "\ud800"}]),
        {**change(), "\ud800": "x"},
        change(kind="\ud800"),
    ],
)
def test_a_lone_surrogate_is_a_problem_on_its_line(hostile):
    result = run(json_file(change(new_state="open", effective_at="2020-01-01"), hostile), "s.json")

    assert result.errors == [
        (3, "Contains a lone surrogate (such as \\ud800), which is not Unicode text.")
    ]
    assert nothing_written()


def test_a_lone_surrogate_in_csv_evidence_is_a_problem_of_its_row():
    evidence = json.dumps([{"url": "https://a.example/", "title": "\ud800"}])  # the escape
    text = "".join(csv_lines([change()])).replace("[]", '"' + evidence.replace('"', '""') + '"')

    result = run(text.encode(), "s.csv")

    assert [line for line, _ in result.errors] == [2]
    assert "lone surrogate" in result.errors[0][1]


@pytest.mark.parametrize("when", ["9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+01:00"])
def test_a_time_off_the_calendar_in_utc_is_a_problem(when):
    result = run(json_file(change(effective_at=when)), "t.json")

    assert result.errors == [(2, f"effective_at: '{when}' is out of range.")]


# --- formulas -----------------------------------------------------------------------------


def test_a_csv_formula_the_export_did_not_quote_is_refused_with_its_line():
    text = "".join(csv_lines([change()])) + 'CN-US,trade,"=HYPERLINK(""http://x"")"'
    text += ",,,2022-08-05T12:00:00Z,,,open,,,,,[]\r\n"

    result = run(text.encode(), "f.csv")

    assert [line for line, _ in result.errors] == [3]
    assert result.errors[0][1].startswith("channel_name: starts with '='")
    assert nothing_written()


def test_cells_the_export_quoted_come_back_as_they_were_written():
    notes = ["=1+1", "-5 dB", "+1", "@StateDept", "'=quoted", "\tindented", "'Tis"]
    rows = [
        change(note=note, new_state=state, effective_at=f"{2000 + n}-01-01")
        for n, (note, state) in enumerate(zip(notes, ["open", "suspended"] * 4, strict=False))
    ]

    result = run("".join(csv_lines(rows)).encode(), "notes.csv")

    assert result.ok, result.errors
    assert list(StateChange.objects.in_order().values_list("note", flat=True)) == notes


def test_plus_and_minus_are_ordinary_text_in_a_hand_written_csv():
    text = ",".join(COLUMNS) + "\r\n" + "CN-US,trade,,,,2022-08-05,,,open,,,-5 dB,,[]\r\n"

    result = run(text.encode(), "hand.csv")

    assert result.ok, result.errors
    assert StateChange.objects.get().note == "-5 dB"


# --- fuzzing ------------------------------------------------------------------------------

VALID = {
    "pair": st.sampled_from(["CN-US", "us-cn", "XX-YY", "CN", "CN-CN"]),
    "kind": st.sampled_from(["military", "trade", "diplomatic", "x"]),
    "effective_at": st.sampled_from(
        ["2022-08-05", "2022-08-05T12:00:00Z", "2022-08-05T12:00:00", "9999-12-31T23:00-05:00"]
    ),
    "new_state": st.sampled_from(["open", "limited", "suspended", "severed", "unknown"]),
    "old_state": st.sampled_from(["", "unknown", "open", "suspended"]),
    "evidence": st.sampled_from(
        [[], [{"url": "https://a.example/<x>"}], [{"url": "javascript:x"}], "[", "{}"]
    ),
}
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


@st.composite
def change_rows(draw):
    names = draw(st.lists(st.sampled_from(COLUMNS) | st.text(max_size=5), max_size=8))
    row = {name: draw(VALID.get(name, json_values) | json_values) for name in names}
    return {**{name: draw(VALID[name]) for name in ("pair", "kind", "new_state")}, **row}


FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def fuzz_import(data: bytes, filename: str) -> None:
    """The import returns (never raises); with problems it wrote nothing."""
    with transaction.atomic():
        result = run(data, filename)
        if not result.ok:
            assert nothing_written()
        transaction.set_rollback(True)


@FUZZ
@given(rows=st.lists(change_rows(), max_size=5), top=json_values)
def test_fuzzed_json_files_are_imported_or_refused_never_raise(rows, top):
    document = {"format": FORMAT_ID, "version": 1, "changes": rows, "extra": top}
    fuzz_import(json.dumps(document).encode(), "fuzz.json")


@FUZZ
@given(rows=st.lists(st.lists(st.text(), min_size=len(COLUMNS), max_size=len(COLUMNS))))
def test_fuzzed_csv_files_are_imported_or_refused_never_raise(rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    fuzz_import(out.getvalue().encode("utf-8", "surrogatepass"), "fuzz.csv")


@FUZZ
@given(
    data=st.binary(max_size=300)
    | st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass"))
)
def test_fuzzed_bytes_are_imported_or_refused_never_raise(data):
    for name in ("fuzz.json", "fuzz.csv"):
        fuzz_import(data, name)
