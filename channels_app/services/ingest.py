"""From parsed feed entries to stored articles, detections and proposals, in bulk: one query
for the keys already seen, bulk inserts, one query for the channels the detections name."""

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..models import Article, Channel, Detection, Feed
from ..news import dedup
from ..news.detect import detect
from ..news.parse import ParsedEntry
from . import proposals

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IngestResult:
    new_articles: int
    detections: int
    proposals: int


def ingest_entries(
    *, feed: Feed, entries: Sequence[ParsedEntry], now: datetime | None = None
) -> IngestResult:
    """Store the entries not seen before, run the detector on them and update proposals.
    Re-polling the same entries writes nothing."""
    now = now or timezone.now()
    fresh = _unseen(feed, entries, now)
    if not fresh:
        return IngestResult(0, 0, 0)
    with transaction.atomic():
        Article.objects.bulk_create(fresh, ignore_conflicts=True)
        stored = list(
            Article.objects.filter(feed=feed, dedup_key__in=[a.dedup_key for a in fresh])
            .filter(fetched_at=now)
            .select_related("feed")
        )
        detections = _detect(stored, now)
        touched = proposals.gather(detections=detections, now=now)
    return IngestResult(len(stored), len(detections), len(touched))


def _unseen(feed: Feed, entries: Sequence[ParsedEntry], now: datetime) -> list[Article]:
    """The entries the feed has not stored before, as articles; one query for the rows it
    holds under these keys or guids."""
    guids = {_guid(e) for e in entries if e.guid}
    stored = list(
        Article.objects.filter(feed=feed)
        .filter(Q(dedup_key__in=dedup.entry_keys(entries)) | Q(guid__in=guids))
        .values_list("dedup_key", "guid", "link")
    )
    # A guid stored on two articles is one the feed reuses: keep keying it with the link.
    reused = {g for g, n in Counter(g for _, g, _ in stored if g).items() if n > 1}
    keys = dedup.entry_keys(
        entries, repeating={e.guid for e in entries if e.guid and _guid(e) in reused}
    )
    seen_keys = {key for key, _, _ in stored}
    # Also seen: a guid and link stored under the other key form (the guid was unique then).
    seen_pairs = {(g, link) for _, g, link in stored if g}
    fresh: dict[str, Article] = {}
    for e, key in zip(entries, keys, strict=True):
        if key not in seen_keys and (_guid(e), _link(e)) not in seen_pairs:
            fresh.setdefault(key, _article(feed, e, key, now))  # a key twice in one document
    return list(fresh.values())


def _guid(entry: ParsedEntry) -> str:
    return (entry.guid or "")[:2000]


def _link(entry: ParsedEntry) -> str:
    return (entry.link or "")[:2000]


def _article(feed: Feed, entry: ParsedEntry, key: str, now: datetime) -> Article:
    return Article(
        feed=feed,
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


def _detect(articles: list[Article], now: datetime) -> list[Detection]:
    found = [(a, d) for a in articles for d in detect(a.title, a.summary)]
    pairs = {d.parties for _, d in found}
    channels = {
        (c.country_a.code, c.country_b.code, c.kind): c
        for c in Channel.objects.filter(
            country_a__in={p[0] for p in pairs}, country_b__in={p[1] for p in pairs}
        )
    }
    rows = [
        Detection(
            article=article,
            country_a=d.parties[0],
            country_b=d.parties[1],
            kind=d.kind,
            state=d.state,
            modality=d.modality,
            confidence=d.confidence,
            evidence=d.evidence[:5000],
            channel=channels.get((*d.parties, d.kind)),
            created_at=now,
        )
        for article, d in found
    ]
    Detection.objects.bulk_create(rows, ignore_conflicts=True)
    return list(
        Detection.objects.filter(article__in=articles).select_related("article__feed", "channel")
    )
