"""Import of a change history in the export's format (history_export describes it).

Import reads either (detected by file extension, else by content) and is all or nothing:
every row is checked first and every problem is reported with its line; then all rows go
through channel_create / channel_set_state (origin "import": never alerts) in one
transaction, and any refusal by the writer rolls the whole import back. Only pair, kind,
effective_at and new_state are required. recorded_at, origin and actor are checked but not
kept: the writer records each change now, as an import by the importing user. Rows with a
removed_at are skipped. A channel missing from the database is created from its first row;
an existing one is left as it is. A given old_state must be what the history gives.
"""

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from ..models import Channel, Kind, Origin, State
from ..models.choices import ASSESSED_STATES
from ..values import InvalidPair, Pair
from .changes import EvidenceInput, channel_set_state
from .channels import channel_create
from .csv_cells import is_formula, read_cell
from .errors import ChangeRejected
from .evidence_urls import normalize_evidence_url
from .history_export import COLUMNS, EVIDENCE_FIELDS, FORMAT_ID, FORMAT_VERSION, format_time

REQUIRED = ("pair", "kind", "effective_at", "new_state")
# Column sizes (models): checked up front, because PostgreSQL would refuse them mid-import.
_MAX_LENGTH = {"channel_name": 200, "outlet": 200, "title": 500}
_NOON = time(12, 0)  # a date without a time is noon UTC, as in the demo seed

Problem = tuple[int, str]  # (line, message)


# --- reading a file ---------------------------------------------------------------------


@dataclass(frozen=True)
class SourceRow:
    """One change as read from a file: the line it starts on and its fields (a mapping for
    any well-formed row; `problem` says why a row could not be read)."""

    line: int
    fields: Any
    problem: str = ""


class HistoryFileError(Exception):
    """The file as a whole cannot be read (not UTF-8, malformed, wrong header or format)."""

    def __init__(self, errors: list[Problem]) -> None:
        super().__init__("; ".join(f"line {line}: {message}" for line, message in errors))
        self.errors = errors


def read_history(data: bytes | str, *, filename: str = "") -> list[SourceRow]:
    """The rows of an export file, CSV or JSON: by the file's extension, else by content."""
    text = _decode(data)
    suffix = Path(filename).suffix.lower()
    is_json = suffix == ".json" if suffix in (".json", ".csv") else text.lstrip().startswith("{")
    return _read_json(text) if is_json else _read_csv(text)


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise HistoryFileError([(line, "The file is not UTF-8 text.")]) from None


def _read_csv(text: str) -> list[SourceRow]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    rows: list[SourceRow] = []
    start = 1  # a record may span several lines (newlines in quoted fields)
    try:
        for record in reader:
            line, start = start, reader.line_num + 1
            if not record:
                continue
            if header is None:
                header = _check_header(record, line)
            elif len(record) != len(header):
                problem = f"{len(record)} fields where the header has {len(header)}."
                rows.append(SourceRow(line, None, problem))
            else:
                rows.append(_csv_row(line, header, record))
    except csv.Error as exc:
        raise HistoryFileError([(start, f"Malformed CSV: {exc}.")]) from None
    if header is None:
        raise HistoryFileError([(1, "The file is empty: expected a header line.")])
    return rows


def _csv_row(line: int, header: list[str], record: list[str]) -> SourceRow:
    """The record's cells as the export meant them (csv_cells: a quote it added to keep a
    spreadsheet from running a cell is removed); a formula it cannot have written is refused."""
    if formulas := [name for name, cell in zip(header, record, strict=True) if is_formula(cell)]:
        problem = (
            f"{', '.join(formulas)}: starts with '=', which a spreadsheet runs as a formula; "
            "to import it as text, put a single quote in front ('=...)."
        )
        return SourceRow(line, None, problem)
    return SourceRow(
        line, {name: read_cell(cell) for name, cell in zip(header, record, strict=True)}
    )


def _check_header(record: list[str], line: int) -> list[str]:
    header = [name.strip() for name in record]
    problems = []
    if unknown := [name for name in header if name not in COLUMNS]:
        problems.append(f"Unknown columns: {', '.join(unknown)}.")
    if missing := [name for name in REQUIRED if name not in header]:
        problems.append(f"Missing columns: {', '.join(missing)}.")
    if len(set(header)) != len(header):
        problems.append("A column appears twice.")
    if problems:
        expected = ",".join(COLUMNS)
        raise HistoryFileError([(line, f"{' '.join(problems)} Expected: {expected}.")])
    return header


