"""Export of the whole change history, as CSV or JSON (format version 1), streamed.

One row per change, in history order (effective_at, then recorded_at), with the same fields
in both formats:

  pair                 "CN-US": the two ISO 3166-1 alpha-2 codes, sorted
  kind                 military | trade | diplomatic
  channel_name, channel_description, channel_mechanisms
  effective_at         ISO 8601 in UTC, "2022-08-05T12:00:00Z"
  recorded_at          idem
  old_state, new_state
  origin               manual | news | api | import
  actor                the recording user's username, empty for none
  note
  removed_at           empty: exported only with include_removed
  evidence             a list of {"url", "outlet", "title", "published_at"}; in CSV one
                       column holding that list as JSON, so that commas, quotes, newlines
                       and any number of sources survive a round trip

In CSV, a text cell that a spreadsheet would run as a formula (starting with =, +, -, @,
tab or carriage return) is written with a leading single quote, which the import removes
(services/csv_cells.py): "=1+1" is exported as "'=1+1" and imported as "=1+1".

JSON is {"format": "channel-tracker/changes", "version": 1, "exported_at": ...,
"include_removed": false, "changes": [...]}, one change per line.

history_import reads the same format back.
"""

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from itertools import islice
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q

from ..models import Channel, Evidence, StateChange
from .csv_cells import safe_cell

FORMAT_ID = "channel-tracker/changes"
FORMAT_VERSION = 1
EXPORT_CHUNK_SIZE = 1000
COLUMNS = (
    "pair", "kind", "channel_name", "channel_description", "channel_mechanisms",
    "effective_at", "recorded_at", "old_state", "new_state", "origin", "actor", "note",
    "removed_at", "evidence",
)  # fmt: skip
EVIDENCE_FIELDS = ("url", "outlet", "title", "published_at")


# --- export -----------------------------------------------------------------------------


def export_rows(
    *, include_removed: bool = False, chunk_size: int = EXPORT_CHUNK_SIZE, matching: Q | None = None
) -> Iterator[dict[str, Any]]:
    """Every change (or those `matching` selects) as an export row, `chunk_size` changes at
    a time: one query for the changes (a server-side cursor on PostgreSQL), and per chunk one
    for their evidence and one each for channels and actors not seen before. Plain values,
    no model instances: they cost several times as much per row."""
    changes = StateChange.objects.all() if include_removed else StateChange.objects.active()
    if matching is not None:
        changes = changes.filter(matching)
    rows = changes.in_order().values_list(*_CHANGE_FIELDS, named=True)
    channels: dict[int, dict[str, str]] = {}
    usernames: dict[int, str] = {}
    for chunk in _chunks(rows.iterator(chunk_size=chunk_size), chunk_size):
        _learn(channels, {c.channel_id for c in chunk}, _channel_columns)
        _learn(usernames, {c.actor_id for c in chunk if c.actor_id}, _usernames)
        evidence = _evidence_of([c.id for c in chunk])
        for c in chunk:
            yield {
                **channels[c.channel_id],
                "effective_at": format_time(c.effective_at),
                "recorded_at": format_time(c.recorded_at),
                "old_state": c.old_state,
                "new_state": c.new_state,
                "origin": c.origin,
                "actor": usernames.get(c.actor_id, ""),
                "note": c.note,
                "removed_at": format_time(c.removed_at),
                "evidence": evidence.get(c.id, []),
            }


_CHANGE_FIELDS = (
    "id", "channel_id", "effective_at", "recorded_at", "old_state", "new_state", "origin",
    "actor_id", "note", "removed_at",
)  # fmt: skip


def _chunks(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while chunk := list(islice(items, size)):
        yield chunk


def _learn(known: dict[int, Any], ids: set[int], load: Any) -> None:
    if missing := ids - known.keys():
        known.update(load(missing))


def _channel_columns(ids: set[int]) -> dict[int, dict[str, str]]:
    return {
        channel.pk: {
            "pair": channel.pair_code,
            "kind": channel.kind,
            "channel_name": channel.name,
            "channel_description": channel.description,
            "channel_mechanisms": channel.mechanisms,
        }
        for channel in Channel.objects.filter(pk__in=ids)
    }


def _usernames(ids: set[int]) -> dict[int, str]:
    users = get_user_model().objects.filter(pk__in=ids)
    return {user.pk: user.get_username() for user in users}


def _evidence_of(change_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    found: dict[int, list[dict[str, Any]]] = {}
    rows = (
        Evidence.objects.filter(change_id__in=change_ids)
        .order_by("published_at", "id")
        .values_list("change_id", "url", "outlet", "title", "published_at")
    )
    for change_id, url, outlet, title, published_at in rows:
        found.setdefault(change_id, []).append(
            {
                "url": url,
                "outlet": outlet,
                "title": title,
                "published_at": format_time(published_at),
            }
        )
    return found


def format_time(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


class _Echo:
    """A file-like object whose write() hands the line back (Django's streaming CSV recipe)."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """The header, then one CSV record per row (quoted as needed, CRLF line ends; None is an
    empty cell; text a spreadsheet would run as a formula quoted with `'`). Evidence, the
    last column, is its list as JSON."""
    writer = csv.writer(_Echo())
    yield writer.writerow(COLUMNS)
    plain = COLUMNS[:-1]
    for row in rows:
        evidence = json.dumps(row.get("evidence") or [], ensure_ascii=False)
        yield writer.writerow([safe_cell(row.get(name)) for name in plain] + [evidence])


def json_document(
    rows: Iterable[Mapping[str, Any]], *, exported_at: datetime, include_removed: bool = False
) -> Iterator[str]:
    """The JSON document in pieces: the header fields, then one change per line."""
    head = json.dumps(
        {
            "format": FORMAT_ID,
            "version": FORMAT_VERSION,
            "exported_at": format_time(exported_at),
            "include_removed": include_removed,
        }
    )
    yield head[:-1] + ', "changes": ['
    separator = "\n"
    for row in rows:
        yield separator + json.dumps(row, ensure_ascii=False)
        separator = ",\n"
    yield "\n]}\n"
