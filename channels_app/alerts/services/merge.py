"""Mail merge at the MIME level, for alert batches.

Django builds a MIME message in about 1.5 ms of CPU, several times what sending it costs, and
an alert differs between subscribers only in its recipient, Message-ID and two links. So a
batch builds one message per change with marks in those places, and each subscriber's bytes
are that template with the marks replaced. A template whose marks did not survive encoding
intact, or whose parts are quoted-printable or base64 (Django's choice for very long lines;
their lines may not grow), is refused, and so is a value that would need encoding (a
non-ASCII address, a link that HTML-escaping changes): those messages are built by Django
as usual.
"""

import email
import functools
from collections.abc import Mapping
from email.header import Header
from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.utils.html import escape

TO_MARK = "merge-recipient@merge.invalid"
KEY_MARK = "merge-key-4f1d9c"
_LINE_LENGTH_BOUND = (
    b"Content-Transfer-Encoding: quoted-printable",
    b"Content-Transfer-Encoding: base64",
)


class Prebuilt:
    """What a merged email's message() returns: the bytes, with the few methods Django's
    backends call (SMTP: as_bytes; console and file: get_charset; headers for tests)."""

    def __init__(self, raw: bytes) -> None:
        self.raw = raw

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n") -> bytes:
        return self.raw if linesep == "\r\n" else self.raw.replace(b"\r\n", linesep.encode())

    def as_string(self, unixfrom: bool = False, linesep: str = "\n") -> str:
        return self.as_bytes(linesep=linesep).decode("utf-8", "replace")

    def get_charset(self) -> None:
        return None

    def parsed(self) -> email.message.Message:
        return email.message_from_bytes(self.raw)

    def __getitem__(self, name: str) -> Any:
        return self.parsed()[name]


class Template:
    """One alert's MIME bytes with marks for what differs per subscriber."""

    def __init__(self, raw: bytes, marks: Mapping[str, int]) -> None:
        self.raw = raw
        self.marks = dict(marks)

    @classmethod
    def build(
        cls, sample: EmailMultiAlternatives, expected: Mapping[str, int]
    ) -> "Template | None":
        """`sample` is the email built with the marks as values; `expected` says how often
        each mark must appear in its bytes. None if any mark did not come through intact."""
        raw = sample.message().as_bytes(linesep="\r\n")
        if any(encoding in raw for encoding in _LINE_LENGTH_BOUND):
            return None  # quoted-printable and base64 lines may not grow
        if any(raw.count(mark.encode()) != count for mark, count in expected.items()):
            return None
        return cls(raw, expected)

    def merge(self, values: Mapping[str, str]) -> bytes | None:
        """The bytes for one subscriber, or None if a value cannot go in as it is."""
        if any(
            not v.isascii() or "\r" in v or "\n" in v or escape(v) != v for v in values.values()
        ):
            return None
        raw = self.raw
        for mark, value in values.items():
            raw = raw.replace(mark.encode(), value.encode())
        return raw


class BulkEmail(EmailMultiAlternatives):
    """An email whose non-ASCII subject is RFC 2047-encoded once per subject, not once per
    message (the stdlib's header encoder alone costs more than sending an alert), and which
    sends `raw` bytes when a template made them."""

    raw: bytes | None = None

    def message(self) -> Any:
        if self.raw is not None:
            return Prebuilt(self.raw)
        readable = self.subject
        self.subject = encoded_subject(readable)
        try:
            return super().message()
        finally:
            self.subject = readable


@functools.lru_cache(maxsize=256)
def encoded_subject(subject: str) -> str:
    if subject.isascii():
        return subject
    # One line of encoded words (decoders ignore the spaces between them); refolded on output.
    return " ".join(Header(subject, "utf-8").encode().split())
