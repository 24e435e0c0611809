from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from .channel import Channel
from .choices import Origin, State


class StateChangeQuerySet(models.QuerySet["StateChange"]):
    def active(self) -> "StateChangeQuerySet":
        return self.filter(removed_at__isnull=True)

    def in_order(self) -> "StateChangeQuerySet":
        """History order: by effective time, ties broken by recording time."""
        return self.order_by("effective_at", "recorded_at", "id")

    def touched_since(self, since: datetime) -> "StateChangeQuerySet":
        """Every change, removed ones included, of the channels where any change was
        recorded, corrected or removed at or after `since`: what a mirror must fetch again.
        Whole channels, because a change slotting in rewrites its successor's old_state."""
        touched = StateChange.objects.filter(
            Q(recorded_at__gte=since) | Q(removed_at__gte=since) | Q(audits__at__gte=since)
        ).values("channel_id")
        return self.filter(channel_id__in=touched)

    def effective_before(self, cutoff: datetime | None) -> "StateChangeQuerySet":
        """The changes in force by `cutoff` (the rule of ChannelQuerySet.as_of); all of them
        when it is None."""
        return self if cutoff is None else self.filter(effective_at__lt=cutoff)

    def recent(self, since: datetime, cutoff: datetime | None) -> "StateChangeQuerySet":
        """The dashboard's "recent changes", newest first, with their channel. Today (no
        `cutoff`): the changes *recorded* since `since`, so that a backdated change is news
        the day it is recorded. On a past date: the changes that took effect from `since`
        until `cutoff` (when imported history was recorded says nothing of that date)."""
        changes = self.active().select_related("channel")
        if cutoff is None:
            return changes.filter(recorded_at__gte=since).order_by(
                "-recorded_at", "-effective_at", "-id"
            )
        return (
            changes.filter(effective_at__gte=since)
            .effective_before(cutoff)
            .order_by("-effective_at", "-recorded_at", "-id")
        )

    def neighbours(self, day_start: datetime, day_end: datetime) -> dict[str, datetime | None]:
        """When the latest change before `day_start` and the first one from `day_end` on took
        effect (None if there is none): previous/next-change navigation, in one query.

        Two subqueries that each read one row of change_effective_idx: an aggregate with
        FILTER would read every change (45 ms at 100,000, ten times that at a million)."""
        active = self.active().order_by()
        before = active.filter(effective_at__lt=day_start).order_by("-effective_at")
        after = active.filter(effective_at__gte=day_end).order_by("effective_at")
        found = StateChange.objects.order_by().values(
            previous=Subquery(before.values("effective_at")[:1]),
            next=Subquery(after.values("effective_at")[:1]),
        )
        for row in found[:1]:
            return {"previous": row["previous"], "next": row["next"]}
        return {"previous": None, "next": None}  # no change at all

    def with_corrections(self) -> "StateChangeQuerySet":
        """Prefetch each change's audits, oldest first, for StateChange.corrections."""
        audits = ChangeAudit.objects.order_by("at", "id")
        return self.prefetch_related(models.Prefetch("audits", queryset=audits))

    def for_log(self) -> "StateChangeQuerySet":
        """What the changes log shows of each change: its channel, evidence and when it was
        last corrected (`corrected_at`, None if never), newest recording first (the order
        of change_log_idx, which keyset pagination walks)."""
        corrections = ChangeAudit.objects.filter(
            change=OuterRef("pk"), action=ChangeAudit.Action.CORRECT
        ).order_by("-at")
        return (
            self.active()
            .select_related("channel")
            .prefetch_related("evidence")
            .annotate(corrected_at=Subquery(corrections.values("at")[:1]))
            .order_by("-recorded_at", "-id")
        )

    def for_channel_page(self) -> "StateChangeQuerySet":
        return (
            self.active()
            .select_related("actor")
            .prefetch_related("evidence")
            .with_corrections()
            .order_by("-effective_at", "-recorded_at", "-id")
        )


