"""Atom feed of all changes: a cold render (entries by updated_at, indexed) against a baseline
query of the same size (50 rows by recorded_at, indexed, with the same joins and prefetch).

    .venv/bin/python bench/feeds.py [--changes 50000] [--channels 200]

Fills a throwaway database (bench/export.py's fill: bulk rows, one or two sources each, all
recorded at one instant as a demo load is), then at N/10 and at N changes times a cold render
of /feeds/changes.atom (page cache cleared) and the baseline, median of 5. Prints each figure
with the load average beside it, and the ratio feed / baseline: flat from N/10 to N means the
feed does not grow with the history."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from export import fill  # noqa: E402  (bench/, beside this script)
from throwaway import throwaway_database  # noqa: E402


def best_of(runs: int, call) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(label: str) -> None:
    from django.core.cache import cache
    from django.test import Client

    from channels_app.models import StateChange

    client = Client()

    def feed() -> None:
        cache.clear()
        assert client.get("/feeds/changes.atom").status_code == 200

    def baseline() -> None:
        rows = (
            StateChange.objects.select_related("channel")
            .prefetch_related("evidence")
            .order_by("-recorded_at", "-id")[:50]
        )
        list(rows)

    feed_s, base_s = best_of(5, feed), best_of(5, baseline)
    load = "/".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"{label}: feed cold render {feed_s * 1000:.1f} ms, baseline rows {base_s * 1000:.1f} ms,"
        f" ratio {feed_s / base_s:.1f}x  (load {load})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--changes", type=int, default=50_000)
    parser.add_argument("--channels", type=int, default=200)
    args = parser.parse_args()
    with throwaway_database("feeds") as database:
        print(database)
        tenth = args.changes // 10
        fill(args.channels, tenth)
        measure(f"{tenth} changes")
        fill(args.channels, args.changes - tenth, start=tenth)
        measure(f"{args.changes} changes")


if __name__ == "__main__":
    main()
