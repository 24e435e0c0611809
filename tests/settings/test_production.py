"""Production settings refuse to start without a secret key, with any host allowed or with
outbound requests to private addresses allowed, and pass check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k3y-" + "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # DJANGO_ALLOW_ASYNC_UNSAFE: set by the browser suite, refused by check --deploy.
    dropped = {
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "OUTBOUND_ALLOW_PRIVATE_ADDRESSES",
    }
    base = {k: v for k, v in os.environ.items() if k not in dropped}
    base.update(DJANGO_SETTINGS_MODULE="tracker.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = _manage("check", ALLOWED_HOSTS="tracker.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_refuse_a_short_secret_key():
    result = _manage("check", SECRET_KEY="short", ALLOWED_HOSTS="tracker.example.org")
    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


def test_production_settings_refuse_to_start_without_allowed_hosts():
    result = _manage("check", SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_settings_refuse_any_host_allowed():
    result = _manage("check", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="tracker.example.org,*")
    assert result.returncode != 0
    assert "ImproperlyConfigured: ALLOWED_HOSTS must name the hosts" in result.stderr
    assert "not '*'" in result.stderr


def test_production_settings_refuse_outbound_requests_to_private_addresses():
    result = _manage(
        "check",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="tracker.example.org",
        OUTBOUND_ALLOW_PRIVATE_ADDRESSES="1",
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: OUTBOUND_ALLOW_PRIVATE_ADDRESSES must be off" in result.stderr


def test_production_settings_pass_check_deploy_with_no_warnings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="tracker.example.org",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout
