"""The one module for outbound HTTP (feed polling, webhooks).

Every request made here gets: http/https only; connect/read timeouts plus one overall
deadline for the whole exchange; at most `max_redirects` redirects, followed by hand and
each hop re-checked; a body cap applied after decompression; and the private-address
guard, which resolves a host once, checks every address and connects to a checked one.
Non-2xx responses are returned, not raised: what a 304, 410 or 429 means is the caller's.
"""

from __future__ import annotations

import contextlib
import functools
import ipaddress
import socket
import ssl
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import httpcore
import httpx
from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
PERMANENT_REDIRECTS = frozenset({301, 308})
ALLOWED_SCHEMES = frozenset({"http", "https"})
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_ORIGIN_BOUND_HEADERS = frozenset({"authorization", "cookie", "proxy-authorization"})
_BODY_HEADERS = frozenset({"content-type", "content-length", "transfer-encoding"})


class FetchError(Exception):
    """A request that produced no usable response.

    `kind` is one of: bad_url, bad_scheme, blocked_address, dns, too_many_redirects,
    too_large, bad_encoding, timeout, network, bad_request. `transient` says whether
    trying again later may succeed (timeouts and network failures).
    """

    def __init__(self, kind: str, message: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.kind = kind
        self.transient = transient


@dataclass(frozen=True)
class FetchResult:
    status: int
    url: str
    headers: httpx.Headers
    body: bytes
    elapsed: float
    # Where a chain of permanent redirects (301 and 308 only) from the requested URL ended;
    # None without redirects or if any hop was temporary. A feed reader moves the feed there.
    moved_to: str | None = None


def fetch(
    url: str,
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    content: bytes | None = None,
    max_bytes: int | None = None,
    timeout: float = 10.0,
    deadline: float = 30.0,
    max_redirects: int = 5,
) -> FetchResult:
    """Make one request (following redirects) and return the response, whatever its status.

    `timeout` bounds each connect/read/write; `deadline` bounds the whole exchange in
    seconds. `max_bytes` (default OUTBOUND_MAX_BODY_BYTES) caps the decompressed body.
    Raises FetchError for anything that is not an HTTP response.
    """
    _check_scheme(_parse_url(url))  # before httpx's base-URL merge muddles a hostless URL
    started = time.monotonic()
    limit = settings.OUTBOUND_MAX_BODY_BYTES if max_bytes is None else max_bytes
    transport = _GuardedTransport(deadline_at=started + deadline)
    with (
        _mapped_errors(url),
        httpx.Client(transport=transport, timeout=timeout, trust_env=False) as client,
    ):
        request = client.build_request(
            method, url, headers=_request_headers(headers), content=content
        )
        response, permanent = _send_following_redirects(client, transport, request, max_redirects)
        with contextlib.closing(response):
            body = _read_capped(response, limit)
    return FetchResult(
        status=response.status_code,
        url=str(response.url),
        headers=response.headers,
        body=body,
        elapsed=time.monotonic() - started,
        moved_to=str(response.url) if permanent else None,
    )


def check_url(url: str) -> None:
    """Raise FetchError if `url` could not be fetched: bad URL or scheme, a host that does
    not resolve, or one that resolves to a non-public address. For validating saved URLs;
    fetch() checks again at connect time, since DNS answers change."""
    parsed = _parse_url(url)
    _check_scheme(parsed)
    resolve_checked(parsed.host, parsed.port or (443 if parsed.scheme == "https" else 80))


def is_public_address(ip: IPAddress) -> bool:
    """True for globally routable unicast addresses; IPv4 embedded in IPv6 is judged as IPv4."""
    embedded = _embedded_ipv4(ip) if isinstance(ip, ipaddress.IPv6Address) else None
    if embedded is not None:
        return is_public_address(embedded)
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or ip in _CGNAT
    )


