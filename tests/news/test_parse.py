import copy
import html
import io
import time
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import nh3
import pytest
from feedparser.util import FeedParserDict
from hypothesis import example, given
from hypothesis import strategies as st

from channels_app.news import parse
from channels_app.news.parse import FeedRejected, parse_feed

RSS_091 = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
  "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel>
  <title>Ministry News</title><link>https://ministry.example/</link>
  <description>Statements</description><language>en</language>
  <item><title>Hotline test</title><link>https://ministry.example/1</link>
    <description>The line was tested.</description></item>
</channel></rss>"""

RSS_10 = b"""<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://agency.example/rss">
    <title>Agency Wire</title><link>https://agency.example/</link><description>Wire</description>
    <items><rdf:Seq><rdf:li rdf:resource="https://agency.example/a"/></rdf:Seq></items>
  </channel>
  <item rdf:about="https://agency.example/a">
    <title>Channel suspended</title><link>https://agency.example/a</link>
    <description>Talks paused.</description><dc:date>2024-03-01T12:00:00+02:00</dc:date>
  </item>
</rdf:RDF>"""

RSS_20 = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
  <title>Crisis Desk</title><link>https://desk.example/</link><description>News</description>
  <ttl>30</ttl>
  <item><title>Hotline restored</title><link>https://desk.example/restored</link>
    <guid isPermaLink="false">desk-42</guid>
    <description>&lt;p&gt;Both sides &lt;b&gt;confirmed&lt;/b&gt; it.&lt;/p&gt;</description>
    <pubDate>Tue, 05 Mar 2024 08:30:00 GMT</pubDate></item>
  <item><title>Second item</title><link>https://desk.example/2</link>
    <pubDate>Wed, 06 Mar 2024 09:00:00 +0100</pubDate></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">Foreign &amp;amp; Security Office</title>
  <id>urn:uuid:feed</id><updated>2024-04-01T00:00:00Z</updated>
  <entry><title>Direct line opened</title><id>urn:uuid:1</id>
    <link rel="alternate" href="https://office.example/line"/>
    <updated>2024-04-01T10:00:00Z</updated><published>2024-03-31T22:15:00-02:00</published>
    <summary type="html">&lt;p&gt;A &lt;em&gt;new&lt;/em&gt; line.&lt;/p&gt;</summary></entry>
</feed>"""


def rss_with_items(*items: str, encoding: str = "utf-8") -> bytes:
    text = (
        f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel>'
        f"<title>T</title><link>https://t.example/</link><description>d</description>"
        f"{''.join(items)}</channel></rss>"
    )
    return text.encode(encoding)


def assert_refused_quickly(body: bytes, **kwargs) -> None:
    started = time.monotonic()
    with pytest.raises(FeedRejected, match="declares entities"):
        parse_feed(body, **kwargs)
    assert time.monotonic() - started < 1.0


def test_it_parses_rss_091():
    feed = parse_feed(RSS_091, headers={"Content-Type": "application/rss+xml"})

    assert feed.title == "Ministry News"
    assert [(e.title, e.link) for e in feed.entries] == [
        ("Hotline test", "https://ministry.example/1")
    ]


def test_it_parses_rss_10_rdf():
    feed = parse_feed(RSS_10)

    entry = feed.entries[0]
    assert (feed.title, entry.title, entry.summary) == (
        "Agency Wire",
        "Channel suspended",
        "Talks paused.",
    )
    assert entry.published_at == datetime(2024, 3, 1, 10, 0, tzinfo=UTC)


def test_it_parses_rss_20():
    feed = parse_feed(RSS_20, headers={"Content-Type": "application/rss+xml; charset=utf-8"})

    first = feed.entries[0]
    assert len(feed.entries) == 2
    assert (first.guid, first.link, first.title) == (
        "desk-42",
        "https://desk.example/restored",
        "Hotline restored",
    )
    assert first.summary == "Both sides confirmed it."
    assert first.published_at == datetime(2024, 3, 5, 8, 30, tzinfo=UTC)


