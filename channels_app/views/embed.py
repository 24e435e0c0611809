"""What travels to other sites: the channel widget (/embed/channels/<pair>/<kind>/, the one
page other sites may frame: tracker.framing), its live fragment, and the share card PNG
that a channel page names in its Open Graph and Twitter metadata.

The widget shows the live state: served fresh from the page cache at every load, and kept
current by static/js/live.js while it is open. Without JavaScript it is complete as loaded.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.views.decorators.http import require_safe

from ..models import Channel, State
from ..values import Moment
from .public import Freshness, channel_as_of, held_for, read_moment, url_with
from .share_image import Card, render_card


def widget_context(channel: Channel, moment: Moment) -> dict[str, Any]:
    return {
        "channel": channel,
        "state": channel.state_at,  # type: ignore[attr-defined]
        "state_label": State(channel.state_at).label,  # type: ignore[attr-defined]
        "since": channel.since_at,  # type: ignore[attr-defined]
        "held": held_for(channel.since_at, moment.reference),  # type: ignore[attr-defined]
        "freshness": Freshness.of(channel, moment.reference),
        "live_url": reverse("channel-widget-live", args=[channel.pair, channel.kind]),
    }


def _canonical(request: HttpRequest, channel: Channel, pair: str, kind: str) -> str:
    """The address of this view for the channel's canonical pair and kind, if the request's
    is another spelling of it ("us-cn", "MILITARY"); "" when it is already canonical."""
    if (pair, kind) == (channel.pair.slug, channel.kind):
        return ""
    name = request.resolver_match.url_name if request.resolver_match else ""
    return reverse(str(name), args=[channel.pair, channel.kind])


@require_safe
def widget(request: HttpRequest, pair: str, kind: str) -> HttpResponseBase:
    moment = Moment(timezone.now())
    channel = channel_as_of(pair, kind, moment)
    if canonical := _canonical(request, channel, pair, kind):
        return redirect(canonical, permanent=True)
    return render(request, "embed/widget.html", widget_context(channel, moment))


@require_safe
def widget_live(request: HttpRequest, pair: str, kind: str) -> HttpResponse:
    moment = Moment(timezone.now())
    channel = channel_as_of(pair, kind, moment)
    return render(request, "embed/_widget_live.html", widget_context(channel, moment))


def card_for(channel: Channel, moment: Moment, address: str) -> Card:
    state = channel.state_at  # type: ignore[attr-defined]
    since = channel.since_at  # type: ignore[attr-defined]
    when: tuple[str, ...] = (
        f"since {date_format(since, 'j F Y')}" if since else "not yet assessed",
    )
    if moment.day:
        when = (f"on {date_format(moment.day, 'j F Y')}", *when)
    return Card(
        kind=channel.get_kind_display(),
        pair=f"{channel.country_a.name} – {channel.country_b.name}",
        name=str(channel),
        state=state,
        when=when,
        address=address,
    )


@require_safe
def share_image(request: HttpRequest, pair: str, kind: str) -> HttpResponseBase:
    """The channel's share card; `?at=` as on its page. A refused date is a 400 that says
    why (as text: an image viewer shows nothing else)."""
    moment, at_error = read_moment(request.GET, timezone.now())
    if at_error:
        return HttpResponse(at_error, status=400, content_type="text/plain; charset=utf-8")
    channel = channel_as_of(pair, kind, moment)
    if canonical := _canonical(request, channel, pair, kind):
        return redirect(url_with(canonical, {"at": moment.at}), permanent=True)
    page = url_with(channel.get_absolute_url(), {"at": moment.at})
    card = card_for(channel, moment, f"{request.get_host()}{page}")
    return HttpResponse(render_card(card), content_type="image/png")
