"""Alert delivery survives a worker killed mid-batch (issue #4): real Celery workers (prefork)
on a Redis of the test's own, PostgreSQL, an SMTP sink (aiosmtpd) and an HTTP sink.

One change alerts a few hundred email subscribers, some webhooks and some Matrix rooms (a chat
transport, whose idempotency key is the txnId in the PUT's path). Worker A fans it out
and starts sending; once the sinks have some but not all messages, A's whole process group
gets SIGKILL (no shutdown, no ack, claims left behind). Worker B starts; the test plays beat
and queues the sweeper, which hands A's expired claims back and queues senders for the
rows whose tasks died with A. Then, as the receivers see it: every recipient got exactly one
idempotency key (Message-ID, webhook-id, Matrix txnId), that of its delivery row; the same
message sent twice (A's sends in flight at the kill) carries the same key, which a receiver
drops.

The sinks are slow on purpose (10 ms an email, 100 ms a webhook), and the SMTP sink holds
its answer to the first email of one batch past the half-way mark until the kill, so the
kill lands in the middle of batches of both transports whatever the machine's speed.
"""

import asyncio
import contextlib
import email
import email.policy
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

import pytest
from aiosmtpd.controller import Controller

from channels_app.alerts import tasks as alert_tasks
from channels_app.alerts.models import Delivery, Subscriber, SubscriberScope, Webhook
from channels_app.services.changes import channel_set_state
from channels_app.services.channels import channel_create
from tests.factories import SOURCE
from tests.integration.conftest import Worker

pytestmark = [
    pytest.mark.integration,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]
SUBSCRIBERS = 300
WEBHOOKS = 40
ROOMS = 20  # Matrix integrations
HOLD_MAX = 60.0  # seconds the SMTP sink holds one answer at most (released at the kill)
DONE_TIMEOUT = 180.0  # seconds; a healthy run needs about a claim lease plus a few sweeps
WORKER_ENV = {
    "ALERTS_EMAIL_BATCH": "10",  # many sender tasks, some lost with worker A
    "ALERTS_WEBHOOK_BATCH": "5",
    "ALERTS_WEBHOOK_CONCURRENCY": "2",
    "ALERTS_CHAT_BATCH": "5",
    "ALERTS_CHAT_CONCURRENCY": "2",
    "ALERTS_MARK_SENT_EVERY": "1",
    "ALERTS_CLAIM_SECONDS": "8",
    "ALERTS_SENDER_TIME_LIMIT": "6",  # under the claim lease
    "ALERTS_SWEEP_GRACE_SECONDS": "1",
    "ALERTS_RETRY_BASE_SECONDS": "1",
    "ALERTS_SMTP_TIMEOUT_SECONDS": "5",
    "ALERTS_WEBHOOK_TIMEOUT_SECONDS": "3",
    "ALERTS_WEBHOOK_DEADLINE_SECONDS": "4",
    "OUTBOUND_ALLOW_PRIVATE_ADDRESSES": "1",  # the HTTP sink is on 127.0.0.1
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "127.0.0.1",
    "EMAIL_USE_TLS": "0",
    "LOG_LEVEL": "INFO",
}


# --- the receivers -------------------------------------------------------------------------