def test_it_converts_publication_dates_to_utc():
    feed = parse_feed(RSS_20)

    assert feed.entries[1].published_at == datetime(2024, 3, 6, 8, 0, tzinfo=UTC)


def test_it_parses_atom():
    feed = parse_feed(ATOM, headers={"Content-Type": "application/atom+xml"})

    entry = feed.entries[0]
    assert feed.title == "Foreign & Security Office"
    assert (entry.guid, entry.link, entry.summary) == (
        "urn:uuid:1",
        "https://office.example/line",
        "A new line.",
    )
    assert entry.published_at == datetime(2024, 4, 1, 0, 15, tzinfo=UTC)


def test_it_reads_the_rss_ttl_in_minutes():
    assert parse_feed(RSS_20).ttl_minutes == 30


def test_it_leaves_ttl_empty_when_the_feed_has_none():
    assert parse_feed(ATOM).ttl_minutes is None


def test_it_refuses_billion_laughs():
    lols = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    body = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol0 "lol">{lols}]>'
        f'<rss version="2.0"><channel><title>&lol9;</title></channel></rss>'
    ).encode()

    assert_refused_quickly(body)


def test_it_refuses_a_quadratic_blowup():
    blob = "a" * 50_000
    body = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "{blob}">]>'
        f'<rss version="2.0"><channel><title>t</title><item><description>{"&a;" * 50_000}'
        f"</description></item></channel></rss>"
    ).encode()

    assert_refused_quickly(body)


def test_it_refuses_an_external_entity():
    body = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&xxe;</title></channel></rss>"""

    assert_refused_quickly(body)


def test_it_refuses_entities_in_a_utf16_document():
    body = (
        '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE rss [<!ENTITY a "b">]>'
        '<rss version="2.0"><channel><title>&a;</title></channel></rss>'
    ).encode("utf-16")

    assert_refused_quickly(body)


def test_it_refuses_entities_hidden_by_a_declared_utf7_charset():
    body = (  # "+ADwAIQ-" is "<!" in UTF-7: no "<!ENTITY" appears in the bytes
        b'<?xml version="1.0" encoding="utf-7"?>+ADwAIQ-DOCTYPE rss [+ADwAIQ-ENTITY a "b">]>'
        b'<rss version="2.0"><channel><title>&a;</title></channel></rss>'
    )

    assert_refused_quickly(body, headers={"Content-Type": "application/xml; charset=utf-7"})


def test_it_refuses_entities_declared_after_a_comment_that_looks_like_a_tag():
    body = b"""<?xml version="1.0"?><!-- <x> -->
<!DOCTYPE rss [<!ENTITY a "b">]><rss version="2.0"><channel><title>&a;</title></channel></rss>"""

    assert_refused_quickly(body)


def test_it_does_not_read_an_external_dtd():
    body = b"""<?xml version="1.0"?><!DOCTYPE rss SYSTEM "file:///etc/passwd">
