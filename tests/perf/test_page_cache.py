"""The public pages' cache: an edit shows at once in every process, conditional GETs get a
304, and a page costs a constant number of queries whatever the number of channels."""

import gzip
import os
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from channels_app.caching.pages import cached_page
from channels_app.caching.version import forget_public_pages_version, invalidate_public_pages
from channels_app.models import StateChange
from channels_app.models.health import SiteVersion
from channels_app.services.changes import change_correct, change_remove, channel_set_state
from channels_app.services.channels import channel_create
from tests.factories import SOURCE
from tracker.cache import LocalCopy

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)
CODES = ["CN", "US", "RU", "UA", "IN", "PK", "KP", "KR", "JP", "GB", "FR", "DE", "IL", "TR"]
# The writer in another process (the Celery worker) has a local-memory cache of its own.
OTHER_PROCESS_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "other"}
}


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def empty_cache():
    """A test database rolled back reuses ids, so a page cached by the previous test could
    match this test's version: start every test with empty caches (the process-local one
    too, when Redis is configured)."""
    for alias in settings.CACHES:
        caches[alias].clear()
    yield
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture(autouse=True)
def version_read_every_request(settings):
    """Exact query counts: every request reads the version (the memo has its own test), and
    no reading is carried from one test to another."""
    settings.PUBLIC_PAGES_VERSION_MAX_AGE = 0
    forget_public_pages_version()
    yield
    forget_public_pages_version()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the writes in the block as production commits them: with their post-commit work
    (the test's transaction is never committed, so on_commit callbacks would not run)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def day(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, tzinfo=UTC)


def record(channel, state, when=None, **kw):
    when = when or day(2025, 12, 1)
    return channel_set_state(
        channel=channel,
        state=state,
        effective_at=when,
        origin="manual",
        **{"evidence": SOURCE, **kw},
    )


@pytest.fixture
def channel():
    channel = channel_create(country_a="US", country_b="CN", kind="military")
    record(channel, "suspended")
    return channel


def make_channels(start: int, stop: int) -> None:
    pairs = [(a, b) for i, a in enumerate(CODES) for b in CODES[i + 1 :]]
    slots = [(a, b, kind) for a, b in pairs for kind in ("military", "trade", "diplomatic")]
    for n in range(start, stop):
        a, b, kind = slots[n]
        made = channel_create(country_a=a, country_b=b, kind=kind)
        record(made, ["open", "limited", "suspended", "severed"][n % 4])


def database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def fetch(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        fetch(client, url)
    return len(captured)


# --- an edit shows at once ------------------------------------------------------------


def shown(client, url: str, state: str) -> int:
    """How often the page shows `state` (as a state badge or cell): the legend shows every
    state once, the matrix and the history once per channel or change in it."""
    return fetch(client, url).content.decode().count(f"state--{state}")


def page_url(page: str, channel) -> str:
    return reverse("dashboard") if page == "dashboard" else channel.get_absolute_url()


@pytest.mark.parametrize("page", ["dashboard", "channel"])
def test_a_change_recorded_through_the_writer_shows_at_the_next_request(
    client, channel, committed, page
):
    url = page_url(page, channel)
    before = shown(client, url, "severed")
    with committed():
        record(channel, "severed", day(2025, 12, 20))
    assert shown(client, url, "severed") > before


def test_the_dashboard_is_served_from_the_cache_while_nothing_changes(client, channel):
    first = fetch(client, "/")
    assert queries(client, "/") == 1  # the version; the body comes from the cache
    assert fetch(client, "/").content == first.content


def test_a_change_committed_in_another_process_changes_the_etag_and_the_page(
    client, channel, committed
):
    before = fetch(client, "/")
    # The other process records the change and runs its post-commit work against its own
    # cache; nothing reaches this process's cache.
    with override_settings(CACHES=OTHER_PROCESS_CACHE), committed():
        record(channel, "severed", day(2025, 12, 24))
    assert cache.get("page:" + before["ETag"].strip('"')) is not None  # still there, unused
    after = client.get("/", headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert after.content.decode().count("state--severed") > before.content.decode().count(
        "state--severed"
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_change_committed_by_a_real_other_process_shows_here(client, settings):
    """The other process has its own local-memory cache: only the database connects them."""
    settings.PUBLIC_PAGES_VERSION_MAX_AGE = 0.1
    channel = channel_create(country_a="US", country_b="CN", kind="military")
    record(channel, "suspended")
    before = fetch(client, "/")
    code = (
        "from datetime import UTC, datetime\n"
        "from channels_app.models import Channel\n"
        "from channels_app.services.changes import channel_set_state\n"
        f"channel_set_state(channel=Channel.objects.get(pk={channel.pk}), state='severed', "
        "effective_at=datetime(2025, 12, 20, tzinfo=UTC), origin='import')\n"
    )
    env = {**os.environ, "DATABASE_URL": database_url(), "REDIS_URL": ""}
    env["DJANGO_SETTINGS_MODULE"] = "tracker.settings.test"
    command = [sys.executable, "manage.py", "shell", "-c", code]
    subprocess.run(command, cwd=ROOT, env=env, check=True, timeout=120)
    time.sleep(0.1)
    after = client.get("/", headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    assert after.content.count(b"state--severed") > before.content.count(b"state--severed")


@pytest.mark.parametrize("page", ["dashboard", "channel"])
def test_a_correction_shows_at_once(client, channel, editor_user, committed, page):
    url = page_url(page, channel)
    change = record(channel, "severed", day(2025, 12, 20))
    severed = shown(client, url, "severed")
    with committed():
        change_correct(change=change, actor=editor_user, reason="Typo", state="limited")
    assert shown(client, url, "severed") < severed


@pytest.mark.parametrize("page", ["dashboard", "channel"])
def test_a_removal_shows_at_once(client, channel, editor_user, committed, page):
    url = page_url(page, channel)
    change = record(channel, "severed", day(2025, 12, 20))
    severed = shown(client, url, "severed")
    with committed():
        change_remove(change=change, actor=editor_user, reason="Wrong channel")
    assert shown(client, url, "severed") < severed


def test_a_process_trusts_its_reading_of_the_version_for_the_max_age_only(
    client, channel, settings, monkeypatch
):
    settings.PUBLIC_PAGES_VERSION_MAX_AGE = 0.1
    clock = [1000.0]
    monkeypatch.setattr("channels_app.caching.version.time.monotonic", lambda: clock[0])
    etag = fetch(client, "/")["ETag"]
    # Another process commits an edit: the row moves, this process's reading does not.
    SiteVersion.objects.update_or_create(pk=1, defaults={"value": 41})
    clock[0] += 0.05
    assert client.get("/", headers={"if-none-match": etag}).status_code == 304
    clock[0] += 0.06
    assert client.get("/", headers={"if-none-match": etag}).status_code == 200


def test_the_process_that_commits_sees_its_edit_at_once(client, channel, settings, committed):
    settings.PUBLIC_PAGES_VERSION_MAX_AGE = 60
    etag = fetch(client, "/")["ETag"]
    with committed():
        record(channel, "severed", day(2025, 12, 20))
    assert client.get("/", headers={"if-none-match": etag}).status_code == 200


def test_an_edit_that_records_no_change_shows_once_it_bumps_the_site_version(client, channel):
    fetch(client, "/")
    channel.name = "The hotline"
    channel.save(update_fields=["name"])  # as the admin's description form does
    assert "The hotline" not in fetch(client, "/").content.decode()  # the cached page
    invalidate_public_pages()  # what such an edit calls after commit
    assert "The hotline" in fetch(client, "/").content.decode()


# --- one cache for everything the public reads -------------------------------------------

EVERY_KIND = {
    "country page": "/countries/cn/",
    "countries index": "/countries/",
    "dashboard fragment": "/live/dashboard/",
    "channel fragment": "/live/channels/cn-us/military/",
    "badge": "/badge/cn-us/military.svg",
    "shields badge": "/badge/cn-us/military.json",
    "summary.json": "/api/v1/summary.json",
}


@pytest.mark.parametrize("url", EVERY_KIND.values(), ids=EVERY_KIND.keys())
def test_every_public_response_is_served_from_the_cache_while_nothing_changes(client, channel, url):
    first = fetch(client, url)
    assert queries(client, url) <= 1  # the version at most; the body comes from the cache
    assert fetch(client, url).content == first.content


@pytest.mark.parametrize("url", EVERY_KIND.values(), ids=EVERY_KIND.keys())
def test_every_public_response_changes_with_a_committed_change(client, channel, committed, url):
    etag = fetch(client, url)["ETag"]
    with committed():
        record(channel, "severed", day(2025, 12, 20))
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200 and response["ETag"] != etag


@pytest.mark.parametrize(
    "url", ["/", "/badge/cn-us/military.svg", "/api/v1/summary.json", "/feeds/changes.atom"]
)
def test_a_new_release_rolls_every_response_over(client, channel, settings, url):
    etag = fetch(client, url)["ETag"]
    settings.RELEASE = "next"
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200 and response["ETag"] != etag


def test_badges_and_the_summary_may_be_kept_and_embedded_elsewhere(client, channel, settings):
    for url in ("/badge/cn-us/military.svg", "/api/v1/summary.json"):
        response = fetch(client, url)
        assert response["Cache-Control"] == f"public, max-age={settings.API_CACHE_SECONDS}"
        assert response["Access-Control-Allow-Origin"] == "*"
        not_modified = client.get(url, headers={"if-none-match": response["ETag"]})
        assert not_modified.status_code == 304
        assert not_modified["Access-Control-Allow-Origin"] == "*"


# --- conditional GET ------------------------------------------------------------------


@pytest.mark.parametrize("page", ["dashboard", "channel"])
def test_a_matching_if_none_match_gets_a_304_without_rendering(client, channel, page):
    url = page_url(page, channel)
    etag = fetch(client, url)["ETag"]
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 304 and response.content == b""
    assert response["ETag"] == etag
    assert len(captured) == 1


def test_a_weak_or_listed_etag_also_matches(client, channel):
    etag = fetch(client, "/")["ETag"]
    response = client.get("/", headers={"if-none-match": f'"other", W/{etag}'})
    assert response.status_code == 304


def test_the_etag_changes_after_midnight_but_not_within_the_hour(client, channel, frozen_now):
    frozen_now.move_to(datetime(2026, 1, 1, 23, 10, tzinfo=UTC))
    etag = fetch(client, "/")["ETag"]
    frozen_now.move_to(datetime(2026, 1, 1, 23, 50, tzinfo=UTC))
    assert client.get("/", headers={"if-none-match": etag}).status_code == 304
    frozen_now.move_to(datetime(2026, 1, 2, 0, 5, tzinfo=UTC))
    response = client.get("/", headers={"if-none-match": etag})
    assert response.status_code == 200 and response["ETag"] != etag


def test_a_stale_marker_appears_once_the_day_it_goes_stale_comes(client, frozen_now):
    channel = channel_create(country_a="US", country_b="CN", kind="trade")
    record(channel, "open", day(2025, 10, 1))
    frozen_now.move_to(day(2025, 12, 29))  # 89 days: fresh
    assert 'class="stale' not in fetch(client, channel.get_absolute_url()).content.decode()
    frozen_now.move_to(day(2025, 12, 31) + timedelta(hours=1))  # 91 days
    assert 'class="stale' in fetch(client, channel.get_absolute_url()).content.decode()


def test_pages_tell_browsers_to_revalidate(client, channel):
    response = fetch(client, "/")
    assert "no-cache" in response["Cache-Control"] and "public" in response["Cache-Control"]


def test_the_query_string_is_part_of_the_key(client, channel):
    assert fetch(client, "/?a=1")["ETag"] != fetch(client, "/?a=2")["ETag"]


def test_a_client_that_accepts_gzip_gets_the_same_page_compressed(client, channel):
    plain = fetch(client, "/")
    packed = fetch(client, "/", accept_encoding="gzip, deflate, br")
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert packed["ETag"] != plain["ETag"] and "Accept-Encoding" in packed["Vary"]
    assert client.get("/", headers={"if-none-match": packed["ETag"]}).status_code == 304


# --- what is never stored ---------------------------------------------------------------


def test_redirects_and_404s_are_not_cached(client, channel):
    response = client.get("/channels/us-cn/military/")
    assert response.status_code == 301 and "ETag" not in response
    assert client.get("/channels/cn-us/trade/").status_code == 404
    assert cache.get("page:" + "x") is None


def counting_view(make_personal):
    calls = []

    def view(request):
        calls.append(1)
        response = HttpResponse(f"token {get_token(request)}" if make_personal == "csrf" else "x")
        if make_personal == "cookie":
            response.set_cookie("seen", "1")
        if make_personal == "session":
            request.session.get("anything")
        return response

    return cached_page(view), calls


@pytest.mark.parametrize("make_personal", ["csrf", "cookie", "session"])
def test_a_response_for_one_visitor_is_never_stored(make_personal):
    from django.contrib.sessions.backends.db import SessionStore

    view, calls = counting_view(make_personal)
    for _ in range(2):
        request = RequestFactory().get("/personal/")
        request.session = SessionStore()
        response = view(request)
        assert "ETag" not in response
    assert len(calls) == 2


def test_a_response_for_everyone_is_stored():
    view, calls = counting_view("")
    for _ in range(2):
        assert view(RequestFactory().get("/shared/"))["ETag"]
    assert len(calls) == 1


# --- a constant number of queries -------------------------------------------------------


@pytest.mark.parametrize("page", ["dashboard", "channel"])
def test_a_page_costs_the_same_few_queries_with_5_or_60_channels(client, page):
    make_channels(0, 5)
    first = StateChange.objects.select_related("channel").order_by("id").first().channel
    url = reverse("dashboard") if page == "dashboard" else first.get_absolute_url()
    few = queries(client, url)
    make_channels(5, 60)
    invalidate_public_pages()  # as their commits would: the next request renders again
    many = queries(client, url)
    assert few == many <= 10
    assert queries(client, url) == 1  # then from the cache


def test_a_miss_costs_one_version_query_however_recent_the_last_reading(client, settings):
    settings.PUBLIC_PAGES_VERSION_MAX_AGE = 60
    make_channels(0, 5)
    read_just_now = queries(client, "/")
    cache.clear()
    assert queries(client, "/") == read_just_now  # the reading was trusted, read again anyway


# --- the Redis backend ------------------------------------------------------------------


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_pages_render_with_redis_unreachable_and_it_is_logged_once(client, channel, caplog):
    backend = {
        "BACKEND": "tracker.cache.ResilientRedisCache",
        "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        "OPTIONS": {"LOCAL_COPY_PREFIXES": ["page:"]},
    }
    with override_settings(CACHES={"default": backend}):
        for _ in range(5):
            assert client.get("/").status_code == 200
            assert client.get(channel.get_absolute_url()).status_code == 200
        served_from_memory = queries(client, "/") == 1  # the process's copy, no rendering
    warnings = [r for r in caplog.records if r.name == "tracker.cache"]
    assert len(warnings) == 1 and "unavailable" in warnings[0].getMessage()
    assert served_from_memory


def test_the_local_copy_drops_the_least_recently_used_past_its_size():
    copy = LocalCopy(max_bytes=8 * 1000)
    for n in range(20):
        copy.put(f"page:{n}", b"x" * 900)
        copy.get("page:0")  # kept in use
    assert copy.get("page:0") == b"x" * 900
    assert copy.get("page:1") is None
    assert copy.size <= copy.max_bytes
    copy.clear()
    assert copy.get("page:0") is None and copy.size == 0
