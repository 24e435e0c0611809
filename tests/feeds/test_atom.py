"""Atom feeds of changes (all, per channel, per pair, per country): valid Atom, entries newest
recorded first, 404s and canonical redirects, conditional GETs, autodiscovery links, and a
constant number of queries."""

import io
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import feedparser
import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from channels_app.services.changes import (
    EvidenceInput,
    change_correct,
    change_remove,
    channel_set_state,
)
from channels_app.services.channels import channel_create
from channels_app.views.atom import FEED_SIZE
from tests.factories import SOURCE

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 1, 1, tzinfo=UTC)
ALL = "/feeds/changes.atom"


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def day(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, tzinfo=UTC)


def record(channel, state, effective, recorded=None, **kw):
    return channel_set_state(
        channel=channel,
        state=state,
        effective_at=effective,
        origin="manual",
        now=recorded or NOW,
        **{"evidence": SOURCE, **kw},
    )


def make(a, b, kind, **kw):
    return channel_create(country_a=a, country_b=b, kind=kind, **kw)


@pytest.fixture
def military():
    return make("US", "CN", "military", name="US–China military channels")


@pytest.fixture
def story(military):
    """Four changes; the last one recorded is backdated before the suspension."""
    return {
        "first": record(military, "open", day(2020, 1, 1), day(2021, 1, 1), note="Working."),
        "cut": record(military, "suspended", day(2022, 8, 5), day(2022, 8, 6), note="Pelosi."),
        "resumed": record(
            military,
            "open",
            day(2025, 11, 1),
            day(2025, 11, 2),
            note="Channels re-established in Kuala Lumpur.",
            evidence=[
                EvidenceInput(
                    url="https://example.org/kl", outlet="Reuters", title="Military talks resume"
                )
            ],
        ),
        "backdated": record(military, "limited", day(2021, 6, 1), day(2025, 12, 1)),
    }


def newest_first(story) -> list:
    return [story[key] for key in ("backdated", "resumed", "cut", "first")]


