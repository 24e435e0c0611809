"""From parsed feed entries to stored articles, detections and proposals, in bulk: one query
for the keys already seen, then per batch of new entries (newest first), in a transaction
of its own, the articles inserted (the INSERT returns their ids), one query for the channels
the detections name, the proposals the detections join, and the detections inserted with them.
A poll stores at most FEEDS_MAX_NEW_ENTRIES_PER_POLL new entries and starts no batch after
its deadline: a document of any size makes progress, the rest waits for the next poll."""

import functools
import logging
import sqlite3
import time
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Lookup, Q
from django.db.models.functions import Substr
from django.db.models.lookups import In
from django.utils import timezone

from ...models import Channel
from .. import actor_source, dedup
from ..detect import Detection as Found
from ..detect import detect
from ..models import Article, Detection, Feed
from ..parse import ParsedEntry
from . import proposals

logger = logging.getLogger(__name__)

_GUID_HEAD = 255  # the prefix of the guid that article_feed_guid_idx holds
_BATCH = 500  # new entries per transaction: a poll cut short keeps the batches before
_UNDATED = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True)
class IngestResult:
    new_articles: int
    detections: int
    proposals: int
    new_entries: int = 0  # new in the document, stored or not
    left_for_later: int = 0  # new entries past the cap or the deadline: the next poll's


def ingest_entries(
    *,
    feed: Feed,
    entries: Sequence[ParsedEntry],
    now: datetime | None = None,
    deadline: float | None = None,
) -> IngestResult:
    """Store the entries not seen before (newest first, at most
    FEEDS_MAX_NEW_ENTRIES_PER_POLL of them), run the detector on them and update proposals,
    a batch per transaction; no batch but the first starts after `deadline`
    (time.monotonic()). Re-polling the same entries writes nothing."""
    now = now or timezone.now()
    fresh = _newest_first(_unseen(feed, entries))
    actor_source.sync()  # editors' actors: at most one cheap query every few seconds
    limit = min(len(fresh), max(1, settings.FEEDS_MAX_NEW_ENTRIES_PER_POLL))
    stored = detections = done = 0
    touched: set[int] = set()
    while done < limit and not (done and deadline is not None and time.monotonic() > deadline):
        batch = [_article(feed, e, key, now) for key, e in fresh[done : min(done + _BATCH, limit)]]
        with transaction.atomic():
            articles = _store(feed, batch, now)
            found = _detect(articles, now)
            # Joined to their proposals before the insert, so each row is written once. The
            # articles are this transaction's own: no other detection of them can conflict.
            joined = proposals.attach(detections=found, now=now)
            Detection.objects.bulk_create(found)
            proposals.recount(proposals=joined, now=now)
        stored += len(articles)
        detections += len(found)
        done += len(batch)
        touched.update(p.pk for p in joined)
    return IngestResult(stored, detections, len(touched), len(fresh), len(fresh) - done)


def _newest_first(fresh: list[tuple[str, ParsedEntry]]) -> list[tuple[str, ParsedEntry]]:
    # Undated entries after the dated ones, in the document's order (a stable sort).
    return sorted(
        fresh,
        key=lambda ke: (ke[1].published_at is not None, ke[1].published_at or _UNDATED),
        reverse=True,
    )


def _unseen(feed: Feed, entries: Sequence[ParsedEntry]) -> list[tuple[str, ParsedEntry]]:
    """The entries the feed has not stored before, with their keys; one query for the rows
    it holds under these keys or guids."""
    keys = dedup.entry_keys(entries)
    stored = _stored_like(feed, keys, {_guid(e) for e in entries if e.guid})
    # A guid stored on two articles is one the feed reuses: keep keying it with the link.
    reused = {g for g, n in Counter(g for _, g, _ in stored if g).items() if n > 1}
    repeating = {e.guid for e in entries if e.guid and _guid(e) in reused}
    if repeating:
        keys = dedup.entry_keys(entries, repeating=repeating)
    seen_keys = {key for key, _, _ in stored}
    # Also seen: a guid and link stored under the other key form (the guid was unique then).
    seen_pairs = {(g, link) for _, g, link in stored if g}
    fresh: dict[str, ParsedEntry] = {}
    for e, key in zip(entries, keys, strict=True):
        if key not in seen_keys and (_guid(e), _link(e)) not in seen_pairs:
            fresh.setdefault(key, e)  # a key twice in one document
    return list(fresh.items())


