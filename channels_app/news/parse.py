"""Safe RSS/Atom parsing on top of feedparser.

Documents that declare entities are refused before feedparser sees them; feedparser only
ever reads a BytesIO (a string would make it open a path or URL); one bad entry is
recorded in `errors` and never costs the others. Titles and summaries come out as plain
text: every tag stripped with nh3, entities decoded. Render them escaped (autoescape).
"""

from __future__ import annotations

import html
import io
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
import nh3
from feedparser.encodings import convert_to_utf8

# An entity declaration, or a DOCTYPE that opens an internal subset (where they live).
_DECLARES_ENTITIES = re.compile(rb"<!\s*ENTITY|<!\s*DOCTYPE[^>\[]*\[", re.IGNORECASE)
_LINK_SCHEMES = frozenset({"http", "https"})
# Elements whose content is dropped with them, as feedparser's own sanitiser drops it.
_DROPPED = {"applet", "script", "style"}
# What nh3 and html.unescape change in text: tags, entities, NUL (dropped), lone surrogates
# (refused) and a leading byte-order mark (dropped by the HTML parser). Text with none of
# them (most titles, plain summaries) skips both, nh3 being most of what converting an entry
# costs; a test holds the two ways equal.
_NEEDS_CLEANING = re.compile(r"[<&\x00\ud800-\udfff]|^\ufeff")


class FeedRejected(Exception):
    """The document is unsafe to parse or is not a feed at all."""


@dataclass(frozen=True)
class ParsedEntry:
    guid: str | None
    link: str | None
    title: str
    summary: str
    published_at: datetime | None


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    entries: list[ParsedEntry]
    ttl_minutes: int | None
    errors: list[str]


def parse_feed(
    body: bytes, *, headers: Mapping[str, str] | None = None, url: str = ""
) -> ParsedFeed:
    """Parse an RSS 0.9x/1.0/2.0 or Atom document fetched from `url` with `headers`.

    Raises FeedRejected for documents that declare entities (billion laughs, quadratic
    blowup, XXE) and for documents that are not feeds. Everything short of that is kept:
    problems with single entries, and feedparser's complaints, are listed in `errors`.
    """
    response_headers = _response_headers(headers)
    _refuse_entity_declarations(body, response_headers)
    # Without feedparser's sanitiser and relative-URI rewriting (a third of its time, each
    # an HTML parse of every entry's text): plain_text (nh3) reduces every text to text, so
    # the markup they would clean up or rewrite is dropped anyway. Links are resolved
    # against the feed's URL in _safe_link.
    result = feedparser.parse(
        io.BytesIO(body),
        response_headers=response_headers,
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    if not result.get("version") and not result.entries:
        raise FeedRejected(f"not an RSS or Atom feed{_bozo_reason(result, ': ')}")
    errors = [f"document: {_bozo_reason(result)}"] if result.get("bozo") else []
    return ParsedFeed(
        title=plain_text(result.feed.get("title", "")),
        entries=_entries(result.entries, url, errors),
        ttl_minutes=_ttl_minutes(result.feed.get("ttl"), errors),
        errors=errors,
    )


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment: tags (and script/style contents) dropped, entities
    decoded, whitespace collapsed. The result is text, not markup: escape it to render."""
    if not _NEEDS_CLEANING.search(fragment):
        return " ".join(fragment.split())  # what nh3 and unescape would return, for less
    return " ".join(
        html.unescape(nh3.clean(fragment, tags=set(), clean_content_tags=_DROPPED)).split()
    )


def _response_headers(headers: Mapping[str, str] | None) -> dict[str, str]:
    # No content-location: feedparser would then resolve every relative URI in every entry
    # (slow, and it makes Atom ids depend on the URL the feed was fetched from). Entry links
    # are resolved against the feed's URL in _safe_link instead.
    lowered = {key.lower(): value for key, value in (headers or {}).items()}
    if not lowered:
        # Given headers without a content-type feedparser assumes ISO-8859-1; given
        # none it assumes UTF-8. application/xml keeps the latter.
        lowered["content-type"] = "application/xml"
    return lowered


def _refuse_entity_declarations(body: bytes, headers: dict[str, str]) -> None:
    # Scan the text exactly as feedparser will decode it (UTF-16, UTF-7, EBCDIC...), and
    # all of it: a comment holding "<x" ends feedparser's idea of the prolog early.
    decoded = convert_to_utf8(headers, body, {})
    if _DECLARES_ENTITIES.search(decoded):
        raise FeedRejected(
            "document declares entities or an internal DTD subset; refused "
            "(entity expansion and external entities are not allowed)"
        )


def _entries(raw_entries: list[Any], base: str, errors: list[str]) -> list[ParsedEntry]:
    entries = []
    for index, raw in enumerate(raw_entries):
        try:
            entries.append(_entry(raw, index, base, errors))
        except Exception as exc:  # one bad entry must not cost the others
            errors.append(f"entry {index}: {type(exc).__name__}: {exc}")
    return entries


def _entry(raw: Mapping[str, Any], index: int, base: str, errors: list[str]) -> ParsedEntry:
    return ParsedEntry(
        guid=(raw.get("id") or "").strip() or None,
        link=_safe_link(raw.get("link"), base, index, errors),
        title=plain_text(raw.get("title", "")),
        summary=plain_text(raw.get("summary", "")),
        published_at=_published_at(raw, index, errors),
    )


def _safe_link(link: str | None, base: str, index: int, errors: list[str]) -> str | None:
    link = (link or "").strip()
    if link and base and not link.startswith(("http://", "https://")):
        link = urljoin(base, link)  # a relative link, against the feed's own URL
    if link and urlsplit(link).scheme.lower() in _LINK_SCHEMES:
        return link
    if link:  # javascript:, data: and relative links must not reach an href
        errors.append(f"entry {index}: dropped link {link[:100]!r}")
    return None


def _published_at(raw: Mapping[str, Any], index: int, errors: list[str]) -> datetime | None:
    parsed: time.struct_time | None = _first(raw, "published_parsed", "updated_parsed")
    if parsed is not None:
        return datetime(*parsed[:6], tzinfo=UTC)  # feedparser normalises dates to UTC
    stated = _first(raw, "published", "updated")
    if stated:
        errors.append(f"entry {index}: unreadable date {stated[:100]!r}")
    return None


def _first(raw: Mapping[str, Any], *keys: str) -> Any:
    # `in` first: .get("updated") on a FeedParserDict warns and falls back to "published".
    present = (raw[key] for key in keys if key in raw)
    return next((value for value in present if value), None)


def _ttl_minutes(value: str | None, errors: list[str]) -> int | None:
    if value is None:
        return None
    try:
        minutes = int(value.strip())
    except ValueError:
        errors.append(f"feed: ttl {value[:50]!r} is not a number of minutes")
        return None
    return minutes if minutes > 0 else None


def _bozo_reason(result: Mapping[str, Any], prefix: str = "") -> str:
    exc = result.get("bozo_exception")
    return f"{prefix}{type(exc).__name__}: {exc}" if exc is not None else ""