def fetch(client, url: str, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return response


def parse(client, url: str):
    parsed = feedparser.parse(io.BytesIO(fetch(client, url).content))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def ids_of(parsed) -> list[str]:
    return [e.id for e in parsed.entries]


def change_ids(changes) -> list[str]:
    return [f"tag:127.0.0.1,2025:change/{c.pk}" for c in changes]


# --- content -------------------------------------------------------------------------------


def test_the_all_changes_feed_has_one_entry_per_change_newest_recorded_first(client, story):
    assert ids_of(parse(client, ALL)) == change_ids(newest_first(story))


def test_an_entry_title_names_the_channel_both_states_and_the_effective_date(client, story):
    titles = [e.title for e in parse(client, ALL).entries]
    assert titles == [
        "US–China military channels: open → limited (effective 2021-06-01)",
        "US–China military channels: suspended → open (effective 2025-11-01)",
        "US–China military channels: limited → suspended (effective 2022-08-05)",
        "US–China military channels: unknown → open (effective 2020-01-01)",
    ]


def test_an_entry_links_to_its_row_on_the_channel_page(client, story):
    entry = parse(client, ALL).entries[0]
    pk = story["backdated"].pk
    assert entry.link == f"http://testserver/channels/cn-us/military/#change-{pk}"
    page = client.get("/channels/cn-us/military/").content.decode()
    assert f'id="change-{pk}"' in page


def test_entries_are_dated_by_recording_and_the_feed_by_its_latest_entry(client, story):
    parsed = parse(client, ALL)
    assert parsed.entries[0].updated == "2025-12-01T00:00:00+00:00"
    assert parsed.entries[1].updated == "2025-11-02T00:00:00+00:00"
    assert parsed.feed.updated == "2025-12-01T00:00:00+00:00"


def test_the_feed_and_its_entries_are_by_channel_tracker(client, story):
    parsed = parse(client, ALL)
    assert parsed.feed.author == "Channel Tracker"
    assert {e.author for e in parsed.entries} == {"Channel Tracker"}


def test_an_entry_carries_its_note_and_evidence_links(client, story):
    summary = parse(client, ALL).entries[1].summary
    assert "Channels re-established in Kuala Lumpur." in summary
    assert "effective 2025-11-01" in summary
    assert '<a href="https://example.org/kl">Reuters — Military talks resume</a>' in summary


def test_notes_and_evidence_titles_are_escaped(client, military):
    record(
        military,
        "open",
        day(2025, 1, 1),
        note="<script>alert(1)</script> & more",
        evidence=[EvidenceInput(url="https://example.org/x", title="<b>Bold</b> claim")],
    )
    body = fetch(client, ALL).content.decode()
    assert "<script>" not in body and "&lt;script" not in body
    assert "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt; &amp;amp; more" in body
    assert "&amp;lt;b&amp;gt;Bold&amp;lt;/b&amp;gt; claim" in body


def test_entry_ids_are_unique_tag_uris_and_feeds_have_their_own_id(client, story):
    all_changes = parse(client, ALL)
    channel = parse(client, "/feeds/channels/cn-us/military.atom")
    assert len(set(ids_of(all_changes))) == 4
    assert all(i.startswith("tag:127.0.0.1,2025:change/") for i in ids_of(all_changes))
    assert all_changes.feed.id == "tag:127.0.0.1,2025:/feeds/changes.atom"
    assert channel.feed.id == "tag:127.0.0.1,2025:/feeds/channels/cn-us/military.atom"


def test_a_removal_updates_its_entry_which_comes_back_first_saying_so(client, story, editor_user):
    with time_machine.travel(day(2025, 12, 15), tick=False):
        change_remove(change=story["resumed"], actor=editor_user, reason="Wrong source")
    parsed = parse(client, ALL)
    assert ids_of(parsed) == change_ids(
        [story[k] for k in ("resumed", "backdated", "cut", "first")]
    )
    entry = parsed.entries[0]
    assert entry.title.startswith("Removed: US–China military channels: suspended → open")
    assert entry.updated == "2025-12-15T00:00:00+00:00"
    assert entry.published == "2025-11-02T00:00:00+00:00"
    assert "<strong>Removed on 2025-12-15 00:00 UTC:</strong> Wrong source" in entry.summary
    assert parsed.feed.updated == "2025-12-15T00:00:00+00:00"


def test_a_correction_updates_its_entry_which_comes_back_first_saying_so(
    client, story, editor_user
):
    with time_machine.travel(
        day(
            2025,
            12,
            20,
        ),
        tick=False,
    ):
        change_correct(
            change=story["cut"],
            actor=editor_user,
            reason="It was the 4th",
            effective_at=day(2022, 8, 4),
        )
    parsed = parse(client, ALL)
    assert ids_of(parsed)[0] == change_ids([story["cut"]])[0]
    entry = parsed.entries[0]
    assert entry.title == "US–China military channels: limited → suspended (effective 2022-08-04)"
    assert (entry.published, entry.updated) == (
        "2022-08-06T00:00:00+00:00",
        "2025-12-20T00:00:00+00:00",
    )
    assert "effective 2022-08-04" in entry.summary
    assert "<strong>Corrected on 2025-12-20 00:00 UTC:</strong> It was the 4th" in entry.summary


def test_entries_recorded_at_once_put_the_latest_events_first(client, military):
    """A demo load records every change in one instant: the feed's 50 must then be the
    latest events, not the last rows loaded (here the oldest, loaded last)."""
    changes = [
        record(military, ["open", "suspended"][n % 2], day(2020, 1, 1) + timedelta(days=n))
        for n in reversed(range(FEED_SIZE + 5))
    ]
    parsed = parse(client, ALL)
    assert ids_of(parsed) == change_ids(changes[:FEED_SIZE])
    assert {e.published for e in parsed.entries} == {"2026-01-01T00:00:00+00:00"}


@pytest.mark.parametrize(
    "url",
    [
        ALL,
        "/feeds/channels/cn-us/military.atom",
        "/feeds/pairs/cn-us.atom",
        "/feeds/countries/us.atom",
    ],
)
def test_every_feed_is_valid_atom_with_a_stylesheet_for_browsers(client, story, editor_user, url):
    change_remove(change=story["first"], actor=editor_user, reason="Duplicate <of> another")
    response = fetch(client, url)
    parsed = feedparser.parse(io.BytesIO(response.content))
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10" and parsed.entries
    assert response.content.decode().startswith(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<?xml-stylesheet href="/static/feeds/atom.xsl" media="all" type="text/xsl"?><feed '
    )
    assert finders.find("feeds/atom.xsl") is not None


def test_a_feed_holds_the_latest_50_changes(client, military):
    changes = [
        record(military, ["open", "suspended"][n % 2], day(2020, 1, 1) + timedelta(days=n))
        for n in range(FEED_SIZE + 2)
    ]
    assert FEED_SIZE == 50
    assert ids_of(parse(client, ALL)) == change_ids(changes[::-1][:50])


def test_an_empty_feed_is_valid_atom_without_last_modified(client):
    response = fetch(client, ALL)
    assert not feedparser.parse(io.BytesIO(response.content)).bozo
    assert "Last-Modified" not in response and response["ETag"]


def test_an_empty_feed_answers_its_etag_with_304(client):
    response = client.get(ALL, headers={"if-none-match": fetch(client, ALL)["ETag"]})
    assert response.status_code == 304 and "Last-Modified" not in response


@pytest.fixture
def world(military):
    """Changes on CN-US (two kinds), BR-CN (China second), RU-UA; one each."""
    trade = make("CN", "US", "trade")
    brazil = make("BR", "CN", "diplomatic")
    ukraine = make("RU", "UA", "military")
    return {
        "cn-us-military": record(military, "open", day(2025, 1, 1), day(2025, 1, 1)),
        "cn-us-trade": record(trade, "open", day(2025, 1, 2), day(2025, 1, 2)),
        "br-cn-diplomatic": record(brazil, "open", day(2025, 1, 3), day(2025, 1, 3)),
        "ru-ua-military": record(ukraine, "severed", day(2025, 1, 4), day(2025, 1, 4)),
    }


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (ALL, ["ru-ua-military", "br-cn-diplomatic", "cn-us-trade", "cn-us-military"]),
        ("/feeds/channels/cn-us/military.atom", ["cn-us-military"]),
        ("/feeds/channels/cn-us/trade.atom", ["cn-us-trade"]),
        ("/feeds/pairs/cn-us.atom", ["cn-us-trade", "cn-us-military"]),
        ("/feeds/pairs/ru-ua.atom", ["ru-ua-military"]),
        ("/feeds/countries/cn.atom", ["br-cn-diplomatic", "cn-us-trade", "cn-us-military"]),
        ("/feeds/countries/ua.atom", ["ru-ua-military"]),
    ],
)
def test_each_feed_holds_only_its_channels_changes(client, world, url, expected):
    assert ids_of(parse(client, url)) == change_ids([world[key] for key in expected])


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/feeds/channels/cn-us/military.atom", "US–China military channels · Channel Tracker"),
        ("/feeds/pairs/cn-us.atom", "China–United States channels · Channel Tracker"),
        ("/feeds/countries/cn.atom", "China: channel changes · Channel Tracker"),
    ],
)
def test_a_scoped_feed_is_titled_for_its_scope(client, world, url, title):
    assert parse(client, url).feed.title == title


