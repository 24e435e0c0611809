"""Rendered bodies of the pages everyone reads (summary.json, badges), cached until the
writer service bumps the public-pages version, served with a content ETag and answering
If-None-Match with 304."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.http import parse_etags

from ..services.publish import public_pages_version


@dataclass(frozen=True)
class Rendered:
    body: bytes
    etag: str
    status: int = 200


def cached_render(key: str, render: Callable[[], tuple[bytes, int]]) -> Rendered:
    """The body and status for `key` at the current public-pages version. The timeout
    bounds how long time-dependent parts (staleness) may lag."""
    versioned = f"api-cache:{public_pages_version()}:{key}"
    hit = cache.get(versioned)
    if hit is None:
        body, status = render()
        hit = Rendered(body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"', status)
        cache.set(versioned, hit, settings.API_CACHE_SECONDS)
    return hit


def conditional_response(
    request: HttpRequest, rendered: Rendered, content_type: str
) -> HttpResponse:
    sent = request.headers.get("If-None-Match", "")
    matches = [tag.removeprefix("W/") for tag in parse_etags(sent)]
    if rendered.status == 200 and (rendered.etag in matches or "*" in matches):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(rendered.body, content_type=content_type, status=rendered.status)
    response["ETag"] = rendered.etag
    response["Cache-Control"] = f"public, max-age={settings.API_CACHE_SECONDS}"
    response["Access-Control-Allow-Origin"] = "*"  # embeddable from any page
    return response
