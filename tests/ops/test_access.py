"""Who may read /metrics (and /readyz, behind the same guard)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_metrics_answer_the_local_address(client):
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 200


def test_metrics_answer_the_local_ipv6_address(client):
    assert client.get("/metrics", REMOTE_ADDR="::1").status_code == 200


def test_metrics_refuse_another_address_with_a_bare_403(client):
    response = client.get("/metrics", REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 403
    assert response.content == b""
    assert "no-store" in response["Cache-Control"]


def test_a_configured_network_is_allowed(client, settings):
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8"]
    assert client.get("/metrics", REMOTE_ADDR="10.20.30.40").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 403


def test_the_bearer_token_opens_metrics_from_anywhere(client, settings):
    settings.METRICS_TOKEN = "scrape-me-0123456789"
    auth = {"HTTP_AUTHORIZATION": "Bearer scrape-me-0123456789", "REMOTE_ADDR": "198.51.100.7"}
    assert client.get("/metrics", **auth).status_code == 200


def test_a_wrong_token_is_refused(client, settings):
    settings.METRICS_TOKEN = "scrape-me-0123456789"
    auth = {"HTTP_AUTHORIZATION": "Bearer scrape-me-012345678", "REMOTE_ADDR": "198.51.100.7"}
    assert client.get("/metrics", **auth).status_code == 403


def test_without_a_configured_token_no_bearer_value_opens_metrics(client, settings):
    settings.METRICS_TOKEN = ""
    auth = {"HTTP_AUTHORIZATION": "Bearer ", "REMOTE_ADDR": "198.51.100.7"}
    assert client.get("/metrics", **auth).status_code == 403


def test_a_request_relayed_by_an_untrusted_proxy_is_refused_even_from_loopback(client):
    # A reverse proxy on the same host connects from 127.0.0.1 for every visitor.
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert response.status_code == 403


def test_behind_trusted_proxies_the_forwarded_address_is_judged(client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8"]
    inside = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.1.2.3")
    outside = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert (inside.status_code, outside.status_code) == (200, 403)


def test_a_malformed_allowed_address_stops_the_start():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tracker.settings.test"}
    env["METRICS_ALLOWED_IPS"] = "127.0.0.1,10.0.0.300"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "METRICS_ALLOWED_IPS: '10.0.0.300' does not appear to be" in result.stderr
