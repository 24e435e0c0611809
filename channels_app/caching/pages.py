"""One cache for every response the public reads: the dashboard, channel and country pages,
their live fragments, the Atom feeds, the badges and summary.json.

`cached_page` wraps a GET view. Per request it takes the response's stamp, what its content
depends on: by default the data version (caching.version, one query at most) and the hour,
for a feed its own changes (views.feeds). The key is made of the release, the stamp and
the absolute URL (query string included), and is the ETag too. Then:

- If-None-Match with that ETag: 304, nothing rendered, no cache read.
- a stored entry under the key: served as is, gzipped if the client accepts it.
- else the view renders; a 200 that depends on nobody's session is stored.

Nothing is deleted on a change: the writer's commit moves the version, so every process
computes new keys at once and old entries expire. The hour is in the default stamp because
staleness markers ("not confirmed in 91 days") depend on the time as well as the data.

Entries live in the default cache: Redis in production, local memory on the embedded
default. A key names one version of one response, so the Redis backend (tracker.cache) also
keeps a copy in each process: a hit then costs no transfer from Redis.

Responses whose content depends on the visitor are never stored: one that sets a cookie,
rendered a CSRF token or read the session. The subscribe form on the dashboard and channel
pages is deliberately tokenless (alerts.views.subscribe is csrf_exempt: an anonymous form
behind double opt-in and rate limits), so these pages stay cacheable whole.
"""

import gzip
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from typing import Any, Protocol

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from .version import read_public_pages_version

View = Callable[..., HttpResponseBase]
# One stored representation: body, its Content-Encoding ("" or "gzip"), kept headers.
Entry = tuple[bytes, str, dict[str, str]]
KEY_PREFIX = "page:"
# Headers of the rendered response that are stored with its body; the rest are per response.
KEPT_HEADERS = {"Content-Type", "Content-Language", "Link", "X-Robots-Tag"}
MIN_GZIP_BYTES = 1024
# Shared caches may keep a page, everyone revalidates: an edit shows at the next request.
REVALIDATE = "public, no-cache"
PRECONDITIONS = ("HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE")
HOUR = 3600


@dataclass(frozen=True)
class Stamp:
    """What a response's content depends on. `last_modified` becomes its Last-Modified;
    `refresh`, when set, reads the stamp again bypassing any memo (after a miss)."""

    version: str
    last_modified: datetime | None = None
    refresh: Callable[[], "Stamp"] | None = None


class Stamper(Protocol):
    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Stamp: ...


def _site_stamp(period: int, max_age: float | None = None) -> Stamp:
    version, read = read_public_pages_version(max_age=max_age)
    bucket = int(timezone.now().timestamp()) // period
    refresh = None if read else (lambda: _site_stamp(period, max_age=0))
    return Stamp(f"{version}|{bucket}", refresh=refresh)


def hourly(request: HttpRequest, *args: Any, **kwargs: Any) -> Stamp:
    """The data version and the hour (UTC): the stamp of pages and their fragments."""
    return _site_stamp(HOUR)


def embedded(request: HttpRequest, *args: Any, **kwargs: Any) -> Stamp:
    """The data version and the API_CACHE_SECONDS period: what other sites embed
    (summary.json, badges) is told to browsers as fresh for that long."""
    return _site_stamp(settings.API_CACHE_SECONDS)


def page_key(request: HttpRequest, stamp: Stamp) -> str:
    """The cache key and ETag of this response at this stamp. The release (settings.RELEASE)
    rolls everything over on a deploy whose templates changed."""
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    parts = (settings.RELEASE, stamp.version, url)
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def cacheable(request: HttpRequest, response: HttpResponseBase, session_read: bool) -> bool:
    """Whether this response is the same for every visitor, so that it may be stored."""
    return (
        response.status_code == 200
        and isinstance(response, HttpResponse)
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a {% csrf_token %} was rendered
        and not session_read
        and not response.has_header("Vary")
        and not re.search(r"\b(private|no-store)\b", response.get("Cache-Control", ""))
    )


def _session_accessed(request: HttpRequest) -> bool:
    session = getattr(request, "session", None)
    return session is not None and session.accessed


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


