"""Turn a news corpus (JSON lines: id, date, source, title, summary) into a feed document.

    python tools/feed_from_corpus.py tests/data/news-dev.jsonl --format atom -o feed.xml
    python tools/feed_from_corpus.py tests/data/news-dev.jsonl --ids d01,n02 > feed.rss

Each item's id becomes its guid (RSS 2.0 <guid>, Atom <id>, RSS 1.0 rdf:about). RSS 0.91
has no guid element, so there an item is known by its link. Links are made up
(https://news.example/<source>/<id>). Standalone: no Django needed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

FORMATS = ("rss2", "atom", "rss1", "rss091")
_BASE = "https://news.example"


def load_corpus(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def item_link(item: dict) -> str:
    outlet = re.sub(r"[^a-z0-9]+", "-", item.get("source", "news").lower()).strip("-")
    return f"{_BASE}/{outlet or 'news'}/{item['id']}"


def render(items: Iterable[dict], fmt: str = "rss2", *, title: str = "Corpus wire") -> bytes:
    """The feed document, UTF-8 encoded, in one of FORMATS."""
    renderers: dict[str, Callable[[list[dict], str], str]] = {
        "rss2": _rss2,
        "atom": _atom,
        "rss1": _rss1,
        "rss091": _rss091,
    }
    if fmt not in renderers:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    return renderers[fmt](list(items), title).encode("utf-8")


def _date(item: dict) -> datetime:
    return datetime.fromisoformat(item.get("date") or "2024-01-01").replace(tzinfo=UTC, hour=12)


def _rss2(items: list[dict], title: str) -> str:
    entries = "".join(
        f"\n  <item><title>{escape(i['title'])}</title><link>{escape(item_link(i))}</link>"
        f'\n    <guid isPermaLink="false">{escape(i["id"])}</guid>'
        f"\n    <description>{escape(i['summary'])}</description>"
        f"\n    <pubDate>{format_datetime(_date(i), usegmt=True)}</pubDate></item>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>\n'
        f"  <title>{escape(title)}</title><link>{_BASE}/</link>"
        f"<description>{escape(title)}</description>{entries}\n</channel></rss>\n"
    )


def _atom(items: list[dict], title: str) -> str:
    updated = max((_date(i) for i in items), default=datetime(2024, 1, 1, tzinfo=UTC))
    entries = "".join(
        f"\n  <entry><title>{escape(i['title'])}</title><id>{escape(i['id'])}</id>"
        f'\n    <link rel="alternate" href={quoteattr(item_link(i))}/>'
        f"\n    <updated>{_date(i).isoformat()}</updated>"
        f"<published>{_date(i).isoformat()}</published>"
        f"\n    <summary>{escape(i['summary'])}</summary></entry>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"  <title>{escape(title)}</title><id>{_BASE}/feed</id>"
        f"<updated>{updated.isoformat()}</updated>{entries}\n</feed>\n"
    )


def _rss1(items: list[dict], title: str) -> str:
    seq = "".join(f"<rdf:li rdf:resource={quoteattr(i['id'])}/>" for i in items)
    entries = "".join(
        f"\n  <item rdf:about={quoteattr(i['id'])}><title>{escape(i['title'])}</title>"
        f"<link>{escape(item_link(i))}</link>"
        f"\n    <description>{escape(i['summary'])}</description>"
        f"<dc:date>{_date(i).isoformat()}</dc:date></item>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"\n'
        '         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        f'  <channel rdf:about="{_BASE}/rss"><title>{escape(title)}</title>'
        f"<link>{_BASE}/</link><description>{escape(title)}</description>"
        f"\n    <items><rdf:Seq>{seq}</rdf:Seq></items></channel>{entries}\n</rdf:RDF>\n"
    )


def _rss091(items: list[dict], title: str) -> str:
    entries = "".join(
        f"\n  <item><title>{escape(i['title'])}</title><link>{escape(item_link(i))}</link>"
        f"\n    <description>{escape(i['summary'])}</description></item>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="0.91"><channel>\n'
        f"  <title>{escape(title)}</title><link>{_BASE}/</link>"
        f"<description>{escape(title)}</description><language>en</language>"
        f"{entries}\n</channel></rss>\n"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", help="JSON lines file (id, date, source, title, summary)")
    parser.add_argument("--format", choices=FORMATS, default="rss2")
    parser.add_argument("--ids", help="comma-separated item ids to keep, in corpus order")
    parser.add_argument("--limit", type=int, help="keep at most this many items")
    parser.add_argument("--title", default="Corpus wire")
    parser.add_argument("-o", "--output", help="write here instead of standard output")
    args = parser.parse_args(argv)
    items = load_corpus(args.corpus)
    if args.ids:
        wanted = set(args.ids.split(","))
        items = [i for i in items if i["id"] in wanted]
    items = items[: args.limit] if args.limit is not None else items
    document = render(items, args.format, title=args.title)
    if args.output:
        Path(args.output).write_bytes(document)
    else:
        sys.stdout.buffer.write(document)
    return 0


if __name__ == "__main__":
    sys.exit(main())
