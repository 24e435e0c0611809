"""/api/v1/countries/ and /api/v1/summary.json (cached, with an ETag and 304s)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from channels_app.services.changes import channel_set_state
from tests.factories import SOURCE, ChannelFactory, StateChangeFactory

from .conftest import at

pytestmark = pytest.mark.django_db
SUMMARY = "/api/v1/summary.json"


@pytest.fixture
def world(cn_us):
    StateChangeFactory(channel=cn_us, state="open", effective_at=at("2020-01-01"))
    StateChangeFactory(channel=cn_us, state="severed", effective_at=at("2022-08-05"))
    trade = ChannelFactory(country_a="CN", country_b="US", kind="trade")
    StateChangeFactory(channel=trade, state="open", effective_at=at("2025-10-30"))
    ChannelFactory(country_a="RU", country_b="US", kind="military")
    return cn_us


def test_countries_with_their_channels_states(anon, world):
    body = anon.get("/api/v1/countries/").json()
    assert [c["code"] for c in body["results"]] == ["CN", "RU", "US"]
    us = body["results"][2]
    assert us["name"] == "United States"
    assert us["states"] == {"open": 1, "limited": 0, "suspended": 0, "severed": 1, "unknown": 1}
    assert [(c["pair"], c["kind"], c["state"]) for c in us["channels"]] == [
        ("CN-US", "military", "severed"),
        ("CN-US", "trade", "open"),
        ("RU-US", "military", "unknown"),
    ]


def test_a_country_at_a_date(anon, world):
    body = anon.get("/api/v1/countries/cn/", {"at": "2021-01-01"}).json()
    assert body["code"] == "CN"
    assert [(c["kind"], c["state"]) for c in body["channels"]] == [
        ("military", "open"),
        ("trade", "unknown"),
    ]


@pytest.mark.parametrize("code", ["zz", "FR", "usa"])
def test_a_country_without_channels_is_404(anon, world, code):
    response = anon.get(f"/api/v1/countries/{code}/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_the_summary_lists_every_channel_and_the_last_change(anon, world):
    response = anon.get(SUMMARY)
    body = response.json()
    assert response["Content-Type"] == "application/json"
    assert body["at"] is None
    assert body["last_change_at"] == "2025-10-30T00:00:00Z"
    assert body["last_recorded_at"] is not None
    assert body["states"]["severed"] == 1
    assert body["channels"][0] == {
        "pair": "CN-US",
        "kind": "military",
        "name": "US–China mil",
        "state": "severed",
        "since": "2022-08-05T00:00:00Z",
        "stale": True,
        "page_url": "http://testserver/channels/cn-us/military/",
        "badge_url": "http://testserver/badge/cn-us/military.svg",
    }
    assert len(body["channels"]) == 3


def test_the_summary_at_a_date(anon, world):
    body = anon.get(SUMMARY, {"at": "2021-06-01"}).json()
    assert body["at"] == "2021-06-01"
    assert body["last_change_at"] == "2020-01-01T00:00:00Z"
    assert [c["state"] for c in body["channels"]] == ["open", "unknown", "unknown"]


def test_the_summary_answers_if_none_match_with_304(anon, world):
    first = anon.get(SUMMARY)
    etag = first["ETag"]
    assert etag.startswith('"') and "max-age" in first["Cache-Control"]

    again = anon.get(SUMMARY, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert anon.get(SUMMARY, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_the_summary_is_cached_until_a_change_is_committed(
    anon, world, django_capture_on_commit_callbacks
):
    etag = anon.get(SUMMARY)["ETag"]
    with CaptureQueriesContext(connection) as captured:
        assert anon.get(SUMMARY).status_code == 200
    # At most the public-pages version is read; the channels are not.
    assert not [q["sql"] for q in captured if '"country_a"' in q["sql"]]

    with django_capture_on_commit_callbacks(execute=True):
        channel_set_state(
            evidence=SOURCE,
            channel=world,
            state="limited",
            effective_at=at("2023-11-15"),
            origin="api",
        )

    fresh = anon.get(SUMMARY, HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200
    assert fresh["ETag"] != etag
    assert fresh.json()["channels"][0]["state"] == "limited"


def test_the_summary_can_be_fetched_from_other_sites(anon, world):
    assert anon.get(SUMMARY)["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    "params", [{"at": "2021-13-01"}, {"at": "yesterday"}, {"at": "3000-01-01"}, {"date": "x"}]
)
def test_bad_summary_parameters_are_400(anon, world, params):
    response = anon.get(SUMMARY, params)
    assert response.status_code == 400
    assert response.json()["error"]["details"]
