"""History export: streamed rows against the same rows materialised as a list.

    .venv/bin/python bench/export.py [--changes 100000] [--channels 200] [--chunk-size 1000]

The script fills a throwaway database with N changes (bulk_create straight into the tables,
for speed: a bench, not the app; the app writes through services.changes), then, at N/10
changes and at N changes, measures:
  (a) streamed CSV: services.history_export.export_rows() -> csv_lines() -> the view's 64 KB
      buffers, consumed and thrown away: rows per CPU second (this process; the database
      server's time is not in it), and peak Python memory (tracemalloc);
  (b) the baseline: the same rows built as a list first (list(export_rows())), then
      written: rows/s and peak memory;
  (c) streamed JSON, and the CSV through the real view (Django test client, anonymous).
Goal: (a)'s peak memory does not grow with N (flat between N/10 and N), (b)'s does.
Times are measured without tracemalloc (it slows allocation-heavy code several-fold), then
each phase is run again under tracemalloc for its peak.

The database is thrown away: an SQLite file in a temporary directory by default; with
DATABASE_URL set, Django's test database next to it (test_<name>), created and destroyed.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from throwaway import throwaway_database  # noqa: E402  (bench/, beside this script)

STATES = ["open", "limited", "suspended", "severed"]
NOTE = 'Talks cancelled, "until further notice";\nsecond line — 对话 ✓'


# --- data -------------------------------------------------------------------------------


def fill(channels: int, changes: int, start: int = 0) -> None:
    """`changes` more rows spread over `channels` channels, each channel's history a valid
    sequence (old_state = the previous new_state), one or two sources per change."""
    from django.db import transaction
    from django_countries import countries

    from channels_app.models import Channel, Evidence, StateChange

    with transaction.atomic():
        if not Channel.objects.exists():
            codes = sorted(code for code, _ in countries)
            pairs = list(combinations(codes, 2))[::97][:channels]
            Channel.objects.bulk_create(
                Channel(country_a=a, country_b=b, kind="military", name=f"{a}–{b} military")
                for a, b in pairs
            )
        channel_ids = list(Channel.objects.order_by("id").values_list("id", flat=True))
        recorded = datetime(2026, 1, 1, tzinfo=UTC)
        base = datetime(1990, 1, 1, tzinfo=UTC)
        batch = 5000
        for first in range(start, start + changes, batch):
            numbers = range(first, min(first + batch, start + changes))
            rows = []
            for n in numbers:
                step = n // len(channel_ids)  # the change's place in its channel's history
                rows.append(
                    StateChange(
                        channel_id=channel_ids[n % len(channel_ids)],
                        old_state=STATES[(step - 1) % 4] if step else "unknown",
                        new_state=STATES[step % 4],
                        effective_at=base + timedelta(hours=step * 3, minutes=n % 60),
                        recorded_at=recorded,
                        origin="import",
                        note=NOTE if n % 3 == 0 else "",
                    )
                )
            made = StateChange.objects.bulk_create(rows)
            Evidence.objects.bulk_create(
                Evidence(
                    change_id=change.pk,
                    url=f"https://news.example.org/{change.pk}/{k}?a=1,b=2",
                    outlet="Example News",
                    title=f"Story {change.pk}, part {k}",
                    published_at=change.effective_at,
                )
                for change in made
                for k in range(1 + change.pk % 2)
            )
        # Past the writer: its trends summary is rebuilt, as `manage.py rebuild_trends` does.
        from channels_app.services.trend_days import rebuild_trend_days

        rebuild_trend_days()


# --- measuring --------------------------------------------------------------------------


@dataclass
class Figure:
    name: str
    rows: int
    seconds: float  # wall clock
    cpu: float  # this process's CPU time: steadier when other processes share the cores
    peak_mb: float

    @property
    def rate(self) -> float:
        return self.rows / self.cpu if self.cpu else float("inf")


def measure(name: str, run: Callable[[], int]) -> Figure:
    gc.collect()
    started, cpu = time.perf_counter(), time.process_time()
    rows = run()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    gc.collect()
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return Figure(name, rows, seconds, cpu, peak / 1e6)


def streamed_csv(chunk_size: int) -> Callable[[], int]:
    from channels_app.api.export import buffered
    from channels_app.services.history_export import csv_lines, export_rows

    counter = [0]

    def run() -> int:
        rows = _counted(export_rows(chunk_size=chunk_size), counter)
        for _ in buffered(csv_lines(rows)):
            pass
        count, counter[0] = counter[0], 0
        return count

    return run


def streamed_json(chunk_size: int) -> Callable[[], int]:
    from channels_app.api.export import buffered
    from channels_app.services.history_export import export_rows, json_document

    counter = [0]

    def run() -> int:
        rows = _counted(export_rows(chunk_size=chunk_size), counter)
        for _ in buffered(json_document(rows, exported_at=datetime.now(UTC))):
            pass
        count, counter[0] = counter[0], 0
        return count

    return run


def materialised_csv() -> int:
    from channels_app.api.export import buffered
    from channels_app.services.history_export import csv_lines, export_rows

    rows = list(export_rows())
    for _ in buffered(csv_lines(rows)):
        pass
    return len(rows)


def through_the_view(chunk_size: int) -> Callable[[], int]:
    from django.test import Client

    from channels_app.api.export import ChangesCSVExport

    ChangesCSVExport.chunk_size = chunk_size
    client = Client()

    def run() -> int:
        from django.core.cache import cache

        cache.clear()  # the anonymous rate limit counts in the cache
        response = client.get("/api/v1/export/changes.csv")
        assert response.status_code == 200, response.status_code
        lines = 0
        for piece in response.streaming_content:
            lines += piece.count(b"\r\n")
        response.close()
        return lines - 1  # the header (notes with newlines count as one line: \r\n ends rows)

    return run


def _counted(rows: Iterator[dict], counter: list[int]) -> Iterator[dict]:
    for row in rows:
        counter[0] += 1
        yield row


def report(database: str, size: int, figures: list[Figure]) -> None:
    print(f"\n{size:,} changes ({database})")
    print(
        f"  {'phase':<34} {'rows':>8} {'wall s':>7} {'cpu s':>7} {'rows/cpu s':>10} {'peak MB':>8}"
    )
    for f in figures:
        print(
            f"  {f.name:<34} {f.rows:>8,} {f.seconds:>7.2f} {f.cpu:>7.2f} {f.rate:>10,.0f} "
            f"{f.peak_mb:>8.1f}"
        )
    streamed, baseline = figures[0], figures[1]
    print(
        f"  streamed / materialised: speed x{streamed.rate / baseline.rate:.2f}, "
        f"memory x{streamed.peak_mb / baseline.peak_mb:.3f}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--changes", type=int, default=100_000)
    parser.add_argument("--channels", type=int, default=200)
    parser.add_argument("--chunk-size", type=int, default=1000)
    args = parser.parse_args(argv)
    small = args.changes // 10
    with throwaway_database("export") as database:
        results = {}
        for size, before in ((small, 0), (args.changes, small)):
            started = time.perf_counter()
            fill(args.channels, size - before, start=before)
            print(f"filled {size:,} changes in {time.perf_counter() - started:.1f} s")
            results[size] = [
                measure("(a) streamed CSV", streamed_csv(args.chunk_size)),
                measure("(b) materialised list, then CSV", materialised_csv),
                measure("(c) streamed JSON", streamed_json(args.chunk_size)),
                measure("(c) CSV through the view", through_the_view(args.chunk_size)),
            ]
            report(database, size, results[size])
        growth = [results[args.changes][i].peak_mb / results[small][i].peak_mb for i in (0, 1)]
        print(
            f"\npeak memory from {small:,} to {args.changes:,} changes: streamed "
            f"x{growth[0]:.2f}, materialised x{growth[1]:.2f}"
        )


if __name__ == "__main__":
    main()
