"""The news pipeline in the admin: feeds with their health (add and edit them, poll now,
re-enable), articles to search, what the detector read (detections, proposals), and the actor
dictionary editors extend. Proposals are decided on the review page (channels_app.news.views),
which the admin links to."""

from datetime import datetime
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from ..admin.common import ReadOnlyAdmin, ReadOnlyInline, state_badge
from ..admin.filters import ChoiceFilter, keeping
from ..services.health import counted, duration
from ..templatetags.tracker_tags import http_url
from .models import VERDICT_QUERIES, Actor, Article, Detection, Feed, Proposal
from .services import actors, feeds


def ago(when: datetime, now: datetime | None = None) -> str:
    return f"{duration((now or timezone.now()) - when)} ago"


# --- feeds --------------------------------------------------------------------------------


class FeedForm(forms.ModelForm[Feed]):
    url = forms.URLField(label="URL", max_length=2000, assume_scheme="https")

    class Meta:
        model = Feed
        fields = feeds.EDITABLE_FIELDS

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"].strip()
        if self.instance.pk is None or url != self.instance.url:
            feeds.feed_validate_url(url)  # ChangeRejected is a ValidationError
        return url

    def clean_poll_interval(self) -> Any:
        interval = self.cleaned_data["poll_interval"]
        feeds.feed_validate_interval(interval)
        return interval


HEALTH_FIELDS = (
    "last_success_at",
    "last_polled_at",
    "next_poll_at",
    "error_count",
    "failing_since",
    "last_error_at",
    "last_error",
    "disabled_reason",
    "created_at",
)


