"""Dashboard throughput against a trivial Django view, in the same run, under gunicorn.

    .venv/bin/python bench/dashboard.py [--channels 1000] [--changes-per-channel 100]
        [--duration 10] [--port 0] [--pages dashboard,changes,changes-deep,map,trends]

Creates its own PostgreSQL database (bench_dashboard on 127.0.0.1, user postgres), migrates
it, bulk-seeds N channels (distinct pair x kind, up to 10,000 and more) with M changes each,
each channel's state and state_since consistent with its history, counts the queries of one
cold render of /, then serves the app with gunicorn (2 sync workers)
with the Redis cache in db 9 of the local Redis (flushed first). It measures the cold-cache
render of / (the first request after a commit), then runs wrk on /__bench/trivial and on /
and prints req/s, p50, p99, the server CPU per request (gunicorn workers and their
PostgreSQL backends, from /proc) and the ratio (goal >= 0.8); then once more on / with the
public-pages version read from the database on every request. Then the same for the pages
of issue #13, each against the trivial view in rounds of its own (`--pages`): /changes/ (the
first page and one 90% of the way down the log), /map/ and /trends/: queries, cold render
(wall and server CPU) and the cached ratio. Gunicorn is stopped, the database dropped and
the Redis db flushed at the end. Needs wrk (apt-get install -y wrk).

The machine is shared with whatever else runs: the load average is printed with the figures,
and the CPU-per-request ratio is the steadier figure when it is high.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import timedelta
from itertools import combinations, islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SETTINGS = "bench.settings_bench"
STATES = ["open", "limited", "suspended", "severed"]
KINDS = ["military", "trade", "diplomatic"]
BROWSER = {"Accept-Encoding": "gzip, deflate, br"}  # what every browser sends
# The other public pages measured like / (`--pages`); None: the path is found after seeding.
PAGES: dict[str, str | None] = {
    "changes": "/changes/",
    "changes-deep": None,  # /changes/?cursor=...: the page 90% of the way down the log
    "map": "/map/",
    "trends": "/trends/",
}
DEEP = 0.9
CHUNK = 200  # channels whose changes are built and inserted at once


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--channels", type=int, default=1000)
    parser.add_argument("--changes-per-channel", type=int, default=100)
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per run")
    parser.add_argument("--rounds", type=int, default=3, help="trivial/dashboard pairs")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (0: a free one)")
    parser.add_argument("--database", default="bench_dashboard")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/9")
    parser.add_argument(
        "--pages",
        default=",".join(["dashboard", *PAGES]),
        help=f"comma-separated rows: dashboard (/ and its variants), {', '.join(PAGES)}",
    )
    args = parser.parse_args()
    args.pages = [name.strip() for name in args.pages.split(",") if name.strip()]
    unknown = set(args.pages) - {"dashboard", *PAGES}
    if unknown:
        parser.error(f"unknown --pages {', '.join(sorted(unknown))}: choose dashboard, "
                     f"{', '.join(PAGES)}")  # fmt: skip
    return args


# --- database ------------------------------------------------------------------------------


@contextmanager
def scratch_database(pg: str, name: str) -> Iterator[str]:
    import psycopg

    def admin(sql: str) -> None:
        with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
            conn.execute(sql)

    admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin(f'CREATE DATABASE "{name}"')
    try:
        yield f"{pg}/{name}"
    finally:
        from django.db import connections

        connections.close_all()
        admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seed(channel_count: int, per_channel: int) -> None:
    """Channels over distinct pairs x kinds, each with `per_channel` changes, its latest
    change between 0 and 199 days ago (so some are stale), states never repeating. The
    changes go in by chunks of channels, so that 10,000 channels x 100 changes fit in memory."""
    from django.utils import timezone
    from django_countries import countries

    from channels_app.models import Channel, Origin, StateChange

    now = timezone.now()
    codes = sorted(code for code, _ in countries)
    pairs = combinations(codes, 2)
    slots = list(islice(((a, b, k) for a, b in pairs for k in KINDS), channel_count))
    history: list[tuple[list, list[str]]] = []
    channels = []
    for i, (a, b, kind) in enumerate(slots):
        step = timedelta(days=40 + i % 50)
        last = now - timedelta(days=i % 200, hours=1)
        dates = [last - step * (per_channel - 1 - k) for k in range(per_channel)]
        states = [STATES[(i + k) % 4] for k in range(per_channel)]
        channels.append(
            Channel(
                country_a=a,
                country_b=b,
                kind=kind,
                name=f"{a}–{b} {kind} channel",
                state=states[-1],
                state_since=dates[-1],
            )
        )
        history.append((dates, states))
    Channel.objects.bulk_create(channels, batch_size=2000)
    stored = list(Channel.objects.order_by("id"))
    for start in range(0, len(stored), CHUNK):
        rows = []
        chunk = zip(stored[start : start + CHUNK], history[start : start + CHUNK], strict=True)
        for channel, (dates, states) in chunk:
            previous = "unknown"
            for when, state in zip(dates, states, strict=True):
                rows.append(
                    StateChange(
                        channel=channel,
                        old_state=previous,
                        new_state=state,
                        effective_at=when,
                        recorded_at=when + timedelta(minutes=5),
                        origin=Origin.IMPORT,
                    )
                )
                previous = state
        StateChange.objects.bulk_create(rows, batch_size=5000)
    # The writer keeps the trends' summary; a bulk load past it rebuilds it (as
    # `manage.py rebuild_trends` does).
    from channels_app.services.trend_days import rebuild_trend_days

    rebuild_trend_days()
    # The statistics autovacuum would gather soon after such a load: without them the
    # planner takes 10,000 channels for 2,000 and scans a million changes.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def render_queries(path: str = "/") -> int:
    """Queries of one cold render of `path` in this process (the page cache just
    invalidated): the same figure at 1,000 and 10,000 channels is the goal."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from channels_app.caching.version import invalidate_public_pages

    invalidate_public_pages()
    time.sleep(0.3)
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(path, HTTP_HOST="127.0.0.1")
    assert response.status_code == 200, (path, response.status_code)
    return len(queries)


