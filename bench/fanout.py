"""Alert fan-out throughput: one change to many subscribers, webhooks and chat integrations
(Slack, Teams, Discord, Telegram, Matrix, ntfy in turn), delivered by real Celery workers,
against raw sends from one process to the same sinks.

    .venv/bin/python bench/fanout.py [--subscribers 10000] [--webhooks 500] [--chats 500]
                                     [--workers 2]

Needs PostgreSQL (DATABASE_URL; the script uses Django's test database next to it,
test_<name>, created and dropped) and redis-server (started on a free port for the run, so
the workers' default queue holds nothing else). The sinks run in a process of their own: an
aiosmtpd SMTP server and a ThreadingHTTPServer, each keeping the idempotency keys it saw
(Message-ID, webhook-id). The script records one alerting change through the writer
service and measures:
  (a) deliveries/s: emails + webhooks + chat messages over the time from just before the
      change's commit to the last new key received by the sinks;
  (b) raw sends/s of the same mix: smtplib from this process, one connection, the same
      message bytes, to the same sink, and http.client POSTs of a webhook's bytes, one
      connection each as the sender makes them, to the same HTTP sink, once before and once
      after (a), averaged; the mix's rate is its count over the time raw sends of each part
      take one after the other; goal a/b >= 0.5;
and counts duplicates (a key received twice; goal 0) and missing keys. The workers and this
process read ALERTS_* from the environment: ALERTS_EMAIL_BATCH=200 ... changes both.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import shutil
import smtplib
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SETTINGS = "bench.settings_bench"
MESSAGE_ID = re.compile(rb"^Message-ID:\s*(<[^>\r\n]+>)", re.MULTILINE | re.IGNORECASE)
WARM_UP_SUBSCRIBERS, WARM_UP_WEBHOOKS, WARM_UP_CHATS = 200, 10, 12
CHATS = ("slack", "teams", "discord", "telegram", "matrix", "ntfy")


# --- the sinks, in a process of their own --------------------------------------------------


class Tally:
    """Keys received by one sink: every arrival, and when the last new key came."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.keys: set[bytes] = set()
        self.raw = 0
        self.first = self.last = 0.0
        self.sample = b""

    def add(self, key: bytes, content: bytes = b"") -> None:
        with self.lock:
            self.raw += 1
            if key not in self.keys:
                self.keys.add(key)
                self.last = time.time()
                self.first = self.first or self.last
            if content and not self.sample:
                self.sample = content

    def take(self) -> dict:
        """What was seen since the last take, and start afresh."""
        with self.lock:
            seen = {"keys": self.keys, "raw": self.raw, "sample": self.sample}
            seen |= {"first": self.first, "last": self.last}
            self.keys, self.raw, self.first, self.last = set(), 0, 0.0, 0.0
            return seen

    def stats(self) -> tuple[int, int, float]:
        with self.lock:
            return len(self.keys), self.raw, self.last


class _Inbox:
    def __init__(self, tally: Tally) -> None:
        self.tally = tally

    async def handle_DATA(self, server, session, envelope) -> str:
        found = MESSAGE_ID.search(envelope.content)
        self.tally.add(found.group(1) if found else b"?", envelope.content)
        return "250 Message accepted for delivery"


class _HookServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default 5 drops concurrent connects: 1 s SYN retries
    tally: Tally
    chats: Tally


class _HookHandler(BaseHTTPRequestHandler):
    server: _HookServer
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path.startswith("/hook/"):
            self.server.tally.add(self.headers.get("webhook-id", "?").encode())
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        # A chat service: one message per integration per change, known by its path.
        self.server.chats.add(self.path.encode())
        body = b"ok" if self.path.startswith("/chat/slack/") else b'{"ok": true}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_PUT = do_POST  # Matrix

    def log_message(self, format: str, *args: object) -> None:
        pass