def resolve_checked(host: str, port: int) -> list[IPAddress]:
    """Resolve `host` once; refuse it if any address is not public (unless allowed)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise FetchError("dns", f"cannot resolve {host}: {exc}", transient=True) from exc
    addresses = list(dict.fromkeys(ipaddress.ip_address(info[4][0]) for info in infos))
    if not settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES:
        for address in addresses:
            if not is_public_address(address):
                raise FetchError("blocked_address", f"{host} resolves to {address}, not public")
    return addresses


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped or ip.sixtofour:
        return ip.ipv4_mapped or ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF)
    return None


def _parse_url(url: str) -> httpx.URL:
    try:
        return httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise FetchError("bad_url", f"invalid URL {url!r}: {exc}") from exc


def _check_scheme(url: httpx.URL) -> None:
    if url.scheme not in ALLOWED_SCHEMES:
        raise FetchError("bad_scheme", f"only http and https are fetched, not {url.scheme!r}")
    if not url.host:
        raise FetchError("bad_url", f"URL has no host: {url}")


def _request_headers(extra: dict[str, str] | None) -> httpx.Headers:
    # Only encodings _read_capped can inflate under its cap (httpx would also offer br/zstd).
    headers = httpx.Headers(
        {"User-Agent": settings.OUTBOUND_USER_AGENT, "Accept-Encoding": "gzip, deflate"}
    )
    headers.update(extra or {})  # case-insensitive: a caller's "user-agent" replaces ours
    return headers


def _send_following_redirects(
    client: httpx.Client,
    transport: httpx.HTTPTransport,
    request: httpx.Request,
    max_redirects: int,
) -> tuple[httpx.Response, bool]:
    """The final response, and whether it was reached by permanent redirects only. Sent
    through the transport, not client.send: the client would read a redirect's Location
    itself first and call one it cannot parse a protocol (network) error."""
    statuses: list[int] = []
    while True:
        _check_scheme(request.url)
        response = transport.handle_request(request)
        response.request = request
        if response.status_code not in REDIRECT_STATUSES or "location" not in response.headers:
            return response, bool(statuses) and set(statuses) <= PERMANENT_REDIRECTS
        statuses.append(response.status_code)
        response.close()
        if len(statuses) > max_redirects:
            raise FetchError("too_many_redirects", f"more than {max_redirects} redirects")
        request = _redirect_request(client, request, response)


def _redirect_request(
    client: httpx.Client, request: httpx.Request, response: httpx.Response
) -> httpx.Request:
    url = _redirect_target(request.url, response.headers["location"])
    method, content = request.method, request.content
    if (response.status_code == 303 and method != "HEAD") or (
        response.status_code in (301, 302) and method == "POST"
    ):
        method, content = "GET", b""
    dropped = {"host"} | (_BODY_HEADERS if not content else set())
    if (url.scheme, url.host, url.port) != (request.url.scheme, request.url.host, request.url.port):
        dropped |= _ORIGIN_BOUND_HEADERS
    headers = [(k, v) for k, v in request.headers.raw if k.decode().lower() not in dropped]
    return client.build_request(method, url, headers=headers, content=content or None)


def _redirect_target(base: httpx.URL, location: str) -> httpx.URL:
    """Where a redirect leads; a refusal that names the target if it is not an http(s) URL
    with a valid host (a redirect to file:, or to http://0177.0.0.1/ which browsers read as
    127.0.0.1)."""
    try:
        url = base.join(location)
    except httpx.InvalidURL as exc:
        raise FetchError("bad_url", f"refused a redirect to {location[:200]!r}: {exc}") from exc
    if url.scheme not in ALLOWED_SCHEMES:
        raise FetchError(
            "bad_scheme",
            f"refused a redirect to {location[:200]!r}: the scheme {url.scheme!r} is not "
            "fetched (only http and https)",
        )
    _check_scheme(url)
    return url


def _read_capped(response: httpx.Response, limit: int) -> bytes:
    encoding = response.headers.get("content-encoding", "identity")
    declared = response.headers.get("content-length", "")
    if encoding == "identity" and declared.isdigit() and int(declared) > limit:
        raise FetchError("too_large", f"body of {declared} bytes is over the {limit} limit")
    inflate = _inflater(encoding)
    body = bytearray()
    for chunk in response.iter_raw():
        # The +1 lets us tell "exactly at the limit" from "over it" without inflating more.
        body += inflate(chunk, limit + 1 - len(body))
        if len(body) > limit:
            raise FetchError("too_large", f"body is over the {limit} byte limit")
    return bytes(body)


def _inflater(encoding: str) -> Callable[[bytes, int], bytes]:
    """Return f(chunk, max_out) that decodes one raw chunk, producing at most max_out bytes."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return lambda chunk, _max_out: chunk
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise FetchError("bad_encoding", f"unsupported content-encoding {encoding!r}")
    # wbits MAX_WBITS|32 accepts both gzip and zlib headers; max_length bounds each output.
    return zlib.decompressobj(zlib.MAX_WBITS | 32).decompress


