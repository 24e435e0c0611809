import re
from datetime import UTC, datetime

import pytest
from django.core.cache import cache

from channels_app.models import Channel, Kind, Origin, StateChange
from channels_app.services.changes import EvidenceInput, channel_set_state
from tests.factories import SOURCE, ChannelFactory
from tests.net.conftest import local_server  # noqa: F401  (the real HTTP server fixture)

NOW = datetime(2025, 11, 2, 12, 0, tzinfo=UTC)
OPENED = datetime(2024, 1, 10, tzinfo=UTC)
CUT = datetime(2025, 11, 1, 9, 30, tzinfo=UTC)


def assessed(channel: Channel, state: str = "open") -> Channel:
    """A channel with a first assessment (which never alerts)."""
    channel_set_state(
        evidence=SOURCE,
        channel=channel,
        state=state,
        effective_at=OPENED,
        origin=Origin.MANUAL,
        now=OPENED,
    )
    return channel


def alerting_change(channel: Channel, state: str = "suspended", **kwargs) -> StateChange:
    change = channel_set_state(
        channel=channel,
        state=state,
        effective_at=kwargs.pop("effective_at", CUT),
        origin=kwargs.pop("origin", Origin.MANUAL),
        now=kwargs.pop("now", NOW),
        **{"evidence": SOURCE, **kwargs},
    )
    assert change.alerts
    return change


@pytest.fixture
def cn_us(db) -> Channel:
    channel = ChannelFactory(country_a="US", country_b="CN", kind=Kind.MILITARY)
    channel.name = "US–China military channels"
    channel.save()
    return assessed(channel)


@pytest.fixture
def change(cn_us) -> StateChange:
    return alerting_change(
        cn_us,
        note="China cancelled the theatre-commander talks <script>alert(1)</script>",
        evidence=[
            EvidenceInput(
                url="https://news.example/cancelled",
                outlet="Example News",
                title="China cancels military talks",
                published_at=CUT,
            )
        ],
    )


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run a call and then what it queued on commit (tasks run eagerly in tests)."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


CONFIRM_LINK = re.compile(r"http://127\.0\.0\.1:8000(/alerts/confirm/[^/\s]+/)")
MANAGE_LINK = re.compile(r"http://127\.0\.0\.1:8000(/alerts/manage/[^/\s]+/)")


def link_in(message, pattern: re.Pattern = CONFIRM_LINK) -> str:
    """The path of the first link matching `pattern` in an email's text."""
    match = pattern.search(message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """POST with the client and run what the request queued on commit (the emails)."""

    def send(url, data=None, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {}, **kwargs)

    return send


@pytest.fixture(autouse=True)
def _own_cache(settings, request):
    """A private local-memory cache per test: fresh rate-limit counters, and nothing
    cleared in a Redis other suites share."""
    location = f"alerts-{request.node.nodeid}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": location,
        }
    }
    yield
    cache.clear()
