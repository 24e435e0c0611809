"""Proposals: detections of the same (channel, state) gathered for review, their independent
sources counted, accepted or rejected by editors, or applied by themselves where a channel
allows it. Accepting and applying record the change through the one writer service."""

from collections import defaultdict
from collections.abc import Collection, Iterable
from contextlib import suppress
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from django.conf import settings
from django.db import transaction
from django.db.models import Min
from django.db.models.functions import Coalesce
from django.utils import timezone

from ...models import Channel, Origin
from ...services.changes import EvidenceInput, channel_set_state
from ...services.errors import ChangeRejected
from ...services.evidence_urls import BadEvidenceUrl, normalize_evidence_url
from .. import dedup
from ..models import Article, Detection, Proposal, Verdict

Status = Proposal.Status


def attach(*, detections: Iterable[Detection], now: datetime) -> list[Proposal]:
    """Point each proposing detection on a tracked channel at the pending proposal for its
    (channel, state), creating it, before the detections are inserted (so each is written
    once); `recount` the proposals returned once they are. A fixed number of queries,
    whatever the number of detections."""
    groups = _proposing(detections)
    if not groups:
        return []
    pending = _pending_for(groups, now)
    for key, members in groups.items():
        for detection in members:
            detection.proposal = pending[key]
    return list(pending.values())


def recount(*, proposals: list[Proposal], now: datetime) -> None:
    """Count the sources of proposals that detections joined, and apply those a channel
    lets apply themselves. One query for the reports, then one update per proposal."""
    reports = _reports(proposals)
    for proposal in proposals:
        _recount(proposal, reports[proposal.pk], now)
        _maybe_auto_apply(proposal, reports[proposal.pk], now)


def independent_sources(articles: Iterable[Any]) -> int:
    """Outlets that reported it. An outlet counts once however many of its feeds carried
    the story (whatever their titles), and outlets carrying the very same article (one
    canonical link: syndication, aggregators) count once together. The same headline
    under different links in two outlets is two sources."""
    groups: list[set[str]] = []
    for article in articles:
        marks = {"outlet:" + article.outlet.strip().lower()}
        if article.link:
            marks.add("link:" + dedup.canonical_link(article.link))
        for group in [g for g in groups if g & marks]:
            groups.remove(group)
            marks |= group
        groups.append(marks)
    return len(groups)


def proposal_accept(
    *,
    proposal: Proposal,
    reviewer: Any,
    note: str = "",
    effective_at: datetime | None = None,
    now: datetime | None = None,
) -> Proposal:
    """Record the proposed change (origin news, the articles as evidence) and close it.
    Raises ChangeRejected if the change is refused or the proposal is no longer pending."""
    return _decide(proposal, Status.ACCEPTED, reviewer, note, effective_at, now)


def proposal_reject(
    *, proposal: Proposal, reviewer: Any, reason: str, now: datetime | None = None
) -> Proposal:
    if not reason.strip():
        raise ChangeRejected("Say why the proposal is rejected.", code="no_reason")
    now = now or timezone.now()
    claimed = Proposal.objects.filter(pk=proposal.pk, status=Status.PENDING).update(
        status=Status.REJECTED, reviewer=reviewer, decided_at=now, reason=reason
    )
    if not claimed:
        raise ChangeRejected("This proposal was already decided.", code="decided")
    proposal.refresh_from_db()
    return proposal


def supersede_fulfilled(*, channel_id: int, now: datetime | None = None) -> int:
    """Pending proposals for the state the channel is now in have nothing left to propose
    (an editor recorded it by hand, or another route got there first)."""
    channel = Channel.objects.get(pk=channel_id)
    return Proposal.objects.filter(
        channel=channel, state=channel.state, status=Status.PENDING
    ).update(
        status=Status.SUPERSEDED,
        decided_at=now or timezone.now(),
        reason="The channel reached this state by another change.",
    )


# --- internals ----------------------------------------------------------------------------


def _proposes(detection: Detection, channel: Channel) -> bool:
    return detection.verdict == Verdict.PROPOSES and detection.state != channel.state


def _proposing(detections: Iterable[Detection]) -> dict[tuple[int, str], list[Detection]]:
    """The detections that propose a change, by (channel id, state)."""
    groups: dict[tuple[int, str], list[Detection]] = defaultdict(list)
    for detection in detections:
        channel = detection.channel
        if channel is None or detection.proposal_id or not _proposes(detection, channel):
            continue
        groups[channel.pk, detection.state].append(detection)
    return groups