def _stored_like(feed: Feed, keys: list[str], guids: set[str]) -> list[tuple[str, str, str]]:
    """(dedup_key, guid, link) of the feed's articles under one of these keys or guids. Both
    sides use an index: the unique (feed, dedup_key) and (feed, guid prefix). One query on
    PostgreSQL (arrays); elsewhere one per slice of keys and guids, within the database's
    limit on parameters (SQLite: 32,766 by default, 250,000 in Debian's build; 100,000 entries
    are 300,000 parameters)."""
    if connection.vendor == "postgresql":
        return _stored_under(feed, keys, guids)
    size = max(1, min(10_000, (_parameter_limit() - 1) // 3))  # 3 lists and the feed
    ordered = sorted(guids)
    rows: dict[str, tuple[str, str, str]] = {}  # by dedup_key: slices may find a row twice
    for start in range(0, max(len(keys), len(ordered)), size):
        part = _stored_under(feed, keys[start : start + size], set(ordered[start : start + size]))
        rows.update((row[0], row) for row in part)
    return list(rows.values())


def _parameter_limit() -> int:
    if connection.vendor == "sqlite":  # Django's figure (999) is older SQLite's
        connection.ensure_connection()
        return int(connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    return connection.features.max_query_params or 999


def _stored_under(feed: Feed, keys: list[str], guids: set[str]) -> list[tuple[str, str, str]]:
    heads = {g[:_GUID_HEAD] for g in guids}
    by_guid = Q(_one_of(F("guid_head"), heads)) & Q(_one_of(F("guid"), guids))
    return list(
        Article.objects.filter(feed=feed)
        .alias(guid_head=Substr("guid", 1, _GUID_HEAD))
        .filter(Q(_one_of(F("dedup_key"), keys)) | by_guid)
        .order_by()
        .values_list("dedup_key", "guid", "link")
    )


def _one_of(column: F, values: Collection[str]) -> "Lookup[Any]":
    """`column IN values`; on PostgreSQL `= ANY(array)`: one parameter, where IN has one per
    value for psycopg to interpolate (13 s for a document of 100,000 entries, against 1)."""
    if connection.vendor == "postgresql":
        return _AnyOf(column, list(values))
    return In(column, list(values))


if TYPE_CHECKING:
    _BooleanLookup = Lookup[Any]
else:  # Lookup takes no type argument at run time
    _BooleanLookup = Lookup


class _AnyOf(_BooleanLookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def get_db_prep_lookup(self, value: Any, connection: Any) -> Any:
        return "%s", [value]

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


def _guid(entry: ParsedEntry) -> str:
    return (entry.guid or "")[:2000]


def _link(entry: ParsedEntry) -> str:
    return (entry.link or "")[:2000]


class _NewArticle(NamedTuple):
    """An article's row before it is inserted, in the INSERT's column order. A model
    instance is made only for the few that the detector finds something in: making one
    for every entry took a tenth of the rest of a first poll besides parsing and detection."""

    feed_id: int
    dedup_key: str
    guid: str
    link: str
    title: str
    summary: str
    published_at: datetime | None
    fetched_at: datetime
    content_hash: str
    story_key: str


def _article(feed: Feed, entry: ParsedEntry, key: str, now: datetime) -> _NewArticle:
    return _NewArticle(
        feed_id=feed.pk,
        dedup_key=key,
        guid=_guid(entry),
        link=_link(entry),
        title=entry.title[:1000],
        summary=entry.summary,
        published_at=entry.published_at,
        fetched_at=now,
        content_hash=dedup.content_hash(entry.title, entry.summary),
        story_key=dedup.story_key(entry.link, entry.title),
    )


def _store(feed: Feed, fresh: list[_NewArticle], now: datetime) -> list[tuple[_NewArticle, int]]:
    """Insert the articles; those inserted, with their ids. A poll of the same feed running
    at the same time may have stored some of the keys first: those are left to it."""
    ids = _insert_ignoring_conflicts(fresh)  # the inserted rows' ids, where RETURNING is had
    if ids is None:
        ids = dict(
            Article.objects.filter(feed=feed, dedup_key__in=[a.dedup_key for a in fresh])
            .filter(fetched_at=now)
            .order_by()
            .values_list("dedup_key", "pk")
        )
    return [(a, ids[a.dedup_key]) for a in fresh if a.dedup_key in ids]


# Article's columns but the id, and those of them that hold datetimes: a test holds both to
# the model.
_COLUMNS = _NewArticle._fields
_DATETIMES = frozenset({"published_at", "fetched_at"})
_DATED = tuple(i for i, column in enumerate(_COLUMNS) if column in _DATETIMES)
_MAX_ROWS_PER_INSERT = 500


def _insert_ignoring_conflicts(articles: list[_NewArticle]) -> dict[str, int] | None:
    """What `bulk_create(articles, ignore_conflicts=True)` does, as multi-row INSERTs with
    ON CONFLICT DO NOTHING (SQLite 3.24+ and PostgreSQL): bulk_create runs each value
    through its field and renders a placeholder for each, which took three times as long, a
    tenth of a first poll's CPU time in bench/ingest.py. One statement per batch, not one
    per row: on PostgreSQL an executemany costs a round of the pipeline per row. Returns
    the id of each row inserted (a conflict returns none), by dedup key, where the database
    has RETURNING (SQLite 3.35+, PostgreSQL): no query to read them back; else None."""
    quote = connection.ops.quote_name
    head = (
        f"INSERT INTO {quote(Article._meta.db_table)} ({', '.join(map(quote, _COLUMNS))}) VALUES "
    )
    row = f"({', '.join(['%s'] * len(_COLUMNS))})"
    returning = connection.features.can_return_rows_from_bulk_insert
    tail = " ON CONFLICT DO NOTHING"
    if returning:
        tail += f" RETURNING {quote('dedup_key')}, {quote('id')}"
    # str and int go to the driver as they are; datetimes as their fields would send them,
    # each converted once (fetched_at is the poll's, the same for all).
    adapt = functools.cache(connection.ops.adapt_datetimefield_value)
    values: list[list[Any]] = [list(a) for a in articles]
    for values_of in values:
        for index in _DATED:
            values_of[index] = adapt(values_of[index])
    limit = connection.features.max_query_params or 65535
    size = max(1, min(limit // len(_COLUMNS), _MAX_ROWS_PER_INSERT))
    ids: dict[str, int] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(values), size):
            batch = values[start : start + size]
            cursor.execute(
                head + ", ".join([row] * len(batch)) + tail, [v for r in batch for v in r]
            )
            if returning:
                ids.update(cursor.fetchall())
    return ids if returning else None


def _detect(stored: list[tuple[_NewArticle, int]], now: datetime) -> list[Detection]:
    """The detections read in the articles, as rows not yet inserted."""
    found = []
    for row, pk in stored:
        if read := detect(row.title, row.summary, published=row.published_at):
            article = Article(pk=pk, **row._asdict())
            found += [(article, d) for d in read]
    channels = _channels({d.parties for _, d in found})
    rows: dict[tuple[int, tuple[str, str], str], Detection] = {}
    for article, d in found:  # at most one per (article, pair, kind), as the constraint says
        channel = channels.get((*d.parties, d.kind))
        rows.setdefault((article.pk, d.parties, d.kind), _detection(article, d, channel, now))
    return list(rows.values())


def _detection(article: Article, d: Found, channel: Channel | None, now: datetime) -> Detection:
    return Detection(
        article=article,
        country_a=d.parties[0],
        country_b=d.parties[1],
        kind=d.kind,
        state=d.state,
        modality=d.modality,
        confidence=d.confidence,
        evidence=d.evidence[:5000],
        withheld=d.withheld,
        explanation=d.explain(),
        channel=channel,
        created_at=now,
    )


def _channels(pairs: set[tuple[str, str]]) -> dict[tuple[str, str, str], Channel]:
    if not pairs:
        return {}
    return {
        (c.country_a.code, c.country_b.code, c.kind): c
        for c in Channel.objects.filter(
            country_a__in={p[0] for p in pairs}, country_b__in={p[1] for p in pairs}
        )
    }
