"""The one writer of state changes. Admin, API, news pipeline, import and demo loader all
record, correct and remove changes through these functions; nothing else writes
StateChange rows or a channel's denormalised state. Each write also keeps the trends' daily
summary (models.TrendDay, services.trend_days) in its transaction, from the moves of the one
channel it touched. Each write is announced once after it commits (services.announce); what
follows from it (the page cache, news, alerts) listens.

Concurrency: each write locks the channel row (SELECT ... FOR UPDATE on PostgreSQL; SQLite
serialises writers with BEGIN IMMEDIATE), then validates against the history it reads under
that lock, so two writers never interleave between read and write.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from itertools import pairwise
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from ..models import ChangeAudit, Channel, Evidence, Origin, State, StateChange
from ..models.choices import ASSESSED_STATES, ORIGIN_NEEDS_EVIDENCE, change_alerts
from .announce import announce_on_commit
from .errors import ChangeRejected
from .evidence_urls import BadEvidenceUrl, normalize_evidence_url
from .trend_days import apply_moves, moves_of

logger = logging.getLogger(__name__)
_LAST = float("inf")
# Where a change sorts in history: (effective_at, recorded_at, id); a new change's id is _LAST.
HistoryKey = tuple[datetime, datetime, float]


@dataclass(frozen=True)
class EvidenceInput:
    url: str
    outlet: str = ""
    title: str = ""
    published_at: datetime | None = None
    article_id: int | None = None  # the stored article it came from (news pipeline)


def channel_set_state(
    *,
    channel: Channel,
    state: str,
    effective_at: datetime,
    origin: str,
    actor: Any = None,
    note: str = "",
    evidence: Sequence[EvidenceInput] = (),
    now: datetime | None = None,
) -> StateChange:
    """Record that `channel` became `state` at `effective_at` (which may be in the past).

    Raises ChangeRejected, writing nothing, for an unknown state or origin, a future or naive
    date, bad evidence URLs, no evidence where the origin needs some (ORIGIN_NEEDS_EVIDENCE:
    every door but an import), or a state already in force at that date. Evidence URLs are
    stored normalised (services.evidence_urls).
    """
    now = now or timezone.now()
    _validate_state(state)
    if origin not in Origin.values:
        raise ChangeRejected(f"Unknown origin '{origin}'.", code="unknown_origin")
    _validate_time(effective_at, now)
    evidence = _normalized_evidence(evidence)
    if not evidence and ORIGIN_NEEDS_EVIDENCE[origin]:
        raise ChangeRejected(
            "A change needs at least one source: add the link of an article that reports it.",
            code="no_evidence",
        )
    with transaction.atomic():
        locked = _lock(channel)
        key = (effective_at, now, _LAST)
        neighbours = _neighbours(locked, key)
        old_state, following = _check_placement(locked, neighbours, key, state)
        change = StateChange.objects.create(
            channel=locked,
            old_state=old_state,
            new_state=state,
            effective_at=effective_at,
            recorded_at=now,
            updated_at=now,
            origin=origin,
            actor=actor,
            note=note,
            alerts=change_alerts(
                origin=origin,
                old_state=old_state,
                new_state=state,
                becomes_current=following is None,
            ),
        )
        _add_evidence(change, evidence)
        _link(locked, change, following)
        _count_insert(locked, change, [c for c in neighbours if _key(c) < key], following)
        if actor is not None and origin != Origin.IMPORT:
            _confirm(locked, now)
        announce_on_commit(channel_id=locked.pk, change_id=change.pk)
    _refresh(channel, locked)
    return change


def change_correct(
    *,
    change: StateChange,
    actor: Any,
    reason: str,
    state: str | None = None,
    effective_at: datetime | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> StateChange:
    """An audited correction of a recorded change (its state, date or note). Corrections
    recompute the channel's current state but do not alert."""
    now = now or timezone.now()
    _require_reason(reason)
    if state is not None:
        _validate_state(state)
    if effective_at is not None:
        _validate_time(effective_at, now)
    with transaction.atomic():
        locked = _lock(change.channel)
        row = StateChange.objects.active().get(pk=change.pk)
        before = _snapshot(row)
        row.new_state = state or row.new_state
        row.effective_at = effective_at or row.effective_at
        row.note = row.note if note is None else note
        history = _history(locked)
        others = [c for c in history if c.pk != row.pk]
        _check_placement(locked, others, _key(row), row.new_state)
        row.save(update_fields=["new_state", "effective_at", "note"])
        _audit(row, ChangeAudit.Action.CORRECT, before, actor, reason, now)
        apply_moves(kind=locked.kind, old=moves_of(history), new=moves_of(_recompute(locked)))
        announce_on_commit(channel_id=locked.pk, change_id=row.pk)
    _refresh(change.channel, locked)
    row.refresh_from_db()
    return row


