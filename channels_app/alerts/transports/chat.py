"""What the chat transports share: a change (or several of one event, merged into one
message) as text from templates/alerts/chat/ in the markup a service reads, and fitting a
message to the service's documented limits: fewer changes ("…and 3 more"), then a shorter
note, until it fits."""

import functools
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.text import Truncator

from ...models import StateChange
from ...models.choices import SEVERITY
from ..models import Delivery, Webhook
from ..services import endpoints, links
from .registry import RateLimit, Transport, register

MAX_SOURCES = 3
FLAVOURS = ("txt", "md", "slack", "html")


def change_view(change: StateChange, note_limit: int) -> dict[str, Any]:
    channel = change.channel
    return {
        "channel": channel.name,
        "old_state": change.get_old_state_display() if change.old_state else "not assessed",
        "new_state": change.get_new_state_display(),
        "state": change.new_state,
        "effective": change.effective_at,
        "note": Truncator(change.note).chars(note_limit) if change.note else "",
        "sources": [
            {"url": e.url, "outlet": e.outlet, "title": e.title}
            for e in list(change.evidence.all())[:MAX_SOURCES]
        ],
        "url": links.absolute(channel.get_absolute_url()),
    }


@dataclass
class Text:
    """One message's text: its title, each change in each markup, and the "…and N more"."""

    title: str
    views: list[dict[str, Any]]
    more: int
    url: str
    test: bool = False
    _cache: dict[str, list[str]] = field(default_factory=dict)

    def parts(self, flavour: str) -> list[str]:
        if flavour not in self._cache:
            if self.test:
                self._cache[flavour] = [self.title]
            else:
                self._cache[flavour] = [
                    render_to_string(f"alerts/chat/change.{flavour}", {"c": v}).strip()
                    for v in self.views
                ]
        return self._cache[flavour]

    def more_line(self, flavour: str) -> str:
        if not self.more:
            return ""
        context = {"more": self.more, "site_url": settings.SITE_URL.rstrip("/")}
        return render_to_string(f"alerts/chat/more.{flavour}", context).strip()

    def body(self, flavour: str, separator: str = "\n\n") -> str:
        return separator.join([*self.parts(flavour), *filter(None, [self.more_line(flavour)])])

    @property
    def heading(self) -> str:
        """The title, for services with no title of their own, when it adds something (a
        merged message's count); a single change's first line says it already."""
        return self.title if len(self.views) + self.more > 1 else ""

    @property
    def severity(self) -> int:
        """The worst new state's severity (0 open .. 3 severed; 2 when unknown)."""
        found = [SEVERITY.get(v["state"]) for v in self.views]
        return max((s if s is not None else 2 for s in found), default=2)

    @property
    def effective(self) -> datetime | None:
        return self.views[0]["effective"] if self.views else None


def text_for(changes: list[StateChange], shown: int, note_limit: int) -> Text:
    views = [change_view(c, note_limit) for c in changes[:shown]]
    title = render_to_string(
        "alerts/chat/title.txt", {"count": len(changes), "first": views[0]}
    ).strip()
    url = views[0]["url"] if len(changes) == 1 else settings.SITE_URL.rstrip("/") + "/"
    return Text(title, views, len(changes) - shown, url)


def test_text(hook: Webhook) -> Text:
    title = render_to_string("alerts/chat/test_title.txt", {}).strip()
    text = render_to_string("alerts/chat/test.txt", {"name": hook.name}).strip()
    return Text(title, [], 0, settings.SITE_URL.rstrip("/") + "/", test=True, _cache={
        f: [text] for f in FLAVOURS
    })  # fmt: skip


class ChatTransport(endpoints.HttpTransport):
    """A chat service: the changes owed to one endpoint in a batch go as one message."""

    label = ""
    note_limit = 1000

    def request(self, hook: Webhook, text: Text, key: str) -> endpoints.Request:
        raise NotImplementedError

    def fits(self, request: endpoints.Request) -> bool:
        raise NotImplementedError

    def messages(
        self, hook: Webhook, deliveries: list[Delivery], now: datetime
    ) -> list[endpoints.Message]:
        changes = sorted(
            {d.change_id: d.change for d in deliveries}.values(),
            key=lambda c: (c.effective_at, c.recorded_at, c.pk),
        )
        key = endpoints.merged_key(deliveries).hex
        note_limit = self.note_limit
        while True:
            request = self.largest_fitting(hook, changes, note_limit, key)
            if request is not None:
                return [endpoints.Message(deliveries, request)]
            if note_limit <= 40:  # nothing shorter to try: sent as is, the service judges
                request = self.request(hook, text_for(changes, 1, note_limit), key)
                return [endpoints.Message(deliveries, request)]
            note_limit //= 2

    def largest_fitting(
        self, hook: Webhook, changes: list[StateChange], note_limit: int, key: str
    ) -> endpoints.Request | None:
        """The message showing as many of `changes` as fit (a binary search: the size
        grows with the count), the rest counted in "…and N more"; None if one is too big."""
        whole = self.request(hook, text_for(changes, len(changes), note_limit), key)
        if self.fits(whole):
            return whole
        best, low, high = None, 1, len(changes) - 1
        while low <= high:
            middle = (low + high) // 2
            request = self.request(hook, text_for(changes, middle, note_limit), key)
            if self.fits(request):
                best, low = request, middle + 1
            else:
                high = middle - 1
        return best

    def test_request(self, hook: Webhook, now: datetime) -> endpoints.Request:
        return self.request(hook, test_text(hook), f"test{now.timestamp():.0f}{hook.pk}")


def chat_row(transport: ChatTransport, *, pace: float | None = None) -> Transport:
    """The registry row of a chat transport; they share the chat batch settings."""
    return register(
        Transport(
            name=transport.name,
            label=transport.label,
            send_batch=functools.partial(endpoints.send_batch, transport),
            recipients=functools.partial(endpoints.recipients, transport.name),
            batch_setting="ALERTS_CHAT_BATCH",
            concurrency_setting="ALERTS_CHAT_CONCURRENCY",
            endpoint=transport,
            templates="chat",
            rate_limit=RateLimit(_seconds(pace)) if pace else None,
        )
    )


def _seconds(value: float) -> timedelta:
    return timedelta(seconds=value)
