"""The changes log (/changes/): every change newest recording first, filters in the query
string, keyset pages behind a signed cursor, and its Atom feed and CSV for the same filters.
Runs on SQLite and, with DATABASE_URL, on PostgreSQL."""

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext

from channels_app.models import StateChange
from channels_app.services.changes import (
    EvidenceInput,
    change_correct,
    change_remove,
    channel_set_state,
)
from channels_app.services.channels import channel_create
from channels_app.views.changes import CURSOR_SALT, OLDER, PAGE_SIZE, Cursor
from tests.factories import SOURCE, UserFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def day(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, tzinfo=UTC)


@pytest.fixture
def log():
    """Three channels; each change recorded an hour after the one before it."""
    military = channel_create(country_a="US", country_b="CN", kind="military")
    trade = channel_create(country_a="CN", country_b="US", kind="trade")
    korea = channel_create(country_a="KP", country_b="KR", kind="military")
    recorded = iter(NOW - timedelta(hours=10 - n) for n in range(10))
    made = {}
    for name, channel, state, when, origin, note, sources in [
        ("mil-open", military, "open", day(2020, 1, 1), "import", "Working.", []),
        ("mil-susp", military, "suspended", day(2022, 8, 5), "manual", "Pelosi visit.",
         [EvidenceInput(url="https://example.org/a", outlet="Reuters", title="China cuts talks")]),
        ("trade-lim", trade, "limited", day(2025, 4, 9), "news", "Tariffs.", list(SOURCE)),
        ("korea-sev", korea, "severed", day(2023, 11, 23), "api", "Pact scrapped.", list(SOURCE)),
        ("mil-open2", military, "open", day(2025, 11, 1), "manual", "Kuala Lumpur.", list(SOURCE)),
    ]:  # fmt: skip
        made[name] = channel_set_state(
            channel=channel, state=state, effective_at=when, origin=origin, note=note,
            evidence=sources, now=next(recorded),
        )  # fmt: skip
    return made


def page_ids(response) -> list[int]:
    return [int(i) for i in re.findall(r'id="change-(\d+)"', response.content.decode())]


def test_it_lists_every_change_newest_recording_first(client, log):
    response = client.get("/changes/")
    assert response.status_code == 200
    order = ["mil-open2", "korea-sev", "trade-lim", "mil-susp", "mil-open"]
    assert page_ids(response) == [log[name].pk for name in order]


def test_each_change_shows_its_dates_channel_states_note_and_sources(client, log):
    html = unescape(client.get("/changes/").content.decode())
    item = html[html.index(f'id="change-{log["mil-susp"].pk}"') :]
    item = item[: item.index("</li>\n    \n")] if "</li>\n    \n" in item else item[:4000]
    assert "5 Aug 2022" in item  # effective
    assert "US–China military" in item or "CN–US" in item
    assert ">Open<" in item and ">Suspended<" in item
    assert "Pelosi visit." in item
    assert "China cuts talks" in item and "https://example.org/a" in item
    assert "Recorded" in item and "UTC" in item and "Manual (editor)" in item


def test_a_corrected_change_is_marked_and_a_removed_one_left_out(client, log):
    editor = UserFactory(is_staff=True)
    change_correct(change=log["trade-lim"], actor=editor, reason="typo", note="Tariffs, 145%.")
    change_remove(change=log["korea-sev"], actor=editor, reason="wrong pair")
    response = client.get("/changes/")
    html = response.content.decode()
    assert log["korea-sev"].pk not in page_ids(response)
    item = html[html.index(f'id="change-{log["trade-lim"].pk}"') :][:3000]
    assert 'class="corrected"' in item and "Tariffs, 145%." in item
    other = html[html.index(f'id="change-{log["mil-susp"].pk}"') :][:3000]
    assert 'class="corrected"' not in other.split("</li>")[0]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=kp", ["korea-sev"]),
        ("country=CN", ["mil-open2", "trade-lim", "mil-susp", "mil-open"]),
        ("pair=us-cn", ["mil-open2", "trade-lim", "mil-susp", "mil-open"]),
        ("pair=kp-kr&kind=military", ["korea-sev"]),
        ("kind=trade", ["trade-lim"]),
        ("state=open", ["mil-open2", "mil-open"]),
        ("origin=manual", ["mil-open2", "mil-susp"]),
        ("since=2023-11-23", ["mil-open2", "korea-sev", "trade-lim"]),
        ("until=2022-08-05", ["mil-susp", "mil-open"]),
        ("since=2022-01-01&until=2024-01-01", ["korea-sev", "mil-susp"]),
        ("country=cn&state=open&origin=import", ["mil-open"]),
    ],
)
def test_each_filter_selects_its_changes(client, log, query, expected):
    response = client.get(f"/changes/?{query}")
    assert response.status_code in (200, 302)
    if response.status_code == 302:  # not the tidy form: follow it once
        response = client.get(response["Location"])
    assert page_ids(response) == [log[name].pk for name in expected]


