"""Suite gating. Tests marked postgres, integration or browser need a real PostgreSQL, a
real Redis (plus a worker process), or Chromium. Where one is missing the suite is left out
with the reason printed at the end of the run; with TRACKER_REQUIRE_ALL_SUITES=1 (CI) a
left-out suite is a failure instead."""

import os
import shutil
import socket
from functools import cache
from urllib.parse import urlparse

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
_left_out: dict[str, str] = {}


def _require_all() -> bool:
    return os.environ.get("TRACKER_REQUIRE_ALL_SUITES") == "1"


@cache
def _redis_url() -> str:
    for name in ("CELERY_BROKER_URL", "REDIS_URL"):
        url = os.environ.get(name, "")
        if url.startswith(("redis://", "rediss://")):
            return url
    return ""


@cache
def _reachable(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), 2):
            return True
    except OSError:
        return False


def _missing(marker: str) -> str | None:
    """Why the suite behind `marker` cannot run here, or None if it can."""
    database = os.environ.get("DATABASE_URL", "")
    on_postgres = database.startswith(("postgres://", "postgresql://", "pgsql://"))
    if marker == "postgres" and not on_postgres:
        return "PostgreSQL suite: DATABASE_URL does not point at PostgreSQL"
    if marker == "integration":
        if not _redis_url():
            return "integration suite: CELERY_BROKER_URL does not point at Redis"
        if not _reachable(_redis_url()):
            return f"integration suite: Redis at {_redis_url()} does not answer"
        if not on_postgres:
            return "integration suite: the worker process needs a shared database (PostgreSQL)"
    if marker == "browser" and not shutil.which(CHROMIUM):
        return f"browser suite: no Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


def pytest_collection_modifyitems(config, items):
    for item in items:
        for marker in ("postgres", "integration", "browser"):
            if item.get_closest_marker(marker) is None:
                continue
            reason = _missing(marker)
            if reason is None:
                continue
            _left_out[marker] = reason
            if _require_all():
                item.add_marker(pytest.mark.usefixtures("_fail_left_out_suite"))
                item.user_properties.append(("left_out", reason))
            else:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def _fail_left_out_suite(request):
    reason = dict(request.node.user_properties)["left_out"]
    pytest.fail(f"TRACKER_REQUIRE_ALL_SUITES=1 but {reason}")


def pytest_terminal_summary(terminalreporter):
    if not _left_out:
        return
    verb = "FAILED (required)" if _require_all() else "left out"
    terminalreporter.section("suites left out")
    for reason in _left_out.values():
        terminalreporter.write_line(f"{verb}: {reason}")


@pytest.fixture
def any_calibrated_confidence(monkeypatch):
    """Every act and agreed intent the detector reads proposes, whatever the calibration's
    threshold (which each retraining moves; tested on its own in
    tests/news/test_detector_calibration.py): for the tests about what proposals do, not about
    which readings the threshold withholds."""
    from channels_app.news.detect.calibrate import Calibration

    monkeypatch.setattr(Calibration, "proposes", lambda self, confidence: True)
