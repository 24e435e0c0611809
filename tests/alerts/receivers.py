"""Local stand-ins for the chat services, on 127.0.0.1: one receiver per service, each
checking a request against that service's documented shape and limits and answering as
the service does (Slack's `ok` or an error word, Telegram's `{"ok": ...}`, Discord's 204,
a Teams workflow's 202, a Matrix homeserver's event id, deduplicated by txnId, ntfy's
message id). A test can make a path answer otherwise (a 429, a 200 with an error body, or
no answer at all)."""

from __future__ import annotations

import contextlib
import html.parser
import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Answer = tuple[int, dict[str, str], bytes]

# Documented limits.
SLACK_BLOCKS, SLACK_SECTION, SLACK_HEADER = 50, 3000, 150
DISCORD_CONTENT, DISCORD_DESCRIPTION, DISCORD_TITLE, DISCORD_EMBEDS = 2000, 4096, 256, 6000
TELEGRAM_TEXT = 4096
TEAMS_BYTES = 28 * 1024
NTFY_BYTES = 4096
TELEGRAM_TAGS = {"b", "strong", "i", "em", "u", "s", "a", "code", "pre", "blockquote"}


@dataclass
class Seen:
    service: str
    method: str
    path: str
    headers: Any
    body: bytes
    problems: list[str]

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receivers:
    server: ThreadingHTTPServer
    seen: list[Seen] = field(default_factory=list)
    overrides: dict[str, Callable[[], Answer | None]] = field(default_factory=dict)
    matrix_events: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def of(self, service: str) -> list[Seen]:
        return [s for s in self.seen if s.service == service]

    def answer(self, prefix: str, status: int, body: bytes = b"", **headers: str) -> None:
        self.overrides[prefix] = lambda: (status, headers, body)

    def hang(self, prefix: str, seconds: float = 5.0) -> None:
        def never() -> None:
            time.sleep(seconds)
            return None

        self.overrides[prefix] = never  # type: ignore[assignment]


def check_slack(body: dict[str, Any]) -> list[str]:
    problems = []
    blocks = body.get("blocks", [])
    if not isinstance(body.get("text"), str) or not body["text"]:
        problems.append("no fallback text")
    if len(blocks) > SLACK_BLOCKS:
        problems.append(f"{len(blocks)} blocks")
    for block in blocks:
        kind, text = block.get("type"), block.get("text") or {}
        if kind == "header" and (text.get("type") != "plain_text" or len(text["text"]) > 150):
            problems.append("bad header")
        if kind == "section" and (text.get("type") != "mrkdwn" or len(text["text"]) > 3000):
            problems.append("bad section")
        if kind not in ("header", "section", "context", "divider"):
            problems.append(f"unknown block {kind}")
    return problems


def check_teams(raw: bytes, body: dict[str, Any]) -> list[str]:
    problems = [] if len(raw) <= TEAMS_BYTES else [f"{len(raw)} bytes"]
    if body.get("type") != "message":
        problems.append("not a message")
    [attachment] = body.get("attachments") or [{}]
    if attachment.get("contentType") != "application/vnd.microsoft.card.adaptive":
        problems.append("not an adaptive card")
    card = attachment.get("content") or {}
    if card.get("type") != "AdaptiveCard" or not card.get("version"):
        problems.append("bad card")
    if not all(b.get("type") == "TextBlock" and b.get("text") for b in card.get("body", [])):
        problems.append("bad body")
    return problems


def check_discord(body: dict[str, Any]) -> list[str]:
    problems = []
    if len(body.get("content", "")) > DISCORD_CONTENT:
        problems.append("content over 2000")
    embeds = body.get("embeds", [])
    total = 0
    for e in embeds:
        total += len(e.get("title", "")) + len(e.get("description", ""))
        total += len((e.get("footer") or {}).get("text", ""))
        if len(e.get("title", "")) > DISCORD_TITLE:
            problems.append("title over 256")
        if len(e.get("description", "")) > DISCORD_DESCRIPTION:
            problems.append("description over 4096")
    if total > DISCORD_EMBEDS or len(embeds) > 10:
        problems.append("embeds over 6000")
    return problems


