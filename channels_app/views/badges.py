"""Embeddable badges: /badge/<pair>/<kind>.svg (the state as text and colour, with an
accessible title) and .json for a shields.io endpoint badge. Cached until the next change,
with an ETag (caching.pages, in tracker/urls.py); a channel nobody tracks gets a grey
"not tracked" badge and a 404."""

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from ..models import Channel, Kind, State
from ..values import InvalidPair, Pair

LABEL_COLOUR = "#555"
# White text on each of these has a contrast ratio of at least 4.5:1 (WCAG AA).
COLOURS = {
    State.OPEN: "#2e7d32",
    State.LIMITED: "#8a5a00",
    State.SUSPENDED: "#c2410c",
    State.SEVERED: "#c62828",
    State.UNKNOWN: "#616161",
}
SHIELDS_COLOURS = {
    State.OPEN: "brightgreen",
    State.LIMITED: "yellow",
    State.SUSPENDED: "orange",
    State.SEVERED: "red",
    State.UNKNOWN: "lightgrey",
}
NOT_TRACKED = "not tracked"
# Approximate advance widths (px) of Verdana at 11px, as shields.io lays badges out.
_NARROW, _WIDE = set("fijlrtI.,:;'|!()[] "), set("mwMW@%")


def text_width(text: str) -> float:
    width = 0.0
    for char in text:
        if char in _NARROW:
            width += 4.0
        elif char in _WIDE:
            width += 10.5
        elif char.isupper() or char.isdigit() or char == "–":
            width += 7.6
        else:
            width += 6.6
    return width


def badge_svg_text(label: str, message: str, colour: str) -> str:
    """The SVG of a two-part badge, laid out as shields.io does (templates/badges/badge.svg,
    which escapes the texts). Numbers go in as text: the template must not localise them."""
    left, right = round(text_width(label)) + 12, round(text_width(message)) + 12
    context = {
        "width": str(left + right),
        "left": str(left),
        "right": str(right),
        "label_x": str(left / 2),
        "message_x": str(left + right / 2),
        "title": f"{label}: {message}",
        "label": label,
        "message": message,
        "label_colour": LABEL_COLOUR,
        "colour": colour,
    }
    return render_to_string("badges/badge.svg", context).rstrip("\n")


def _find(pair: str, kind: str) -> tuple[str, Channel | None]:
    """The badge's label and its channel (None when not tracked)."""
    try:
        found = Pair.parse(pair)
    except InvalidPair:
        return "channel", None
    if kind not in Kind.values:
        return "channel", None
    channel = Channel.objects.for_pair(*found).filter(kind=kind).first()
    return f"{found.label} {kind}", channel


def _badge(pair: str, kind: str, fmt: str, render: Callable[[str, str], str]) -> HttpResponse:
    label, channel = _find(pair, kind.lower())
    content_type = "image/svg+xml" if fmt == "svg" else "application/json"
    if channel is None:
        return HttpResponse(render(label, ""), content_type=content_type, status=404)
    return HttpResponse(render(label, channel.state), content_type=content_type)


def _svg(label: str, state: str) -> str:
    if not state:
        return badge_svg_text(label, NOT_TRACKED, COLOURS[State.UNKNOWN])
    return badge_svg_text(label, State(state).label.lower(), COLOURS[State(state)])


def _shields(label: str, state: str) -> str:
    if not state:
        body = {"schemaVersion": 1, "label": label, "message": NOT_TRACKED, "isError": True}
    else:
        message = State(state).label.lower()
        body = {"schemaVersion": 1, "label": label, "message": message}
        body["color"] = SHIELDS_COLOURS[State(state)]
    return json.dumps(body, ensure_ascii=False)


@require_safe
def badge_svg(request: HttpRequest, pair: str, kind: str) -> HttpResponse:
    return _badge(pair, kind, "svg", _svg)


@require_safe
def badge_json(request: HttpRequest, pair: str, kind: str) -> HttpResponse:
    return _badge(pair, kind, "json", _shields)
