"""The dashboard above TRACKER_DASHBOARD_ONE_PAGE_MAX channels: a summary and pages of
channels, the most severe and most recently changed first, every channel reachable, and the
same number of queries whatever the number of channels."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from channels_app.services.changes import channel_set_state
from channels_app.services.channels import channel_create
from tests.factories import SOURCE

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 1, 1, tzinfo=UTC)
CODES = ["CN", "US", "RU", "UA", "IN", "PK", "KP", "KR", "JP", "GB", "FR", "DE", "IL"]
SLOTS = [
    (a, b, kind)
    for i, a in enumerate(CODES)
    for b in CODES[i + 1 :]
    for kind in ("military", "trade", "diplomatic")
]
STATES = ["open", "limited", "suspended", "severed"]


@pytest.fixture(autouse=True)
def small_pages(settings):
    settings.TRACKER_DASHBOARD_ONE_PAGE_MAX = 10
    settings.TRACKER_DASHBOARD_PAGE_SIZE = 4
    with time_machine.travel(NOW, tick=False):
        yield


def make_channels(start: int, stop: int) -> list:
    """Channel n is in STATES[n % 4] since n days before NOW."""
    made = []
    for n in range(start, stop):
        a, b, kind = SLOTS[n]
        channel = channel_create(country_a=a, country_b=b, kind=kind)
        when = NOW - timedelta(days=n + 1)
        channel_set_state(
            channel=channel,
            state=STATES[n % 4],
            effective_at=when,
            origin="manual",
            evidence=SOURCE,
        )
        made.append(channel)
    return made


def get(client, query: str = "", status: int = 200) -> str:
    response = client.get("/" + query)
    assert response.status_code == status, response.get("Location")
    return response.content.decode()


def linked(html: str) -> list[str]:
    results = html[html.index('class="results"') : html.index('class="recent"')]
    rows = results[results.index("<tbody>") :] if "<tbody>" in results else ""
    return re.findall(r'href="(/channels/[^"?]+)', rows)


def test_up_to_the_threshold_every_channel_is_on_one_page_as_a_matrix(client):
    make_channels(0, 10)
    html = get(client)
    assert len(linked(html)) == 10 and 'class="matrix"' in html
    assert 'class="pages"' not in html


def test_above_the_threshold_one_page_lists_the_most_severe_and_recent_first(client):
    channels = make_channels(0, 11)
    html = get(client)
    # severed: 3 and 7 (3 is the more recent), then suspended: 2 and 6.
    assert linked(html) == [channels[n].get_absolute_url() for n in (3, 7, 2, 6)]
    assert 'class="matrix"' not in html and 'class="pages"' in html
    assert "Channels 1–4 of 11, page 1 of 3." in html
    assert "Showing all 11 channels" in html


def test_the_summary_counts_every_channel_not_only_the_page(client):
    make_channels(0, 11)
    html = get(client)
    summary = html[
        html.index('class="summary"') : html.index("</ul>", html.index('class="summary"'))
    ]
    assert re.findall(r"<strong>(\d+)</strong> (\w+)", summary) == [
        ("3", "open"),
        ("3", "limited"),
        ("3", "suspended"),
        ("2", "severed"),
    ]


def test_the_pages_together_hold_every_channel_once(client):
    channels = make_channels(0, 11)
    seen = linked(get(client)) + linked(get(client, "?page=2")) + linked(get(client, "?page=3"))
    assert sorted(seen) == sorted(c.get_absolute_url() for c in channels)


def test_page_links_keep_the_filters_and_the_date(client):
    make_channels(0, 40)
    html = get(client, "?kind=trade&at=2025-12-31")
    assert '<a href="/?kind=trade&amp;page=2&amp;at=2025-12-31" rel="next">' in html


def test_filters_that_leave_few_channels_bring_the_matrix_back(client):
    make_channels(0, 30)  # 3 of them with the United States
    html = get(client, "?country=us")
    assert 'class="matrix"' in html and 'class="pages"' not in html


def test_the_live_fragment_follows_the_page_shown(client):
    channels = make_channels(0, 11)
    html = get(client, "?page=2")
    assert 'data-live-url="/live/dashboard/?page=2"' in html
    fragment = client.get("/live/dashboard/?page=2").content.decode()
    assert channels[1].get_absolute_url() in fragment  # limited, on page 2
    assert channels[3].get_absolute_url() not in fragment.split('class="recent"')[0]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?page=9", "There are 3 pages, not 9: here is the last."),
        ("?page=0", "“0” is not a page number: pages are numbered from 1."),
        ("?page=two", "“two” is not a page number"),
    ],
)
def test_a_page_that_does_not_exist_is_a_400_that_says_why(client, query, message):
    make_channels(0, 11)
    html = get(client, query, status=400)
    assert message in html
    assert linked(html)  # a page of channels is still shown


def test_a_second_page_of_a_dashboard_that_fits_on_one_is_a_400(client):
    make_channels(0, 5)
    html = get(client, "?page=2", status=400)
    assert "There is only one page, not 2: here it is." in html
    assert len(linked(html)) == 5


def test_page_one_redirects_to_the_dashboards_own_url(client):
    make_channels(0, 11)
    response = client.get("/?page=1&kind=")
    assert response.status_code == 302 and response["Location"] == "/"


def count_queries(client, query: str) -> int:
    cache.clear()  # a rendering, not a hit in the page cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/" + query).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "query", ["", "?page=3", "?kind=trade", "?state=open&stale=no", "?at=2025-12-15&view=list"]
)
def test_the_paged_dashboard_costs_the_same_queries_at_two_sizes(
    client, django_assert_num_queries, query
):
    make_channels(0, 36)
    at_36 = count_queries(client, query)
    make_channels(36, 120)
    cache.clear()
    with django_assert_num_queries(at_36):
        html = get(client, query)
    assert 'class="pages"' in html


def test_the_subscribe_select_leaves_out_pairs_when_there_are_too_many(client, monkeypatch):
    from channels_app.alerts.templatetags import alerts_tags

    make_channels(0, 9)  # three pairs: CN with US, RU and UA
    monkeypatch.setattr(alerts_tags, "DASHBOARD_MAX_PAIRS", 3)
    assert '<optgroup label="By country pair">' in get(client)
    monkeypatch.setattr(alerts_tags, "DASHBOARD_MAX_PAIRS", 2)
    cache.clear()
    html = get(client)
    assert '<optgroup label="By country pair">' not in html
    assert '<option value="country:UA">Ukraine</option>' in html