class Received:
    """What a receiver saw: (recipient, idempotency key) per message, duplicates included."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.messages: list[tuple[str, str]] = []

    def add(self, recipient: str, key: str) -> int:
        with self.lock:
            self.messages.append((recipient, key))
            return len(self.messages)

    def count(self) -> int:
        with self.lock:
            return len(self.messages)

    def keys_by_recipient(self) -> dict[str, Counter[str]]:
        keys: dict[str, Counter[str]] = defaultdict(Counter)
        with self.lock:
            for recipient, key in self.messages:
                keys[recipient][key] += 1
        return dict(keys)

    def raw_duplicates(self) -> int:
        with self.lock:
            return len(self.messages) - len({key for _recipient, key in self.messages})


class SlowInbox:
    """aiosmtpd handler: records each message on arrival and answers 250 a little later.
    Once `hold_at` messages came, the first message on a new connection (the start of a
    batch) waits for `release` (a slow server): the worker sending it is stuck mid-batch,
    holding its claim on the rest, while the others go on."""

    def __init__(self, received: Received, delay: float, hold_at: int) -> None:
        self.received, self.delay, self.hold_at = received, delay, hold_at
        self.release = threading.Event()
        self.peers: set[object] = set()
        self.held: object = None

    async def handle_DATA(self, server, session, envelope) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        count = max(self.received.add(rcpt, parsed["Message-ID"]) for rcpt in envelope.rcpt_tos)
        first_of_batch = session.peer not in self.peers
        self.peers.add(session.peer)
        if self.held is None and first_of_batch and count >= self.hold_at:
            self.held = session.peer
            for _ in range(int(HOLD_MAX / 0.01)):
                if self.release.is_set():
                    break
                await asyncio.sleep(0.01)
        await asyncio.sleep(self.delay)
        return "250 Message accepted for delivery"


class AnyPortController(Controller):
    def _trigger_server(self) -> None:
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class HookSink(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64  # the default 5 drops concurrent connects (1 s SYN retries)

    def __init__(self, received: Received, delay: float) -> None:
        super().__init__(("127.0.0.1", 0), _HookHandler)
        self.received, self.delay = received, delay
        self.rooms = Received()  # Matrix: (room, txnId) per PUT

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


class _HookHandler(BaseHTTPRequestHandler):
    server: HookSink
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.server.received.add(self.path, self.headers["webhook-id"])
        time.sleep(self.server.delay)
        try:
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()
        except OSError:  # the sender was killed while we waited
            pass

    def do_PUT(self) -> None:
        """A Matrix homeserver's send: /_matrix/client/v3/rooms/{room}/send/{type}/{txnId}."""
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        parts = self.path.split("/")
        self.server.rooms.add(parts[5], parts[-1])
        time.sleep(self.server.delay)
        body = b'{"event_id": "$e"}'
        try:
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass

    def handle(self) -> None:
        with contextlib.suppress(ConnectionError):  # from senders that were killed
            super().handle()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def inbox() -> Iterator[tuple[SlowInbox, int]]:
    handler = SlowInbox(Received(), delay=0.01, hold_at=SUBSCRIBERS // 2)
    controller = AnyPortController(handler, hostname="127.0.0.1", port=0)
    controller.start()
    try:
        yield handler, controller.port
    finally:
        handler.release.set()
        controller.stop()


@pytest.fixture
def hook_sink() -> Iterator[HookSink]:
    sink = HookSink(Received(), delay=0.1)
    thread = threading.Thread(target=sink.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield sink
    finally:
        sink.shutdown()
        sink.server_close()


# --- Redis, the producer side, the workers -------------------------------------------------


@pytest.fixture
def make_worker(tmp_path, redis_server, broker, inbox) -> Iterator:
    """Workers on the default queue of the test's Redis, with the base settings (real SMTP,
    tasks queued through the broker) and the alert settings above; all stopped at the end."""
    _received, smtp_port = inbox
    env = {
        **WORKER_ENV,
        "CELERY_BROKER_URL": broker,
        "REDIS_URL": redis_server.url(0),
        "EMAIL_PORT": str(smtp_port),
    }
    workers: list[Worker] = []

    def make(name: str, concurrency: int) -> Worker:
        worker = Worker(
            "celery",
            tmp_path / f"worker-{name}.log",
            env,
            concurrency=concurrency,
            name=f"fault-{name}-{uuid.uuid4().hex[:6]}",
            settings_module="tracker.settings.base",
        )
        workers.append(worker)
        worker.start()
        return worker

    yield make
    for worker in workers:
        worker.stop()


# --- the data ------------------------------------------------------------------------------


def day(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, tzinfo=UTC)


def recipients(hook_sink: HookSink) -> tuple[list[Subscriber], list[Webhook], list[Webhook]]:
    confirmed = day(2025, 1, 2)
    subscribers = Subscriber.objects.bulk_create(
        Subscriber(email=f"reader{n}@example.org", confirmed_at=confirmed)
        for n in range(SUBSCRIBERS)
    )
    SubscriberScope.objects.bulk_create(
        SubscriberScope(subscriber=s, key="pair:CN-US", confirmed_at=confirmed) for s in subscribers
    )
    hooks = Webhook.objects.bulk_create(
        Webhook(
            name=f"Newsroom {n}",
            url=hook_sink.url(f"/hook/{n}"),
            owner_email="ops@example.net",
            scopes=["all"],
        )
        for n in range(WEBHOOKS)
    )
    rooms = Webhook.objects.bulk_create(
        Webhook(
            name=f"Room {n}",
            transport="matrix",
            url=hook_sink.url(""),
            secret="syt_bot_token",
            target=f"!room{n}:example.org",
            owner_email="ops@example.net",
            scopes=["all"],
        )
        for n in range(ROOMS)
    )
    return subscribers, hooks, rooms


def record_alerting_change():
    channel = channel_create(country_a="US", country_b="CN", kind="military")
    channel_set_state(channel=channel, state="open", effective_at=day(2025, 1, 1), origin="import")
    # The writer commits, then queues the fan-out through the broker (on_commit).
    change = channel_set_state(
        evidence=SOURCE,
        channel=channel,
        state="suspended",
        effective_at=day(2025, 6, 1),
        origin="manual",
    )
    assert change.alerts
    return change


# --- waiting -------------------------------------------------------------------------------


def wait_until(predicate, timeout: float, what, *, every: float = 0.01, tick=None) -> None:
    """Poll `predicate` until true; `tick` runs about once a second meanwhile. `what` (a
    string, or a function making one when it is needed) says what did not happen."""
    deadline = time.monotonic() + timeout
    next_tick = time.monotonic()
    while not predicate():
        if time.monotonic() > deadline:
            detail = what() if callable(what) else what
            raise AssertionError(f"gave up after {timeout:.0f} s waiting for {detail}")
        if tick and time.monotonic() >= next_tick:
            tick()
            next_tick = time.monotonic() + 1.0
        time.sleep(every)


def statuses(change) -> Counter[str]:
    return Counter(Delivery.objects.filter(change=change).values_list("status", flat=True))


def logs(*workers: Worker) -> str:
    return "\n".join(f"--- {w.name}:\n{w.log.read_text()[-3000:]}" for w in workers)


# --- the test ------------------------------------------------------------------------------


def test_a_worker_killed_mid_batch_loses_no_alert_and_doubles_none_as_receivers_see_it(
    inbox, hook_sink, make_worker
):
    smtp, _port = inbox
    mail = smtp.received
    hooks_seen = hook_sink.received
    subscribers, hooks, rooms = recipients(hook_sink)
    expected = len(subscribers) + len(hooks) + len(rooms)

    worker_a = make_worker("a", concurrency=3)
    change = record_alerting_change()
    # Email batches are queued before webhooks. One of A's three pool processes is stuck on
    # the held email, mid-batch; the other two send the remaining emails, then webhooks: at
    # the third webhook a webhook batch is mid-way too (100 ms a POST, 5 a batch).
    wait_until(lambda: hooks_seen.count() >= 3, timeout=120, what="worker A to send webhooks")
    worker_a.kill()
    at_kill = (mail.count(), hooks_seen.count(), hook_sink.rooms.count())
    smtp.release.set()
    held = statuses(change)[Delivery.Status.SENDING]
    print(
        f"\nworker A killed at {at_kill[0]}/{len(subscribers)} emails and "
        f"{at_kill[1]}/{len(hooks)} webhooks received; {held} deliveries left claimed"
    )
    assert 0 < at_kill[0] < len(subscribers) and 0 < at_kill[1] < len(hooks), at_kill
    assert held, "no claim was held at the kill: the sweeper has nothing to hand back"

    worker_b = make_worker("b", concurrency=2)
    # What beat does every minute; every second here, with the claim lease at 8 s.
    wait_until(
        lambda: statuses(change)[Delivery.Status.SENT] == expected,
        timeout=DONE_TIMEOUT,
        what=lambda: f"every delivery sent: {dict(statuses(change))}\n{logs(worker_a, worker_b)}",
        every=0.2,
        tick=alert_tasks.sweep.delay,
    )

    assert statuses(change) == {Delivery.Status.SENT: expected}
    rows = Delivery.objects.filter(change=change)
    keys = dict(rows.filter(webhook=None).values_list("subscriber__email", "key"))
    hook_keys = dict(rows.filter(transport="webhook").values_list("webhook__url", "key"))
    room_keys = dict(rows.filter(transport="matrix").values_list("webhook__target", "key"))
    mail_dupes, hook_dupes = mail.raw_duplicates(), hooks_seen.raw_duplicates()
    room_dupes = hook_sink.rooms.raw_duplicates()
    report = (
        f"killed at {at_kill[0]} emails + {at_kill[1]} webhooks + {at_kill[2]} Matrix messages "
        f"of {expected}; raw duplicates (same key, dropped by the receiver): {mail_dupes} "
        f"emails, {hook_dupes} webhooks, {room_dupes} Matrix messages"
    )
    print(report)
    assert_once_each(
        mail.keys_by_recipient(),
        {address: f"<{key}@127.0.0.1>" for address, key in keys.items()},
        report,
    )
    assert_once_each(
        hooks_seen.keys_by_recipient(),
        {url.removeprefix(hook_sink.url("")): f"msg_{key.hex}" for url, key in hook_keys.items()},
        report,
    )
    assert_once_each(
        hook_sink.rooms.keys_by_recipient(),
        {quote(room, safe=""): key.hex for room, key in room_keys.items()},
        report,
    )


def assert_once_each(seen: dict[str, Counter[str]], expected: dict[str, str], report: str):
    """Each recipient saw exactly one key, its delivery's; nobody is missing or extra."""
    missing = sorted(set(expected) - set(seen))
    extra = sorted(set(seen) - set(expected))
    assert not missing and not extra, f"missing {missing[:10]}, unexpected {extra[:10]}; {report}"
    two_keys = {r: dict(c) for r, c in seen.items() if len(c) != 1}
    assert not two_keys, f"recipients given different keys for one change: {two_keys}; {report}"
    wrong = {r: next(iter(c)) for r, c in seen.items() if next(iter(c)) != expected[r]}
    assert not wrong, f"keys that are not the delivery's: {wrong}; {report}"
