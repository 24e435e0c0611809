"""Proposals: detections of the same (channel, state) gathered for review, their independent
sources counted, accepted or rejected by editors, or applied by themselves where a channel
allows it. Accepting and applying record the change through the one writer service."""

from collections.abc import Iterable
from contextlib import suppress
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Min
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import Channel, Detection, Origin, Proposal
from ..models.choices import PROPOSING_MODALITIES
from ..news import dedup
from .changes import EvidenceInput, channel_set_state
from .errors import ChangeRejected

Status = Proposal.Status
_url_validator = URLValidator(schemes=["http", "https"])


def gather(*, detections: Iterable[Detection], now: datetime) -> list[Proposal]:
    """Attach each proposing detection on a tracked channel to the pending proposal for its
    (channel, state), creating it; then recount sources and auto-apply where allowed."""
    touched: dict[int, Proposal] = {}
    for detection in detections:
        channel = detection.channel
        if channel is None or detection.proposal_id or not _proposes(detection, channel):
            continue
        proposal = _pending_for(channel, detection.state, now)
        Detection.objects.filter(pk=detection.pk).update(proposal=proposal)
        touched[proposal.pk] = proposal
    for proposal in touched.values():
        _recount(proposal, now)
        _maybe_auto_apply(proposal, now)
    return list(touched.values())


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
    return detection.modality in PROPOSING_MODALITIES and detection.state != channel.state


def _pending_for(channel: Channel, state: str, now: datetime) -> Proposal:
    existing = Proposal.objects.filter(channel=channel, state=state, status=Status.PENDING).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return Proposal.objects.create(
                channel=channel, state=state, first_seen_at=now, last_seen_at=now
            )
    except IntegrityError:  # another worker created it first (unique pending constraint)
        return Proposal.objects.get(channel=channel, state=state, status=Status.PENDING)


def _articles(proposal: Proposal, since: datetime | None = None):
    qs = Detection.objects.filter(proposal=proposal).select_related("article__feed")
    if since is not None:
        # When the outlets published it; fetched_at only for entries without a date (a
        # feed added today must not make weeks-old reports look like fresh agreement).
        qs = qs.alias(reported_at=Coalesce("article__published_at", "article__fetched_at")).filter(
            reported_at__gte=since
        )
    return {d.article_id: d.article for d in qs}.values()


def _recount(proposal: Proposal, now: datetime) -> None:
    proposal.source_count = independent_sources(_articles(proposal))
    proposal.last_seen_at = now
    Proposal.objects.filter(pk=proposal.pk).update(
        source_count=proposal.source_count, last_seen_at=now
    )


def _maybe_auto_apply(proposal: Proposal, now: datetime) -> None:
    channel = proposal.channel
    if not channel.auto_apply_sources or proposal.status != Status.PENDING:
        return
    since = now - timedelta(hours=channel.auto_apply_window_hours)
    agreeing = independent_sources(_articles(proposal, since))
    if agreeing < channel.auto_apply_sources:
        return
    note = (
        f"Applied automatically: {agreeing} independent outlets agree within "
        f"{channel.auto_apply_window_hours} hours."
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


def _evidence(articles: Iterable[Any]) -> list[EvidenceInput]:
    """One evidence row per link, from its earliest article. A link the writer service
    would refuse is left out rather than blocking the change (it stays on the proposal)."""
    first: dict[str, Any] = {}
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


def _published(article: Any) -> datetime:
    return article.published_at or article.fetched_at


def _valid_url(url: str) -> bool:
    try:
        _url_validator(url)
    except ValidationError:
        return False
    return True
