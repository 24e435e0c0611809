"""A real HTTP server on 127.0.0.1 with a route table each test fills in."""

from __future__ import annotations

import contextlib
import ssl
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Route:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    # When set, written one after another with `pause` seconds between (a trickle).
    chunks: Iterable[bytes] | None = None
    pause: float = 0.0
    # When True the chunks are the whole raw response, status line and headers included.
    raw: bool = False


@dataclass
class SeenRequest:
    method: str
    path: str
    headers: Message  # case-insensitive, like HTTP header names
    body: bytes


class LocalServer:
    def __init__(self, server: ThreadingHTTPServer) -> None:
        self._server = server
        self.routes: dict[str, Route] = {}
        self.requests: list[SeenRequest] = []

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, **kwargs: object) -> str:
        self.routes[path] = Route(**kwargs)  # type: ignore[arg-type]
        return self.url(path)

    def redirect_chain(self, length: int, *, status: int = 301) -> str:
        """/hop0 -> /hop1 -> ... -> /final: `length` redirects in all; returns the first URL."""
        self.route("/final", body=b"arrived")
        for hop in range(length):
            target = f"/hop{hop + 1}" if hop + 1 < length else "/final"
            self.route(f"/hop{hop}", status=status, headers={"Location": target})
        return self.url("/hop0") if length else self.url("/final")


class _Handler(BaseHTTPRequestHandler):
    server: ThreadingHTTPServer

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_HEAD(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep pytest output clean

    def _serve(self) -> None:
        local: LocalServer = self.server.local  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        local.requests.append(SeenRequest(self.command, self.path, self.headers, body))
        route = local.routes.get(self.path, Route(status=404, body=b"no such route"))
        # The client hanging up early is what several tests want.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._respond(route)

    def _respond(self, route: Route) -> None:
        if not route.raw:
            self.send_response(route.status)
            for name, value in route.headers.items():
                self.send_header(name, value)
            if route.chunks is None and "Content-Length" not in route.headers:
                self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
        if self.command == "HEAD":
            return
        for chunk in route.chunks if route.chunks is not None else [route.body]:
            self.wfile.write(chunk)
            self.wfile.flush()
            time.sleep(route.pause)


# A self-signed certificate for "feeds.example" (valid until 2126), for TLS tests only.
TEST_CERT = """\
-----BEGIN CERTIFICATE-----
MIIBnjCCAUSgAwIBAgIUcIB8BJBZ9COBMmouoYnPQtgVFHAwCgYIKoZIzj0EAwIw
GDEWMBQGA1UEAwwNZmVlZHMuZXhhbXBsZTAgFw0yNjExMjcxMTA2MTRaGA8yMTI2
MTEwMzExMDYxNFowGDEWMBQGA1UEAwwNZmVlZHMuZXhhbXBsZTBZMBMGByqGSM49
AgEGCCqGSM49AwEHA0IABL33mmsZy9C7sUEhcoTp9XMSw4R8P+b4UCcvTC8LmdsY
BTfBjKnO8Lf3DAD1qIeMMnjIvU7kAGW8jVWfxjvmifGjajBoMB0GA1UdDgQWBBQy
XKbZpIwar/G47Rip6enfFpY/KTAfBgNVHSMEGDAWgBQyXKbZpIwar/G47Rip6enf
FpY/KTAYBgNVHREEETAPgg1mZWVkcy5leGFtcGxlMAwGA1UdEwEB/wQCMAAwCgYI
KoZIzj0EAwIDSAAwRQIgNKW5g4p69QmjOF2BEhSNnUWWhZEDBFibcLC6fv6R2tQC
IQCZliD3n0IntoFqZihdh7wgdVjTFbRfi+uBYNrjlvIalg==
-----END CERTIFICATE-----
"""
TEST_KEY = """\
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgu+rGCOiacNotyph0
YZnghYfwOPuCExocaJ4MkJGjnf+hRANCAAS995prGcvQu7FBIXKE6fVzEsOEfD/m
+FAnL0wvC5nbGAU3wYypzvC39wwA9aiHjDJ4yL1O5ABlvI1Vn8Y75onx
-----END PRIVATE KEY-----
"""


def trusting_test_cert() -> ssl.SSLContext:
    """A client context that trusts TEST_CERT and nothing else."""
    return ssl.create_default_context(cadata=TEST_CERT)


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    yield from _serve(None)


@pytest.fixture
def tls_server(tmp_path) -> Iterator[LocalServer]:
    """Like local_server, but speaking HTTPS with TEST_CERT."""
    (tmp_path / "cert.pem").write_text(TEST_CERT + TEST_KEY)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "cert.pem")
    yield from _serve(context)


def _serve(tls: ssl.SSLContext | None) -> Iterator[LocalServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    server.daemon_threads = True
    server.block_on_close = False
    local = LocalServer(server)
    server.local = local  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield local
    server.shutdown()
    server.server_close()
    thread.join()