def change_remove(
    *, change: StateChange, actor: Any, reason: str, now: datetime | None = None
) -> None:
    """Mark a change as removed (never deleted), audited; history closes over the gap."""
    now = now or timezone.now()
    _require_reason(reason)
    with transaction.atomic():
        locked = _lock(change.channel)
        row = StateChange.objects.active().get(pk=change.pk)
        history = _history(locked)
        remaining = [c for c in history if c.pk != row.pk]
        _check_sequence(locked, remaining)
        before = _snapshot(row)
        row.removed_at = now
        row.save(update_fields=["removed_at"])
        _audit(row, ChangeAudit.Action.REMOVE, before, actor, reason, now)
        apply_moves(kind=locked.kind, old=moves_of(history), new=moves_of(_recompute(locked)))
        announce_on_commit(channel_id=locked.pk, change_id=row.pk)
    _refresh(change.channel, locked)


def change_correct_evidence(
    *,
    change: StateChange,
    actor: Any,
    reason: str,
    add: Sequence[EvidenceInput] = (),
    remove: Sequence[int] = (),
    now: datetime | None = None,
) -> StateChange:
    """An audited correction of a change's sources: add evidence, remove evidence (by id), or
    both. A change whose origin needs evidence keeps at least one source. Refused, writing
    nothing, for bad URLs, a URL the change already cites, or evidence of another change."""
    now = now or timezone.now()
    _require_reason(reason)
    add = _normalized_evidence(add)
    if not add and not remove:
        raise ChangeRejected(
            "Nothing to correct: add a source or pick one to remove.", code="no_change"
        )
    with transaction.atomic():
        locked = _lock(change.channel)
        row = StateChange.objects.active().get(pk=change.pk)
        before = _snapshot(row)
        current, wanted = list(row.evidence.all()), set(remove)
        dropped = [e for e in current if e.pk in wanted]
        if len(dropped) != len(wanted):
            raise ChangeRejected(
                "Only this change's own sources can be removed.", code="unknown_evidence"
            )
        _check_evidence_left(row, [e for e in current if e not in dropped], add)
        Evidence.objects.filter(pk__in=[e.pk for e in dropped]).delete()
        _add_evidence(row, add)
        _audit(row, ChangeAudit.Action.CORRECT, before, actor, reason, now)
        announce_on_commit(channel_id=locked.pk, change_id=row.pk)
    return row


def _check_evidence_left(
    change: StateChange, kept: Sequence[Evidence], add: Sequence[EvidenceInput]
) -> None:
    cited = {e.url for e in kept}
    for item in add:
        if item.url in cited:
            raise ChangeRejected(
                f"{item.url} is already a source of this change.", code="duplicate_evidence"
            )
        cited.add(item.url)
    if not cited and ORIGIN_NEEDS_EVIDENCE[change.origin]:
        raise ChangeRejected(
            "A change needs at least one source: add another before removing the last one.",
            code="no_evidence",
        )