def _pending_for(
    keys: Collection[tuple[int, str]], now: datetime
) -> dict[tuple[int, str], Proposal]:
    """The pending proposal of each (channel id, state), created where there is none."""
    found = _select_pending(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        Proposal.objects.bulk_create(
            [
                Proposal(channel_id=c, state=s, first_seen_at=now, last_seen_at=now)
                for c, s in missing
            ],
            # A worker that created one first wins (one pending per channel and state).
            ignore_conflicts=True,
        )
        found = _select_pending(keys)
    return found


def _select_pending(keys: Collection[tuple[int, str]]) -> dict[tuple[int, str], Proposal]:
    candidates = Proposal.objects.filter(
        status=Status.PENDING,
        channel__in={c for c, _ in keys},
        state__in={s for _, s in keys},
    ).select_related("channel")
    return {(p.channel_id, p.state): p for p in candidates if (p.channel_id, p.state) in keys}


class _Report(NamedTuple):
    """An article behind a proposal, as independent_sources reads it."""

    link: str
    outlet: str
    reported_at: datetime
    confidence: float  # the detector's calibrated probability that it read the article right


def _reports(proposals: list[Proposal]) -> dict[int, list[_Report]]:
    """The articles behind each of the proposals (each article once), in one query."""
    rows = (
        Detection.objects.filter(proposal__in=proposals)
        .order_by()
        .values_list(
            "proposal_id",
            "article_id",
            "article__link",
            "article__feed__outlet",
            "article__feed__title",
            "article__feed__url",
            # When the outlet published it; fetched_at only for entries without a date (a
            # feed added today must not make weeks-old reports look like fresh agreement).
            Coalesce("article__published_at", "article__fetched_at"),
            "confidence",
        )
    )
    articles: dict[int, dict[int, _Report]] = {p.pk: {} for p in proposals}
    for proposal_id, article_id, link, outlet, title, url, reported_at, confidence in rows:
        # As Article.outlet reads it.
        articles[proposal_id][article_id] = _Report(
            link, outlet or title or url, reported_at, confidence
        )
    return {pk: list(reports.values()) for pk, reports in articles.items()}


def _articles(proposal: Proposal) -> list[Article]:
    qs = Detection.objects.filter(proposal=proposal).select_related("article__feed")
    return list({d.article_id: d.article for d in qs}.values())


def _recount(proposal: Proposal, reports: list[_Report], now: datetime) -> None:
    proposal.source_count = independent_sources(reports)
    proposal.last_seen_at = now
    # One UPDATE each: cheaper than bulk_update's CASE for the few proposals a poll touches.
    Proposal.objects.filter(pk=proposal.pk).update(
        source_count=proposal.source_count, last_seen_at=now
    )


def _maybe_auto_apply(proposal: Proposal, reports: list[_Report], now: datetime) -> None:
    """Apply the proposal when enough independent outlets agree within the channel's window,
    counting only the articles the detector read with a calibrated confidence of at least
    NEWS_AUTO_APPLY_MIN_CONFIDENCE (the others still wait for a person)."""
    channel = proposal.channel
    if not channel.auto_apply_sources or proposal.status != Status.PENDING:
        return
    since = now - timedelta(hours=channel.auto_apply_window_hours)
    sure = settings.NEWS_AUTO_APPLY_MIN_CONFIDENCE
    agreeing = independent_sources(
        r for r in reports if r.reported_at >= since and r.confidence >= sure
    )
    if agreeing < channel.auto_apply_sources:
        return
    note = (
        f"Applied automatically: {agreeing} independent outlets agree within "
        f"{channel.auto_apply_window_hours} hours, each read with confidence {sure:.0%} "
        "or more."
    )
    # If the channel moved meanwhile, the proposal stays pending for a person to look at.
    with suppress(ChangeRejected):
        _decide(proposal, Status.APPLIED, None, note, None, now)


def _decide(
    proposal: Proposal,
    status: str,
    reviewer: Any,
    note: str,
    effective_at: datetime | None,
    now: datetime | None,
) -> Proposal:
    now = now or timezone.now()
    with transaction.atomic():
        claimed = Proposal.objects.filter(pk=proposal.pk, status=Status.PENDING).update(
            status=status, reviewer=reviewer, decided_at=now
        )
        if not claimed:
            raise ChangeRejected("This proposal was already decided.", code="decided")
        proposal.refresh_from_db()
        articles = list(_articles(proposal))
        change = channel_set_state(
            channel=proposal.channel,
            state=proposal.state,
            effective_at=effective_at or _earliest(proposal, now),
            origin=Origin.NEWS,
            actor=reviewer,
            note=note,
            evidence=_evidence(articles),
            now=now,
        )
        Proposal.objects.filter(pk=proposal.pk).update(change=change)
    proposal.refresh_from_db()
    return proposal


def _earliest(proposal: Proposal, now: datetime) -> datetime:
    first = Detection.objects.filter(proposal=proposal).aggregate(at=Min("article__published_at"))[
        "at"
    ]
    return min(first, now) if first else now


def _evidence(articles: Iterable[Article]) -> list[EvidenceInput]:
    """One evidence row per link, from its earliest article. A link the writer service
    would refuse is left out rather than blocking the change (it stays on the proposal)."""
    first: dict[str, Article] = {}
    for article in sorted(articles, key=_published):
        if _valid_url(article.link):
            first.setdefault(article.link, article)
    return [
        EvidenceInput(
            url=a.link,
            outlet=a.outlet[:200],
            title=a.title[:500],
            published_at=a.published_at,
            article_id=a.pk,
        )
        for a in first.values()
    ]


def _published(article: Article) -> datetime:
    return article.published_at or article.fetched_at


def _valid_url(url: str) -> bool:
    try:
        normalize_evidence_url(url)
    except BadEvidenceUrl:
        return False
    return True
