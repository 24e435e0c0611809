"""Atom feeds of state changes: every change (or those the changes log's filters select),
one channel's, one pair's, one country's.

Feeds are news, so an entry is dated by when it was recorded (`<published>`) and last
corrected or removed (`<updated>`, the recording time until then), and entries are ordered
by `<updated>`: a correction or removal brings its entry back to the top, saying so, and a
removed change stays in the feed as "Removed". The title and content say when the change
took effect. A browser opening a feed shows a readable page (static/feeds/atom.xsl, an XSLT
stylesheet). The views resolve the scope (404s, canonical redirects); the page cache
(caching.pages) then answers conditional GETs from the feed's stamp before it is rendered.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Count, Max, Q
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseBase,
)
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.feedgenerator import Atom1Feed, Stylesheet
from django.utils.html import format_html, format_html_join, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.xmlutils import SimplerXMLGenerator
from django.views.decorators.http import require_safe
from django_countries import countries

from ..caching.pages import Stamp, cached_page
from ..change_filters import ChangeFilters, read_change_filters
from ..models import ChangeAudit, Channel, Kind, StateChange
from ..models.change import StateChangeQuerySet
from ..templatetags.tracker_tags import http_url
from ..values import Pair, country_name
from .public import pair_or_404, url_with

FEED_SIZE = 50
STYLESHEET = "feeds/atom.xsl"  # what a browser shows instead of raw XML
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

    def entries(self) -> StateChangeQuerySet:
        """Its changes, removed ones included, by `updated_at` (its latest correction or
        removal, else its recording), newest first; a tie (a load of many changes at once)
        goes to the latest in the world, so the newest events are never the ones cut off."""
        return StateChange.objects.filter(self.changes).order_by(
            "-updated_at", "-effective_at", "-id"
        )


def feed_stamp(request: HttpRequest, scope: FeedScope) -> Stamp:
    """The cache stamp of a feed: its own changes, not the site's data version, so that a
    reader of one channel's feed gets 304s while other channels change. One aggregate: the
    count of its changes and the latest `updated_at` (a recording, correction or removal),
    so that a removed or corrected entry also moves Last-Modified and the ETag."""
    row = StateChange.objects.filter(scope.changes).aggregate(
        count=Count("id"), updated=Max("updated_at")
    )
    last_modified = row["updated"]
    when = last_modified.isoformat() if last_modified else "never"
    return Stamp(f"{row['count']}-{when}", last_modified)


def all_changes_scope() -> FeedScope:
    return FeedScope(
        title="All channel changes · Channel Tracker",
        subtitle="Every recorded change of state of the channels between countries.",
        link=reverse("dashboard"),
        feed_path=reverse("feed-changes"),
        changes=Q(),
    )


def filtered_scope(filters: ChangeFilters) -> FeedScope:
    """The changes log's filters (/changes/?kind=military): the same changes, as a feed."""
    if not filters.active:
        return all_changes_scope()
    params = filters.params()
    described = ", ".join(f"{name} {value}" for name, value in params.items())
    return FeedScope(
        title=f"Channel changes ({described}) · Channel Tracker",
        subtitle=f"Recorded changes of state of the channels between countries: {described}.",
        link=url_with(reverse("changes"), params),
        feed_path=url_with(reverse("feed-changes"), params),
        changes=filters.q,
    )


def channel_scope(channel: Channel) -> FeedScope:
    return FeedScope(
        title=f"{channel.name} · Channel Tracker",
        subtitle=f"Recorded changes of state of {channel.name}.",
        link=channel.get_absolute_url(),
        feed_path=reverse("feed-channel", args=[channel.pair, channel.kind]),
        changes=Q(channel=channel),
    )


