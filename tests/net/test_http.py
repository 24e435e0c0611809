import functools
import gzip
import ipaddress
import socket
import struct
import time
import tracemalloc
import zlib

import pytest

from channels_app.net import http
from channels_app.net.http import FetchError, check_url, fetch, is_public_address
from tests.net.conftest import trusting_test_cert

GIB = 1 << 30
MIB = 1 << 20


@pytest.fixture(autouse=True)
def allow_local_server(settings):
    # The test server lives on 127.0.0.1, which the guard refuses by default.
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = True


@pytest.fixture
def block_private(settings):
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = False


@pytest.fixture
def local_server_is_public(monkeypatch, block_private):
    """Guard on, but 127.0.0.1 counts as public, so the test server stands in for the internet."""
    real = http.is_public_address
    loopback = ipaddress.ip_address("127.0.0.1")
    monkeypatch.setattr(http, "is_public_address", lambda ip: ip == loopback or real(ip))


def fake_dns(monkeypatch, answers: dict[str, list[str]]) -> list[str]:
    """Answer lookups of the named hosts from `answers` (one per call, the last repeats);
    other hosts resolve normally. Returns the list of faked lookups, in order."""
    real = socket.getaddrinfo
    lookups: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in answers:
            return real(host, port, *args, **kwargs)
        lookups.append(host)
        address = answers[host][min(len(lookups), len(answers[host])) - 1]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return lookups


