"""News polling: feeds, the articles read from them, what the detector found in each, and
the proposals editors review."""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Substr
from django.utils import timezone

from ..models.channel import Channel
from ..models.choices import Kind, Modality, State


class FeedQuerySet(models.QuerySet["Feed"]):
    def due(self, now: datetime) -> "FeedQuerySet":
        return self.filter(enabled=True, next_poll_at__lte=now).order_by("next_poll_at")


class Feed(models.Model):
    url = models.URLField(max_length=2000, unique=True)
    title = models.CharField(max_length=300, blank=True)
    outlet = models.CharField(
        max_length=200, blank=True, help_text="Who publishes it; sources are counted per outlet"
    )
    enabled = models.BooleanField(default=True)
    poll_interval = models.DurationField(default=timedelta(minutes=30))
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    next_poll_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(
        null=True, blank=True, help_text="Set by the dispatcher until the poll finishes"
    )
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    error_count = models.PositiveIntegerField(default=0, help_text="Consecutive failed polls")
    failing_since = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = FeedQuerySet.as_manager()

    class Meta:
        ordering = ["title", "url"]
        indexes = [
            # The dispatcher: WHERE enabled AND next_poll_at <= now ORDER BY next_poll_at.
            models.Index(fields=["next_poll_at"], name="feed_due_idx", condition=Q(enabled=True)),
        ]

    def __str__(self) -> str:
        return self.title or self.url


class Article(models.Model):
    """One feed entry, stored once per feed (unique dedup key); `story_key` is shared by the
    same story in several feeds (canonical link or normalised title)."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="articles")
    dedup_key = models.CharField(max_length=64, help_text="sha256 of guid / link / content")
    guid = models.CharField(max_length=2000, blank=True)
    link = models.URLField(max_length=2000, blank=True)
    title = models.CharField(max_length=1000, blank=True)
    summary = models.TextField(blank=True, help_text="Sanitised (nh3) plain text")
    published_at = models.DateTimeField(null=True, blank=True)
    fetched_at = models.DateTimeField(default=timezone.now)
    content_hash = models.CharField(max_length=64)
    story_key = models.CharField(max_length=64)

    class Meta:
        ordering = ["-fetched_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["feed", "dedup_key"], name="article_unique_per_feed")
        ]
        indexes = [
            # The same story across feeds: WHERE story_key = X.
            models.Index(fields=["story_key"], name="article_story_idx"),
            # Recent articles in admin and the review page: ORDER BY fetched_at DESC.
            models.Index(fields=["-fetched_at"], name="article_fetched_idx"),
            # Ingest's guids already seen: WHERE feed_id = X AND SUBSTR(guid, 1, 255) IN (...);
            # a prefix, as a whole guid (up to 8000 bytes) can exceed a btree entry.
            models.Index(F("feed"), Substr("guid", 1, 255), name="article_feed_guid_idx"),
        ]

    def __str__(self) -> str:
        return self.title or self.link or self.guid

    @property
    def outlet(self) -> str:
        return self.feed.outlet or self.feed.title or self.feed.url


class Proposal(models.Model):
    """Detections of the same (channel, state) gathered for review."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending review"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        APPLIED = "applied", "Applied automatically"
        SUPERSEDED = "superseded", "Superseded"

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="proposals")
    state = models.CharField(max_length=16, choices=State.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    source_count = models.PositiveIntegerField(default=0, help_text="Independent outlets")
    first_seen_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)
    change = models.ForeignKey(
        "channels_app.StateChange",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )

    class Meta:
        ordering = ["-last_seen_at", "-id"]
        constraints = [
            # At most one open proposal per (channel, state): new detections join it.
            models.UniqueConstraint(
                fields=["channel", "state"],
                condition=Q(status="pending"),
                name="proposal_one_pending_per_channel_state",
            ),
        ]
        indexes = [
            # The review queue: WHERE status = 'pending' ORDER BY last_seen_at DESC.
            models.Index(fields=["status", "-last_seen_at"], name="proposal_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.channel}: {self.state} ({self.get_status_display()})"


class Detection(models.Model):
    """What the detector read in one article: explainable, kept even when it proposes nothing."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="detections")
    country_a = models.CharField(max_length=2)
    country_b = models.CharField(max_length=2)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    state = models.CharField(max_length=16, choices=State.choices)
    modality = models.CharField(max_length=16, choices=Modality.choices)
    confidence = models.FloatField()
    evidence = models.TextField(help_text="The sentence it was read from")
    withheld = models.BooleanField(
        default=False,
        help_text="An act or intent whose confidence is below the detector's threshold: it "
        "proposes nothing",
    )
    explanation = models.JSONField(
        default=dict,
        blank=True,
        help_text="Which words produced it (cue, sides) and what the calibration read",
    )
    channel = models.ForeignKey(
        Channel, null=True, blank=True, on_delete=models.SET_NULL, related_name="detections"
    )
    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="detections"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "country_a", "country_b", "kind"],
                name="detection_one_per_article_pair_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.country_a}–{self.country_b} {self.kind} {self.state} ({self.modality})"

    @property
    def cue_and_sides(self) -> str:
        """The words it was read from, as the review page shows them: 'cue: sever
        ("severs"); sides: AE ("UAE"), SD ("Sudan")'; empty when nothing was recorded."""
        why = self.explanation if isinstance(self.explanation, dict) else {}
        cue = why.get("cue")
        if not isinstance(cue, dict):
            return ""
        sides = ", ".join(_side(side) for side in why.get("sides", []) if isinstance(side, dict))
        return f"cue: {cue.get('name')} (“{cue.get('words')}”); sides: {sides}"

    @property
    def found_where(self) -> str:
        """Where the parties and the kind were found: "parties from the clause, kind named"."""
        why = self.explanation if isinstance(self.explanation, dict) else {}
        if not why.get("parties_from"):
            return ""
        return (
            f"parties from the {why['parties_from']}, kind {why.get('kind_from')}, "
            f"in the {why.get('read_in')}"
        )


def _side(side: dict[str, Any]) -> str:
    words = " / ".join(f"“{word}”" for word in side.get("words", []))
    return f"{side.get('code')} ({words or 'named elsewhere'})"
