import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from channels_app.news import actor_source
from channels_app.news.detect import Detection, detect
from channels_app.news.parse import FeedRejected, ParsedEntry, ParsedFeed, parse_feed
from channels_app.news.sources import SourceError, read_source


class Command(BaseCommand):
    help = (
        "Run the news detector over feed documents (RSS 0.9x/1.0/2.0 or Atom) and print what "
        "it finds in each entry. A dry run: it writes nothing. It reads the shipped actor file "
        "plus, when a database is configured, reachable and migrated, the actors editors added "
        "or ended in the admin (--no-db: the file only, the database is never opened). "
        "A source that fails is reported on stderr; the others are still read (exit code 1)."
    )
    stealth_options = ("stdin",)  # tests hand a bytes stream in for "-"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "sources",
            nargs="+",
            metavar="SOURCE",
            help='A feed file path, an http(s) URL, or "-" for standard input.',
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help="One JSON object per entry and line: id, title, detections.",
        )
        parser.add_argument(
            "--no-db",
            action="store_true",
            help="Read the shipped actor file only; never open the database.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sources = options["sources"]
        if options["no_db"]:
            actor_source.reset()
        else:
            actor_source.sync(force=True)
        failed = [s for s in sources if not self._run(s, options["json"], options.get("stdin"))]
        if failed:
            raise CommandError(
                f"{len(failed)} of {len(sources)} sources failed: {', '.join(failed)}", returncode=1
            )

    def _run(self, source: str, as_json: bool, stdin: Any) -> bool:
        try:
            document = read_source(source, stdin=stdin)
            feed = parse_feed(document.body, headers=document.headers, url=document.url)
        except SourceError as exc:
            self.stderr.write(f"{source}: {exc}")
            return False
        except FeedRejected as exc:
            self.stderr.write(f"{source}: feed rejected: {exc}")
            return False
        for warning in feed.errors:
            self.stderr.write(f"{source}: warning: {warning}", style_func=self.style.WARNING)
        if as_json:
            for entry in feed.entries:
                self.stdout.write(json.dumps(entry_record(entry), ensure_ascii=False))
        else:
            self._write_summary(source, feed)
        return True

    def _write_summary(self, source: str, feed: ParsedFeed) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING(f"{feed.title or source}"))
        self.stdout.write(f"  {source}: {len(feed.entries)} entries")
        for entry in feed.entries:
            self.stdout.write(f"\n[{entry_id(entry)}] {entry.title}")
            detections = detect(entry.title, entry.summary, published=entry.published_at)
            for d in detections:
                self.stdout.write(f"  {describe(d)}")
                self.stdout.write(f"      evidence: {d.evidence}")
            if not detections:
                self.stdout.write("  no detections")


def entry_id(entry: ParsedEntry) -> str:
    return entry.guid or entry.link or ""


def entry_record(entry: ParsedEntry) -> dict[str, Any]:
    return {
        "id": entry_id(entry),
        "title": entry.title,
        "detections": [
            d.as_dict() for d in detect(entry.title, entry.summary, published=entry.published_at)
        ],
    }


def describe(d: Detection) -> str:
    proposes = "proposes a change" if d.proposes_change else "no change proposed"
    return (
        f"{'–'.join(d.parties)} {d.kind}: {d.state} "
        f"({d.modality}, confidence {d.confidence:.2f}; {proposes})"
    )