def test_a_submitted_form_lands_on_the_tidy_shareable_address(client, log):
    response = client.get("/changes/?country=&pair=CN-US&kind=trade&state=&origin=&since=&until=")
    assert response.status_code == 302
    assert response["Location"] == "/changes/?pair=cn-us&kind=trade"
    shared = client.get(response["Location"])
    assert shared.status_code == 200 and page_ids(shared) == [log["trade-lim"].pk]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("colour=red", "Unknown filter “colour”"),
        ("country=zz", "is not an ISO 3166-1 alpha-2 country code"),
        ("country=" + "x" * 10_000, "is not an ISO 3166-1 alpha-2 country code"),
        ("pair=cn-cn", "two different countries"),
        ("pair=china", "A pair is two country codes"),
        ("kind=naval", "Kind:"),
        ("state=closed", "New state:"),
        ("origin=robot", "Recorded by:"),
        ("since=2023-02-30", "Enter a date as YYYY-MM-DD."),
        ("since=0001-01-01", "Dates run from"),
        ("until=1700-01-01", "Dates run from"),
        ("since=2024-01-02&until=2024-01-01", "The range ends (2024-01-01) before it starts"),
        ("kind=%22%27*NEAR", "Kind:"),
    ],
)
def test_a_bad_filter_is_a_400_that_says_why(client, log, query, message):
    response = client.get(f"/changes/?{query}")
    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert 'role="alert"' in html and message in html
    assert "x" * 100 not in html  # a huge value is not echoed back whole


def test_a_bad_filter_is_left_out_and_the_good_ones_still_apply(client, log):
    response = client.get("/changes/?kind=trade&country=zz")
    assert response.status_code == 400
    assert page_ids(response) == [log["trade-lim"].pk]


# --- keyset pages ----------------------------------------------------------------------------


@pytest.fixture
def many():
    """130 changes on one channel, one a day; every five share one recording time (ties)."""
    channel = channel_create(country_a="IN", country_b="PK", kind="military")
    states = ["open", "suspended"]
    changes = []
    for n in range(130):
        changes.append(
            channel_set_state(
                channel=channel,
                state=states[n % 2],
                effective_at=day(2020, 1, 1) + timedelta(days=n),
                origin="import",
                now=NOW + timedelta(minutes=n // 5),
            )
        )
    return changes


def link(response, rel: str) -> str:
    found = re.search(rf'<a href="([^"]+)" rel="{rel}">', response.content.decode())
    return unescape(found.group(1)) if found else ""


def walk_older(client, url: str) -> list[list[int]]:
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200
        pages.append(page_ids(response))
        url = link(response, "next")
    return pages


def test_older_pages_walk_the_whole_log_once_with_ties_on_recording_time(client, many):
    pages = walk_older(client, "/changes/")
    assert [len(p) for p in pages] == [PAGE_SIZE, PAGE_SIZE, 130 - 2 * PAGE_SIZE]
    every = [i for p in pages for i in p]
    expected = [c.pk for c in sorted(many, key=lambda c: (c.recorded_at, c.pk), reverse=True)]
    assert every == expected


def test_newer_links_lead_back_to_the_same_pages(client, many):
    first = client.get("/changes/")
    second = client.get(link(first, "next"))
    third = client.get(link(second, "next"))
    back = client.get(link(third, "prev"))
    assert page_ids(back) == page_ids(second)
    top = client.get(link(back, "prev"))
    assert page_ids(top) == page_ids(first)
    assert link(top, "prev") == ""  # the newest page has no newer link


def test_a_change_recorded_meanwhile_does_not_shift_an_older_page(client, many):
    second_url = link(client.get("/changes/"), "next")
    before = page_ids(client.get(second_url))
    channel_set_state(
        channel=many[0].channel,
        state="severed",
        effective_at=day(2024, 1, 1),
        origin="manual",
        evidence=SOURCE,
    )
    assert page_ids(client.get(second_url)) == before


def test_the_cursor_is_opaque_and_signed(client, many):
    cursor = parse_qs(urlsplit(link(client.get("/changes/"), "next")).query)["cursor"][0]
    assert "2026" not in cursor  # the position is not written out in the address
    _when, change_id, direction = signing.Signer(salt=CURSOR_SALT).unsign_object(cursor)
    assert (change_id, direction) == (page_ids(client.get("/changes/"))[-1], "o")


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "x" * 10_000,
        "%22%27*NEAR",
        signing.Signer(salt="another.salt").sign_object(["2026-03-01T12:00:00+00:00", 5, "o"]),
        "TAMPERED",  # a real cursor with one character changed, built in the test
        signing.Signer(salt=CURSOR_SALT).sign_object(["not a date", 5, "o"]),
        signing.Signer(salt=CURSOR_SALT).sign_object(["2026-03-01T12:00:00", 5, "o"]),  # naive
        signing.Signer(salt=CURSOR_SALT).sign_object(["2026-03-01T12:00:00+00:00", 5, "up"]),
        signing.Signer(salt=CURSOR_SALT).sign_object({"a": 1}),
    ],
)
def test_a_tampered_cursor_is_a_400_showing_the_newest_page(client, many, cursor):
    if cursor == "TAMPERED":
        real = parse_qs(urlsplit(link(client.get("/changes/"), "next")).query)["cursor"][0]
        cursor = real[:-3] + ("AAA" if real[-3:] != "AAA" else "BBB")
    response = client.get("/changes/", {"cursor": cursor})
    assert response.status_code == 400
    assert "The page link is damaged" in unescape(response.content.decode())
    assert page_ids(response) == page_ids(client.get("/changes/"))


