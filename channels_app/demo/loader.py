"""Loading the demo data (channels_app/demo/seed.json) through the ordinary writers.

Channels are created with channel_create and history is recorded with channel_set_state,
origin "import" (imports never alert). The load is idempotent and never fights an editor:
a channel is found by pair and kind and left as it is; a seed change is skipped when the
channel has, or once had (before an audited correction), a change with the same effective
time and state, removed or not; a change the writer refuses is reported, not forced.

Every channel whose state is still the one its seed history leaves it in is confirmed as of
the load ("still accurate", as an editor would), so the demo is not stale on the day it is
loaded; the dated changes stay the real ones. A channel the seed leaves unassessed stays so.

With DEMO_FEEDS_ENABLED (local settings only) it also registers the demo feeds: fictional
RSS/Atom documents in channels_app/demo/feeds/, served by this app at /demo-feeds/<name>.xml
(views.demo_feeds), so the news pipeline has something to poll with no internet. Their items
are fictional, so they are served dated relative to today: the newest yesterday.
"""

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from ..models import ChangeAudit, Channel, Origin, StateChange
from ..news.models import Feed
from ..news.parse import parse_feed
from ..news.services.feeds import feed_create
from ..news.services.ingest import ingest_entries
from ..services.changes import channel_set_state
from ..services.channels import channel_confirm_state, channel_create
from ..services.errors import ChangeRejected
from . import SeedChange, SeedChannel, seed_channels

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "admin"
DEMO_ADMIN_GROUP = "Admins"
DEMO_FEED_INTERVAL = timedelta(minutes=30)
_DEMO_FEEDS_DIR = Path(__file__).resolve().parent.parent / "demo" / "feeds"
_RSS = "application/rss+xml; charset=utf-8"
_ATOM = "application/atom+xml; charset=utf-8"


@dataclass(frozen=True)
class DemoFeed:
    """One demo feed: served as /demo-feeds/<name>.xml from demo/feeds/<name>.xml."""

    name: str
    outlet: str
    content_type: str

    @property
    def title(self) -> str:
        return f"{self.outlet} (demo feed, fictional items)"

    def url(self) -> str:
        path = reverse("demo-feed", kwargs={"name": self.name})
        return settings.SITE_URL.rstrip("/") + path


# The fixed list the view looks names up in: a name never becomes a path unchecked.
DEMO_FEEDS = (
    DemoFeed("wire", "Demo Wire", _RSS),
    DemoFeed("defence-desk", "Demo Defence Desk", _ATOM),
    DemoFeed("markets", "Demo Markets", _RSS),
)
_DEMO_FEEDS_BY_NAME = {feed.name: feed for feed in DEMO_FEEDS}


@dataclass(frozen=True)
class DemoFeedDocument:
    body: bytes
    content_type: str
    etag: str
    last_modified: datetime


def demo_feed_document(name: str, *, today: date) -> DemoFeedDocument | None:
    """The demo feed called `name` as served on `today`, or None for a name not in
    DEMO_FEEDS. The same all day (its ETag too), so conditional polls get 304s."""
    feed = _DEMO_FEEDS_BY_NAME.get(name)
    if feed is None:
        return None
    body, newest = dated_as_of((_DEMO_FEEDS_DIR / f"{feed.name}.xml").read_bytes(), today)
    return DemoFeedDocument(
        body=body,
        content_type=feed.content_type,
        etag='"' + hashlib.sha256(body).hexdigest()[:32] + '"',
        last_modified=newest,
    )


# The dates of an RSS 2.0 (RFC 822) or Atom (RFC 3339) document, feed-level ones included.
_FEED_DATE = re.compile(rb"<(pubDate|lastBuildDate|published|updated)>([^<]+)</\1>")


def dated_as_of(body: bytes, today: date) -> tuple[bytes, datetime]:
    """`body` with every date moved by the same whole number of days, so that its newest
    falls on the day before `today` (times of day and the items' order kept), and that
    newest date. Only for the fictional demo feeds: real dates are never moved."""
    found = [(m, _read_feed_date(m.group(2))) for m in _FEED_DATE.finditer(body)]
    newest = max(when for _m, when in found)
    shift = timedelta(days=(today - newest.date()).days - 1)
    parts, end = [], 0
    for match, when in found:
        moved = when + shift
        text = moved.isoformat().replace("+00:00", "Z")
        if match.group(1) in (b"pubDate", b"lastBuildDate"):
            text = format_datetime(moved, usegmt=True)
        parts += [body[end : match.start(2)], text.encode()]
        end = match.end(2)
    return b"".join([*parts, body[end:]]), newest + shift


def _read_feed_date(raw: bytes) -> datetime:
    text = raw.decode().strip()
    when = datetime.fromisoformat(text) if text[:4].isdigit() else parsedate_to_datetime(text)
    return when.astimezone(UTC)


class DemoRefused(Exception):
    """The demo load will not run as asked (a local-only login outside DEBUG)."""


@dataclass
class DemoResult:
    channels_created: int = 0
    channels_found: int = 0
    changes_created: int = 0
    changes_skipped: int = 0
    refused: list[str] = field(default_factory=list)
    confirmed: int = 0
    admin_created: bool = False
    feeds_created: int = 0
    feeds_found: int = 0
    feeds_refused: list[str] = field(default_factory=list)
    feed_items: int = 0

    @property
    def created(self) -> int:
        """Channels, changes and feeds this run wrote; 0 on a repeated run."""
        return self.channels_created + self.changes_created + self.feeds_created