def _add_evidence(change: StateChange, evidence: Sequence[EvidenceInput]) -> None:
    Evidence.objects.bulk_create(
        Evidence(
            change=change,
            url=e.url,
            outlet=e.outlet,
            title=e.title,
            published_at=e.published_at,
            article_id=e.article_id,
        )
        for e in evidence
    )


# --- validation -------------------------------------------------------------------------


def _validate_state(state: str) -> None:
    if state not in ASSESSED_STATES:
        allowed = ", ".join(str(s) for s in ASSESSED_STATES)
        raise ChangeRejected(
            f"Unknown state '{state}'; expected one of {allowed}.", code="unknown_state"
        )


def _validate_time(effective_at: datetime, now: datetime) -> None:
    if timezone.is_naive(effective_at):
        raise ChangeRejected("The effective time must carry a time zone.", code="naive_time")
    if effective_at > now:
        raise ChangeRejected(
            f"The effective date {effective_at:%Y-%m-%d %H:%M} UTC is in the future; "
            "record a change once it has happened.",
            code="future",
        )


def _normalized_evidence(evidence: Sequence[EvidenceInput]) -> list[EvidenceInput]:
    try:
        return [replace(item, url=normalize_evidence_url(item.url)) for item in evidence]
    except BadEvidenceUrl as exc:
        raise ChangeRejected(f"Evidence URL {exc}", code="bad_evidence_url") from None


def _require_reason(reason: str) -> None:
    if not reason.strip():
        raise ChangeRejected("Say why: corrections and removals need a reason.", code="no_reason")


def _check_placement(
    channel: Channel, history: list[StateChange], key: HistoryKey, state: str
) -> tuple[str, StateChange | None]:
    """The state in force just before `key` and the change after it; refuse a change that
    repeats either (it would be no change at all, or make the next one a no-op)."""
    before = [c for c in history if _key(c) < key]
    after = [c for c in history if _key(c) > key]
    in_force = before[-1].new_state if before else State.UNKNOWN
    if in_force == state:
        since = before[-1].effective_at if before else None
        raise ChangeRejected(
            f"{channel} was already {state} on {key[0]:%Y-%m-%d}"
            + (f" (since {since:%Y-%m-%d})." if since else "."),
            code="state_in_force",
        )
    following = after[0] if after else None
    if following and following.new_state == state:
        raise ChangeRejected(
            f"The change of {following.effective_at:%Y-%m-%d} already makes {channel} {state}; "
            "correct that change's date instead of recording it again.",
            code="repeats_next",
        )
    return in_force, following


def _check_sequence(channel: Channel, history: list[StateChange]) -> None:
    for earlier, later in pairwise(history):
        if earlier.new_state == later.new_state:
            raise ChangeRejected(
                f"Without this change, the change of {later.effective_at:%Y-%m-%d} would repeat "
                f"the state in force ({later.new_state}); correct or remove that one first.",
                code="would_repeat",
            )


# --- history ----------------------------------------------------------------------------


def _key(change: StateChange) -> HistoryKey:
    return (change.effective_at, change.recorded_at, change.pk)


def _lock(channel: Channel) -> Channel:
    return Channel.objects.select_for_update().get(pk=channel.pk)


def _history(channel: Channel) -> list[StateChange]:
    return list(_history_query(channel))


def _history_query(channel: Channel) -> QuerySet[StateChange]:
    # Only what placing and chaining read: a long history loads in half the time.
    return (
        StateChange.objects.active()
        .filter(channel=channel)
        .in_order()
        .only("id", "channel_id", "effective_at", "recorded_at", "old_state", "new_state")
    )