def test_a_deep_page_costs_the_queries_of_the_first_and_no_offset(client, many):
    url = "/changes/"
    counts = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        counts.append(len(queries))
        rows = [q["sql"] for q in queries if "channels_app_statechange" in q["sql"]]
        assert not any(re.search(r"\bOFFSET\s+[1-9]", sql) for sql in rows)
        url = link(response, "next")
    assert counts[0] == counts[1] == counts[2]


# --- the same filters as a feed and as CSV ---------------------------------------------------


def test_the_page_links_its_feed_and_csv_with_the_same_filters(client, log):
    html = unescape(client.get("/changes/?country=cn&kind=military").content.decode())
    assert 'href="/feeds/changes.atom?country=cn&kind=military"' in html
    assert 'href="/api/v1/export/changes.csv?country=cn&kind=military"' in html


def test_the_feed_holds_the_filtered_changes(client, log):
    response = client.get("/feeds/changes.atom?kind=military&country=cn")
    assert response.status_code == 200
    ids = re.findall(r"change/(\d+)</id>", response.content.decode())
    assert sorted(map(int, ids)) == sorted(log[n].pk for n in ("mil-open", "mil-susp", "mil-open2"))
    assert "Channel changes (country cn, kind military)" in response.content.decode()


def test_the_unfiltered_feed_is_still_every_change(client, log):
    body = client.get("/feeds/changes.atom?utm_source=reader").content.decode()
    assert len(re.findall(r"change/(\d+)</id>", body)) == 5


def test_a_bad_feed_filter_is_a_400_in_plain_words(client, log):
    response = client.get("/feeds/changes.atom?kind=naval&since=2023-02-30")
    assert response.status_code == 400
    text = response.content.decode()
    assert "Kind:" in text and "Enter a date as YYYY-MM-DD." in text


def test_the_csv_export_takes_the_same_filters(client, log):
    response = client.get("/api/v1/export/changes.csv?pair=cn-us&state=open")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(r["pair"], r["kind"], r["new_state"]) for r in rows] == [
        ("CN-US", "military", "open"),
        ("CN-US", "military", "open"),
    ]


def test_a_bad_csv_filter_is_the_apis_400(client, log):
    response = client.get("/api/v1/export/changes.csv?country=zz")
    assert response.status_code == 400
    assert "country" in response.json()["error"]["details"]


def test_the_log_is_in_the_header_nav(client, log):
    html = client.get("/").content.decode()
    nav = html[html.index('<nav class="site-nav"') : html.index("</nav>")]
    assert 'href="/changes/"' in nav
    assert StateChange.objects.count() == 5


def test_a_cursor_past_the_last_change_offers_the_newest_page(client, log):
    oldest = StateChange.objects.order_by("recorded_at").first()
    cursor = Cursor(oldest.recorded_at, oldest.pk, OLDER).dumps()
    response = client.get("/changes/", {"cursor": cursor})
    assert response.status_code == 200 and page_ids(response) == []
    assert "Back to the newest changes" in response.content.decode()