def _read_json(text: str) -> list[SourceRow]:
    try:
        document = _load_json(text)
    except json.JSONDecodeError as exc:
        problem = f"Malformed JSON: {exc.msg} (column {exc.colno})."
        raise HistoryFileError([(exc.lineno, problem)]) from None
    except _TooDeep as exc:
        raise HistoryFileError([(exc.line, str(exc))]) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_ID:
        raise HistoryFileError([(1, f'Not a change history: expected "format": "{FORMAT_ID}".')])
    if document.get("version") != FORMAT_VERSION:
        version = document.get("version")
        raise HistoryFileError([(1, f"Unsupported version {version!r}; expected 1.")])
    changes = document.get("changes")
    if not isinstance(changes, list):
        raise HistoryFileError([(1, '"changes" must be a list of changes.')])
    return [
        SourceRow(line, item) for line, item in zip(_json_change_lines(text), changes, strict=True)
    ]


# A change history nests 4 deep ({"changes": [{"evidence": [{...}]}]}). json.loads recurses
# once per level and raises RecursionError past about a thousand: refuse far sooner.
_MAX_DEPTH = 32
_JSON_STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


class _TooDeep(ValueError):
    def __init__(self, line: int) -> None:
        super().__init__(f"Nested more than {_MAX_DEPTH} levels deep; a change history is 4.")
        self.line = line


def _load_json(text: str) -> Any:
    """json.loads, refusing (_TooDeep, with the line) a document nested past _MAX_DEPTH."""
    depth = 0
    for match in _JSON_STRING_OR_BRACKET.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > _MAX_DEPTH:
                raise _TooDeep(text.count("\n", 0, match.start()) + 1)
        elif token in ("]", "}"):
            depth -= 1
    return json.loads(text)


_WHITESPACE = re.compile(r"[ \t\n\r]*")


def _json_change_lines(text: str) -> list[int]:
    """The line each element of the top-level "changes" list starts on. json.loads gives no
    positions, so walk the (already validated) top-level object with raw_decode."""
    decoder = json.JSONDecoder()
    lines = _LineCounter(text)

    def skip(pos: int) -> int:
        return _WHITESPACE.match(text, pos).end()  # type: ignore[union-attr]

    found: list[int] = []
    pos = skip(skip(0) + 1)  # past "{"
    while text[pos] != "}":
        key, pos = decoder.raw_decode(text, pos)
        pos = skip(skip(pos) + 1)  # past ":"
        if key == "changes":  # json.loads keeps the last of repeated keys: so do we
            found, pos = [], skip(pos + 1)  # past "["
            while text[pos] != "]":
                found.append(lines.at(pos))
                pos = skip(decoder.raw_decode(text, pos)[1])
                pos = skip(pos + 1) if text[pos] == "," else pos
            pos += 1
        else:
            pos = decoder.raw_decode(text, pos)[1]
        pos = skip(pos)
        pos = skip(pos + 1) if text[pos] == "," else pos
    return found


class _LineCounter:
    """Line numbers of increasing offsets, counting each newline once."""

    def __init__(self, text: str) -> None:
        self.text, self.pos, self.line = text, 0, 1

    def at(self, pos: int) -> int:
        self.line += self.text.count("\n", self.pos, pos)
        self.pos = pos
        return self.line


# --- import -----------------------------------------------------------------------------


@dataclass
class ImportResult:
    """What an import did, or (errors) why it wrote nothing. With dry_run, the counts are what
    it would have written."""

    errors: list[Problem] = field(default_factory=list)
    channels_created: int = 0
    changes_created: int = 0
    skipped_removed: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class _Change:
    line: int
    pair: tuple[str, str]
    kind: str
    channel: dict[str, str]  # name, description, mechanisms for channel_create
    effective_at: datetime
    old_state: str
    new_state: str
    note: str
    evidence: tuple[EvidenceInput, ...]
    removed: bool


def import_history_file(
    *,
    data: bytes | str,
    filename: str = "",
    actor: Any = None,
    dry_run: bool = False,
    now: datetime | None = None,
) -> ImportResult:
    """Read an export file (CSV or JSON) and import it with import_history."""
    try:
        rows = read_history(data, filename=filename)
    except HistoryFileError as exc:
        return ImportResult(errors=exc.errors, dry_run=dry_run)
    return import_history(rows=rows, actor=actor, dry_run=dry_run, now=now)


def import_history(
    *,
    rows: Iterable[SourceRow],
    actor: Any = None,
    dry_run: bool = False,
    now: datetime | None = None,
) -> ImportResult:
    """Check every row, then record them all in one transaction through the writer service,
    or nothing: any problem, found up front or refused by the writer, rolls it all back.
    With dry_run, the rows are recorded and then rolled back."""
    now = now or timezone.now()
    changes, errors = _check_rows(rows, now)
    skipped = sum(change.removed for change in changes)
    result = ImportResult(errors=errors, skipped_removed=skipped, dry_run=dry_run)
    if errors:
        return result
    with transaction.atomic():
        _write([c for c in changes if not c.removed], actor, now, result)
        if result.errors or dry_run:
            transaction.set_rollback(True)
    if result.errors:
        result.channels_created = result.changes_created = 0
    return result


