import json
import os
import subprocess
import sys
from pathlib import Path

from tracker.sentry import FILTERED, scrub_event

ROOT = Path(__file__).resolve().parents[2]
SIGNED = (
    "eyJzIjoxLCJrIjoiYWJjZGVmZ2hpamtsbW5vcCJ9:1xaGVb:hvVI8SmuXRrZ0Wqgg1WGxOBsoKGu7OEuq0i3fFijOfU"
)
WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def test_the_scrubber_filters_credentials_in_request_headers_and_cookies():
    event = {
        "request": {
            "headers": {
                "Authorization": "Bearer ct_abcdefgh12345",
                "Cookie": "sessionid=x",
                "X-Request-ID": "r1",
            },
            "cookies": {"sessionid": "x", "csrftoken": "y"},
        }
    }
    request = scrub_event(event)["request"]
    assert request["headers"] == {
        "Authorization": FILTERED,
        "Cookie": FILTERED,
        "X-Request-ID": "r1",
    }
    assert request["cookies"] == FILTERED


def test_the_scrubber_removes_emails_tokens_and_secrets_from_any_text():
    event = {
        "exception": {
            "values": [
                {
                    "type": "ValueError",
                    "value": f"reader@example.org sent ct_Zx9_abcdefgh and {WHSEC}",
                }
            ]
        },
        "breadcrumbs": {
            "values": [{"message": f"GET /alerts/manage/{SIGNED}/?token=plain&page=2"}]
        },
    }
    scrubbed = scrub_event(event)
    assert scrubbed["exception"]["values"][0]["value"] == "[email] sent [token] and [secret]"
    assert (
        scrubbed["breadcrumbs"]["values"][0]["message"]
        == "GET /alerts/manage/[signed]/?token=[Filtered]&page=2"
    )


def test_the_scrubber_filters_sensitive_keys_in_bodies_and_local_variables():
    frame = {
        "vars": {
            "webhook_secret": WHSEC,
            "owner_email": "x@y.org",
            "recipient": "'a@b.org'",
            "n": 3,
        }
    }
    body = {"email": "x@y.org", "password": "p", "note": "call me at a@b.org"}
    scrubbed = scrub_event({"frames": [frame], "request": {"data": body}})
    assert scrubbed["frames"][0]["vars"] == {
        "webhook_secret": FILTERED,
        "owner_email": FILTERED,
        "recipient": "'[email]'",
        "n": 3,
    }
    assert scrubbed["request"]["data"] == {
        "email": FILTERED,
        "password": FILTERED,
        "note": "call me at [email]",
    }


def test_the_scrubber_keeps_only_the_users_id():
    user = {"id": 7, "email": "x@y.org", "username": "editor", "ip_address": "203.0.113.1"}
    assert scrub_event({"user": user})["user"] == {"id": 7}


def _run(code: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SENTRY_")}
    environment.update(DJANGO_SETTINGS_MODULE="tracker.settings.test", **env)
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result


def test_without_a_dsn_sentry_is_not_even_imported():
    code = (
        "import sys, django; django.setup(); from django.test import Client; "
        "Client().get('/healthz'); print('sentry_sdk' in sys.modules)"
    )
    assert _run(code).stdout.strip() == "False"


def test_with_a_dsn_a_view_exception_reaches_sentry_scrubbed(sentry_server):
    code = (
        "import django, sentry_sdk; django.setup()\n"
        "from django.test import Client, override_settings\n"
        "with override_settings(ROOT_URLCONF='tests.ops.urls'):\n"
        "    response = Client(raise_request_exception=False).get(\n"
        "        '/test-ops/fails', HTTP_AUTHORIZATION='Bearer ct_abcdefghijkl0123',\n"
        "        HTTP_COOKIE='sessionid=s3ss10nvalue', HTTP_X_REQUEST_ID='req-sentry')\n"
        "sentry_sdk.flush(10)\n"
        "print(response.status_code)\n"
    )
    dsn = f"http://publickey@127.0.0.1:{sentry_server.server_port}/42"
    assert _run(code, SENTRY_DSN=dsn).stdout.strip() == "500"
    raw = b"".join(sentry_server.received)
    events = [
        json.loads(line)
        for line in raw.splitlines()
        if line.startswith(b'{"') and b'"exception"' in line
    ]
    assert len(events) == 1, raw[:2000]
    [exception] = events[0]["exception"]["values"]
    assert exception["value"] == "boom for [email] with [token]"
    for secret in (
        b"reader@example.org",
        b"ct_secretTokenValue123",
        b"ct_abcdefghijkl0123",
        b"s3ss10nvalue",
    ):
        assert secret not in raw