<rss version="2.0"><channel><title>Plain</title></channel></rss>"""

    assert parse_feed(body).title == "Plain"


def test_it_keeps_the_entries_of_a_feed_with_latin1_bytes_declared_as_utf8():
    body = rss_with_items(
        "<item><title>Caf\u00e9 talks</title><link>https://t.example/1</link></item>",
        "<item><title>Second</title><link>https://t.example/2</link></item>",
        encoding="latin-1",
    ).replace(b'encoding="latin-1"', b'encoding="utf-8"')

    feed = parse_feed(body, headers={"Content-Type": "application/rss+xml; charset=utf-8"})

    assert [e.title for e in feed.entries] == ["Caf\u00e9 talks", "Second"]
    assert any("CharacterEncodingOverride" in error for error in feed.errors)


def test_it_rejects_an_html_page():
    page = b"<!DOCTYPE html><html><head><title>Home</title></head><body><p>Hi</p></body></html>"

    with pytest.raises(FeedRejected, match="not an RSS or Atom feed"):
        parse_feed(page, headers={"Content-Type": "text/html; charset=utf-8"})


def test_it_rejects_garbage():
    with pytest.raises(FeedRejected, match="not an RSS or Atom feed"):
        parse_feed(b"\x00\x01\xfe garbage \xff")


def test_it_rejects_an_empty_body():
    with pytest.raises(FeedRejected):
        parse_feed(b"")


def test_it_keeps_every_entry_when_one_has_a_broken_date():
    body = rss_with_items(
        "<item><title>A</title><pubDate>Tue, 05 Mar 2024 08:30:00 GMT</pubDate></item>",
        "<item><title>B</title><pubDate>the day after tomorrow</pubDate></item>",
        "<item><title>C</title></item>",
    )

    feed = parse_feed(body)

    assert [(e.title, e.published_at is None) for e in feed.entries] == [
        ("A", False),
        ("B", True),
        ("C", True),
    ]
    assert feed.errors == ["entry 1: unreadable date 'the day after tomorrow'"]


def test_it_keeps_the_other_entries_when_one_fails_to_convert(monkeypatch):
    real = parse.plain_text

    def plain_text(fragment: str) -> str:
        if fragment == "boom":
            raise ValueError("cannot convert")
        return real(fragment)

    monkeypatch.setattr(parse, "plain_text", plain_text)
    body = rss_with_items(*(f"<item><title>{t}</title></item>" for t in ("A", "boom", "C")))

    feed = parse_feed(body)

    assert [e.title for e in feed.entries] == ["A", "C"]
    assert feed.errors == ["entry 1: ValueError: cannot convert"]


def test_it_strips_a_script_from_a_summary():
    body = rss_with_items(
        "<item><title>x</title><description><![CDATA[<p>Calm</p><script>alert(1)</script>"
        "<img src=x onerror=alert(2)><style>p{}</style><applet>app</applet>]]></description>"
        "</item>"
    )

    summary = parse_feed(body).entries[0].summary

    assert summary == "Calm"


def test_it_returns_summaries_as_plain_text_with_entities_decoded():
    body = rss_with_items(
        "<item><title>x</title>"
        "<description>&lt;b&gt;Q&amp;amp;A&lt;/b&gt;   today</description></item>"
    )

    assert parse_feed(body).entries[0].summary == "Q&A today"


def test_it_drops_a_javascript_link():
    body = rss_with_items("<item><title>x</title><link>javascript:alert(1)</link></item>")

    feed = parse_feed(body)

    assert feed.entries[0].link is None
    assert feed.errors == ["entry 0: dropped link 'javascript:alert(1)'"]


def test_it_resolves_a_relative_link_against_the_feed_url():
    body = rss_with_items("<item><title>x</title><link>/news/1</link></item>")

    feed = parse_feed(body, url="https://desk.example/rss.xml")

    assert feed.entries[0].link == "https://desk.example/news/1"


def test_it_records_a_ttl_that_is_not_a_number():
    body = RSS_20.replace(b"<ttl>30</ttl>", b"<ttl>soon</ttl>")

    feed = parse_feed(body)

    assert feed.ttl_minutes is None
    assert feed.errors == ["feed: ttl 'soon' is not a number of minutes"]


def _through_nh3(fragment: str) -> str:
    return " ".join(html.unescape(nh3.clean(fragment, tags=set())).split())


@given(st.text(alphabet=st.characters(exclude_characters="<&", exclude_categories=())))
@example("\ufeff")  # a leading byte-order mark: nh3 drops it (found by Hypothesis)
@example("\ufeffChina and India")
@example("a\ufeffb")
def test_text_without_markup_comes_out_as_nh3_would_give_it(fragment):
    # plain_text skips nh3 for such text: NUL and lone surrogates must still go through it.
    try:
        expected = _through_nh3(fragment)
    except UnicodeEncodeError:  # a lone surrogate: nh3 refuses it, and so must plain_text
        with pytest.raises(UnicodeEncodeError):
            parse.plain_text(fragment)
        return
    assert parse.plain_text(fragment) == expected


@pytest.mark.parametrize("fragment", ["a\x00b", " Tab\tand\r\nnew line ", "5 > 3", "Café “x”"])
def test_plain_text_without_markup_is_what_nh3_gives(fragment):
    assert parse.plain_text(fragment) == _through_nh3(fragment)


def test_a_lone_surrogate_is_refused_as_nh3_refuses_it():
    with pytest.raises(UnicodeEncodeError):
        parse.plain_text("a\ud800b")


# --- parse_feed's feedparser run: feedparser.parse's result, its content parameters faster


def _feedparser_result(result) -> tuple[dict, tuple[str, str] | None]:
    # An exception is equal only to itself: compare its type and message.
    result = dict(result)
    exc = result.pop("bozo_exception", None)
    return result, None if exc is None else (type(exc).__name__, str(exc))


_FIXTURES = Path(__file__).resolve().parents[1] / "data" / "feeds"
_XHTML_ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en_GB">
  <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">An <b>x</b> feed</div></title>
  <id>urn:f</id><updated>2024-04-01T00:00:00Z</updated>
  <entry><title type="text">T</title><id>urn:1</id><link href="/rel/1"/>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Body</p></div></content>
    <content type="application/octet-stream">aGVsbG8=</content>
    <summary type="html" xml:base="https://other.example/">&lt;a href="x"&gt;x&lt;/a&gt;</summary>
    <source><title>Source</title><id>urn:s</id></source>
  </entry>
</feed>"""
_CONTENT_RSS = rss_with_items(
    '<item xmlns:content="http://purl.org/rss/1.0/modules/content/"><title>A</title>'
    "<description>plain &amp; simple</description>"
    "<content:encoded><![CDATA[<p>More</p>]]></content:encoded></item>",
    "<item><title>B &lt;i&gt;b&lt;/i&gt;</title><description>&lt;p&gt;x</description></item>",
)
_DOCUMENTS = [
    RSS_091,
    RSS_10,
    RSS_20,
    ATOM,
    _XHTML_ATOM,
    _CONTENT_RSS,
    rss_with_items("<item><title>caf\xe9</title></item>", encoding="latin-1"),
    b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
    b"<item><title>Unclosed &amp; broken</title><description>x</item></channel></rss>",
    b"<html><body><p>not a feed</p></body></html>",
    b"",
    *(path.read_bytes() for path in sorted(_FIXTURES.glob("*.*")) if path.suffix != ".md"),
]