class StateChange(models.Model):
    """A change of a channel's state: a row, never updated in place except by an audited
    correction (services.changes.change_correct), never deleted (removal is a mark).

    `old_state` is derived from history (the state in force just before `effective_at`) and
    is kept consistent by the writer service when a backdated change slots in before it.
    """

    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="changes")
    old_state = models.CharField(max_length=16, choices=State.choices)
    new_state = models.CharField(max_length=16, choices=State.choices)
    effective_at = models.DateTimeField(help_text="When it happened in the world")
    recorded_at = models.DateTimeField(default=timezone.now, help_text="When it was recorded")
    origin = models.CharField(max_length=16, choices=Origin.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    # Alert outbox: set by the writer service when the change alerts; the fan-out claims a
    # change with filter(id=x, alert_processed_at=None).update(...).
    alerts = models.BooleanField(default=False)
    alert_processed_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    # When it was recorded or last corrected or removed: an Atom entry's <updated>, and the
    # feeds' order (an index, not a join on the audits at every rendering).
    updated_at = models.DateTimeField(default=timezone.now)

    objects = StateChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_at", "-recorded_at", "-id"]
        indexes = [
            # A channel's history and the recompute of its current state:
            # WHERE channel_id = X ORDER BY effective_at, recorded_at.
            models.Index(
                fields=["channel", "effective_at", "recorded_at"], name="change_channel_history_idx"
            ),
            # The global timeline and time travel: WHERE effective_at <= D ORDER BY effective_at.
            models.Index(fields=["effective_at"], name="change_effective_idx"),
            # Mirrors syncing with updated_since: WHERE recorded_at > T.
            models.Index(fields=["recorded_at"], name="change_recorded_idx"),
            # The changes log's keyset pages: WHERE removed_at IS NULL AND recorded_at <= T
            # ORDER BY recorded_at DESC, id DESC LIMIT n, the same cost on every page.
            models.Index(
                fields=["-recorded_at", "-id"],
                name="change_log_idx",
                condition=Q(removed_at__isnull=True),
            ),
            # The Atom feeds: ORDER BY updated_at DESC LIMIT 50.
            models.Index(fields=["updated_at"], name="change_updated_idx"),
            # The alert outbox backlog: WHERE alerts AND alert_processed_at IS NULL.
            models.Index(
                fields=["recorded_at"],
                name="change_alert_outbox_idx",
                condition=Q(alerts=True, alert_processed_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel}: {self.old_state} → {self.new_state} ({self.effective_at:%Y-%m-%d})"

    @property
    def corrections(self) -> list["ChangeAudit"]:
        """Its audited corrections and removal, oldest first: what the public sees as
        "corrected on DATE: reason" (prefetch with StateChangeQuerySet.with_corrections)."""
        return sorted(self.audits.all(), key=lambda audit: (audit.at, audit.pk))


class Evidence(models.Model):
    """A source for a change: an article's link, outlet, title and publication time."""

    change = models.ForeignKey(StateChange, on_delete=models.CASCADE, related_name="evidence")
    url = models.URLField(max_length=2000)
    outlet = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=500, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    article = models.ForeignKey(
        "channels_app.Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["published_at", "id"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.title or self.url


class ChangeAudit(models.Model):
    """Who corrected or removed a change, when, why, and what it was before and after."""

    class Action(models.TextChoices):
        CORRECT = "correct", "Corrected"
        REMOVE = "remove", "Removed"

    change = models.ForeignKey(StateChange, on_delete=models.PROTECT, related_name="audits")
    action = models.CharField(max_length=16, choices=Action.choices)
    before = models.JSONField()
    after = models.JSONField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField()
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} change {self.change_id} at {self.at:%Y-%m-%d %H:%M}"

    def differences(self) -> list[tuple[str, str, str]]:
        """(field, before, after) for each field the audited action altered, readable:
        ("State", "Open", "Suspended"), ("Sources", "https://a", "https://a, https://b")."""
        before, after = self.before or {}, self.after or {}
        return [
            (label, _readable(key, before.get(key)), _readable(key, after.get(key)))
            for key, label in AUDITED_FIELDS.items()
            if before.get(key) != after.get(key)
        ]


# The fields of an audit snapshot (services.changes._snapshot), as people read them.
AUDITED_FIELDS = {
    "new_state": "State",
    "effective_at": "Effective",
    "note": "Note",
    "removed": "Removed",
    "evidence": "Sources",
}


def _readable(key: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "none"
    if key == "new_state":
        return State(value).label if value in State.values else str(value)
    if key == "effective_at":
        return f"{datetime.fromisoformat(value).astimezone(UTC):%Y-%m-%d %H:%M} UTC"
    if key == "removed":
        return "yes" if value else "no"
    if key == "evidence":
        return ", ".join(str(item.get("url", item)) for item in value)
    return str(value)
