"""Atom feeds of state changes: every change, one channel's, one pair's, one country's.

Feeds are news, so entries are ordered and dated by `recorded_at`; the title says when the
change took effect. The views in views/feeds.py resolve the scope (404s, canonical
redirects) and answer conditional GETs before a feed is rendered.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join, linebreaks
from django.utils.safestring import SafeString, mark_safe

from ..models import Channel, StateChange
from ..templatetags.tracker_tags import http_url

FEED_SIZE = 50
AUTHOR = "Channel Tracker"
# Tag URIs (RFC 4151) keep entry ids stable across http/https, ports and proxies.
TAG_DATE = "2025"


def _tag(specific: str) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"tag:{host},{TAG_DATE}:{specific}"


@dataclass(frozen=True)
class FeedScope:
    """Which changes a feed holds, and how the feed names itself."""

    title: str
    subtitle: str
    link: str  # the page the feed is about
    feed_path: str
    changes: Q  # a filter on StateChange

    def active_changes(self) -> QuerySet[StateChange]:
        return StateChange.objects.active().filter(self.changes)


@dataclass(frozen=True)
class FeedStamp:
    """What a conditional GET compares: one aggregate query over the scope's changes."""

    count: int
    last_modified: datetime | None

    @property
    def etag(self) -> str:
        when = self.last_modified.isoformat() if self.last_modified else "never"
        return f"{self.count}-{when}"


def feed_stamp(scope: FeedScope) -> FeedStamp:
    """Count and latest recording of the active changes, and the latest correction or removal
    (an audit), so that a removed or corrected entry also changes Last-Modified and the ETag."""
    active = Q(removed_at__isnull=True)
    row = StateChange.objects.filter(scope.changes).aggregate(
        count=Count("id", filter=active, distinct=True),
        recorded=Max("recorded_at", filter=active),
        audited=Max("audits__at"),
    )
    dates = [d for d in (row["recorded"], row["audited"]) if d]
    return FeedStamp(row["count"], max(dates) if dates else None)


def all_changes_scope() -> FeedScope:
    return FeedScope(
        title="All channel changes · Channel Tracker",
        subtitle="Every recorded change of state of the channels between countries.",
        link=reverse("dashboard"),
        feed_path=reverse("feed-changes"),
        changes=Q(),
    )


def channel_scope(channel: Channel) -> FeedScope:
    return FeedScope(
        title=f"{channel.name} · Channel Tracker",
        subtitle=f"Recorded changes of state of {channel.name}.",
        link=channel.get_absolute_url(),
        feed_path=reverse("feed-channel", args=[channel.pair_code.lower(), channel.kind]),
        changes=Q(channel=channel),
    )


def pair_scope(a: str, b: str, name: str) -> FeedScope:
    return FeedScope(
        title=f"{name} channels · Channel Tracker",
        subtitle=f"Recorded changes of state of every channel between {name}.",
        link=reverse("dashboard"),
        feed_path=reverse("feed-pair", args=[f"{a}-{b}".lower()]),
        changes=Q(channel__country_a=a, channel__country_b=b),
    )


def country_scope(code: str, name: str) -> FeedScope:
    return FeedScope(
        title=f"{name}: channel changes · Channel Tracker",
        subtitle=f"Recorded changes of state of every channel with {name} on either side.",
        link=reverse("dashboard"),
        feed_path=reverse("feed-country", args=[code.lower()]),
        changes=Q(channel__country_a=code) | Q(channel__country_b=code),
    )


def change_title(change: StateChange) -> str:
    """'<channel name>: suspended → open (effective 2025-11-01)'."""
    old = change.get_old_state_display().lower()
    new = change.get_new_state_display().lower()
    return f"{change.channel.name}: {old} → {new} (effective {change.effective_at:%Y-%m-%d})"


def change_summary(change: StateChange) -> SafeString:
    """HTML with everything from editors and feeds escaped; evidence links only if http(s)."""
    parts: list[str] = [
        format_html(
            "<p>{} → {}, effective {}. Recorded {}.</p>",
            change.get_old_state_display(),
            change.get_new_state_display(),
            f"{change.effective_at:%Y-%m-%d}",
            f"{change.recorded_at:%Y-%m-%d}",
        )
    ]
    if change.note:
        parts.append(linebreaks(change.note, autoescape=True))
    evidence = list(change.evidence.all())
    if evidence:
        items = format_html_join("", "<li>{}</li>", ((_evidence(e),) for e in evidence))
        parts.append(format_html("<p>Sources:</p><ul>{}</ul>", items))
    return mark_safe("".join(parts))  # every part above is escaped or format_html


def _evidence(item) -> SafeString:
    label = f"{item.outlet} — {item.title or item.url}" if item.outlet else item.title or item.url
    href = http_url(item.url)
    if not href:
        return format_html("{}", label)
    return format_html('<a href="{}">{}</a>', href, label)


class ChangesFeed(Feed):
    """The feed of a scope; get_object receives the scope resolved by the view."""

    feed_type = Atom1Feed
    author_name = AUTHOR
    item_author_name = AUTHOR

    def get_object(self, request, scope: FeedScope) -> FeedScope:  # type: ignore[override]
        return scope

    def title(self, scope: FeedScope) -> str:
        return scope.title

    def subtitle(self, scope: FeedScope) -> str:
        return scope.subtitle

    def link(self, scope: FeedScope) -> str:
        return scope.link

    def feed_url(self, scope: FeedScope) -> str:
        return scope.feed_path

    def feed_guid(self, scope: FeedScope) -> str:
        return _tag(scope.feed_path)

    def items(self, scope: FeedScope) -> Sequence[StateChange]:
        return list(
            scope.active_changes()
            .select_related("channel")
            .prefetch_related("evidence")
            .order_by("-recorded_at", "-id")[:FEED_SIZE]
        )

    def item_title(self, item: StateChange) -> str:
        return change_title(item)

    def item_description(self, item: StateChange) -> str:
        return change_summary(item)

    def item_link(self, item: StateChange) -> str:
        return f"{item.channel.get_absolute_url()}#change-{item.pk}"

    def item_guid(self, item: StateChange) -> str:
        return _tag(f"change/{item.pk}")

    def item_updateddate(self, item: StateChange) -> datetime:
        return item.recorded_at

    def item_categories(self, item: StateChange) -> list[str]:
        return [item.channel.kind, item.new_state]


changes_feed = ChangesFeed()
