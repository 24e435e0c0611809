"""Safe RSS/Atom parsing on top of feedparser.

Documents that declare entities are refused before feedparser sees them; feedparser's
parser classes only ever read the bytes fetched (feedparser.parse, given a string, would
open a path or URL); one bad entry is recorded in `errors` and never costs the others.
Titles and summaries come out as plain text: every tag stripped with nh3, entities decoded.
Render them escaped (autoescape).
"""

from __future__ import annotations

import contextlib
import copy
import html
import io
import re
import time
import xml.sax
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser.api
import nh3
from feedparser.encodings import convert_to_utf8
from feedparser.sanitizer import replace_doctype
from feedparser.urls import make_safe_absolute_uri
from feedparser.util import FeedParserDict

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
    result = _feedparser_parse(body, response_headers)
    if not result.get("version") and not result.entries:
        raise FeedRejected(f"not an RSS or Atom feed{_bozo_reason(result, ': ')}")
    errors = [f"document: {_bozo_reason(result)}"] if result.get("bozo") else []
    return ParsedFeed(
        title=plain_text(result.feed.get("title", "")),
        entries=_entries(result.entries, url, errors),
        ttl_minutes=_ttl_minutes(result.feed.get("ttl"), errors),
        errors=errors,
    )


class _ContentParams(FeedParserDict):  # type: ignore[misc]  # feedparser is untyped
    """feedparser's parameters of the element it reads (type, language, base, base64...),
    which it deep-copies into the `title_detail`, `summary_detail`... of every entry: as a
    FeedParserDict that copy (pickle's protocol, a `__setitem__` per key) and feedparser's
    many `.get`s on it took a fifth of its time on the documents of bench/ingest.py. Here
    `.get` is dict's and the copy a FeedParserDict of the same items, when they are
    strings, numbers or None and none of the keys is one FeedParserDict maps to another:
    the same dict, as tests/news/test_parse.py holds."""

    get = dict.get  # FeedParserDict's maps keys, and none of these keys is mapped

    def __deepcopy__(self, memo: dict[int, Any]) -> FeedParserDict:
        if self.keys().isdisjoint(_MAPPED) and all(type(v) in _ATOMS for v in self.values()):
            return FeedParserDict(self)
        copied = FeedParserDict()
        for key, value in self.items():
            copied[key] = copy.deepcopy(value, memo)
        return copied


_MAPPED = frozenset(FeedParserDict.keymap)
_ATOMS = frozenset({str, int, bool, type(None)})


class _ContentParamsMixin:
    contentparams: FeedParserDict

    def push_content(self, *args: Any) -> None:
        super().push_content(*args)  # type: ignore[misc]  # feedparser's mixin, after this
        self.contentparams = _ContentParams(self.contentparams)


_StrictParser = type("_StrictParser", (_ContentParamsMixin, feedparser.api.StrictFeedParser), {})
_LooseParser = type("_LooseParser", (_ContentParamsMixin, feedparser.api.LooseFeedParser), {})


def _feedparser_parse(body: bytes, response_headers: dict[str, str]) -> Any:
    """`feedparser.parse(io.BytesIO(body), response_headers=..., sanitize_html=False,
    resolve_relative_uris=False)` (feedparser 6.0.14's `api.parse`, for bytes), with
    feedparser's own parser classes but for their `_ContentParams`: the same result
    (tests/news/test_parse.py holds the two equal)."""
    result = FeedParserDict(bozo=False, entries=[], feed=FeedParserDict(), headers={})
    if not body:
        return result
    result["headers"].update(response_headers)
    data = convert_to_utf8(result["headers"], body, result)
    use_strict_parser = bool(result["encoding"])
    result["version"], data, entities = replace_doctype(data)
    contentloc = result["headers"].get("content-location", "")
    href = result.get("href", "")
    baseuri = make_safe_absolute_uri(href, contentloc) or make_safe_absolute_uri(contentloc) or href
    baselang = result["headers"].get("content-language", None)
    if isinstance(baselang, bytes):
        baselang = baselang.decode("utf-8", "ignore")
    parser: Any = None
    if use_strict_parser:
        parser = _StrictParser(baseuri, baselang, "utf-8")
        parser.resolve_relative_uris = False
        parser.sanitize_html = False
        saxparser = xml.sax.make_parser(feedparser.api.PREFERRED_XML_PARSERS)
        saxparser.setFeature(xml.sax.handler.feature_namespaces, 1)
        with contextlib.suppress(xml.sax.SAXNotSupportedException):  # no external DTD
            saxparser.setFeature(xml.sax.handler.feature_external_ges, 0)
        saxparser.setContentHandler(parser)
        saxparser.setErrorHandler(parser)
        source = xml.sax.xmlreader.InputSource()
        source.setByteStream(io.BytesIO(data))
        try:
            saxparser.parse(source)
        except xml.sax.SAXException as e:
            result["bozo"] = 1
            result["bozo_exception"] = parser.exc or e
            use_strict_parser = False
    if not use_strict_parser:
        parser = _LooseParser(baseuri, baselang, "utf-8", entities)
        parser.resolve_relative_uris = False
        parser.sanitize_html = False
        parser.feed(data.decode("utf-8", "replace"))
    result["feed"] = parser.feeddata
    result["entries"] = parser.entries
    result["version"] = result["version"] or parser.version
    result["namespaces"] = parser.namespaces_in_use
    return result


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
