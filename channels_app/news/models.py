"""News polling: feeds, the articles read from them, what the detector found in each, the
proposals editors review, and the actors (names that stand for a country) editors keep."""

from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Substr
from django.utils import timezone

from ..models.channel import Channel
from ..models.choices import PROPOSING_MODALITIES, Kind, Modality, State
from .detect import actors as actor_rows


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


class Verdict(models.TextChoices):
    """What became of a reading: an act or agreed intent the detector was sure enough of
    proposes a change; one below the threshold is withheld; a threat, denial or the like
    reports no change at all."""

    PROPOSES = "proposes", "Proposes"
    WITHHELD = "withheld", "Withheld"
    NO_CHANGE = "no-change", "No change"


# The detections of each verdict, as a query (Detection.verdict is the same rule, row by row).
VERDICT_QUERIES = {
    Verdict.PROPOSES: Q(modality__in=PROPOSING_MODALITIES, withheld=False),
    Verdict.WITHHELD: Q(modality__in=PROPOSING_MODALITIES, withheld=True),
    Verdict.NO_CHANGE: ~Q(modality__in=PROPOSING_MODALITIES),
}


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
    def verdict(self) -> Verdict:
        if self.modality not in PROPOSING_MODALITIES:
            return Verdict.NO_CHANGE
        return Verdict.WITHHELD if self.withheld else Verdict.PROPOSES

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


class ActorQuerySet(models.QuerySet["Actor"]):
    def valid_on(self, day: date) -> "ActorQuerySet":
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def overlapping(self, actor: "Actor") -> "ActorQuerySet":
        """Rows of the same name whose dates share a day with `actor`'s."""
        rows = self.filter(name=actor.name).exclude(pk=actor.pk)
        if actor.valid_from:
            rows = rows.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=actor.valid_from))
        if actor.valid_to:
            rows = rows.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=actor.valid_to))
        return rows


class Actor(models.Model):
    """One row of the actor dictionary (the columns of `detect/lang/en/actors.csv`).

    The table holds the shipped file's rows (`origin=file`, written only by `seed_actors`) and
    the editors' rows (`origin=editor`): rows they added, and file rows they changed or ended,
    which keep their `file_key` so that a later seed leaves them alone. The detector reads the
    file itself plus the editors' rows (channels_app.news.actor_source); the file rows here
    are a mirror to search and to start an edit from."""

    class Origin(models.TextChoices):
        FILE = "file", "Shipped file"
        EDITOR = "editor", "Editor"

    # blank=True on name, country and source: an empty value is refused by the row check
    # (actors.parse_row) with the same reason as in the file, not by a generic "required".
    name = models.CharField(
        max_length=actor_rows.MAX_LENGTHS["name"],
        blank=True,
        help_text="As written in copy; case-sensitive, whole words",
    )
    country = models.CharField(
        max_length=actor_rows.MAX_LENGTHS["country"],
        blank=True,
        help_text="ISO 3166-1 alpha-2 code (or XK); KP+KR for a joint name",
    )
    type = models.CharField(max_length=16, choices=[(t, t) for t in sorted(actor_rows.TYPES)])
    role = models.CharField(
        max_length=actor_rows.MAX_LENGTHS["role"],
        blank=True,
        help_text=f"For people: {', '.join(sorted(actor_rows.ROLES))}; join two with +",
    )
    kind_hint = models.CharField(
        max_length=16, blank=True, choices=[(h, h) for h in sorted(actor_rows.HINTS)]
    )
    valid_from = models.DateField(null=True, blank=True, help_text="First day; empty: always")
    valid_to = models.DateField(null=True, blank=True, help_text="Last day; empty: still valid")
    source = models.CharField(
        max_length=actor_rows.MAX_LENGTHS["source"],
        blank=True,
        help_text="Where the fact comes from",
    )
    origin = models.CharField(max_length=8, choices=Origin.choices, default=Origin.EDITOR)
    file_key = models.CharField(
        max_length=300,
        blank=True,
        editable=False,
        help_text="name|valid_from of the shipped row this row stands for",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name", "valid_from", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["file_key"], condition=~Q(file_key=""), name="actor_one_row_per_file_key"
            ),
        ]
        indexes = [
            # The detector's version check: count and max(updated_at) of the editors' rows.
            models.Index(fields=["origin", "updated_at"], name="actor_origin_updated_idx"),
            models.Index(fields=["name"], name="actor_name_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"

    def cells(self) -> list[str]:
        """The row as the file would hold it, column by column (actors.COLUMNS)."""
        return [
            self.name,
            self.country,
            self.type,
            self.role,
            self.kind_hint,
            self.valid_from.isoformat() if self.valid_from else "",
            self.valid_to.isoformat() if self.valid_to else "",
            self.source,
        ]

    def as_actor(self) -> actor_rows.Actor:
        """The row as the detector reads it; `actors.RowError` says what is wrong with it."""
        return actor_rows.parse_row(self.cells())

    def clean(self) -> None:
        """The file's row check (the one validator), then: no two editors' rows give one name
        two meanings on the same day (an editor's row may override a file row: it wins)."""
        for field in ("name", "country", "role", "source"):
            setattr(self, field, getattr(self, field).strip())
        try:
            self.as_actor()
        except actor_rows.RowError as error:
            field = error.column if error.column in _ROW_FIELDS else "__all__"
            raise ValidationError({field: str(error)}) from None
        if self.origin == self.Origin.EDITOR:
            clash = Actor.objects.filter(origin=self.Origin.EDITOR).overlapping(self).first()
            if clash is not None:
                raise ValidationError(
                    f"{self.name!r} overlaps the editors' row {clash.pk} "
                    f"({clash.country}, {clash.valid_from or '…'} to {clash.valid_to or '…'})"
                )


_ROW_FIELDS = frozenset(actor_rows.COLUMNS)
