"""Reading a feed document named on a command line: a file path, an http(s) URL, or "-" for
standard input. URLs go through the one outbound HTTP module (guard, timeouts, size cap)."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ..net import http

STDIN = "-"
_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"


class SourceError(Exception):
    """The source could not be read: no such file, a failed fetch, a non-2xx answer."""


@dataclass(frozen=True)
class Document:
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    url: str = ""  # where it was fetched from: the base for relative links


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def read_source(source: str, *, stdin: BinaryIO | None = None) -> Document:
    """The bytes of `source` with, for a URL, the response headers and final URL."""
    if source == STDIN:
        return Document((stdin or sys.stdin.buffer).read())
    if is_url(source):
        return _fetch(source)
    try:
        return Document(Path(source).read_bytes())
    except OSError as exc:
        raise SourceError(f"cannot read file: {exc.strerror or exc}") from exc


def _fetch(url: str) -> Document:
    try:
        result = http.fetch(url, headers={"Accept": _ACCEPT})
    except http.FetchError as exc:
        raise SourceError(f"fetch failed ({exc.kind}): {exc}") from exc
    if not 200 <= result.status < 300:
        raise SourceError(f"fetch failed: HTTP {result.status} from {result.url}")
    return Document(result.body, dict(result.headers), result.url)