class _TagChecker(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.open: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag not in TELEGRAM_TAGS:
            self.problems.append(f"tag {tag} not supported")
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.problems.append(f"unbalanced {tag}")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def check_telegram(body: dict[str, Any]) -> list[str]:
    problems = []
    if not isinstance(body.get("chat_id"), int):
        problems.append("chat_id not a number")
    if body.get("parse_mode") != "HTML":
        problems.append("not HTML")
    checker = _TagChecker()
    checker.feed(body.get("text", ""))
    checker.close()
    if len("".join(checker.text)) > TELEGRAM_TEXT:
        problems.append("text over 4096")
    return problems + checker.problems + [f"unclosed {t}" for t in checker.open]


def check_matrix(headers: Any, body: dict[str, Any]) -> list[str]:
    problems = [] if (headers["Authorization"] or "").startswith("Bearer ") else ["no token"]
    if body.get("msgtype") != "m.text" or not body.get("body"):
        problems.append("bad event")
    if body.get("format") and body.get("format") != "org.matrix.custom.html":
        problems.append("bad format")
    return problems


def check_ntfy(body: dict[str, Any]) -> list[str]:
    problems = []
    if not body.get("topic") or not body.get("message"):
        problems.append("no topic or message")
    if len(body["message"].encode()) > NTFY_BYTES:
        problems.append("message over 4096 bytes")
    if body.get("priority") not in (1, 2, 3, 4, 5):
        problems.append("bad priority")
    return problems


MATRIX_SEND = re.compile(r"^/_matrix/client/v3/rooms/([^/]+)/send/m\.room\.message/([^/]+)$")


class _Handler(BaseHTTPRequestHandler):
    server: ThreadingHTTPServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def _serve(self) -> None:
        receivers: Receivers = self.server.receivers  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        service = self.path.strip("/").split("/")[0]
        if self.path.startswith("/_matrix/"):
            service = "matrix"
        elif "/bot" in self.path:
            service = "telegram"
        for prefix, override in receivers.overrides.items():
            if self.path.startswith(prefix):
                answer = override()
                with receivers.lock:
                    receivers.seen.append(Seen(service, self.command, self.path,
                                               self.headers, raw, []))  # fmt: skip
                if answer is not None:
                    self._write(*answer)
                return
        status, headers, out, problems = self._answer(receivers, service, raw)
        with receivers.lock:
            receivers.seen.append(Seen(service, self.command, self.path, self.headers, raw,
                                       problems))  # fmt: skip
        self._write(status, headers, out)

    def _answer(self, receivers: Receivers, service: str, raw: bytes) -> Any:
        if self.command == "GET" and "/directory/room/" in self.path:
            return 200, {}, json.dumps({"room_id": "!resolved:example.org"}).encode(), []
        body = json.loads(raw or b"{}")
        if service == "slack":
            problems = check_slack(body)
            return (400, {}, b"invalid_blocks", problems) if problems else (200, {}, b"ok", [])
        if service == "teams":
            problems = check_teams(raw, body)
            return (400, {}, b"bad card", problems) if problems else (202, {}, b"", [])
        if service == "discord":
            problems = check_discord(body)
            error = json.dumps({"code": 50035, "message": "Invalid Form Body"}).encode()
            return (400, {}, error, problems) if problems else (204, {}, b"", [])
        if service == "telegram":
            problems = check_telegram(body)
            if problems:
                out = {"ok": False, "error_code": 400, "description": "; ".join(problems)}
                return 400, {}, json.dumps(out).encode(), problems
            return 200, {}, json.dumps({"ok": True, "result": {"message_id": 1}}).encode(), []
        if service == "matrix":
            match = MATRIX_SEND.match(self.path)
            problems = check_matrix(self.headers, body) if match else ["bad path"]
            if problems or match is None:
                return 400, {}, b'{"errcode":"M_UNKNOWN"}', problems
            with receivers.lock:  # the homeserver's txnId idempotency
                event = receivers.matrix_events.setdefault(
                    match.group(2), f"$event{len(receivers.matrix_events)}"
                )
            return 200, {}, json.dumps({"event_id": event}).encode(), []
        if service == "webhook":  # a Standard Webhooks receiver: the three headers
            names = ("webhook-id", "webhook-timestamp", "webhook-signature")
            problems = [f"no {n}" for n in names if not self.headers[n]]
            return (400, {}, b"", problems) if problems else (204, {}, b"", [])
        if service == "ntfy":
            problems = check_ntfy(body)
            out = json.dumps({"id": "abc", "event": "message"}).encode()
            return (400, {}, b"{}", problems) if problems else (200, {}, out, [])
        return 404, {}, b"no such service", ["unknown service"]

    def _write(self, status: int, headers: dict[str, str], body: bytes) -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


@contextlib.contextmanager
def running() -> Iterator[Receivers]:
    server = _Server(("127.0.0.1", 0), _Handler)
    receivers = Receivers(server)
    server.receivers = receivers  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield receivers
    finally:
        server.shutdown()
        server.server_close()


def endpoint_values(receivers: Receivers, service: str, n: int = 0) -> dict[str, str]:
    """The url/secret/target an integration of `service` needs to reach its receiver."""
    return {
        "slack": {"url": receivers.url(f"/slack/T0/B{n}/secretpath{n}"), "secret": "",
                  "target": ""},
        "teams": {"url": receivers.url(f"/teams/workflows/{n}?sig=secretsig{n}"), "secret": "",
                  "target": ""},
        "discord": {"url": receivers.url(f"/discord/api/webhooks/{n}/secrettoken{n}"),
                    "secret": "", "target": ""},
        "telegram": {"url": receivers.url("/tg"), "target": f"-100{n + 1}",
                     "secret": f"12345{n}:AAEsecretbottoken-abcdefghijklmnop"},
        "matrix": {"url": receivers.url(""), "secret": f"syt_secretaccesstoken_{n}",
                   "target": f"!room{n}:example.org"},
        "ntfy": {"url": receivers.url(f"/ntfy/topic{n}"), "secret": f"tk_secretntfy{n}abcdef",
                 "target": ""},
    }[service]  # fmt: skip
