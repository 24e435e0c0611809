"""Keys that make an entry unique inside a feed and a story recognisable across feeds."""

import functools
import hashlib
import re
from collections import Counter
from collections.abc import Collection, Sequence
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .parse import ParsedEntry

_TRACKING = re.compile(r"^(utm_|fbclid$|gclid$|mc_|ref$|cmpid$|ocid$)")
_WORDS = re.compile(r"[^\W_]+", re.UNICODE)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def content_hash(title: str, summary: str) -> str:
    return sha256(normalise_title(title) + "\n" + " ".join(_WORDS.findall(summary.lower())))


def entry_keys(entries: Sequence[ParsedEntry], *, repeating: Collection[str] = ()) -> list[str]:
    """The dedup key of each entry of one document: its guid; the guid plus the link when
    the guid repeats (inside the document, or in `repeating`: guids the feed is known to
    reuse, so the key stays the same once the other entries drop off); else the link; else
    the content."""
    counts = Counter(entry.guid for entry in entries if entry.guid)
    return [sha256(_raw_key(entry, counts, repeating)) for entry in entries]


def _raw_key(entry: ParsedEntry, counts: Counter[str], repeating: Collection[str]) -> str:
    if entry.guid and (counts[entry.guid] > 1 or entry.guid in repeating):
        return f"guid:{entry.guid}|link:{entry.link or ''}"
    if entry.guid:
        return f"guid:{entry.guid}"
    if entry.link:
        return f"link:{canonical_link(entry.link)}"
    return f"content:{content_hash(entry.title, entry.summary)}"


@functools.lru_cache(maxsize=4096)  # a proposal's links are read again at every recount
def canonical_link(url: str) -> str:
    """Scheme, "www.", tracking parameters, fragment and trailing slash do not make another
    article."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
    except ValueError:  # "http://[::1" and the like: compare it as written
        return url.strip()
    host = host.removeprefix("www.")
    query = parts.query and urlencode(
        sorted((k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k))
    )
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("", host, path, query, ""))


def normalise_title(title: str) -> str:
    return " ".join(_WORDS.findall(title.lower()))


def story_key(link: str | None, title: str) -> str:
    """Shared by the same story in several feeds: its canonical link, else its title."""
    if link:
        return sha256("link:" + canonical_link(link))
    return sha256("title:" + normalise_title(title))