def run_sinks(conn) -> None:
    """The sink process: serves SMTP and HTTP, answers the bench's questions on `conn`."""
    from aiosmtpd.controller import Controller

    class AnyPortController(Controller):
        def _trigger_server(self) -> None:
            self.port = self.server.sockets[0].getsockname()[1]
            super()._trigger_server()

    mail, hooks, chats = Tally(), Tally(), Tally()
    smtp = AnyPortController(_Inbox(mail), hostname="127.0.0.1", port=0)
    smtp.start()
    http = _HookServer(("127.0.0.1", 0), _HookHandler)
    http.tally, http.chats = hooks, chats
    threading.Thread(target=http.serve_forever, args=(0.05,), daemon=True).start()
    conn.send((smtp.port, http.server_address[1]))
    while True:
        command = conn.recv()
        if command == "stats":
            conn.send((mail.stats(), hooks.stats(), chats.stats()))
        elif command == "take":
            conn.send((mail.take(), hooks.take(), chats.take()))
        else:
            break
    http.shutdown()
    smtp.stop()


class Sinks:
    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.proc = context.Process(target=run_sinks, args=(child,), daemon=True)
        self.proc.start()
        self.smtp_port, self.http_port = self.conn.recv()

    def ask(self, command: str):
        self.conn.send(command)
        return self.conn.recv()

    def close(self) -> None:
        self.conn.send("stop")
        self.proc.join(10)


# --- Redis, workers, database ---------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def redis_server(logs: Path) -> Iterator[str]:
    binary = shutil.which("redis-server")
    if not binary:
        raise SystemExit("bench/fanout.py needs redis-server (apt-get install redis-server)")
    port = free_port()
    args = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    proc = subprocess.Popen(args, stdout=(logs / "redis.log").open("ab"), stderr=subprocess.STDOUT)
    try:
        for _ in range(100):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(10)


