"""The actor dictionary in the database: seeding it from the shipped file, editors' changes,
ending rows, and the rows the detector merges after the file's.

An editor's row is either new or stands for a file row (its `file_key`): then the file's row
is hidden over its whole term and the editor's version applies instead (see `overlay`)."""

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..detect import actors as rows
from ..detect import gazetteer
from ..models import Actor

logger = logging.getLogger(__name__)

# What a seeded row copies from the file, besides its key.
FILE_FIELDS = ("name", "country", "type", "role", "kind_hint", "valid_from", "valid_to", "source")
# A row with no codes matches its name and gives nothing: it hides a file row an editor
# replaced or ended (the table lets a later row win for the same name and day).
HIDDEN = "hidden"


def file_key(actor: rows.Actor) -> str:
    """A file row's identity: one name never has two rows from the same day in the file."""
    return f"{actor.name}|{actor.valid_from.isoformat() if actor.valid_from else ''}"


def file_fields(actor: rows.Actor) -> dict[str, Any]:
    return {
        "name": actor.name,
        "country": "+".join(actor.codes),
        "type": actor.type,
        "role": "+".join(actor.roles),
        "kind_hint": actor.hint or "",
        "valid_from": actor.valid_from,
        "valid_to": actor.valid_to,
        "source": actor.source,
    }


@dataclass(frozen=True)
class SeedResult:
    created: int
    updated: int
    unchanged: int
    kept: int  # file rows an editor changed: their version stays
    removed: int  # rows gone from the file


def seed_actors(*, actors: Sequence[rows.Actor] | None = None) -> SeedResult:
    """Make the table's file rows equal the shipped file's (idempotent): new rows created,
    changed ones updated, rows no longer in the file removed; editors' rows left alone."""
    actors = gazetteer.shipped_actors() if actors is None else actors
    now = timezone.now()
    wanted = {file_key(a): file_fields(a) for a in actors}
    with transaction.atomic():
        stored = {row.file_key: row for row in Actor.objects.exclude(file_key="")}
        kept = {k for k, row in stored.items() if row.origin == Actor.Origin.EDITOR}
        stale = [
            row for k, row in stored.items() if k not in wanted and row.origin == Actor.Origin.FILE
        ]
        changed = [
            _assign(stored[k], fields, now)
            for k, fields in wanted.items()
            if k in stored and k not in kept and _differs(stored[k], fields)
        ]
        new = [
            Actor(file_key=k, origin=Actor.Origin.FILE, created_at=now, updated_at=now, **fields)
            for k, fields in wanted.items()
            if k not in stored
        ]
        Actor.objects.filter(pk__in=[row.pk for row in stale]).delete()
        Actor.objects.bulk_update(changed, [*FILE_FIELDS, "updated_at"], batch_size=500)
        Actor.objects.bulk_create(new, batch_size=500)
    return SeedResult(
        created=len(new),
        updated=len(changed),
        unchanged=len(wanted) - len(new) - len(changed) - len(kept & wanted.keys()),
        kept=len(kept & wanted.keys()),
        removed=len(stale),
    )


def _differs(row: Actor, fields: dict[str, Any]) -> bool:
    return any(getattr(row, name) != value for name, value in fields.items())


def _assign(row: Actor, fields: dict[str, Any], now: dt.datetime) -> Actor:
    for name, value in fields.items():
        setattr(row, name, value)
    row.updated_at = now
    return row


def actor_save(*, actor: Actor, by: Any, now: dt.datetime | None = None) -> Actor:
    """Save an editor's new or changed row, checked like a file row (`ValidationError` with
    the reason). A changed file row becomes the editor's version of it."""
    now = now or timezone.now()
    actor.origin = Actor.Origin.EDITOR
    actor.full_clean()
    actor.updated_at = now
    actor.changed_by = by
    actor.save()
    return actor


@dataclass(frozen=True)
class EndResult:
    ended: list[Actor]
    refused: list[tuple[Actor, str]]  # the row and the reason


def actors_end(*, actors: Iterable[Actor], on: dt.date, by: Any) -> EndResult:
    """End each row on `on` (its last valid day), unless it ends earlier already or starts
    after that day (an end before the start is refused with the reason)."""
    now = timezone.now()
    ended, refused = [], []
    for actor in actors:
        if actor.valid_to is not None and actor.valid_to <= on:
            refused.append((actor, f"already ends on {actor.valid_to}"))
            continue
        before, actor.valid_to = actor.valid_to, on
        try:
            ended.append(actor_save(actor=actor, by=by, now=now))
        except ValidationError as error:
            actor.valid_to = before
            refused.append((actor, "; ".join(error.messages)))
    return EndResult(ended, refused)


def overlay(
    editor_rows: Iterable[Actor], shipped: Sequence[rows.Actor] | None = None
) -> list[rows.Actor]:
    """The rows to merge after the shipped file's: first a hiding row over the term of each
    file row an editor replaced, then the editors' rows, which win over both. An editor's
    row that fails the check (the file's rules changed since) is left out."""
    shipped = gazetteer.shipped_actors() if shipped is None else shipped
    by_key = {file_key(a): a for a in shipped}
    hidden, added = [], []
    for row in editor_rows:
        if original := by_key.get(row.file_key):
            hidden.append(rows.Actor(original.name, (), HIDDEN, (), None, *_term(original)))
        try:
            added.append(row.as_actor())
        except rows.RowError as error:
            logger.warning("editors' actor %s left out: %s", row.pk, error)
    return [*hidden, *added]


def _term(actor: rows.Actor) -> tuple[dt.date | None, dt.date | None]:
    return actor.valid_from, actor.valid_to