@contextlib.contextmanager
def _mapped_errors(url: str) -> Iterator[None]:
    try:
        yield
    except httpx.TimeoutException as exc:
        raise FetchError("timeout", f"{url}: timed out ({exc})", transient=True) from exc
    except httpx.UnsupportedProtocol as exc:
        raise FetchError("bad_scheme", f"{url}: {exc}") from exc
    except httpx.LocalProtocolError as exc:
        raise FetchError("bad_request", f"{url}: {exc}") from exc
    except httpx.TransportError as exc:
        raise FetchError("network", f"{url}: {exc!r}", transient=True) from exc
    except httpx.InvalidURL as exc:
        raise FetchError("bad_url", f"{url}: {exc}") from exc
    except zlib.error as exc:
        raise FetchError("bad_encoding", f"{url}: cannot decompress body ({exc})") from exc


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    # Loading the CA bundle costs milliseconds; one context is safe to share between threads.
    return httpx.create_ssl_context()


class _GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with a pool whose every TCP connection goes through _GuardedBackend."""

    def __init__(self, *, deadline_at: float) -> None:
        super().__init__(verify=_ssl_context(), trust_env=False)
        # httpx offers no public hook for the network backend; httpcore's pool does.
        self._pool = httpcore.ConnectionPool(
            ssl_context=_ssl_context(), network_backend=_GuardedBackend(deadline_at)
        )


class _GuardedBackend(httpcore.SyncBackend):
    """Resolves the host itself, checks the addresses and connects to a checked one.

    The URL keeps the hostname, so Host, SNI and certificate checks stay correct, while
    the socket goes to an address we vetted: there is no second lookup to rebind.
    """

    def __init__(self, deadline_at: float) -> None:
        self._deadline_at = deadline_at

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = resolve_checked(host, port)
        for address in addresses[:-1]:
            with contextlib.suppress(httpcore.ConnectError):
                return self._connect(str(address), port, timeout, local_address, socket_options)
        return self._connect(str(addresses[-1]), port, timeout, local_address, socket_options)

    def _connect(
        self,
        address: str,
        port: int,
        timeout: float | None,
        local_address: str | None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None,
    ) -> httpcore.NetworkStream:
        timeout = _clamp(timeout, self._deadline_at, httpcore.ConnectTimeout)
        stream = super().connect_tcp(address, port, timeout, local_address, socket_options)
        return _DeadlineStream(stream, self._deadline_at)


class _DeadlineStream(httpcore.NetworkStream):
    """Clamps each read/write timeout to the overall deadline: a server trickling one byte
    per second never trips a per-read timeout, but it does run out of deadline."""

    def __init__(self, inner: httpcore.NetworkStream, deadline_at: float) -> None:
        self._inner = inner
        self._deadline_at = deadline_at

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _clamp(timeout, self._deadline_at, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _clamp(timeout, self._deadline_at, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        timeout = _clamp(timeout, self._deadline_at, httpcore.ConnectTimeout)
        tls = self._inner.start_tls(ssl_context, server_hostname, timeout)
        return _DeadlineStream(tls, self._deadline_at)

    def get_extra_info(self, info: str) -> object:
        return self._inner.get_extra_info(info)


def _clamp(timeout: float | None, deadline_at: float, error: type[Exception]) -> float:
    remaining = deadline_at - time.monotonic()
    if remaining <= 0:
        raise error("deadline exceeded")
    return remaining if timeout is None else min(timeout, remaining)