def test_a_channel_feed_links_to_the_channel_page(client, world):
    parsed = parse(client, "/feeds/channels/cn-us/military.atom")
    assert parsed.feed.link == "http://testserver/channels/cn-us/military/"


# --- addresses -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/channels/cn-us/nuclear.atom",  # no such kind
        "/feeds/channels/ru-ua/trade.atom",  # no such channel
        "/feeds/channels/cn-xx/military.atom",  # no such country
        "/feeds/channels/cnus/military.atom",  # not a pair
        "/feeds/channels/cn-cn/military.atom",  # one country with itself
        "/feeds/pairs/fr-de.atom",  # valid pair, nothing tracked
        "/feeds/pairs/cn-us-ru.atom",
        "/feeds/countries/xx.atom",
        "/feeds/countries/usa.atom",
        "/feeds/countries/fr.atom",  # valid country, nothing tracked
    ],
)
def test_an_unknown_scope_is_404(client, world, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("/feeds/channels/us-cn/military.atom", "/feeds/channels/cn-us/military.atom"),
        ("/feeds/channels/CN-US/Military.atom", "/feeds/channels/cn-us/military.atom"),
        ("/feeds/pairs/us-cn.atom", "/feeds/pairs/cn-us.atom"),
        ("/feeds/pairs/CN-us.atom", "/feeds/pairs/cn-us.atom"),
        ("/feeds/countries/CN.atom", "/feeds/countries/cn.atom"),
    ],
)
def test_a_scope_written_another_way_redirects_permanently_to_its_canonical_address(
    client, world, url, canonical
):
    response = client.get(url)
    assert response.status_code == 301 and response["Location"] == canonical


def test_a_feed_only_answers_safe_methods(client, world):
    assert client.post(ALL).status_code == 405


# --- conditional GET -----------------------------------------------------------------------


FEEDS = [
    ALL,
    "/feeds/channels/cn-us/military.atom",
    "/feeds/pairs/cn-us.atom",
    "/feeds/countries/cn.atom",
]


@pytest.mark.parametrize("url", FEEDS)
def test_a_feed_carries_etag_and_last_modified_of_its_latest_change(client, story, url):
    response = fetch(client, url)
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"] == "Mon, 01 Dec 2025 00:00:00 GMT"


@pytest.mark.parametrize("url", FEEDS)
def test_a_matching_if_none_match_gets_304(client, story, url):
    etag = fetch(client, url)["ETag"]
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 304 and response.content == b""
    assert response["ETag"] == etag


@pytest.mark.parametrize("url", FEEDS)
def test_an_if_modified_since_at_the_latest_change_gets_304(client, story, url):
    last_modified = fetch(client, url)["Last-Modified"]
    response = client.get(url, headers={"if-modified-since": last_modified})
    assert response.status_code == 304


