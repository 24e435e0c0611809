"""The changes log's keyset pages at 100,000 changes: a deep page against the first, in the
same run, and what OFFSET would have cost at the same depth.

    .venv/bin/python bench/changes.py [--channels 1000] [--changes 100000] [--repeat 15]

Creates its own PostgreSQL database (bench_changes on 127.0.0.1, user postgres), migrates it
and seeds it as bench/dashboard.py does (bulk, bench only), plus a note on every change and a
source on every third. Then it renders /changes/ cold (the view itself, no page cache: what
the first visitor after a change waits for) at page 1 and at a page 90% of the way down the
log, unfiltered and filtered, and prints the median of `--repeat` renders, the queries each
render made, and the ratio deep / first (goal: about 1, whatever the depth). For contrast it
times the page's row query alone with keyset and with OFFSET at the same depth, and the
site search. The load average is printed beside every figure. The database is dropped at
the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.dashboard import scratch_database, seed  # noqa: E402

NOTES = [
    "Talks held at the defence ministers' meeting; both sides agreed to keep the line open.",
    "Consultations cancelled after the visit; the hotline went unanswered.",
    "Trade negotiators met in Geneva and agreed a 90-day truce.",
    "Embassy staff expelled and the ambassador recalled for consultations.",
    "Working group on counter-narcotics launched.",
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--channels", type=int, default=1000)
    parser.add_argument("--changes", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--depth", type=float, default=0.9, help="where the deep page is")
    parser.add_argument("--database", default="bench_changes")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    return parser.parse_args()


def load() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


def notes_and_sources() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE channels_app_statechange SET note = (%s::text[])[1 + id %% %s]",
            [NOTES, len(NOTES)],
        )
        cursor.execute(
            "INSERT INTO channels_app_evidence (change_id, url, outlet, title, published_at) "
            "SELECT id, 'https://example.org/news/' || id, 'Example News', "
            "'Officials comment on the channel, report ' || id, effective_at "
            "FROM channels_app_statechange WHERE id % 3 = 0"
        )
        cursor.execute("ANALYZE")


def queries_of(render: Callable[[], object]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    render()  # warm: connection, templates, URLconf
    with CaptureQueriesContext(connection) as queries:
        render()
    return len(queries)


def timed(renders: list[Callable[[], object]], repeat: int) -> list[float]:
    """Median milliseconds of `repeat` calls of each render, taken in turn (a, b, a, b, ...)
    so that the machine's load, which moves, weighs on each alike."""
    seconds: list[list[float]] = [[] for _ in renders]
    for _ in range(repeat):
        for render, taken in zip(renders, seconds, strict=True):
            started = time.perf_counter()
            render()
            taken.append(time.perf_counter() - started)
    return [statistics.median(taken) * 1000 for taken in seconds]


def deep_cursor(query: str, depth: float) -> str:
    """The cursor of the page that starts `depth` of the way down the log for `query`."""
    from django.http import QueryDict

    from channels_app.change_filters import read_change_filters
    from channels_app.models import StateChange
    from channels_app.views.changes import OLDER, Cursor

    filters, _, _ = read_change_filters(QueryDict(query))
    rows = StateChange.objects.active().filter(filters.q).order_by("-recorded_at", "-id")
    position = int(rows.count() * depth)
    row = rows.values_list("recorded_at", "id")[position]
    return Cursor(row[0], row[1], OLDER).dumps()


def render_page(url: str, params: dict[str, str]) -> Callable[[], object]:
    from django.test import RequestFactory

    from channels_app.views.changes import changes_log
    from channels_app.views.search import search

    view = search if url == "/search/" else changes_log
    factory = RequestFactory()

    def render() -> object:
        response = view(factory.get(url, params))
        assert response.status_code == 200, (url, params, response.status_code)
        return response

    return render


def row_query(depth_rows: int, keyset: str | None) -> Callable[[], object]:
    from channels_app.models import StateChange
    from channels_app.views.changes import PAGE_SIZE, Cursor

    changes = StateChange.objects.active().order_by("-recorded_at", "-id")
    if keyset:
        cursor = Cursor.loads(keyset)
        return lambda: list(cursor.select(changes).values_list("id", flat=True)[:PAGE_SIZE])
    return lambda: list(changes.values_list("id", flat=True)[depth_rows : depth_rows + PAGE_SIZE])


def main() -> None:
    args = parse_args()
    with scratch_database(args.pg, args.database) as database_url:
        os.environ.update(
            DJANGO_SETTINGS_MODULE="bench.settings_bench",
            DATABASE_URL=database_url,
            REDIS_URL="",
            PYTHONPATH=str(ROOT),
        )
        import django
        from django.core.management import call_command

        django.setup()
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        seed(args.channels, args.changes // args.channels)
        notes_and_sources()
        print(f"seeded {args.channels} channels, {args.changes} changes in "
              f"{time.perf_counter() - started:.1f}s ({load()})")  # fmt: skip
        run(args)


def run(args: argparse.Namespace) -> None:
    from django.db import connection

    print(f"\n/changes/ cold render, median of {args.repeat} (view + template, no page cache)")
    print(f"{'':34} {'first ms':>9} {'deep ms':>9} {'queries':>8} {'deep/first':>11}")
    for label, query in [
        ("all changes", ""),
        ("kind=military", "kind=military"),
        ("country=af", "country=af"),
        ("state=severed&origin=import", "state=severed&origin=import"),
    ]:
        params = dict(p.split("=") for p in query.split("&") if p)
        pages = [
            render_page("/changes/", params),
            render_page("/changes/", {**params, "cursor": deep_cursor(query, args.depth)}),
        ]
        queries = "/".join(str(queries_of(page)) for page in pages)
        first, deep = timed(pages, args.repeat)
        print(f"{label:34} {first:9.1f} {deep:9.1f} {queries:>8} {deep / first:11.2f}  ({load()})")

    depth_rows = int(args.changes * args.depth)
    queries = [row_query(0, None), row_query(depth_rows, deep_cursor("", args.depth))]
    queries.append(row_query(depth_rows, None))
    first, keyset, offset = timed(queries, args.repeat)
    print(f"\nthe row query alone: first page {first:.2f} ms; at row {depth_rows:,} keyset "
          f"{keyset:.2f} ms (x{keyset / first:.2f}), OFFSET {offset:.2f} ms "
          f"(x{offset / first:.1f}) ({load()})")  # fmt: skip

    from channels_app.models import StateChange
    from channels_app.views.changes import Cursor

    cursor = Cursor.loads(deep_cursor("", args.depth))
    deep_rows = cursor.select(StateChange.objects.for_log())[:51]
    plan = deep_rows.explain().splitlines()
    print("plan of the deep page's rows:", "; ".join(line.strip() for line in plan[:3]))

    print(f"\n/search/ cold render, median of {args.repeat}")
    for q in ("talks", "hotline unanswered", "china", "zzzz"):
        render = render_page("/search/", {"q": q})
        count = queries_of(render)
        [ms] = timed([render], args.repeat)
        print(f"q={q!r:24} {ms:9.1f} ms {count:3} queries ({load()})")
    print(f"database: {connection.vendor}")


if __name__ == "__main__":
    main()
