"""Cold renders of the world map and the trends page against the dashboard's and a trivial
view's, in the same run, in one process (no gunicorn, no wrk: what a cache miss costs).

    .venv/bin/python bench/viz.py [--channels 1000] [--changes 100000] [--times 7]

Seeds its own PostgreSQL database like bench/dashboard.py (whose seed it reuses), then
renders each page `--times` times with the page cache emptied before each request, and
prints the median and best time, the number of queries, and the ratio to the dashboard's
median, with the load average beside each figure. The database is dropped at the end; the
Redis db given is flushed before and after.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.dashboard import SETTINGS, scratch_database, seed  # noqa: E402

PAGES = {
    "trivial view": "/__bench/trivial",
    "dashboard": "/",
    "map": "/map/",
    "map, one country": "/map/?country=ad",
    "map, past date": "/map/?at=2025-01-01",
    "trends": "/trends/",
    "trends, one kind": "/trends/?kind=trade",
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--channels", type=int, default=1000)
    parser.add_argument("--changes", type=int, default=100_000)
    parser.add_argument("--times", type=int, default=7)
    parser.add_argument("--database", default="bench_viz")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/9")
    return parser.parse_args()


def cold(client, path: str, times: int) -> tuple[list[float], int]:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    queries = 0
    for _ in range(times):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path, HTTP_HOST="127.0.0.1")
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
        queries = len(captured)
    return timings, queries


def main() -> None:
    args = parse_args()
    import redis

    redis.Redis.from_url(args.redis).flushdb()
    with scratch_database(args.pg, args.database) as database_url:
        os.environ.update(
            {"DJANGO_SETTINGS_MODULE": SETTINGS, "DATABASE_URL": database_url}
            | {"REDIS_URL": args.redis}
        )
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        seed(args.channels, args.changes // args.channels)
        took = time.perf_counter() - started
        print(f"seeded {args.channels} channels and {args.changes} changes in {took:.1f}s")
        report(args)
    redis.Redis.from_url(args.redis).flushdb()


def report(args: argparse.Namespace) -> None:
    from django.test import Client

    client = Client()
    for path in PAGES.values():  # warm the code paths, the connection and the shapes file
        cold(client, path, 1)
    baseline = 0.0
    print(f"{'page':<20} {'median ms':>10} {'best ms':>8} {'queries':>8} {'vs dashboard':>13}")
    for name, path in PAGES.items():
        timings, queries = cold(client, path, args.times)
        median = statistics.median(timings)
        baseline = median if name == "dashboard" else baseline
        ratio = f"{median / baseline:.2f}x" if baseline else ""
        load = "/".join(f"{n:.2f}" for n in os.getloadavg())
        print(
            f"{name:<20} {median:>10.1f} {min(timings):>8.1f} {queries:>8} {ratio:>13}"
            f"   load {load}"
        )
    query_alone(args.times, baseline)


def query_alone(times: int, baseline: float) -> None:
    """The trends page's one query by itself (the daily summary), and the window over the
    whole history it replaced: how much of the page is the database's."""
    from channels_app.models import Channel, TrendDay

    for name, read in [
        ("trends query alone", TrendDay.objects.transitions_by_day),
        ("history window", Channel.objects.transitions_by_day),
    ]:
        timings = []
        for _ in range(times):
            started = time.perf_counter()
            rows = read()
            timings.append((time.perf_counter() - started) * 1000)
        median = statistics.median(timings)
        load = "/".join(f"{n:.2f}" for n in os.getloadavg())
        print(
            f"{name:<20} {median:>10.1f} {min(timings):>8.1f} {1:>8} "
            f"{median / baseline:>12.2f}x   load {load}   ({len(rows)} rows)"
        )


if __name__ == "__main__":
    main()