@functools.cache
def gzip_bomb() -> bytes:
    """1 GiB of zeros gzipped (about 1 MB), built by repeating one flushed deflate block."""
    zeros = bytes(MIB)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = deflate.compress(zeros) + deflate.flush(zlib.Z_FULL_FLUSH)
    crc = functools.reduce(lambda acc, _: zlib.crc32(zeros, acc), range(GIB // MIB), 0)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = struct.pack("<II", crc, GIB & 0xFFFFFFFF)
    return header + block * (GIB // MIB) + deflate.flush() + trailer


def test_it_returns_a_200_with_its_body(local_server):
    url = local_server.route("/feed", headers={"Content-Type": "application/rss+xml"}, body=b"hi")

    result = fetch(url)

    assert (result.status, result.body, result.url) == (200, b"hi", url)
    assert result.headers["content-type"] == "application/rss+xml"


def test_it_returns_a_304_as_such(local_server):
    url = local_server.route("/feed", status=304, headers={"ETag": '"v1"'})

    result = fetch(url, headers={"If-None-Match": '"v1"'})

    assert (result.status, result.body) == (304, b"")
    assert local_server.requests[0].headers["If-None-Match"] == '"v1"'


def test_it_follows_five_redirects(local_server):
    url = local_server.redirect_chain(5)

    result = fetch(url)

    assert (result.status, result.body, result.url) == (200, b"arrived", local_server.url("/final"))


def test_it_refuses_a_sixth_redirect(local_server):
    url = local_server.redirect_chain(6)

    with pytest.raises(FetchError) as caught:
        fetch(url)

    assert (caught.value.kind, caught.value.transient) == ("too_many_redirects", False)
    assert "/final" not in [seen.path for seen in local_server.requests]


def test_it_returns_a_410_to_the_caller(local_server):
    url = local_server.route("/gone", status=410, body=b"gone for good")

    assert fetch(url).status == 410


def test_it_returns_a_429_with_its_retry_after_header(local_server):
    url = local_server.route("/busy", status=429, headers={"Retry-After": "120"})

    result = fetch(url)

    assert (result.status, result.headers["retry-after"]) == (429, "120")


def test_it_cuts_off_a_trickling_body_at_the_deadline(local_server):
    url = local_server.route(
        "/slow", headers={"Content-Length": "1000"}, chunks=[b"x"] * 1000, pause=0.05
    )
    started = time.monotonic()

    with pytest.raises(FetchError) as caught:
        fetch(url, timeout=5.0, deadline=0.5)

    assert (caught.value.kind, caught.value.transient) == ("timeout", True)
    assert time.monotonic() - started < 1.5


def test_it_cuts_off_trickling_headers_at_the_deadline(local_server):
    status_line = [b"HTTP/1.1 200 OK\r\n"]
    url = local_server.route(
        "/slow", raw=True, chunks=status_line + [b"X-A: b\r\n"] * 1000, pause=0.05
    )
    started = time.monotonic()

    with pytest.raises(FetchError) as caught:
        fetch(url, timeout=5.0, deadline=0.5)

    assert caught.value.kind == "timeout"
    assert time.monotonic() - started < 1.5


def test_it_refuses_a_declared_content_length_over_the_limit(local_server):
    url = local_server.route("/big", body=bytes(2 * MIB))

    with pytest.raises(FetchError) as caught:
        fetch(url, max_bytes=MIB)

    assert (caught.value.kind, caught.value.transient) == ("too_large", False)


def test_it_refuses_a_streamed_body_over_the_limit(local_server):
    url = local_server.route("/big", chunks=[bytes(64 * 1024)] * 32)  # no Content-Length

    with pytest.raises(FetchError) as caught:
        fetch(url, max_bytes=MIB)

    assert caught.value.kind == "too_large"


def test_it_accepts_a_body_exactly_at_the_limit(local_server):
    url = local_server.route("/exact", chunks=[bytes(1000)])

    assert len(fetch(url, max_bytes=1000).body) == 1000


def test_it_inflates_a_gzipped_body(local_server):
    body = gzip.compress(b"<rss/>" * 1000)
    url = local_server.route("/feed", headers={"Content-Encoding": "gzip"}, body=body)

    assert fetch(url).body == b"<rss/>" * 1000


def test_it_stops_inflating_a_gzip_bomb_at_the_limit_with_bounded_memory(local_server, settings):
    settings.OUTBOUND_MAX_BODY_BYTES = 10 * MIB
    url = local_server.route("/bomb", headers={"Content-Encoding": "gzip"}, body=gzip_bomb())
    tracemalloc.start()
    try:
        with pytest.raises(FetchError) as caught:
            fetch(url)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert caught.value.kind == "too_large"
    assert peak < 64 * MIB  # inflating it whole would take 1 GiB


def test_it_refuses_an_unsupported_content_encoding(local_server):
    url = local_server.route("/feed", headers={"Content-Encoding": "br"}, body=b"\x00\x01")

    with pytest.raises(FetchError) as caught:
        fetch(url)

    assert caught.value.kind == "bad_encoding"


def test_it_sends_the_configured_user_agent(local_server, settings):
    settings.OUTBOUND_USER_AGENT = "TrackerTest/9.9 (+https://example.org)"
    url = local_server.route("/feed", body=b"ok")

    fetch(url)

    assert (
        local_server.requests[0].headers["User-Agent"] == "TrackerTest/9.9 (+https://example.org)"
    )


def test_it_sends_a_post_body(local_server):
    url = local_server.route("/hook", status=204)

    result = fetch(url, method="POST", content=b'{"ok": true}', headers={"X-Sig": "abc"})

    seen = local_server.requests[0]
    assert (result.status, seen.method, seen.body) == (204, "POST", b'{"ok": true}')
    assert seen.headers["X-Sig"] == "abc"


def test_it_drops_the_authorization_header_on_a_cross_origin_redirect(local_server):
    local_server.route("/final", body=b"ok")
    elsewhere = f"http://localhost:{local_server.port}/final"  # same server, another origin
    url = local_server.route("/start", status=302, headers={"Location": elsewhere})

    fetch(url, headers={"Authorization": "Bearer secret"})

    assert [seen.path for seen in local_server.requests] == ["/start", "/final"]
    assert "Authorization" in local_server.requests[0].headers
    assert "Authorization" not in local_server.requests[1].headers


def test_it_sends_the_new_host_after_a_redirect_to_another_host(local_server):
    local_server.route("/final", body=b"ok")
    elsewhere = f"http://localhost:{local_server.port}/final"
    url = local_server.route("/start", status=301, headers={"Location": elsewhere})

    fetch(url)

    assert local_server.requests[1].headers["Host"] == f"localhost:{local_server.port}"


def test_it_raises_a_transient_error_when_the_connection_is_refused():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again when the block ends: nobody listens

    with pytest.raises(FetchError) as caught:
        fetch(f"http://127.0.0.1:{port}/")

    assert (caught.value.kind, caught.value.transient) == ("network", True)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/feed.xml"])
def test_it_refuses_a_scheme_other_than_http_and_https(url):
    with pytest.raises(FetchError) as caught:
        fetch(url)

    assert caught.value.kind == "bad_scheme"


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://example.com/feed.xml"])
def test_it_refuses_a_redirect_to_a_scheme_other_than_http_and_https(local_server, target):
    url = local_server.route("/start", status=301, headers={"Location": target})

    with pytest.raises(FetchError) as caught:
        fetch(url)

    assert caught.value.kind == "bad_scheme"


def test_a_refused_redirect_to_another_scheme_names_the_scheme(
    local_server, local_server_is_public
):
    url = local_server.route("/start", status=302, headers={"Location": "file:///etc/passwd"})

    with pytest.raises(FetchError) as caught:
        fetch(url)

    assert (caught.value.kind, caught.value.transient) == ("bad_scheme", False)
    assert "the scheme 'file' is not fetched" in str(caught.value)
    assert "file:///etc/passwd" in str(caught.value)


# 127.0.0.1 and 10.0.0.1 written as browsers and inet_aton read them (octal, hex, one number).
@pytest.mark.parametrize(
    "target", ["http://0177.0.0.1/", "http://012.0.0.1/", "http://0x0a.0.0.1/", "http://167772161/"]
)
def test_a_redirect_to_an_address_in_octal_or_hex_is_refused_not_retried(
    local_server, local_server_is_public, target
):
    url = local_server.route("/start", status=302, headers={"Location": target})

    with pytest.raises(FetchError) as caught:
        fetch(url)

    assert caught.value.transient is False
    assert caught.value.kind in ("bad_url", "blocked_address")
    assert [seen.path for seen in local_server.requests] == ["/start"]


def test_a_redirect_to_an_octal_address_says_it_refused_that_target(
    local_server, local_server_is_public
):
    url = local_server.route("/start", status=302, headers={"Location": "http://0177.0.0.1/"})

    with pytest.raises(FetchError) as caught:
        fetch(url)

    assert caught.value.kind == "bad_url"
    assert "refused a redirect to 'http://0177.0.0.1/'" in str(caught.value)


def test_it_refuses_the_loopback_address_when_private_addresses_are_not_allowed(
    local_server, block_private
):
    url = local_server.route("/feed", body=b"secret")

    with pytest.raises(FetchError) as caught:
        fetch(url)

    assert (caught.value.kind, caught.value.transient) == ("blocked_address", False)
    assert local_server.requests == []


def test_it_refuses_a_hostname_that_resolves_to_loopback(local_server, block_private):
    local_server.route("/feed", body=b"secret")

    with pytest.raises(FetchError) as caught:
        fetch(f"http://localhost:{local_server.port}/feed")

    assert caught.value.kind == "blocked_address"
    assert local_server.requests == []


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.2/",
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/",
        "http://[::1]/",
        "http://[fd00::1]/",
    ],
)
def test_it_refuses_a_redirect_to_a_private_address(local_server, local_server_is_public, target):
    url = local_server.route("/start", status=302, headers={"Location": target})

    with pytest.raises(FetchError) as caught:
        fetch(url)

    assert caught.value.kind == "blocked_address"
    assert [seen.path for seen in local_server.requests] == ["/start"]


def test_it_connects_to_the_address_it_checked(monkeypatch, block_private):
    # A rebinding resolver: public on the first lookup, loopback on any later one.
    lookups = fake_dns(monkeypatch, {"rebind.example": ["93.184.216.34", "127.0.0.1"]})
    connected_to = []

    def create_connection(address, *args, **kwargs):
        connected_to.append(address)
        raise ConnectionRefusedError("no network in tests")

    monkeypatch.setattr(socket, "create_connection", create_connection)

    with pytest.raises(FetchError):
        fetch("http://rebind.example/feed")

    assert lookups == ["rebind.example"]
    assert connected_to == [("93.184.216.34", 80)]


def test_it_keeps_the_hostname_in_the_host_header_when_connecting_to_the_address(
    local_server, monkeypatch
):
    fake_dns(monkeypatch, {"feeds.example": ["127.0.0.1"]})
    local_server.route("/feed", body=b"ok")

    result = fetch(f"http://feeds.example:{local_server.port}/feed")

    assert result.body == b"ok"
    assert local_server.requests[0].headers["Host"] == f"feeds.example:{local_server.port}"


def test_it_verifies_the_certificate_for_the_hostname_while_connecting_to_the_address(
    tls_server, monkeypatch
):
    fake_dns(monkeypatch, {"feeds.example": ["127.0.0.1"]})
    monkeypatch.setattr(http, "_ssl_context", trusting_test_cert)
    tls_server.route("/feed", body=b"secure")

    result = fetch(f"https://feeds.example:{tls_server.port}/feed")

    assert result.body == b"secure"


def test_it_refuses_a_certificate_issued_for_another_host(tls_server, monkeypatch):
    fake_dns(monkeypatch, {"other.example": ["127.0.0.1"]})
    monkeypatch.setattr(http, "_ssl_context", trusting_test_cert)
    tls_server.route("/feed", body=b"secure")

    with pytest.raises(FetchError, match="CERTIFICATE_VERIFY_FAILED"):
        fetch(f"https://other.example:{tls_server.port}/feed")

    assert tls_server.requests == []


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.1.1",
        "240.0.0.1",
        "255.255.255.255",
        "::",
        "::1",
        "fe80::1",
        "fc00::1",
        "fd12:3456::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "2002:7f00:1::1",  # 6to4 wrapping 127.0.0.1
        "64:ff9b::a00:1",  # NAT64 wrapping 10.0.0.1
        "2001:db8::1",
    ],
)
def test_it_counts_non_global_addresses_as_not_public(address):
    assert not is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "64:ff9b::808:808"]
)
def test_it_counts_global_unicast_addresses_as_public(address):
    assert is_public_address(ipaddress.ip_address(address))


def test_check_url_accepts_a_host_with_public_addresses(monkeypatch, block_private):
    fake_dns(monkeypatch, {"news.example": ["93.184.216.34"]})

    check_url("https://news.example/rss")


def test_check_url_refuses_a_private_address(block_private):
    with pytest.raises(FetchError) as caught:
        check_url("http://10.0.0.1/feed")

    assert caught.value.kind == "blocked_address"


def test_check_url_refuses_a_non_http_scheme():
    with pytest.raises(FetchError) as caught:
        check_url("file:///etc/passwd")

    assert caught.value.kind == "bad_scheme"


def test_check_url_refuses_a_host_that_does_not_resolve(monkeypatch):
    def getaddrinfo(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)

    with pytest.raises(FetchError) as caught:
        check_url("https://nowhere.example/feed")

    assert (caught.value.kind, caught.value.transient) == ("dns", True)


def test_check_url_allows_a_private_address_when_settings_allow_it():
    check_url("http://10.0.0.1/feed")
