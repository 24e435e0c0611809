"""Atom feed views: resolve the scope (404, canonical redirect), answer conditional GETs from
one aggregate query, and only then render the feed."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import http_date
from django.views.decorators.http import condition, require_safe
from django_countries import countries

from ..models import Channel, Kind
from .atom import (
    FeedScope,
    all_changes_scope,
    changes_feed,
    channel_scope,
    country_scope,
    feed_stamp,
    pair_scope,
)
from .public import _parse_pair


def _serve(request: HttpRequest, scope: FeedScope) -> HttpResponse:
    stamp = feed_stamp(scope)
    view = condition(
        etag_func=lambda request, **kwargs: stamp.etag,
        last_modified_func=lambda request, **kwargs: stamp.last_modified,
    )(changes_feed)
    response = view(request, scope=scope)
    # The syndication view dates the response by its newest entry; the 304 check used the
    # stamp (which also sees removals and corrections), so the header must say the same.
    if stamp.last_modified:
        response.headers["Last-Modified"] = http_date(stamp.last_modified.timestamp())
    else:
        response.headers.pop("Last-Modified", None)
    return response


@require_safe
def all_changes(request: HttpRequest) -> HttpResponse:
    return _serve(request, all_changes_scope())


@require_safe
def channel_changes(request: HttpRequest, pair: str, kind: str) -> HttpResponse:
    a, b = _parse_pair(pair)
    if kind.lower() not in Kind.values:
        raise Http404("No such kind of channel.")
    channel = Channel.objects.for_pair(a, b).filter(kind=kind.lower()).first()
    if channel is None:
        raise Http404("No such channel.")
    if (pair, kind) != (channel.pair_code.lower(), channel.kind):
        return redirect("feed-channel", channel.pair_code.lower(), channel.kind, permanent=True)
    return _serve(request, channel_scope(channel))


@require_safe
def pair_changes(request: HttpRequest, pair: str) -> HttpResponse:
    a, b = _parse_pair(pair)
    if not Channel.objects.for_pair(a, b).exists():
        raise Http404("No channel is tracked for this pair.")
    if pair != f"{a}-{b}".lower():
        return redirect("feed-pair", f"{a}-{b}".lower(), permanent=True)
    return _serve(request, pair_scope(a, b, f"{countries.name(a)}–{countries.name(b)}"))


@require_safe
def country_changes(request: HttpRequest, code: str) -> HttpResponse:
    upper = code.upper()
    if len(code) != 2 or countries.alpha2(upper) != upper:
        raise Http404("No such country.")
    if not Channel.objects.for_country(upper).exists():
        raise Http404("No channel is tracked for this country.")
    if code != upper.lower():
        return redirect("feed-country", upper.lower(), permanent=True)
    return _serve(request, country_scope(upper, countries.name(upper)))