def _neighbours(channel: Channel, key: HistoryKey) -> list[StateChange]:
    """The changes just before and just after a new change's `key` (which sorts after every
    recorded change of the same effective and recording time), in history order: all that
    placing it reads. Two index lookups instead of the whole history."""
    effective_at, recorded_at, _ = key
    changes = _history_query(channel)
    before = changes.filter(
        Q(effective_at__lt=effective_at)
        | Q(effective_at=effective_at, recorded_at__lte=recorded_at)
    ).reverse()[:1]
    after = changes.filter(
        Q(effective_at__gt=effective_at) | Q(effective_at=effective_at, recorded_at__gt=recorded_at)
    )[:1]
    return [*before, *after]


def _link(channel: Channel, change: StateChange, following: StateChange | None) -> None:
    """Chain a change just inserted into a consistent history: the change after it now
    starts from the new state; if there is none, the new state is the channel's. The same
    result as _recompute without reading the whole history a second time (which made an
    import of a long history quadratic twice over)."""
    if following is not None:
        StateChange.objects.filter(pk=following.pk).update(old_state=change.new_state)
        return
    channel.state, channel.state_since = change.new_state, change.effective_at
    Channel.objects.filter(pk=channel.pk).update(
        state=channel.state, state_since=channel.state_since
    )


def _count_insert(
    channel: Channel,
    change: StateChange,
    previous: list[StateChange],
    following: StateChange | None,
) -> None:
    """The trends' summary after `change` slotted in between `previous` (the change before
    it, if any) and `following`: the move into `following` now starts from the new state."""
    before = previous[-1].new_state if previous else ""
    after = [following] if following else []
    apply_moves(
        kind=channel.kind, old=moves_of(after, before), new=moves_of([change, *after], before)
    )


def _recompute(channel: Channel) -> list[StateChange]:
    """Derive old states and the channel's current state from the history in force, and
    return that history."""
    history = _history(channel)
    previous: str = State.UNKNOWN
    stale_links = []
    for change in history:
        if change.old_state != previous:
            change.old_state = previous
            stale_links.append(change)
        previous = change.new_state
    if stale_links:
        StateChange.objects.bulk_update(stale_links, ["old_state"])
    latest = history[-1] if history else None
    channel.state = latest.new_state if latest else State.UNKNOWN
    channel.state_since = latest.effective_at if latest else None
    Channel.objects.filter(pk=channel.pk).update(
        state=channel.state, state_since=channel.state_since
    )
    return history


def _confirm(channel: Channel, now: datetime) -> None:
    """A person recording a change (by hand, through the API, or by accepting a proposal)
    assesses the channel now, even for an event long past: it is not stale right after an
    editor acted on it. An import replays what was assessed elsewhere, and a change applied
    by the pipeline alone was seen by no one: neither confirms."""
    Channel.objects.filter(pk=channel.pk).update(confirmed_at=now)
    channel.confirmed_at = now


def _refresh(target: Channel, source: Channel) -> None:
    target.state, target.state_since = source.state, source.state_since
    target.confirmed_at = source.confirmed_at


def _snapshot(change: StateChange) -> dict[str, Any]:
    """What an audit keeps of a change before and after: every field a correction may alter,
    its sources in full (a removed source lives on here)."""
    return {
        "new_state": change.new_state,
        "effective_at": change.effective_at.isoformat(),
        "note": change.note,
        "removed": change.removed_at is not None,
        "evidence": [
            {
                "url": e.url,
                "outlet": e.outlet,
                "title": e.title,
                "published_at": e.published_at.isoformat() if e.published_at else None,
            }
            for e in Evidence.objects.filter(change=change).order_by("id")
        ],
    }


def _audit(
    change: StateChange,
    action: str,
    before: dict[str, Any],
    actor: Any,
    reason: str,
    now: datetime,
) -> None:
    StateChange.objects.filter(pk=change.pk).update(updated_at=now)
    change.updated_at = now
    ChangeAudit.objects.create(
        change=change,
        action=action,
        before=before,
        after=_snapshot(change),
        actor=actor,
        reason=reason,
        at=now,
    )