# --- server --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(env: dict[str, str], workers: int, port: int) -> Iterator[tuple[str, int]]:
    port = port or free_port()
    command = [str(Path(sys.executable).parent / "gunicorn"), "tracker.wsgi:application"]
    command += ["--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    proc = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                get(f"{base}/__bench/trivial")
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start")
        yield base, proc.pid
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(20)


def get(url: str, headers: dict[str, str] | None = None) -> tuple[bytes, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read(), dict(response.headers)


def cold_renders(
    base: str, pids: list[int], times: int = 5, path: str = "/"
) -> list[tuple[float, float]]:
    """Seconds for GET `path` right after a commit moved the public-pages version (so no
    process has the page), each worker warmed first; with the server CPU seconds each took
    (workers and their database backends: the figure a loaded machine moves least)."""
    from channels_app.caching.version import invalidate_public_pages

    for _ in range(8):  # both workers: connections, compiled templates, URLconf
        get(f"{base}{path}", BROWSER)
    found = []
    for _ in range(times):
        invalidate_public_pages()
        time.sleep(0.3)  # > PUBLIC_PAGES_VERSION_MAX_AGE: every worker has seen the commit
        cpu = cpu_seconds(pids)
        started = time.perf_counter()
        get(f"{base}{path}", BROWSER)
        found.append((time.perf_counter() - started, cpu_seconds(pids) - cpu))
    return found


def server_pids(master: int) -> list[int]:
    """The gunicorn workers and the PostgreSQL backends of their (persistent) connections."""
    from django.db import connection

    workers = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        backends = [row[0] for row in cursor.fetchall()]
    return [int(pid) for pid in workers] + backends


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time the processes have used (/proc/<pid>/stat fields 14 and 15)."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


# --- load ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Load:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: str
    requests: int
    cpu_ms: float = 0.0  # server CPU (workers and database) per request

    def with_cpu(self, seconds: float) -> Load:
        return replace(self, cpu_ms=seconds * 1000 / max(self.requests, 1))


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def found(pattern: str, text: str) -> re.Match[str]:
    match = re.search(pattern, text)
    if match is None:
        raise RuntimeError(f"no {pattern!r} in the output of wrk:\n{text}")
    return match


def wrk(url: str, args: argparse.Namespace, headers: dict[str, str]) -> Load:
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s"]
    command += ["--latency", "--timeout", "10s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rps = float(found(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def percentile(p: int) -> float:
        value, unit = found(rf"\s{p}%\s+([\d.]+)(us|ms|s)\b", out).groups()
        return float(value) * UNITS[unit]

    bad = re.search(r"Non-2xx or 3xx responses: (\d+)|Socket errors: .*", out)
    requests = int(found(r"(\d+) requests in", out).group(1))
    return Load(rps, percentile(50), percentile(99), bad.group(0) if bad else "", requests)


def measured(url: str, args: argparse.Namespace, headers: dict[str, str], pids: list[int]) -> Load:
    before = cpu_seconds(pids)
    load = wrk(url, args, headers)
    return load.with_cpu(cpu_seconds(pids) - before)


def main() -> None:
    args = parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    import redis

    redis.Redis.from_url(args.redis).flushdb()
    with scratch_database(args.pg, args.database) as database_url:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS}
        env |= {"DATABASE_URL": database_url, "REDIS_URL": args.redis, "PYTHONPATH": str(ROOT)}
        os.environ.update(env)
        import django
        from django.core.management import call_command

        django.setup()
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        seed(args.channels, args.changes_per_channel)
        took = time.perf_counter() - started
        changes = args.channels * args.changes_per_channel
        print(f"seeded {args.channels} channels and {changes} changes in {took:.1f}s", end="")
        print(f" (load average {os.getloadavg()[0]:.1f})")
        paths = page_paths(args.pages)
        queries = {name: render_queries(path) for name, path in paths.items()}
        if "dashboard" in args.pages:
            run(args, env, render_queries())
        run_pages(args, env, paths, queries)
    redis.Redis.from_url(args.redis).flushdb()


def run(args: argparse.Namespace, env: dict[str, str], queries: int) -> None:
    rows: list[tuple[str, Load]] = []
    with gunicorn(env, args.workers, args.port) as (base, master):
        trivial, page = f"{base}/__bench/trivial", f"{base}/"
        html, _ = get(page)
        packed, headers = get(page, BROWSER)
        assert headers.get("Content-Encoding") == "gzip" and gzip.decompress(packed) == html
        for _ in range(8):  # each worker opens its database connection
            get(page, BROWSER)
        pids = server_pids(master)
        cold = cold_renders(base, pids)
        # Alternate the two, so that a change in the machine's load hits both alike.
        for n in range(1, args.rounds + 1):
            rows.append((f"{n}: trivial view", measured(trivial, args, BROWSER, pids)))
            rows.append((f"{n}: dashboard (gzip)", measured(page, args, BROWSER, pids)))
        rows.append(("dashboard, no gzip", measured(page, args, {}, pids)))
    # The same, reading the public-pages version from the database on every request.
    with gunicorn({**env, "PUBLIC_PAGES_VERSION_MAX_AGE": "0"}, args.workers, args.port) as (
        base,
        master,
    ):
        get(f"{base}/", BROWSER)
        load = measured(f"{base}/", args, BROWSER, server_pids(master))
        rows.append(("dashboard, version each time", load))
    report(args, len(html), len(packed), cold, rows, queries)


def page_paths(names: list[str]) -> dict[str, str]:
    """The path of each page row asked for (the deep page's cursor read from the data)."""
    from urllib.parse import urlencode

    from bench.changes import deep_cursor  # it imports this module's seed

    paths = {}
    for name in names:
        if name in PAGES:
            path = PAGES[name] or f"/changes/?{urlencode({'cursor': deep_cursor('', DEEP)})}"
            paths[name] = path
    return paths


@dataclass(frozen=True)
class PageRow:
    name: str
    path: str
    queries: int
    cold: list[tuple[float, float]]  # (wall, server CPU) seconds of each cold render
    cold_load: float  # load average when the cold renders were taken
    rounds: list[tuple[Load, Load]]  # (trivial, page) of each round
    load: float  # load average at the end of its rounds

    @property
    def by_rate(self) -> float:
        return statistics.median(page.rps / trivial.rps for trivial, page in self.rounds)

    @property
    def by_cpu(self) -> float:
        return statistics.median(t.cpu_ms / max(p.cpu_ms, 1e-9) for t, p in self.rounds)


def run_pages(
    args: argparse.Namespace, env: dict[str, str], paths: dict[str, str], queries: dict[str, int]
) -> None:
    """Each page against the trivial view in rounds of its own (trivial, page, trivial,
    page...), after its cold renders: the rows of issue #13's performance goal."""
    if not paths:
        return
    found: list[PageRow] = []
    with gunicorn(env, args.workers, args.port) as (base, master):
        for path in paths.values():
            get(f"{base}{path}", BROWSER)
        for _ in range(8):  # each worker opens its database connection
            get(f"{base}/__bench/trivial")
        pids = server_pids(master)
        for name, path in paths.items():
            cold = cold_renders(base, pids, path=path)
            cold_load = os.getloadavg()[0]
            get(f"{base}{path}", BROWSER)  # cached from here on
            rounds = [
                (
                    measured(f"{base}/__bench/trivial", args, BROWSER, pids),
                    measured(f"{base}{path}", args, BROWSER, pids),
                )
                for _ in range(args.rounds)
            ]
            row = PageRow(name, path, queries[name], cold, cold_load, rounds, os.getloadavg()[0])
            print_page_row(row)
            found.append(row)
    print(f"\npages of issue #13, {args.channels} channels x {args.changes_per_channel} changes; "
          f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s, "
          f"median of {args.rounds} rounds each")  # fmt: skip
    print(f"{'page':14} {'queries':>7} {'cold ms':>8} {'CPU ms':>7} {'load':>5} "
          f"{'req/s':>7} {'trivial':>8} {'/trivial':>9} {'by CPU':>7} {'load':>5}")  # fmt: skip
    for row in found:
        wall = statistics.median(w for w, _ in row.cold) * 1000
        cpu = statistics.median(c for _, c in row.cold) * 1000
        rps = statistics.median(p.rps for _, p in row.rounds)
        trivial = statistics.median(t.rps for t, _ in row.rounds)
        print(f"{row.name:14} {row.queries:7} {wall:8.0f} {cpu:7.0f} {row.cold_load:5.1f} "
              f"{rps:7.0f} {trivial:8.0f} {row.by_rate:9.2f} {row.by_cpu:7.2f} "
              f"{row.load:5.1f}")  # fmt: skip
    print("goals: cold render <= 200 ms, / trivial >= 0.8, the same queries at every size")


def print_page_row(row: PageRow) -> None:
    walls = ", ".join(f"{w * 1000:.0f}" for w, _ in row.cold)
    print(f"\n{row.name} ({row.path[:60]}): {row.queries} queries; cold renders {walls} ms "
          f"(load average {row.cold_load:.1f})")  # fmt: skip
    for n, (trivial, page) in enumerate(row.rounds, start=1):
        for label, load in (("trivial view", trivial), (row.name, page)):
            figures = f"{load.rps:8.0f} {load.p50_ms:8.2f} {load.p99_ms:8.2f} {load.cpu_ms:11.3f}"
            print(f"  {n}: {label:24} {figures} {load.errors}")
    print(f"  {row.name} / trivial: {row.by_rate:.2f} by req/s, {row.by_cpu:.2f} by server CPU "
          f"(load average {row.load:.1f})")  # fmt: skip


def report(
    args: argparse.Namespace,
    size: int,
    packed: int,
    cold: list[tuple[float, float]],
    rows: list[tuple[str, Load]],
    queries: int,
) -> None:
    setup = f"gunicorn {args.workers} sync workers, wrk -t{args.threads} -c{args.connections}"
    sizes = f"dashboard {size / 1024:.0f} KiB, {packed / 1024:.0f} KiB gzipped"
    print(f"\n{setup} -d{args.duration}s; {sizes}; load average {os.getloadavg()[0]:.1f}")
    median = statistics.median(wall for wall, _ in cold) * 1000
    cpu = statistics.median(cpu for _, cpu in cold) * 1000
    print(f"cold-cache render of /: first {cold[0][0] * 1000:.0f} ms, median of 5 {median:.0f} ms")
    print(f"  (goal <= 150 ms), server CPU {cpu:.0f} ms (median), {queries} queries")
    print(f"{'':30} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'CPU ms/req':>11}")
    for name, load in rows:
        figures = f"{load.rps:8.0f} {load.p50_ms:8.2f} {load.p99_ms:8.2f} {load.cpu_ms:11.3f}"
        print(f"{name:30} {figures} {load.errors}")
    pairs = list(zip(rows[0 : 2 * args.rounds : 2], rows[1 : 2 * args.rounds : 2], strict=True))
    by_rate = statistics.median(d.rps / t.rps for (_, t), (_, d) in pairs)
    by_cpu = statistics.median(t.cpu_ms / d.cpu_ms for (_, t), (_, d) in pairs)
    trivial = statistics.median(t.rps for (_, t), _ in pairs)
    print(f"dashboard / trivial, median of {args.rounds} rounds: {by_rate:.2f} by req/s")
    print(f"(goal >= 0.8), {by_cpu:.2f} by server CPU per request")
    for name, load in rows[2 * args.rounds :]:
        print(f"{name} / median trivial: {load.rps / trivial:.2f} by req/s")


if __name__ == "__main__":
    main()