def load_demo(
    *,
    now: datetime | None = None,
    create_admin: bool = False,
    seed: Iterable[SeedChannel] | None = None,
) -> DemoResult:
    """Create the demo channels and their history, and with DEMO_FEEDS_ENABLED the demo
    feeds (due at once); with create_admin, also a local-only admin/admin superuser,
    refused (DemoRefused, before anything is written) unless DEBUG."""
    if create_admin and not settings.DEBUG:
        raise DemoRefused(
            "Refusing to create the demo login admin/admin: DEBUG is off. "
            "It is for a local development machine only."
        )
    now = now or timezone.now()
    result = DemoResult()
    for item in seed_channels() if seed is None else seed:
        channel = _find_or_create(item, result)
        _record_history(channel, item.changes, now, result)
        if _holds_as_seeded(channel, item):
            channel_confirm_state(channel=channel, now=now)
            result.confirmed += 1
    if settings.DEMO_FEEDS_ENABLED:
        _register_feeds(now, result)
        _ingest_feeds(now, result)
    if create_admin:
        result.admin_created = _ensure_admin()
    return result


def _find_or_create(item: SeedChannel, result: DemoResult) -> Channel:
    found = Channel.objects.for_pair(item.country_a, item.country_b).filter(kind=item.kind).first()
    if found is not None:
        result.channels_found += 1
        return found
    result.channels_created += 1
    return channel_create(
        country_a=item.country_a,
        country_b=item.country_b,
        kind=item.kind,
        name=item.name,
        description=item.description,
        mechanisms=item.mechanisms,
    )


def _record_history(
    channel: Channel, changes: Iterable[SeedChange], now: datetime, result: DemoResult
) -> None:
    known = _known_changes(channel)
    for change in changes:
        if (change.effective_at, change.state) in known:
            result.changes_skipped += 1
            continue
        try:
            channel_set_state(
                channel=channel,
                state=change.state,
                effective_at=change.effective_at,
                origin=Origin.IMPORT,
                note=change.note,
                evidence=change.evidence,
                now=now,
            )
        except ChangeRejected as exc:
            label = f"{channel.pair_label} {channel.kind} {change.effective_at:%Y-%m-%d}"
            result.refused.append(f"{label} {change.state}: {' '.join(exc.messages)}")
        else:
            result.changes_created += 1


def _known_changes(channel: Channel) -> set[tuple[datetime, str]]:
    """(effective_at, state) of every change the channel has had, removed ones included,
    and of what corrected changes were before their correction."""
    known = set(
        StateChange.objects.filter(channel=channel).values_list("effective_at", "new_state")
    )
    for before in ChangeAudit.objects.filter(change__channel=channel).values_list(
        "before", flat=True
    ):
        known.add((datetime.fromisoformat(before["effective_at"]), before["new_state"]))
    return known


def _holds_as_seeded(channel: Channel, item: SeedChannel) -> bool:
    """Confirm only what the seed says: the channel's current state is the seed's last (not
    one an editor recorded since, nor the "unknown" of a channel the seed never assessed).
    Every load confirms again, as of its `now`: the demo is fresh on the day it is run."""
    return bool(item.changes) and channel.state == item.changes[-1].state


def _register_feeds(now: datetime, result: DemoResult) -> None:
    """One Feed per demo feed, found by URL (so SITE_URL decides which rows are ours); a
    feed the URL check refuses (a private SITE_URL without OUTBOUND_ALLOW_PRIVATE_ADDRESSES)
    is reported, not forced."""
    for spec in DEMO_FEEDS:
        url = spec.url()
        if Feed.objects.filter(url=url).exists():
            result.feeds_found += 1
            continue
        try:
            feed_create(
                url=url,
                title=spec.title,
                outlet=spec.outlet,
                poll_interval=DEMO_FEED_INTERVAL,
                now=now,
            )
        except ChangeRejected as exc:
            result.feeds_refused.append(f"{url}: {' '.join(exc.messages)}")
        else:
            result.feeds_created += 1


def _ingest_feeds(now: datetime, result: DemoResult) -> None:
    """What the first poll of each demo feed would store, stored now (the review queue is
    not empty before the worker's first poll); the poll finds these items already seen."""
    for spec in DEMO_FEEDS:
        feed = Feed.objects.filter(url=spec.url()).first()
        document = demo_feed_document(spec.name, today=now.astimezone(UTC).date())
        if feed is None or document is None:
            continue
        headers = {"Content-Type": document.content_type}
        parsed = parse_feed(document.body, headers=headers, url=feed.url)
        result.feed_items += ingest_entries(feed=feed, entries=parsed.entries, now=now).new_articles


def _ensure_admin() -> bool:
    """The local admin/admin superuser; an existing 'admin' user is left as it is."""
    user, created = get_user_model().objects.get_or_create(
        username=DEMO_ADMIN_USERNAME, defaults={"is_staff": True, "is_superuser": True}
    )
    if created:
        user.set_password(DEMO_ADMIN_PASSWORD)
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get_or_create(name=DEMO_ADMIN_GROUP)[0])
    return created
