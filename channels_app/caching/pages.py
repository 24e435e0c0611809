"""Whole-page cache and conditional GETs for the public pages everyone reads.

`cached_page` wraps a GET view from outside (tracker/urls.py). Per request it reads the
public-pages version (one query: services.publish) and derives the page's key and ETag from
it, the page's absolute URL (query string included) and the current hour. Then:

- If-None-Match with that ETag: 304, nothing rendered, no cache read.
- a stored body under the key: served as is, gzipped if the client accepts it.
- else the view renders; a 200 that depends on nobody's session is stored.

Nothing is deleted on a change: the writer's commit moves the version, so every process
computes new keys at once and old entries expire. The hour is in the key because staleness
markers ("not confirmed in 91 days") depend on the time as well as the data.

Bodies live in the default cache: Redis in production, local memory on the embedded
default. A key names one version of one page, so the Redis backend (tracker.cache) also
keeps a copy in each process: a hit then costs no transfer from Redis.

Pages whose content depends on the visitor are never stored: a response that sets a cookie,
rendered a CSRF token or read the session. The subscribe form on the dashboard and channel
pages is deliberately tokenless (alerts.views.subscribe is csrf_exempt: an anonymous form
behind double opt-in and rate limits), so these pages stay cacheable whole.
"""

import gzip
import hashlib
import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import parse_etags, parse_http_date_safe

from ..services.publish import read_public_pages_version

View = Callable[..., HttpResponseBase]
# One stored representation: body, its Content-Encoding ("" or "gzip"), kept headers.
Entry = tuple[bytes, str, dict[str, str]]
KEY_PREFIX = "page:"
# Headers of the rendered response that are stored with its body; the rest are per response.
KEPT_HEADERS = {"Content-Type", "Content-Language", "Last-Modified", "Link", "X-Robots-Tag"}
CONDITIONAL_META = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")
MIN_GZIP_BYTES = 1024
# Shared caches may keep a page, everyone revalidates: an edit shows at the next request.
CACHE_CONTROL = "public, no-cache"
PRECONDITIONS = ("HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE")


def page_key(request: HttpRequest, version: str) -> str:
    """The cache key and ETag of this page at this version and hour. The release
    (settings.RELEASE) rolls every page over on a deploy whose templates changed."""
    parts = (
        settings.RELEASE,
        version,
        timezone.now().strftime("%Y-%m-%dT%H"),
        f"{request.scheme}://{request.get_host()}{request.get_full_path()}",
    )
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def cacheable(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether this response is the same for every visitor, so that it may be stored."""
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and isinstance(response, HttpResponse)
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a {% csrf_token %} was rendered
        and not (session is not None and session.accessed)
        and not response.has_header("Vary")
        and not re.search(r"\b(private|no-store)\b", response.get("Cache-Control", ""))
    )


def _accepts_gzip(request: HttpRequest) -> bool:
    for coding in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        name, _, params = coding.partition(";")
        if name.strip() == "gzip" and params.replace(" ", "") not in ("q=0", "q=0.0"):
            return True
    return False


def _names(key: str) -> tuple[str, str]:
    """The cache keys of the identity and the gzip representation."""
    return KEY_PREFIX + key, KEY_PREFIX + key + ":gzip"


def _lookup(request: HttpRequest, key: str) -> tuple[str, Entry | None]:
    """The cache key of the representation this client gets, and what is stored there."""
    identity, packed = _names(key)
    name = packed if _accepts_gzip(request) else identity
    return name, cache.get(name)


def _store(key: str, response: HttpResponse) -> dict[str, Entry]:
    """Both representations, as plain types, so that a new release can read them back."""
    body = response.content
    headers = {k: v for k, v in response.items() if k in KEPT_HEADERS}
    identity, packed = _names(key)
    entries = {identity: (body, "", headers), packed: (body, "", headers)}
    if len(body) >= MIN_GZIP_BYTES:
        entries[packed] = (gzip.compress(body, compresslevel=6, mtime=0), "gzip", headers)
    cache.set_many(entries, settings.PAGE_CACHE_SECONDS)
    return entries


def _response(entry: Entry, etag: str) -> HttpResponse:
    body, encoding, stored = entry
    headers = {**stored, "ETag": etag, "Vary": "Accept-Encoding", "Cache-Control": CACHE_CONTROL}
    if encoding:
        headers["Content-Encoding"] = encoding
        headers["ETag"] = etag[:-1] + '-gz"'  # a strong ETag names one representation
    return HttpResponse(body, headers=headers)


def _matches(request: HttpRequest, etag: str) -> bool:
    sent = request.META.get("HTTP_IF_NONE_MATCH")
    if not sent:
        return False
    tags = {t.removeprefix("W/").replace('-gz"', '"') for t in parse_etags(sent)}
    return etag in tags or "*" in tags


def _render(view: View, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
    """The view's full response: conditional headers are hidden from it, so that a view with
    its own conditional handling (an Atom feed) renders a 200 that can be stored."""
    hidden = {name: request.META.pop(name) for name in CONDITIONAL_META if name in request.META}
    try:
        response = view(request, *args, **kwargs)
        if isinstance(response, TemplateResponse) and not response.is_rendered:
            response.render()
        return response
    finally:
        request.META.update(hidden)


def _latest(
    request: HttpRequest, version: str, key: str, name: str
) -> tuple[str, str, Entry | None]:
    """Before rendering after a miss: the key of the version in force now, not of the one
    read a moment ago (so a miss costs one version query, always), and what it holds."""
    latest, _ = read_public_pages_version(max_age=0)
    if latest == version:
        return key, name, None
    key = page_key(request, latest)
    return key, *_lookup(request, key)


def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponseBase:
    if not any(header in request.META for header in PRECONDITIONS):
        return response
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    conditional = get_conditional_response(
        request, etag=response["ETag"], last_modified=last_modified, response=response
    )
    return conditional or response


def cached_page(view: View) -> View:
    """Serve a public GET view from the page cache, with an ETag and 304s (module doc)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        version, fresh = read_public_pages_version()
        key = page_key(request, version)
        if _matches(request, f'"{key}"'):
            headers = {"ETag": f'"{key}"', "Cache-Control": CACHE_CONTROL}
            return HttpResponseNotModified(headers=headers)
        name, entry = _lookup(request, key)
        if entry is None and not fresh:
            key, name, entry = _latest(request, version, key, name)
        if entry is None:
            rendered = _render(view, request, *args, **kwargs)
            if not isinstance(rendered, HttpResponse) or not cacheable(request, rendered):
                return rendered
            entry = _store(key, rendered)[name]
        return _conditional(request, _response(entry, f'"{key}"'))

    return wrapper