def _write(changes: Sequence[_Change], actor: Any, now: datetime, result: ImportResult) -> None:
    channels: dict[tuple[tuple[str, str], str], Channel] = {}
    for change in changes:
        key = (change.pair, change.kind)
        try:
            if key not in channels:
                channels[key] = _find_or_create_channel(change, result)
            recorded = channel_set_state(
                channel=channels[key],
                state=change.new_state,
                effective_at=change.effective_at,
                origin=Origin.IMPORT,
                actor=actor,
                note=change.note,
                evidence=change.evidence,
                now=now,
            )
        except ChangeRejected as exc:
            result.errors.append((change.line, " ".join(exc.messages)))
            continue
        if change.old_state and recorded.old_state != change.old_state:
            message = (
                f"old_state is {change.old_state} in the file, but the history before this "
                f"change gives {recorded.old_state}."
            )
            result.errors.append((change.line, message))
        result.changes_created += 1


def _find_or_create_channel(change: _Change, result: ImportResult) -> Channel:
    a, b = change.pair
    found = Channel.objects.filter(country_a=a, country_b=b, kind=change.kind).first()
    if found is not None:
        return found
    result.channels_created += 1
    return channel_create(country_a=a, country_b=b, kind=change.kind, **change.channel)


# --- checking rows ----------------------------------------------------------------------


def _check_rows(rows: Iterable[SourceRow], now: datetime) -> tuple[list[_Change], list[Problem]]:
    changes: list[_Change] = []
    errors: list[Problem] = []
    for row in rows:
        change, problems = _check_row(row, now)
        errors.extend((row.line, problem) for problem in problems)
        if change is not None:
            changes.append(change)
    errors.extend(_check_sequences(c for c in changes if not c.removed))
    errors.sort(key=lambda problem: problem[0])  # stable: a row's problems stay in order
    return changes, errors


def _check_row(row: SourceRow, now: datetime) -> tuple[_Change | None, list[str]]:
    if row.problem:
        return None, [row.problem]
    if not isinstance(row.fields, Mapping):
        return None, ["A change must be an object with named fields."]
    if _holds_lone_surrogate(row.fields):  # before any message quotes one of its texts
        return None, [_SURROGATE_PROBLEM]
    fields = {name: _blank_to_none(value) for name, value in row.fields.items()}
    problems: list[str] = []
    if unknown := sorted(set(fields) - set(COLUMNS)):
        problems.append(f"Unknown fields: {', '.join(unknown)}.")
    if missing := [name for name in REQUIRED if fields.get(name) is None]:
        problems.append(f"Missing {', '.join(missing)}.")
    values = {
        name: _parse(name, fields.get(name), now, problems)
        for name in COLUMNS
        if name not in missing
    }
    if problems:
        return None, problems
    return _Change(
        line=row.line,
        pair=values["pair"],
        kind=values["kind"],
        channel={
            key: values[f"channel_{key}"] or "" for key in ("name", "description", "mechanisms")
        },
        effective_at=values["effective_at"],
        old_state=values["old_state"] or "",
        new_state=values["new_state"],
        note=values["note"] or "",
        evidence=values["evidence"],
        removed=values["removed_at"] is not None,
    ), []


# JSON's "\ud800" escapes decode to lone surrogates: not Unicode text, and no database (nor
# the terminal or page that would show the problem) can encode them.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_PROBLEM = "Contains a lone surrogate (such as \\ud800), which is not Unicode text."


def _holds_lone_surrogate(value: Any) -> bool:
    """Any text in the value (keys too), as deep as it goes (at most _MAX_DEPTH)."""
    if isinstance(value, str):
        return bool(_LONE_SURROGATE.search(value))
    if isinstance(value, Mapping):
        return any(_holds_lone_surrogate(k) or _holds_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_lone_surrogate(item) for item in value)
    return False


def _blank_to_none(value: Any) -> Any:
    return None if value == "" else value


def _parse(name: str, value: Any, now: datetime, problems: list[str]) -> Any:
    """The field's value parsed; a problem is recorded (prefixed with the field) instead."""
    try:
        return _PARSERS[name](value, now)
    except (ValueError, ChangeRejected) as exc:
        message = exc.messages[0] if isinstance(exc, ChangeRejected) else str(exc)
        problems.append(f"{name}: {message}")
        return None


def _parse_pair(value: Any, now: datetime) -> Pair:
    try:
        return Pair.parse(_text(value), separators="-–—/")
    except InvalidPair as refused:
        if refused.code == "not_a_pair":
            raise ValueError(f"'{value}' is not a pair of country codes like CN-US.") from None
        raise