class FailingFilter(ChoiceFilter):
    title = "health"
    parameter_name = "health"
    options = {
        "failing": ("Failing", lambda feeds: feeds.filter(enabled=True, error_count__gt=0)),
        "healthy": ("Healthy", lambda feeds: feeds.filter(enabled=True, error_count=0)),
        "disabled": ("Disabled", lambda feeds: feeds.filter(enabled=False)),
    }


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin[Feed]):
    form = FeedForm
    list_display = (
        "name",
        "outlet",
        "enabled",
        "last_success",
        "errors",
        "short_error",
        "next_poll",
        "short_disabled_reason",
    )
    list_filter = ("enabled", FailingFilter)
    search_fields = ("title", "url", "outlet")
    actions = ["poll_now", "reenable"]
    fieldsets = (
        (None, {"fields": ("url", "title", "outlet", "poll_interval", "enabled")}),
        ("Health", {"fields": HEALTH_FIELDS, "description": "Written by the poller."}),
    )
    readonly_fields = HEALTH_FIELDS

    @admin.display(description="Feed", ordering="title")
    def name(self, obj: Feed) -> SafeString:
        url = Truncator(obj.url).chars(40)
        if obj.title:
            template = '{}<br><span class="quiet" title="{}">{}</span>'
            return format_html(template, obj.title, obj.url, url)
        return format_html('<span title="{}">{}</span>', obj.url, url)

    @admin.display(description="Last success", ordering="last_success_at")
    def last_success(self, obj: Feed) -> str:
        return ago(obj.last_success_at) if obj.last_success_at else "never"

    @admin.display(description="Errors", ordering="error_count")
    def errors(self, obj: Feed) -> int:
        return obj.error_count

    @admin.display(description="Last error")
    def short_error(self, obj: Feed) -> str:
        return Truncator(obj.last_error).chars(40) or "—"

    @admin.display(description="Disabled")
    def short_disabled_reason(self, obj: Feed) -> str:
        return Truncator(obj.disabled_reason).chars(40) or "—"

    @admin.display(description="Next poll", ordering="next_poll_at")
    def next_poll(self, obj: Feed) -> str:
        if not obj.enabled:
            return "—"
        now = timezone.now()
        if obj.next_poll_at <= now:
            return f"due, {duration(now - obj.next_poll_at)} late"
        return f"in {duration(obj.next_poll_at - now)}"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return () if obj is None else self.readonly_fields

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.fieldsets[:1] if obj is None else self.fieldsets

    def save_model(self, request: HttpRequest, obj: Feed, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if change:
            edited = {f: data[f] for f in form.changed_data if f in feeds.EDITABLE_FIELDS}
            feeds.feed_update(feed=obj, **edited)
            return
        created = feeds.feed_create(**{f: data[f] for f in feeds.EDITABLE_FIELDS})
        for field in Feed._meta.concrete_fields:
            setattr(obj, field.attname, getattr(created, field.attname))
        obj._state.adding = False
        obj._state.db = created._state.db

    @admin.action(description="Poll the selected feeds now", permissions=["change"])
    def poll_now(self, request: HttpRequest, queryset: QuerySet[Feed]) -> None:
        now = timezone.now()
        selected = list(queryset)
        queued = sum(feeds.feed_poll_now(feed=feed, now=now) for feed in selected)
        skipped = len(selected) - queued
        note = f" Skipped {skipped} disabled or already being polled." if skipped else ""
        self.message_user(request, f"Queued a poll of {counted(queued, 'feed', 'feeds')}.{note}")

    @admin.action(description="Re-enable the selected feeds", permissions=["change"])
    def reenable(self, request: HttpRequest, queryset: QuerySet[Feed]) -> None:
        now = timezone.now()
        selected = list(queryset)
        for feed in selected:
            feeds.feed_reenable(feed=feed, now=now)
        self.message_user(
            request, f"Re-enabled {counted(len(selected), 'feed', 'feeds')}; they are due now."
        )


# --- articles and detections --------------------------------------------------------------


def article_link(article: Article) -> SafeString | str:
    href = http_url(article.link)
    label = article.title or article.link or article.guid
    if not href:
        return label
    return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', href, label)


class ArticleDetectionInline(ReadOnlyInline):
    model = Detection
    fields = ("country_a", "country_b", "kind", "state", "modality", "confidence", "evidence")
    readonly_fields = fields


@admin.register(Article)
class ArticleAdmin(ReadOnlyAdmin):
    list_display = ("title_or_link", "outlet", "published_at", "fetched_at", "detection_count")
    list_filter = (("feed", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("feed",)
    search_fields = ("title", "summary", "link")
    date_hierarchy = "fetched_at"
    fields = ("feed", "link_display", "title", "summary", "published_at", "fetched_at", "guid")
    readonly_fields = ("link_display",)
    inlines = [ArticleDetectionInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        # One count per row in the same query, not one query per row.
        articles: QuerySet[Article] = super().get_queryset(request)
        return articles.annotate(detection_count=Count("detections"))

    @admin.display(description="Article", ordering="title")
    def title_or_link(self, obj: Article) -> str:
        return str(obj)

    @admin.display(description="Outlet")
    def outlet(self, obj: Article) -> str:
        return obj.outlet

    @admin.display(description="Link")
    def link_display(self, obj: Article) -> SafeString | str:
        return article_link(obj)

    @admin.display(description="Detections", ordering="detection_count")
    def detection_count(self, obj: Article) -> int:
        count: int = obj.detection_count  # type: ignore[attr-defined]
        return count


class VerdictFilter(ChoiceFilter):
    title = "verdict"
    parameter_name = "verdict"
    options = {
        verdict.value: (verdict.label, keeping(query)) for verdict, query in VERDICT_QUERIES.items()
    }


@admin.register(Detection)
class DetectionAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "pair",
        "kind",
        "state",
        "modality",
        "confidence_shown",
        "verdict",
        "article",
        "proposal_status",
    )
    list_filter = (VerdictFilter, "modality", "kind", "state")
    list_select_related = ("article", "proposal")
    search_fields = ("evidence", "article__title")

    @admin.display(description="Pair")
    def pair(self, obj: Detection) -> str:
        return f"{obj.country_a}–{obj.country_b}"

    @admin.display(description="Confidence", ordering="confidence")
    def confidence_shown(self, obj: Detection) -> str:
        # as the About page and the review queue say it: "below 80% it proposes nothing"
        return f"{obj.confidence:.0%}"

    @admin.display(description="Verdict")
    def verdict(self, obj: Detection) -> str:
        return obj.verdict.label

    @admin.display(description="Proposal")
    def proposal_status(self, obj: Detection) -> str:
        return obj.proposal.get_status_display() if obj.proposal else "—"


# --- proposals ----------------------------------------------------------------------------


class ProposalDetectionInline(ReadOnlyInline):
    model = Detection
    verbose_name_plural = "Detections (the articles behind the proposal)"
    fields = ("article_link", "outlet", "published", "modality", "confidence", "evidence")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Detection]:
        return super().get_queryset(request).select_related("article__feed")

    @admin.display(description="Article")
    def article_link(self, obj: Detection) -> SafeString | str:
        return article_link(obj.article)

    @admin.display(description="Outlet")
    def outlet(self, obj: Detection) -> str:
        return obj.article.outlet

    @admin.display(description="Published")
    def published(self, obj: Detection) -> str:
        at = obj.article.published_at
        return f"{at:%Y-%m-%d %H:%M} UTC" if at else "—"


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = (
        "channel",
        "transition",
        "status",
        "sources",
        "last_seen",
        "reviewer",
        "review_link",
    )
    list_filter = ("status", "state")
    list_select_related = ("channel", "reviewer")
    search_fields = ("channel__name",)
    fields = (
        "channel",
        "transition",
        "status",
        "source_count",
        "first_seen_at",
        "last_seen_at",
        "reviewer",
        "decided_at",
        "reason",
        "change",
        "review_link",
    )
    readonly_fields = ("transition", "review_link")
    inlines = [ProposalDetectionInline]

    @admin.display(description="Proposed change")
    def transition(self, obj: Proposal) -> SafeString:
        return format_html("{} → {}", state_badge(obj.channel.state), state_badge(obj.state))

    @admin.display(description="Sources", ordering="source_count")
    def sources(self, obj: Proposal) -> int:
        return obj.source_count

    @admin.display(description="Last seen", ordering="last_seen_at")
    def last_seen(self, obj: Proposal) -> str:
        return ago(obj.last_seen_at)

    @admin.display(description="Review")
    def review_link(self, obj: Proposal) -> SafeString | str:
        if obj.status != Proposal.Status.PENDING:
            return "—"
        url = reverse("review:proposal", args=[obj.pk])
        return format_html('<a href="{}">Accept or reject…</a>', url)


# --- actors -------------------------------------------------------------------------------


class ActorForm(forms.ModelForm[Actor]):
    """Checked by the model's clean(): the shipped file's row check, with its reasons."""

    class Meta:
        model = Actor
        fields = actors.FILE_FIELDS

    def clean(self) -> dict[str, Any] | None:
        # What is saved is the editors' row (the model's clean() runs next, with the overlap
        # rule for editors' rows): a file row an editor changes becomes their version.
        self.instance.origin = Actor.Origin.EDITOR
        return super().clean()


def _valid_today() -> QuerySet[Any]:
    return Actor.objects.valid_on(timezone.now().date()).values("pk")


class CurrentFilter(ChoiceFilter):
    title = "valid today"
    parameter_name = "current"
    options = {
        "yes": ("Valid today", lambda actors: actors.filter(pk__in=_valid_today())),
        "no": ("Ended or not started", lambda actors: actors.exclude(pk__in=_valid_today())),
    }


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin[Actor]):
    form = ActorForm
    list_display = (
        "name",
        "country",
        "type",
        "role",
        "kind_hint",
        "valid_from",
        "valid_to",
        "origin",
        "updated_at",
        "changed_by",
    )
    list_filter = ("type", "origin", CurrentFilter, "kind_hint", "country")
    list_select_related = ("changed_by",)
    search_fields = ("name", "=country")
    actions = ["end_today"]
    readonly_fields = ("origin", "file_key", "created_at", "updated_at", "changed_by")
    fieldsets = (
        (None, {"fields": actors.FILE_FIELDS}),
        ("Record", {"fields": readonly_fields}),
    )

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.fieldsets[:1] if obj is None else self.fieldsets

    def save_model(self, request: HttpRequest, obj: Actor, form: Any, change: bool) -> None:
        actors.actor_save(actor=obj, by=request.user)

    @admin.action(description="End the selected actors today", permissions=["change"])
    def end_today(self, request: HttpRequest, queryset: QuerySet[Actor]) -> None:
        today = timezone.now().date()
        result = actors.actors_end(actors=list(queryset), on=today, by=request.user)
        if ended := len(result.ended):
            self.message_user(request, f"Ended {counted(ended, 'actor', 'actors')} on {today}.")
        for actor, reason in result.refused:
            self.message_user(request, f"Not ended: {actor} — {reason}", messages.WARNING)
