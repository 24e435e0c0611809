"""Keeping models.TrendDay equal to what the history says (ChannelQuerySet.transitions_by_day).

The change writer (services.changes) calls `apply_moves` inside each write's transaction with
the moves of the one channel whose history changed, before and after the write: the
difference is added to the summary by one upsert, for the channel's kind and for all kinds.
The channel's row is locked by then, so its history cannot change under the computation;
rows of other channels' writers are merged by the database (INSERT ... ON CONFLICT, in key
order so that two writers never wait on each other in opposite orders).

`rebuild_trend_days` recomputes the whole table from the history (as the migration that made
it does), for loads that bypass the writer (the benchmarks' bulk seeds), and as the check of
last resort.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from itertools import groupby
from operator import attrgetter
from typing import Any, Protocol

from django.db import connection, transaction

from ..models import StateChange, TrendDay
from ..models.trends import ALL_KINDS

Move = tuple[date, str, str]  # (day, before, after); before "": the channel's first assessment


class Step(Protocol):
    """What moves_of reads of a change: a StateChange, or a row of its values."""

    @property
    def effective_at(self) -> datetime: ...

    @property
    def new_state(self) -> str: ...


def moves_of(chain: Sequence[Step], before: str = "") -> list[Move]:
    """The moves made by consecutive active changes of one channel, in history order,
    starting from the state `before` the first of them ("": none, never assessed)."""
    moves = []
    for change in chain:
        if change.new_state != before:
            moves.append((change.effective_at.astimezone(UTC).date(), before, change.new_state))
        before = change.new_state
    return moves


def apply_moves(*, kind: str, old: Iterable[Move], new: Iterable[Move]) -> None:
    """Replace one channel's moves `old` by `new` in the summary (inside the write's
    transaction)."""
    delta: Counter[Move] = Counter(new)
    delta.subtract(Counter(old))
    rows = sorted((k, *move, n) for move, n in delta.items() if n for k in (ALL_KINDS, kind))
    if not rows:
        return
    _upsert(rows)
    if any(n < 0 for *_, n in rows):
        days = {row[1] for row in rows}
        TrendDay.objects.filter(kind__in=[ALL_KINDS, kind], day__in=days, channels=0).delete()


def _upsert(rows: list[tuple[str, date, str, str, int]]) -> None:
    quote = connection.ops.quote_name
    table = quote(TrendDay._meta.db_table)
    key = ", ".join(quote(c) for c in ("kind", "day", "before", "after"))
    count = quote("channels")
    values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(rows))
    params: list[Any] = []
    for kind, day, before, after, n in rows:
        params += [kind, connection.ops.adapt_datefield_value(day), before, after, n]
    # PostgreSQL and SQLite (3.24+) alike: add to the row if it is there, insert it if not.
    sql = (
        f"INSERT INTO {table} ({key}, {count}) VALUES {values} "
        f"ON CONFLICT ({key}) DO UPDATE SET {count} = {table}.{count} + excluded.{count}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def rebuild_trend_days() -> int:
    """Recompute the whole summary from the history, in one transaction; returns its rows.
    One pass over the active changes in history order (an index order), each channel's run
    read by moves_of as the writer reads it: seconds for a million changes, where the window
    query of transitions_by_day took minutes on a loaded machine."""
    changes = (
        StateChange.objects.active()
        .order_by("channel_id", "effective_at", "recorded_at", "id")
        .values_list("channel_id", "channel__kind", "effective_at", "new_state", named=True)
    )
    totals: Counter[tuple[str, date, str, str]] = Counter()
    with transaction.atomic():
        for _, chain in groupby(changes.iterator(chunk_size=10000), attrgetter("channel_id")):
            history = list(chain)
            for move in moves_of(history):
                totals[(history[0].channel__kind, *move)] += 1
                totals[(ALL_KINDS, *move)] += 1
        rows = [
            TrendDay(kind=k, day=day, before=before, after=after, channels=n)
            for (k, day, before, after), n in sorted(totals.items())
        ]
        TrendDay.objects.all().delete()
        TrendDay.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
