"""Evidence URLs in the one form every writer stores and the API serves (`format: uri`): an
http(s) URL in RFC 3986 syntax. What a browser's address bar would fix is fixed the same way:
surrounding spaces dropped, tabs and newlines removed, a non-ASCII host in IDNA (punycode),
and every character RFC 3986 does not allow in a path, query or fragment (space, `"`, `<`,
`>`, `{`, `}`, `|`, `\\`, `^`, backtick, non-ASCII as UTF-8) percent-encoded. A URL that is
still not a valid http(s) URL after that is refused."""

import re
from urllib.parse import SplitResult, quote, urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

MAX_LENGTH = 2000  # Evidence.url
_validator = URLValidator(schemes=["http", "https"])
# What RFC 3986 allows in a path, query or fragment besides unreserved characters (which
# quote() never encodes) and percent-encodings; `#` only starts the fragment.
_SAFE = "!$&'()*+,;=:@/?%"
_USERINFO_SAFE = "!$&'()*+,;=%"
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_C0_OR_SPACE = "".join(map(chr, range(0x21)))


class BadEvidenceUrl(ValueError):
    """Not an http(s) URL, even once normalised."""


def normalize_evidence_url(url: str) -> str:
    """`url` as an RFC 3986 http(s) URL, percent-encoded as a browser would; raises
    BadEvidenceUrl (whose message quotes the URL) if it cannot be one."""
    try:
        normal = _normalized(url)
        _validator(normal)
    except (ValueError, UnicodeError, ValidationError):
        raise BadEvidenceUrl(f"'{_shown(url)}' is not a valid http(s) URL.") from None
    if len(normal) > MAX_LENGTH:
        raise BadEvidenceUrl(f"'{_shown(url)[:100]}…' is longer than {MAX_LENGTH} characters.")
    return normal


def _normalized(url: str) -> str:
    parts = urlsplit(_TAB_OR_NEWLINE.sub("", url.strip(_C0_OR_SPACE)))
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError("not http(s)")
    return urlunsplit(
        (
            parts.scheme.lower(),
            _netloc(parts),
            _encoded(parts.path),
            _encoded(parts.query),
            _encoded(parts.fragment),
        )
    )


def _netloc(parts: SplitResult) -> str:
    host = parts.hostname or ""
    if not host.isascii():
        host = host.encode("idna").decode("ascii")
    if ":" in host:
        host = f"[{host}]"  # IPv6
    userinfo = ""
    if parts.username is not None:
        password = f":{_encoded(parts.password, _USERINFO_SAFE)}" if parts.password else ""
        userinfo = f"{_encoded(parts.username, _USERINFO_SAFE)}{password}@"
    port = f":{parts.port}" if parts.port is not None else ""  # .port checks it is a number
    return f"{userinfo}{host}{port}"


def _encoded(part: str, safe: str = _SAFE) -> str:
    return quote(_STRAY_PERCENT.sub("%25", part), safe=safe, encoding="utf-8", errors="strict")


def _shown(url: str) -> str:
    """The URL as it can be shown in a message (lone surrogates escaped)."""
    return url.encode("utf-8", "backslashreplace").decode("utf-8")
