"""Which offices the actor table leaves empty, day by day, for the countries it must cover.

    .venv/bin/python tools/actor_coverage.py [--to 2026-12-06] [--strict] [--write-pending]

The required countries are the G20 members, the countries of the demo data
(channels_app/demo/seed.json) and those named in the labels or topic pairs of the corpora
under tests/data, except the two frozen test parts, which are never read. For each of them
and each role of ROLES, a day from 2000-01-01 to `--to` is covered when a `person` row of that
country holding the role (alone or joined with `+`) is valid that day. Known vacancies (no
such office, a shared monarch, a state that did not exist yet) are listed with their reason
in lang/en/actor_vacancies.csv. A stretch of at most HANDOVER days between two terms is a
handover (an acting office-holder, a cabinet being formed) and not a gap unless --strict.

What is left is printed as gaps. The (country, role) pairs not compiled yet are listed in
lang/en/actor_coverage_pending.csv (--write-pending rewrites it from the gaps found):
tests/news/test_actor_coverage.py fails on any gap not listed there, and on any listed pair
that has no gap any more, so the list can only shrink.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from channels_app.news.detect.actors import Actor

ROOT = Path(__file__).resolve().parents[1]
LANG = ROOT / "channels_app" / "news" / "detect" / "lang" / "en"
VACANCIES = LANG / "actor_vacancies.csv"
PENDING = LANG / "actor_coverage_pending.csv"
DEMO = ROOT / "channels_app" / "demo" / "seed.json"
CORPORA = ROOT / "tests" / "data"
# The frozen test parts: only the lead reads them (DETECTOR.md). Never opened here.
# The spent holdouts' countries are read (codes only; nobody reads their texts).
FROZEN = frozenset({"corpus2/test.jsonl"})
# fmt: off
G20 = ("AR", "AU", "BR", "CA", "CN", "FR", "DE", "IN", "ID", "IT", "JP", "KR", "MX", "RU", "SA",
       "ZA", "TR", "GB", "US")
# fmt: on
ROLES = ("head_of_state", "head_of_government", "foreign", "defence", "trade")
START = dt.date(2000, 1, 1)
HANDOVER = 45  # days between two terms read as a handover, not a gap
OPEN = dt.date(9999, 12, 30)  # an open-ended term; one day short of date.max, so +1 day works

Span = tuple[dt.date, dt.date]


def corpus_files() -> list[Path]:
    return sorted(
        path
        for path in CORPORA.rglob("*.jsonl")
        if path.relative_to(CORPORA).as_posix() not in FROZEN
    )


def required_countries() -> set[str]:
    codes = set(G20)
    for channel in json.loads(DEMO.read_text(encoding="utf-8"))["channels"]:
        codes.update(channel["pair"])
    for path in corpus_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                codes.update(item.get("topic_pair") or ())
                for label in item.get("labels", ()):
                    codes.update(label["parties"])
    return codes


def load_vacancies(path: Path = VACANCIES) -> list[tuple[str, str, Span, str]]:
    """(country, role, (first, last day), reason) for each documented vacancy."""
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [
        (
            row["country"],
            row["role"],
            (
                dt.date.fromisoformat(row["valid_from"]) if row["valid_from"] else START,
                dt.date.fromisoformat(row["valid_to"]) if row["valid_to"] else OPEN,
            ),
            row["reason"],
        )
        for row in rows
    ]


def merge(spans: Iterable[Span]) -> list[Span]:
    merged: list[Span] = []
    for first, last in sorted(spans):
        if merged and first <= merged[-1][1] + dt.timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def uncovered(
    spans: Iterable[Span], start: dt.date, end: dt.date, *, handover: int = 0
) -> list[Span]:
    """The stretches of start..end (inclusive) that no span covers; a stretch of at most
    `handover` days between two spans does not count."""
    gaps, day = [], start
    for first, last in merge(spans):
        if last < day:
            continue
        if first > end:
            break
        if first > day and not (day > start and (first - day).days <= handover):
            gaps.append((day, first - dt.timedelta(days=1)))
        day = max(day, last + dt.timedelta(days=1))
    if day <= end:
        gaps.append((day, end))
    return gaps


def gaps(
    actors: Iterable[Actor], countries: Iterable[str], end: dt.date, *, handover: int = HANDOVER
) -> dict[tuple[str, str], list[Span]]:
    """(country, role) -> the days from START to `end` with no office-holder and no vacancy."""
    held: dict[tuple[str, str], list[Span]] = {}
    for actor in actors:
        if actor.type != "person" or len(actor.codes) != 1:
            continue
        span = (actor.valid_from or START, actor.valid_to or OPEN)
        for role in actor.roles:
            held.setdefault((actor.codes[0], role), []).append(span)
    for code, role, span, _ in load_vacancies():
        held.setdefault((code, role), []).append(span)
    found = {}
    for code in sorted(countries):
        for role in ROLES:
            if missing := uncovered(held.get((code, role), ()), START, end, handover=handover):
                found[(code, role)] = missing
    return found


def load_pending(path: Path = PENDING) -> set[tuple[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return {(row["country"], row["role"]) for row in csv.DictReader(handle)}


def write_pending(found: dict[tuple[str, str], list[Span]], path: Path = PENDING) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["country", "role", "days_missing"])
        for (code, role), spans in sorted(found.items()):
            writer.writerow([code, role, sum((b - a).days + 1 for a, b in spans)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--to", type=dt.date.fromisoformat, default=dt.datetime.now(dt.UTC).date())
    parser.add_argument("--strict", action="store_true", help="count handovers as gaps")
    parser.add_argument("--write-pending", action="store_true", help=f"rewrite {PENDING.name}")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings.local")
    django.setup()
    from channels_app.news.detect import gazetteer

    countries = required_countries()
    handover = 0 if args.strict else HANDOVER
    found = gaps(gazetteer.shipped_actors(), countries, args.to, handover=handover)
    if args.write_pending:
        write_pending(found)
    for (code, role), spans in found.items():
        days = sum((last - first).days + 1 for first, last in spans)
        shown = ", ".join(f"{a}..{b}" for a, b in spans[:4]) + (" ..." if len(spans) > 4 else "")
        print(f"{code} {role:<18} {days:>5} days  {shown}")
    short = {code for code, _ in found}
    print(
        f"{len(countries)} countries required, {len(countries) - len(short)} fully covered; "
        f"{len(found)} (country, role) pairs with gaps in {len(short)} countries"
    )
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