def pair_scope(pair: Pair) -> FeedScope:
    name = pair.names
    return FeedScope(
        title=f"{name} channels · Channel Tracker",
        subtitle=f"Recorded changes of state of every channel between {name}.",
        link=reverse("dashboard"),
        feed_path=reverse("feed-pair", args=[pair]),
        changes=Q(channel__country_a=pair.a, channel__country_b=pair.b),
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
    """'<channel name>: suspended → open (effective 2025-11-01)', after "Removed: " for a
    removed change."""
    old = change.get_old_state_display().lower()
    new = change.get_new_state_display().lower()
    removed = "Removed: " if change.removed_at else ""
    return (
        f"{removed}{change.channel.name}: {old} → {new} (effective {change.effective_at:%Y-%m-%d})"
    )


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
    for audit in change.corrections:
        parts.append(
            format_html(
                "<p><strong>{} on {}:</strong> {}</p>",
                "Removed" if audit.action == ChangeAudit.Action.REMOVE else "Corrected",
                f"{audit.at:%Y-%m-%d %H:%M} UTC",
                audit.reason,
            )
        )
    return mark_safe("".join(parts))  # every part above is escaped or format_html


def _evidence(item) -> SafeString:
    label = f"{item.outlet} — {item.title or item.url}" if item.outlet else item.title or item.url
    href = http_url(item.url)
    if not href:
        return format_html("{}", label)
    return format_html('<a href="{}">{}</a>', href, label)


class StyledAtom1Feed(Atom1Feed):
    """Atom with its <?xml-stylesheet?> instructions (Django adds them to RSS only)."""

    def write(self, outfile: Any, encoding: str) -> None:
        handler = SimplerXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        for stylesheet in self.feed["stylesheets"] or []:
            handler.processingInstruction("xml-stylesheet", str(stylesheet))
        handler.startElement("feed", self.root_attributes())  # type: ignore[arg-type]  # a plain dict, as Django passes
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")


class ChangesFeed(Feed):
    """The feed of a scope; get_object receives the scope resolved by the view."""

    feed_type = StyledAtom1Feed
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

    def stylesheets(self) -> list[Stylesheet]:
        return [Stylesheet(static(STYLESHEET), mimetype="text/xsl", media="all")]

    def items(self, scope: FeedScope) -> Sequence[StateChange]:
        return list(
            scope.entries()
            .select_related("channel")
            .prefetch_related("evidence")
            .with_corrections()[:FEED_SIZE]
        )

    def item_title(self, item: StateChange) -> str:
        return change_title(item)

    def item_description(self, item: StateChange) -> str:
        return change_summary(item)

    def item_link(self, item: StateChange) -> str:
        return f"{item.channel.get_absolute_url()}#change-{item.pk}"

    def item_guid(self, item: StateChange) -> str:
        return _tag(f"change/{item.pk}")

    def item_pubdate(self, item: StateChange) -> datetime:
        return item.recorded_at

    def item_updateddate(self, item: StateChange) -> datetime:
        return item.updated_at

    def item_categories(self, item: StateChange) -> list[str]:
        return [item.channel.kind, item.new_state]


changes_feed = ChangesFeed()


@cached_page(stamp=feed_stamp)
def _render(request: HttpRequest, scope: FeedScope) -> HttpResponse:
    return changes_feed(request, scope=scope)


def _serve(request: HttpRequest, scope: FeedScope) -> HttpResponseBase:
    """The feed; a browser gets the same bytes as application/xml, the one type under which
    Chromium applies the XSLT stylesheet (it shows application/atom+xml as plain text).
    A browser asks for text/html and not for Atom; feed readers ask for Atom or anything."""
    response = _render(request, scope)
    accept = request.headers.get("Accept", "")
    if response.status_code == 200 and "text/html" in accept and "atom" not in accept:
        response["Content-Type"] = "application/xml; charset=utf-8"
    patch_vary_headers(response, ["Accept"])
    return response


@require_safe
def all_changes(request: HttpRequest) -> HttpResponseBase:
    """Every change, or those the changes log's filters select. Other parameters (a feed
    reader's tracking tags) are ignored; a filter with a bad value is a 400 saying why."""
    filters, _form, errors = read_change_filters(request.GET, ignore_unknown=True)
    if errors:
        text = "\n".join(["This feed address has a problem:", *errors])
        return HttpResponseBadRequest(text, content_type="text/plain; charset=utf-8")
    return _serve(request, filtered_scope(filters))


@require_safe
def channel_changes(request: HttpRequest, pair: str, kind: str) -> HttpResponseBase:
    a, b = pair_or_404(pair)
    if kind.lower() not in Kind.values:
        raise Http404("No such kind of channel.")
    channel = Channel.objects.for_pair(a, b).filter(kind=kind.lower()).first()
    if channel is None:
        raise Http404("No such channel.")
    if (pair, kind) != (channel.pair.slug, channel.kind):
        return redirect("feed-channel", channel.pair, channel.kind, permanent=True)
    return _serve(request, channel_scope(channel))


@require_safe
def pair_changes(request: HttpRequest, pair: str) -> HttpResponseBase:
    found = pair_or_404(pair)
    if not Channel.objects.for_pair(*found).exists():
        raise Http404("No channel is tracked for this pair.")
    if pair != found.slug:
        return redirect("feed-pair", found, permanent=True)
    return _serve(request, pair_scope(found))


@require_safe
def country_changes(request: HttpRequest, code: str) -> HttpResponseBase:
    upper = code.upper()
    if len(code) != 2 or countries.alpha2(upper) != upper:
        raise Http404("No such country.")
    if not Channel.objects.for_country(upper).exists():
        raise Http404("No channel is tracked for this country.")
    if code != upper.lower():
        return redirect("feed-country", upper.lower(), permanent=True)
    return _serve(request, country_scope(upper, country_name(upper)))