def _parse_choice(choices: Sequence[str], optional: bool = False) -> Any:
    def parse(value: Any, now: datetime) -> str | None:
        if value is None and optional:
            return None
        if value not in choices:
            raise ValueError(f"'{value}' is not one of {', '.join(choices)}.")
        return str(value)

    return parse


def _parse_effective_at(value: Any, now: datetime) -> datetime:
    parsed = _parse_time(value)
    if parsed > now:
        raise ValueError(f"{format_time(parsed)} is in the future.")
    return parsed


def _parse_optional_time(value: Any, now: datetime | None = None) -> datetime | None:
    return None if value is None else _parse_time(value)


def _parse_time(value: Any) -> datetime:
    """ISO 8601 with a UTC offset ("2022-08-05T12:00:00Z"); a bare date is noon UTC."""
    text = _text(value).strip()
    try:
        if len(text) == len("YYYY-MM-DD"):
            return datetime.combine(date.fromisoformat(text), _NOON, tzinfo=UTC)
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not an ISO 8601 date and time.") from None
    if parsed.tzinfo is None:
        raise ValueError(f"'{text}' has no UTC offset (write 2022-08-05T12:00:00Z).")
    try:
        return parsed.astimezone(UTC)
    except OverflowError:  # year 1 or 9999 moved past the calendar's end by its offset
        raise ValueError(f"'{text}' is out of range.") from None


def _parse_text(name: str) -> Any:
    def parse(value: Any, now: datetime) -> str | None:
        return None if value is None else _text(value, _MAX_LENGTH.get(name))

    return parse


def _text(value: Any, max_length: int | None = None) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text, not {json.dumps(value)}.")
    if "\x00" in value:
        raise ValueError("contains a NUL character.")
    if _LONE_SURROGATE.search(value):
        raise ValueError(_SURROGATE_PROBLEM)
    if max_length is not None and len(value) > max_length:
        raise ValueError(f"longer than {max_length} characters.")
    return value


def _parse_evidence(value: Any, now: datetime) -> tuple[EvidenceInput, ...]:
    if value is None:
        return ()
    if isinstance(value, str):  # CSV: the list as JSON in one column
        try:
            value = _load_json(value)
        except json.JSONDecodeError as exc:
            raise ValueError(f"not a JSON list ({exc.msg}).") from None
    if not isinstance(value, list):
        raise ValueError("expected a list of {url, outlet, title, published_at}.")
    return tuple(_evidence_item(n, item) for n, item in enumerate(value, start=1))


def _evidence_item(n: int, item: Any) -> EvidenceInput:
    if not isinstance(item, Mapping) or set(item) - set(EVIDENCE_FIELDS):
        raise ValueError(f"item {n} must be an object with fields {', '.join(EVIDENCE_FIELDS)}.")
    try:
        return EvidenceInput(
            url=normalize_evidence_url(_text(item.get("url"))),
            outlet=_text(item.get("outlet") or "", _MAX_LENGTH["outlet"]),
            title=_text(item.get("title") or "", _MAX_LENGTH["title"]),
            published_at=_parse_optional_time(_blank_to_none(item.get("published_at"))),
        )
    except ValueError as exc:
        raise ValueError(f"item {n}: {exc}") from None


_PARSERS: dict[str, Any] = {
    "pair": _parse_pair,
    "kind": _parse_choice(Kind.values),
    "channel_name": _parse_text("channel_name"),
    "channel_description": _parse_text("channel_description"),
    "channel_mechanisms": _parse_text("channel_mechanisms"),
    "effective_at": _parse_effective_at,
    "recorded_at": _parse_optional_time,
    "old_state": _parse_choice(State.values, optional=True),
    "new_state": _parse_choice([str(s) for s in ASSESSED_STATES]),
    "origin": _parse_choice(Origin.values, optional=True),
    "actor": _parse_text("actor"),
    "note": _parse_text("note"),
    "removed_at": _parse_optional_time,
    "evidence": _parse_evidence,
}


def _check_sequences(changes: Iterable[_Change]) -> Iterator[Problem]:
    """Within the file, each channel's rows in history order, each changing the state."""
    previous: dict[tuple[tuple[str, str], str], _Change] = {}
    for change in changes:
        key = (change.pair, change.kind)
        before = previous.get(key)
        previous[key] = change
        if before is None:
            continue
        if change.effective_at < before.effective_at:
            message = (
                f"Out of history order: dated {format_time(change.effective_at)}, before "
                f"line {before.line} ({format_time(before.effective_at)}) of the same channel."
            )
        elif change.new_state == before.new_state:
            message = (
                f"Repeats the state {change.new_state} set on line {before.line}: "
                "a change must change the state."
            )
        elif change.old_state and change.old_state != before.new_state:
            message = (
                f"old_state is {change.old_state}, but line {before.line} of the same "
                f"channel leaves it {before.new_state}."
            )
        else:
            continue
        yield change.line, message
