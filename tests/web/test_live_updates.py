"""Live updates: the fragments static/js/live.js polls, answered with an ETag of their content
so that a poll costs a 304 until something shown has changed."""

from datetime import UTC, datetime

import pytest
import time_machine

from channels_app.services.changes import channel_set_state
from channels_app.services.channels import channel_create
from tests.factories import SOURCE

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def channel():
    channel = channel_create(country_a="US", country_b="CN", kind="military")
    channel_set_state(
        evidence=SOURCE,
        channel=channel,
        state="open",
        effective_at=datetime(2025, 12, 10, tzinfo=UTC),
        origin="manual",
    )
    return channel


FRAGMENTS = [
    ("/", "/live/dashboard/"),
    ("/?kind=military&view=list", "/live/dashboard/?kind=military&view=list"),
    ("/channels/cn-us/military/", "/live/channels/cn-us/military/"),
]


@pytest.mark.parametrize(("page", "fragment"), FRAGMENTS)
def test_the_page_names_its_fragment_and_holds_exactly_its_markup(client, channel, page, fragment):
    html = client.get(page).content.decode()
    assert f'data-live-url="{fragment.replace("&", "&amp;")}"' in html
    body = client.get(fragment).content.decode()
    assert body.strip() and body in html


@pytest.mark.parametrize(("_page", "fragment"), FRAGMENTS)
def test_an_unchanged_fragment_is_a_304(client, channel, _page, fragment):
    first = client.get(fragment)
    assert first.status_code == 200 and first["ETag"]
    assert "no-cache" in first["Cache-Control"]
    again = client.get(fragment, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""


@pytest.mark.parametrize(("_page", "fragment"), FRAGMENTS)
def test_a_new_change_changes_the_fragment(
    client, channel, _page, fragment, django_capture_on_commit_callbacks
):
    etag = client.get(fragment)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):  # the commit moves the data version
        channel_set_state(
            evidence=SOURCE, channel=channel, state="severed", effective_at=NOW, origin="manual"
        )
    response = client.get(fragment, headers={"If-None-Match": etag})
    assert response.status_code == 200 and response["ETag"] != etag
    assert ">Severed<" in response.content.decode()


def test_the_dashboard_fragment_announces_the_latest_change(client, channel):
    body = client.get("/live/dashboard/").content.decode()
    assert (
        'data-announce="The dashboard was updated. Latest change: '
        'China–United States military channels, open since 10 Dec 2025 (recorded 1 Jan 2026)."'
    ) in body


def test_the_channel_fragment_announces_the_state(client, channel):
    body = client.get("/live/channels/cn-us/military/").content.decode()
    assert (
        'data-announce="China–United States military channels is open since 10 December 2025."'
        in body
    )


def test_the_status_line_is_a_polite_live_region(client, channel):
    html = client.get("/").content.decode()
    assert 'role="status" aria-live="polite" data-live-status' in html


def test_the_fragment_of_an_unknown_channel_is_a_404(client, channel):
    assert client.get("/live/channels/cn-us/trade/").status_code == 404
    assert client.get("/live/channels/cn-zz/military/").status_code == 404


def test_bad_parameters_do_not_break_the_dashboard_fragment(client, channel):
    assert client.get("/live/dashboard/?kind=naval&at=nope").status_code == 200
