"""GET /api/v1/channels/ and /api/v1/channels/<pair>/<kind>/: filters, ordering, search,
time travel, history with evidence."""

from datetime import timedelta

import pytest
from django.utils import timezone

from channels_app.services.changes import EvidenceInput
from tests.factories import ChannelFactory, StateChangeFactory

from .conftest import at

pytestmark = pytest.mark.django_db
LIST = "/api/v1/channels/"


def pairs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [f"{c['pair']} {c['kind']}" for c in response.json()["results"]]


@pytest.fixture
def story(cn_us):
    """The seed story's military channel, plus a trade channel and an unrelated pair."""
    StateChangeFactory(channel=cn_us, state="open", effective_at=at("2020-01-01"))
    StateChangeFactory(channel=cn_us, state="severed", effective_at=at("2022-08-05"))
    StateChangeFactory(channel=cn_us, state="limited", effective_at=at("2023-11-15"))
    trade = ChannelFactory(country_a="CN", country_b="US", kind="trade", name="Trade talks")
    StateChangeFactory(channel=trade, state="suspended", effective_at=at("2025-04-10"))
    india = ChannelFactory(country_a="PK", country_b="IN", kind="military", name="DGMO hotline")
    return cn_us, trade, india


def test_it_lists_every_channel_with_its_state_and_links(anon, story):
    body = anon.get(LIST).json()
    first = body["results"][0]
    assert body["count"] == 3
    assert first["pair"] == "CN-US" and first["kind"] == "military"
    assert first["state"] == "limited"
    assert first["since"] == "2023-11-15T00:00:00Z"
    assert first["countries"] == [
        {"code": "CN", "name": "China"},
        {"code": "US", "name": "United States"},
    ]
    assert first["url"] == "http://testserver/api/v1/channels/cn-us/military/"
    assert first["page_url"] == "http://testserver/channels/cn-us/military/"
    assert first["badge_url"] == "http://testserver/badge/cn-us/military.svg"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "us"}, ["CN-US military", "CN-US trade"]),
        ({"country": "IN"}, ["IN-PK military"]),
        ({"pair": "us-cn"}, ["CN-US military", "CN-US trade"]),
        ({"kind": "trade"}, ["CN-US trade"]),
        ({"state": "suspended"}, ["CN-US trade"]),
        ({"state": "unknown"}, ["IN-PK military"]),
        ({"search": "china"}, ["CN-US military", "CN-US trade"]),
        ({"search": "PK"}, ["IN-PK military"]),
        ({"search": "dgmo"}, ["IN-PK military"]),
        ({"ordering": "-pair"}, ["IN-PK military", "CN-US military", "CN-US trade"]),
        ({"ordering": "-state"}, ["CN-US trade", "CN-US military", "IN-PK military"]),
        ({"ordering": "name"}, ["IN-PK military", "CN-US trade", "CN-US military"]),
    ],
)
def test_filters_search_and_ordering(anon, story, params, expected):
    assert pairs(anon.get(LIST, params)) == expected


def test_the_stale_filter(anon, story):
    # Every channel of the story was last confirmed long ago; one changed yesterday is fresh.
    fresh = ChannelFactory(country_a="FR", country_b="DE", stale_after_days=30)
    StateChangeFactory(channel=fresh, state="open", effective_at=timezone.now() - timedelta(1))
    assert pairs(anon.get(LIST, {"stale": "false"})) == ["DE-FR military"]
    assert len(pairs(anon.get(LIST, {"stale": "true"}))) == 3


@pytest.mark.parametrize(
    ("day", "military", "trade"),
    [
        ("2019-12-31", "unknown", "unknown"),
        ("2020-01-01", "open", "unknown"),
        ("2022-08-04", "open", "unknown"),
        ("2022-08-05", "severed", "unknown"),
        ("2024-06-01", "limited", "unknown"),
        ("2025-04-10", "limited", "suspended"),
    ],
)
def test_time_travel_lists_the_states_in_force_on_that_date(anon, story, day, military, trade):
    results = anon.get(LIST, {"at": day, "pair": "cn-us"}).json()["results"]
    assert [r["state"] for r in results] == [military, trade]


def test_time_travel_filters_on_the_state_then(anon, story):
    assert pairs(anon.get(LIST, {"at": "2022-09-01", "state": "severed"})) == ["CN-US military"]


def test_time_travel_gives_the_date_the_state_began(anon, story):
    results = anon.get(LIST, {"at": "2023-01-01", "kind": "military", "pair": "cn-us"}).json()
    assert results["results"][0]["since"] == "2022-08-05T00:00:00Z"


def test_a_channel_with_its_history_newest_first_and_evidence(anon, cn_us):
    StateChangeFactory(channel=cn_us, state="open", effective_at=at("2020-01-01"))
    StateChangeFactory(
        channel=cn_us,
        state="severed",
        effective_at=at("2022-08-05"),
        note="Cut off after the Pelosi visit",
        evidence=[EvidenceInput(url="https://news.example/pelosi", outlet="Wire", title="Cut")],
    )

    body = anon.get("/api/v1/channels/cn-us/military/").json()

    assert body["state"] == "severed"
    assert body["description"] == "" and body["stale_after_days"] == 90
    assert [(h["old_state"], h["new_state"]) for h in body["history"]] == [
        ("open", "severed"),
        ("unknown", "open"),
    ]
    assert body["history"][0]["note"] == "Cut off after the Pelosi visit"
    assert body["history"][0]["evidence"] == [
        {
            "url": "https://news.example/pelosi",
            "outlet": "Wire",
            "title": "Cut",
            "published_at": None,
        }
    ]


def test_a_channel_at_a_date_shows_the_history_up_to_it(anon, story):
    body = anon.get("/api/v1/channels/cn-us/military/", {"at": "2022-12-31"}).json()
    assert body["state"] == "severed"
    assert [h["new_state"] for h in body["history"]] == ["severed", "open"]


@pytest.mark.parametrize("pair", ["US-CN", "us-cn", "cn-us"])
def test_a_pair_may_be_written_either_way_round(anon, cn_us, pair):
    assert anon.get(f"/api/v1/channels/{pair}/military/").json()["pair"] == "CN-US"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/channels/cn-us/trade/",  # no such channel
        "/api/v1/channels/cn-us/naval/",  # no such kind
        "/api/v1/channels/cn-zz/military/",  # no such country
        "/api/v1/channels/cn/military/",
        "/api/v1/channels/us-us/military/",
    ],
)
def test_unknown_channels_are_404_in_the_common_format(anon, cn_us, path):
    response = anon.get(path)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "This field is required."),
        ("yesterday", "Enter a date as YYYY-MM-DD."),
        ("2022-8-5", "Enter a date as YYYY-MM-DD."),  # values.Moment: the pages' syntax too
        ("2023-02-30", "Enter a date as YYYY-MM-DD."),
        ("1700-01-01", "Dates run from 1800-01-01 to 2999-12-31."),
        ("3000-01-01", "Dates run from 1800-01-01 to 2999-12-31."),
        ("2999-12-31", "The date is in the future."),
    ],
)
def test_a_refused_at_says_why(anon, cn_us, value, message):
    response = anon.get(LIST, {"at": value})
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {"at": [message]}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("cnus", "A pair is two country codes joined by a hyphen, like cn-us."),
        ("cn-xx", "'XX' is not an ISO 3166-1 alpha-2 country code."),
        ("us-us", "A channel links two different countries, not US with itself."),
    ],
)
def test_a_refused_pair_filter_says_why(anon, cn_us, value, message):
    response = anon.get(LIST, {"pair": value})
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {"pair": [message]}