def test_an_older_if_modified_since_gets_the_feed(client, story):
    since = format_datetime(day(2025, 11, 30), usegmt=True)
    assert client.get(ALL, headers={"if-modified-since": since}).status_code == 200


def test_a_new_change_changes_the_etag_and_last_modified(client, story, military):
    before = fetch(client, ALL)
    record(military, "severed", day(2025, 12, 20), day(2025, 12, 21))
    response = client.get(ALL, headers={"if-none-match": before["ETag"]})
    assert response.status_code == 200
    assert response["ETag"] != before["ETag"]
    assert response["Last-Modified"] == "Sun, 21 Dec 2025 00:00:00 GMT"


def test_a_removal_changes_the_etag_and_moves_last_modified_on(client, story, editor_user):
    before = fetch(client, ALL)
    with time_machine.travel(day(2026, 1, 2), tick=False):
        change_remove(change=story["backdated"], actor=editor_user, reason="Duplicate")
    for headers in (
        {"if-none-match": before["ETag"]},
        {"if-modified-since": before["Last-Modified"]},
    ):
        response = client.get(ALL, headers=headers)
        assert response.status_code == 200
        assert response["ETag"] != before["ETag"]
        assert response["Last-Modified"] == "Fri, 02 Jan 2026 00:00:00 GMT"


def test_a_change_on_another_channel_leaves_a_channel_feed_not_modified(client, world):
    url = "/feeds/channels/cn-us/military.atom"
    etag = fetch(client, url)["ETag"]
    record(make("FR", "DE", "trade"), "open", day(2025, 6, 1))
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304


# --- autodiscovery -------------------------------------------------------------------------


def alternates(html: str) -> list[str]:
    head = html[: html.index("</head>")]
    return [
        line.strip()
        for line in head.splitlines()
        if 'rel="alternate" type="application/atom+xml"' in line
    ]


def test_the_dashboard_announces_the_feed_of_all_changes(client, story):
    html = client.get("/").content.decode()
    assert alternates(html) == [
        '<link rel="alternate" type="application/atom+xml" title="All channel changes" '
        'href="/feeds/changes.atom">'
    ]
    footer = html[html.index('class="site-footer"') :]
    assert '<a href="/feeds/changes.atom" type="application/atom+xml">Atom feed' in footer


def test_the_channel_page_announces_all_its_channels_and_its_pairs_feeds(client, story):
    html = client.get("/channels/cn-us/military/").content.decode()
    hrefs = [line.split('href="')[1].split('"')[0] for line in alternates(html)]
    assert hrefs == [
        "/feeds/changes.atom",
        "/feeds/channels/cn-us/military.atom",
        "/feeds/pairs/cn-us.atom",
    ]
    history = html[html.index('id="history-title"') :]
    assert '<a href="/feeds/channels/cn-us/military.atom" type="application/atom+xml">' in history


@pytest.mark.parametrize("url", [*FEEDS, "/channels/cn-us/military/", "/"])
def test_every_advertised_feed_exists(client, story, url):
    if url.endswith(".atom"):
        parse(client, url)
    else:
        html = client.get(url).content.decode()
        for line in alternates(html):
            parse(client, line.split('href="')[1].split('"')[0])


# --- queries -------------------------------------------------------------------------------


def add_changes(channel, count: int) -> None:
    for n in range(count):
        record(
            channel,
            ["open", "suspended"][n % 2],
            day(2020, 1, 1) + timedelta(days=n),
            evidence=[EvidenceInput(url=f"https://example.org/{channel.pk}/{n}", outlet="Wire")],
        )


def count_queries(client, url: str) -> int:
    cache.clear()  # count a rendering, not a hit in the page cache
    with CaptureQueriesContext(connection) as queries:
        fetch(client, url)
    return len(queries)


@pytest.mark.parametrize(
    ("few_url", "many_url"),
    [
        (ALL, ALL),
        ("/feeds/channels/in-pk/trade.atom", "/feeds/channels/in-pk/military.atom"),
        ("/feeds/pairs/cn-us.atom", "/feeds/pairs/in-pk.atom"),
        ("/feeds/countries/us.atom", "/feeds/countries/pk.atom"),
    ],
)
def test_the_number_of_queries_does_not_grow_with_the_number_of_changes(client, few_url, many_url):
    add_changes(make("IN", "PK", "trade"), 5)
    add_changes(make("CN", "US", "trade"), 5)
    few = count_queries(client, few_url)
    add_changes(make("IN", "PK", "military"), 50)
    assert len(parse(client, many_url).entries) == 50
    # The scope's channel, the stamp, the entries, their evidence and their corrections.
    assert count_queries(client, many_url) == few <= 5