def _store(key: str, response: HttpResponse, stamp: Stamp) -> dict[str, Entry]:
    """Both representations, as plain types, so that a new release can read them back."""
    body = response.content
    headers = {k: v for k, v in response.items() if k in KEPT_HEADERS}
    if stamp.last_modified:
        headers["Last-Modified"] = http_date(stamp.last_modified.timestamp())
    identity, packed = _names(key)
    entries = {identity: (body, "", headers), packed: (body, "", headers)}
    if len(body) >= MIN_GZIP_BYTES:
        entries[packed] = (gzip.compress(body, compresslevel=6, mtime=0), "gzip", headers)
    cache.set_many(entries, settings.PAGE_CACHE_SECONDS)
    return entries


def _render(view: View, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
    response = view(request, *args, **kwargs)
    if isinstance(response, TemplateResponse) and not response.is_rendered:
        response.render()
    return response


def _matches(request: HttpRequest, etag: str) -> bool:
    sent = request.META.get("HTTP_IF_NONE_MATCH")
    if not sent:
        return False
    tags = {t.removeprefix("W/").replace('-gz"', '"') for t in parse_etags(sent)}
    return etag in tags or "*" in tags


def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponseBase:
    if not any(header in request.META for header in PRECONDITIONS):
        return response
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    conditional = get_conditional_response(
        request, etag=response["ETag"], last_modified=last_modified, response=response
    )
    return conditional or response


@dataclass(frozen=True)
class Policy:
    """What browsers and other sites are told about every response of one view."""

    embeddable: bool

    def headers(self) -> dict[str, str]:
        if not self.embeddable:
            return {"Cache-Control": REVALIDATE}
        # Fetched by other sites' scripts and image tags: fresh for the period of its stamp.
        cache_control = f"public, max-age={settings.API_CACHE_SECONDS}"
        return {"Cache-Control": cache_control, "Access-Control-Allow-Origin": "*"}

    def response(self, entry: Entry, etag: str) -> HttpResponse:
        body, encoding, stored = entry
        headers = {**stored, "ETag": etag, "Vary": "Accept-Encoding", **self.headers()}
        if encoding:
            headers["Content-Encoding"] = encoding
            headers["ETag"] = etag[:-1] + '-gz"'  # a strong ETag names one representation
        return HttpResponse(body, headers=headers)

    def not_modified(self, etag: str, stamp: Stamp) -> HttpResponseNotModified:
        headers = {"ETag": etag, **self.headers()}
        if stamp.last_modified:
            headers["Last-Modified"] = http_date(stamp.last_modified.timestamp())
        return HttpResponseNotModified(headers=headers)

    def uncached(self, response: HttpResponseBase) -> HttpResponseBase:
        """A response that is not stored (an error, a redirect, one visitor's page)."""
        if self.embeddable:
            for name, value in self.headers().items():
                response.headers.setdefault(name, value)
        return response


def cached_page(
    view: View | None = None, *, stamp: Stamper = hourly, embeddable: bool = False
) -> Any:
    """Serve a public GET view from the cache, with an ETag and 304s (module doc). Used bare
    (`cached_page(view)`) or with a stamp: `cached_page(stamp=embedded, embeddable=True)`."""
    policy = Policy(embeddable)

    def decorate(func: View) -> View:
        @wraps(func)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method not in ("GET", "HEAD"):
                return func(request, *args, **kwargs)
            stamped = stamp(request, *args, **kwargs)
            key = page_key(request, stamped)
            if _matches(request, f'"{key}"'):
                return policy.not_modified(f'"{key}"', stamped)
            name, entry = _lookup(request, key)
            if entry is None and stamped.refresh:
                # A miss: render for the version in force now, not the one read a moment ago
                # (so a miss costs one version query, always).
                latest = stamped.refresh()
                if latest.version != stamped.version:
                    stamped, key = latest, page_key(request, latest)
                    name, entry = _lookup(request, key)
            if entry is None:
                read_before = _session_accessed(request)  # DRF authenticates every request
                rendered = _render(func, request, *args, **kwargs)
                session_read = _session_accessed(request) and not read_before
                if not isinstance(rendered, HttpResponse) or not cacheable(
                    request, rendered, session_read
                ):
                    return policy.uncached(rendered)
                entry = _store(key, rendered, stamped)[name]
            return _conditional(request, policy.response(entry, f'"{key}"'))

        return wrapper

    return decorate(view) if view is not None else decorate