@pytest.mark.parametrize("body", _DOCUMENTS)
@pytest.mark.parametrize(
    "headers",
    [
        {"content-type": "application/xml"},
        {"content-type": "application/rss+xml; charset=utf-8", "content-language": "fr"},
        {"content-type": "application/xml", "content-location": "https://desk.example/feed"},
        {"content-type": "text/html"},
    ],
)
def test_the_feedparser_run_gives_what_feedparser_parse_gives(body, headers):
    expected = feedparser.parse(
        io.BytesIO(body),
        response_headers=dict(headers),
        sanitize_html=False,
        resolve_relative_uris=False,
    )

    result = parse._feedparser_parse(body, dict(headers))

    assert _feedparser_result(result) == _feedparser_result(expected)
    for got, want in zip(result.entries, expected.entries, strict=True):
        assert {k: type(v) for k, v in got.items()} == {k: type(v) for k, v in want.items()}


@pytest.mark.parametrize(
    "items",
    [
        {"type": "text/html", "language": None, "base": "https://x.example/", "base64": False},
        {"type": "text/plain", "language": "en", "base": "", "base64": 1, "src": "a"},
        {"type": "text/html", "language": None, "extra": ["a", {"b": "c"}]},  # not atoms
        {"type": "text/html", "description": "a key FeedParserDict maps"},
    ],
)
def test_content_parameters_copy_as_feedparser_copies_them(items):
    expected = copy.deepcopy(FeedParserDict(items))

    copied = copy.deepcopy(parse._ContentParams(items))

    assert type(copied) is FeedParserDict
    assert copied == expected
    assert list(copied) == list(expected)
    for key, value in copied.items():
        if not isinstance(value, str | int | type(None)):
            assert value is not items[key]
