"""Test helpers: RSS and Atom documents (bytes), the hostile ones a feed may serve, parsed
entries for ingest tests, and a feed factory."""

from datetime import datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape

import factory

from channels_app.models import Feed
from channels_app.news.parse import ParsedEntry

SUSPENDS = "China suspends military hotline with the United States"
SUSPENDS_TOO = "Beijing suspends military hotline with Washington"
RESTORES = "China and US restore military hotline"


def item(
    title: str,
    *,
    guid: str | None = None,
    link: str | None = None,
    summary: str = "",
    published: datetime | None = None,
) -> str:
    parts = [f"<title>{escape(title)}</title>"]
    if guid is not None:
        parts.append(f'<guid isPermaLink="false">{escape(guid)}</guid>')
    if link is not None:
        parts.append(f"<link>{escape(link)}</link>")
    if summary:
        parts.append(f"<description>{escape(summary)}</description>")
    if published is not None:
        parts.append(f"<pubDate>{format_datetime(published, usegmt=True)}</pubDate>")
    return f"<item>{''.join(parts)}</item>"


def rss(
    *items: str, title: str = "Crisis Desk", ttl: int | None = None, encoding: str = "utf-8"
) -> bytes:
    ttl_tag = f"<ttl>{ttl}</ttl>" if ttl is not None else ""
    text = (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://desk.example/</link>"
        f"<description>News</description>{ttl_tag}{''.join(items)}</channel></rss>"
    )
    return text.encode(encoding)


def atom(*entries: tuple[str, str, str]) -> bytes:
    """Entries as (id, link, title)."""
    body = "".join(
        f'<entry><id>{escape(i)}</id><link rel="alternate" href="{escape(link)}"/>'
        f"<title>{escape(title)}</title><updated>2024-04-01T10:00:00Z</updated></entry>"
        for i, link, title in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Office</title><id>urn:feed</id><updated>2024-04-01T00:00:00Z</updated>{body}</feed>"
    ).encode()


def entry(
    title: str,
    *,
    guid: str | None = None,
    link: str | None = None,
    summary: str = "",
    published_at: datetime | None = None,
) -> ParsedEntry:
    """A parsed entry, for ingest tests that skip HTTP and XML."""
    return ParsedEntry(
        guid=guid, link=link, title=title, summary=summary, published_at=published_at
    )


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><link>https://evil.example/1</link></item></channel></rss>"""


def quadratic_blowup(size: int = 50_000, uses: int = 2_000) -> bytes:
    entity = "a" * size
    refs = "&a;" * uses
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "{entity}">]>'
        f'<rss version="2.0"><channel><title>t</title><item><title>{refs}</title>'
        "<link>https://evil.example/2</link></item></channel></rss>"
    ).encode()


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>t</title>
<item><title>&xxe;</title><link>https://evil.example/3</link></item></channel></rss>"""


class FeedFactory(factory.django.DjangoModelFactory):
    """A feed at a host of its own that is never fetched (pass url= to serve it)."""

    class Meta:
        model = Feed

    url = factory.Sequence(lambda n: f"http://feed{n}.example/rss")
    outlet = factory.Sequence(lambda n: f"Outlet {n}")