@contextmanager
def throwaway_database() -> Iterator[str]:
    """Django set up on test_<name> next to DATABASE_URL's database; yields its URL."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("bench/fanout.py needs DATABASE_URL=postgres://... (workers share it)")
    import django

    django.setup()
    from django.db import connection

    old_name = connection.settings_dict["NAME"]
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    try:
        yield f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        connection.close()


@contextmanager
def workers(count: int, concurrency: int, env: dict[str, str], logs: Path) -> Iterator[list]:
    procs = []
    for n in range(count):
        args = [sys.executable, "-m", "celery", "-A", "tracker", "worker", "--pool=prefork"]
        args += [f"--concurrency={concurrency}", "-n", f"bench{n}@%h", "-l", "WARNING"]
        log = (logs / f"worker{n}.log").open("ab")
        procs.append(
            subprocess.Popen(
                args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )  # fmt: skip
    try:
        yield procs
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


# --- the data -------------------------------------------------------------------------------


def seed(
    scope: str, subscribers: int, webhooks: int, chats: int, sink_url: str, prefix: str
) -> None:
    from channels_app.alerts.models import Subscriber, SubscriberScope, Webhook

    hook_url = f"{sink_url}/hook"

    now = datetime.now(UTC)
    rows = Subscriber.objects.bulk_create(
        (
            Subscriber(email=f"{prefix}{n}@example.org", confirmed_at=now)
            for n in range(subscribers)
        ),
        batch_size=2000,
    )
    SubscriberScope.objects.bulk_create(
        (SubscriberScope(subscriber=s, key=scope, confirmed_at=now) for s in rows), batch_size=2000
    )
    Webhook.objects.bulk_create(
        Webhook(name=f"{prefix} {n}", url=f"{hook_url}/{prefix}/{n}", scopes=[scope],
                owner_email="ops@example.net")
        for n in range(webhooks)
    )  # fmt: skip
    Webhook.objects.bulk_create(
        chat(CHATS[n % 6], n, sink_url, prefix, scope) for n in range(chats)
    )


def chat(service: str, n: int, sink_url: str, prefix: str, scope: str):
    """A chat integration whose messages all reach the sink at a path of its own."""
    from channels_app.alerts.models import Webhook

    base = f"{sink_url}/chat/{service}/{prefix}{n}"
    values = {
        "telegram": {"url": base, "secret": "123456:AAEbenchbenchbenchbenchbench",
                     "target": str(-1000 - n)},
        "matrix": {"url": base, "secret": "syt_bench", "target": f"!{prefix}{n}:bench.invalid"},
        "ntfy": {"url": f"{base}/topic", "secret": ""},
    }.get(service, {"url": base, "secret": ""})  # fmt: skip
    return Webhook(name=f"{prefix} {service} {n}", transport=service, scopes=[scope],
                   owner_email="ops@example.net", **values)  # fmt: skip


def assessed_channel(a: str, b: str):
    from channels_app.services.changes import channel_set_state
    from channels_app.services.channels import channel_create

    channel = channel_create(country_a=a, country_b=b, kind="military")
    channel_set_state(
        channel=channel,
        state="open",
        effective_at=datetime(2025, 1, 1, tzinfo=UTC),
        origin="import",
    )
    return channel


def record_change(channel):
    from channels_app.services.changes import EvidenceInput, channel_set_state

    change = channel_set_state(
        channel=channel,
        state="suspended",
        effective_at=datetime(2025, 6, 1, tzinfo=UTC),
        origin="manual",
        note="Bench: the hotline went unanswered.",
        evidence=[EvidenceInput(url="https://news.example.org/bench", outlet="Bench News")],
    )
    assert change.alerts
    return change


def wait_for(
    sinks: Sinks, emails: int, hooks: int, chats: int, timeout: float, procs: list
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        (mail_keys, _r, _l), (hook_keys, _r2, _l2), (chat_keys, _r3, _l3) = sinks.ask("stats")
        if mail_keys >= emails and hook_keys >= hooks and chat_keys >= chats:
            return
        if any(p.poll() is not None for p in procs):
            raise SystemExit("a worker died; see its log")
        time.sleep(0.02)
    print(f"gave up waiting after {timeout:.0f} s: {sinks.ask('stats')}", file=sys.stderr)


# --- raw SMTP baseline -------------------------------------------------------------------


def raw_smtp(port: int, sample: bytes, count: int) -> float:
    """Sends/s of `count` copies of `sample` (fresh Message-IDs) over one smtplib connection."""
    found = MESSAGE_ID.search(sample)
    assert found, "the sample alert has no Message-ID"
    head, tail = sample[: found.start(1)], sample[found.end(1) :]
    messages = [head + f"<raw-{n}@bench.invalid>".encode() + tail for n in range(count)]
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for message in messages:
            smtp.sendmail("alerts@localhost", ["raw@example.org"], message)
    return count / (time.perf_counter() - started)


def raw_http(port: int, count: int) -> float:
    """POSTs/s of `count` webhook-sized bodies to the HTTP sink, a connection each (as the
    sender makes them), from this process, one after the other."""
    import http.client

    body = b'{"type":"channel.state_changed","data":{"note":"' + b"x" * 900 + b'"}}'
    started = time.perf_counter()
    for n in range(count):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request(
            "POST",
            f"/hook/raw/{n}",
            body,
            {"webhook-id": f"raw_{n}", "Content-Type": "application/json"},
        )
        conn.getresponse().read()
        conn.close()
    return count / (time.perf_counter() - started)  # fmt: skip


# --- measuring ------------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    started: float
    emails: dict
    hooks: dict
    chats: dict
    expected_mail: set[bytes]
    expected_hooks: set[bytes]
    expected_chats: int
    statuses: dict[str, int]

    @property
    def delivered(self) -> int:
        return (
            len(self.emails["keys"] & self.expected_mail)
            + len(self.hooks["keys"] & self.expected_hooks)
            + min(len(self.chats["keys"]), self.expected_chats)
        )


def fan_out(sinks: Sinks, channel, emails: int, hooks: int, chats: int, procs: list) -> Run:
    from django.db.models import Count

    from channels_app.alerts.models import Delivery
    from channels_app.alerts.services import links

    sinks.ask("take")
    started = time.time()  # just before the commit: the writer's own work counts too
    change = record_change(channel)
    total = emails + hooks + chats
    wait_for(sinks, emails, hooks, chats, timeout=max(120.0, total / 20), procs=procs)
    time.sleep(1.0)  # anything still on its way, a duplicate say
    mail, hook, chat = sinks.ask("take")
    last = max(mail["last"], hook["last"], chat["last"])
    rows = Delivery.objects.filter(change=change)
    domain = links.mail_domain()
    expected_mail = {
        f"<{k}@{domain}>".encode()
        for k in rows.filter(transport="email").values_list("key", flat=True)
    }
    expected_hooks = {
        f"msg_{k.hex}".encode()
        for k in rows.filter(transport="webhook").values_list("key", flat=True)
    }
    expected_chats = rows.filter(transport__in=CHATS).count()
    statuses = dict(rows.values_list("status").annotate(n=Count("id")).order_by())
    return Run(
        last - started, started, mail, hook, chat, expected_mail, expected_hooks,
        expected_chats, statuses,
    )  # fmt: skip


def verdict(ok: bool) -> str:
    return "meets the goal" if ok else "BELOW THE GOAL"


def report(args, database: str, run: Run, raw: list[tuple[float, float]], size: int) -> None:
    rate = run.delivered / run.seconds if run.seconds > 0 else 0.0
    smtp_rate = sum(r[0] for r in raw) / len(raw)
    http_rate = sum(r[1] for r in raw) / len(raw)
    emails, posts = args.subscribers, args.webhooks + args.chats
    baseline = (emails + posts) / (emails / smtp_rate + posts / http_rate)
    ratio = rate / baseline
    dupes_mail = run.emails["raw"] - len(run.emails["keys"])
    dupes_hooks = run.hooks["raw"] - len(run.hooks["keys"])
    dupes_chats = run.chats["raw"] - len(run.chats["keys"])
    missing_mail = len(run.expected_mail - run.emails["keys"])
    missing_hooks = len(run.expected_hooks - run.hooks["keys"])
    missing_chats = max(run.expected_chats - len(run.chats["keys"]), 0)
    dupes = dupes_mail + dupes_hooks + dupes_chats
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        "\n".join(
            [
                f"fanout bench: 1 change -> {args.subscribers} email subscribers + "
                f"{args.webhooks} webhooks + {args.chats} chat integrations (6 services); "
                f"{args.workers} worker(s) x concurrency {args.concurrency}; {database}; "
                f"{os.cpu_count()} CPUs, load average {load}",
                "  batches: email {ALERTS_EMAIL_BATCH}, webhook {ALERTS_WEBHOOK_BATCH} x "
                "{ALERTS_WEBHOOK_CONCURRENCY} at once, chat {ALERTS_CHAT_BATCH} x "
                "{ALERTS_CHAT_CONCURRENCY}; sent marked every "
                "{ALERTS_MARK_SENT_EVERY}".format(**alert_settings()),
                "",
                f"(a) deliveries/s, commit -> last received  {run.delivered:6d} in "
                f"{run.seconds:7.2f} s  {rate:8.0f} /s",
                "    emails received from {:.2f} s to {:.2f} s, webhooks from {:.2f} s to "
                "{:.2f} s, chat messages from {:.2f} s to {:.2f} s".format(
                    *(max(t - run.started, 0.0) for t in received_between(run))
                ),
                f"(b) raw sends/s of the same mix            {emails + posts:6d}"
                f"             {baseline:8.0f} /s",
                f"    SMTP (smtplib, 1 connection, {size} B) {smtp_rate:.0f}/s (before "
                f"{raw[0][0]:.0f}, after {raw[1][0]:.0f}); HTTP POST (a connection each) "
                f"{http_rate:.0f}/s (before {raw[0][1]:.0f}, after {raw[1][1]:.0f})",
                f"    ratio a/b {ratio:.2f}   goal >= 0.5: {verdict(ratio >= 0.5)}",
                f"duplicates seen by the sinks (a key twice): {dupes_mail} emails, "
                f"{dupes_hooks} webhooks, {dupes_chats} chat messages   goal 0: "
                f"{verdict(dupes == 0)}",
                f"missing: {missing_mail} emails, {missing_hooks} webhooks, {missing_chats} "
                f"chat messages; delivery rows by status: {run.statuses}",
                f"load average after the run: {', '.join(f'{x:.1f}' for x in os.getloadavg())}",
            ]
        )
    )


def received_between(run: Run) -> tuple[float, ...]:
    return (
        run.emails["first"], run.emails["last"], run.hooks["first"], run.hooks["last"],
        run.chats["first"], run.chats["last"],
    )  # fmt: skip


def alert_settings() -> dict[str, int]:
    from django.conf import settings

    names = ("EMAIL_BATCH", "WEBHOOK_BATCH", "WEBHOOK_CONCURRENCY", "MARK_SENT_EVERY",
             "CHAT_BATCH", "CHAT_CONCURRENCY")  # fmt: skip
    return {f"ALERTS_{n}": getattr(settings, f"ALERTS_{n}") for n in names}


def baseline(sinks: Sinks, sample: bytes, args) -> tuple[float, float]:
    rates = (
        raw_smtp(sinks.smtp_port, sample, args.raw_sends),
        raw_http(sinks.http_port, args.raw_posts),
    )
    sinks.ask("take")  # the raw sends are not the pipeline's
    return rates


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--webhooks", type=int, default=500)
    parser.add_argument("--chats", type=int, default=500, help="chat integrations, 6 services")
    parser.add_argument("--workers", type=int, default=2, help="celery worker processes")
    parser.add_argument("--concurrency", type=int, default=1, help="pool processes each")
    parser.add_argument("--raw-sends", type=int, default=2000, help="for the SMTP baseline")
    parser.add_argument("--raw-posts", type=int, default=500, help="for the HTTP baseline")
    args = parser.parse_args(argv)

    sinks = Sinks()  # before Django and threads: a clean process
    with (
        tempfile.TemporaryDirectory(prefix="bench-fanout-") as tmp,
        redis_server(Path(tmp)) as broker,
    ):
        os.environ.update(
            DJANGO_SETTINGS_MODULE=SETTINGS,
            CELERY_BROKER_URL=broker,
            REDIS_URL=broker.replace("/0", "/1"),
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(sinks.smtp_port),
            EMAIL_USE_TLS="0",
            OUTBOUND_ALLOW_PRIVATE_ADDRESSES="1",
        )
        os.environ.setdefault("LOG_LEVEL", "WARNING")
        try:
            with throwaway_database() as url:
                env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
                database = f"postgresql {url.rsplit('/', 1)[1]}"
                sink_url = f"http://127.0.0.1:{sinks.http_port}"
                seed("pair:IN-PK", WARM_UP_SUBSCRIBERS, WARM_UP_WEBHOOKS, WARM_UP_CHATS,
                     sink_url, "warm")  # fmt: skip
                seed("pair:CN-US", args.subscribers, args.webhooks, args.chats, sink_url,
                     "reader")  # fmt: skip
                warm, main_channel = assessed_channel("IN", "PK"), assessed_channel("US", "CN")
                with workers(args.workers, args.concurrency, env, Path(tmp)) as procs:
                    # Worker start-up, imports, template loading: paid before the timings.
                    warm_up = fan_out(sinks, warm, WARM_UP_SUBSCRIBERS, WARM_UP_WEBHOOKS,
                                      WARM_UP_CHATS, procs)  # fmt: skip
                    sample = warm_up.emails["sample"]
                    raw = [baseline(sinks, sample, args)]
                    run = fan_out(sinks, main_channel, args.subscribers, args.webhooks,
                                  args.chats, procs)  # fmt: skip
                    raw.append(baseline(sinks, sample, args))
            report(args, database, run, raw, len(sample))
        finally:
            sinks.close()


if __name__ == "__main__":
    main()
