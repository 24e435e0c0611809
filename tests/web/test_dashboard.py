"""The public dashboard: one matrix of every channel, readable without JavaScript."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from channels_app.services.changes import channel_set_state
from channels_app.services.channels import channel_create
from tests.factories import SOURCE

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 1, 1, tzinfo=UTC)
PAIR_CODES = ["CN", "US", "RU", "UA", "IN", "PK", "KP", "KR", "JP", "GB", "FR", "DE", "IL"]


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def day(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, tzinfo=UTC)


RECENT = datetime(2025, 12, 1, tzinfo=UTC)


def make_channel(a="US", b="CN", kind="military", state="suspended", when=RECENT, **kw):
    channel = channel_create(country_a=a, country_b=b, kind=kind, **kw)
    if state:
        channel_set_state(
            evidence=SOURCE, channel=channel, state=state, effective_at=when, origin="manual"
        )
    return channel


def make_channels(start: int, stop: int) -> None:
    """Channels number start..stop-1 of a fixed list of (pair, kind) slots."""
    pairs = [(a, b) for i, a in enumerate(PAIR_CODES) for b in PAIR_CODES[i + 1 :]]
    slots = [(a, b, kind) for a, b in pairs for kind in ("military", "trade", "diplomatic")]
    for n in range(start, stop):
        a, b, kind = slots[n]
        make_channel(a, b, kind, state=["open", "limited", "suspended", "severed"][n % 4])


def get_dashboard(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def cell_for(html: str, channel) -> str:
    """The matrix cell that links to `channel`."""
    match = re.search(
        rf'<td class="cell[^"]*">\s*<a class="cell__link" href="{channel.get_absolute_url()}">'
        r"(.*?)</a>",
        html,
        re.S,
    )
    assert match, f"no cell for {channel}"
    return match.group(1)


def test_the_header_names_the_product_and_what_it_tracks(client):
    html = get_dashboard(client)
    assert "Channel Tracker" in html
    assert (
        "Whether crisis-communication channels between countries are open, limited, "
        "suspended or severed — with sources"
    ) in html


def test_each_cell_shows_its_channels_state_as_text(client):
    military = make_channel(kind="military", state="suspended")
    trade = make_channel(kind="trade", state="open")
    html = get_dashboard(client)
    assert "state--suspended" in cell_for(html, military)
    assert ">Suspended<" in cell_for(html, military)
    assert ">Open<" in cell_for(html, trade)


def test_each_cell_shows_since_when_its_state_holds(client):
    channel = make_channel(when=day(2025, 12, 1))
    assert 'since <time datetime="2025-12-01">1 Dec 2025</time>' in cell_for(
        get_dashboard(client), channel
    )


def test_a_stale_channel_carries_a_stale_marker_explaining_its_age(client):
    channel = make_channel(when=day(2025, 1, 1))  # 365 days before NOW, default limit 90
    cell = cell_for(get_dashboard(client), channel)
    assert 'class="stale" title="Not confirmed in 365 days"' in cell
    assert ">stale<" in cell


def test_a_recently_confirmed_channel_has_no_stale_marker(client):
    channel = make_channel(when=day(2025, 12, 1))
    assert "stale" not in cell_for(get_dashboard(client), channel)


def test_a_channel_never_assessed_shows_unknown_and_not_a_since_date(client):
    channel = make_channel(state=None)
    cell = cell_for(get_dashboard(client), channel)
    assert ">Unknown<" in cell and "not yet assessed" in cell and "since <time" not in cell


def test_rows_name_both_countries_with_emoji_flags(client):
    make_channel("US", "CN")
    html = get_dashboard(client)
    assert re.search(r'<th scope="row">.*🇨🇳</span> China.*🇺🇸</span> United States', html)


def test_pairs_are_listed_by_the_names_people_read_not_by_code(client):
    # By code AE-QA (United Arab Emirates) would come first; read, it is Qatar's row.
    make_channel("AE", "QA", "diplomatic")
    make_channel("BH", "QA", "diplomatic")
    make_channel("CN", "US", "military")
    make_channel("CN", "US", "trade")
    rows = re.findall(r'<th scope="row">(.*?)</th>', get_dashboard(client), re.S)
    names = [" ".join(re.sub(r"<[^>]+>|[^\w\s–]", " ", row).split()) for row in rows]
    assert names == ["Bahrain – Qatar", "China – United States", "Qatar – United Arab Emirates"]
    listed = client.get(reverse("dashboard"), {"view": "list"}).content.decode()
    row = r'<th scope="row" class="list__channel"><a href="[^"]+">([^<]+)</a>'
    assert re.findall(row, listed) == [
        "Bahrain–Qatar diplomatic channels",
        "China–United States military channels",
        "China–United States trade talks",
        "Qatar–United Arab Emirates diplomatic channels",
    ]


def test_columns_are_the_three_kinds(client):
    make_channel()
    html = get_dashboard(client)
    headers = re.findall(r'<th scope="col">([^<]+)</th>', html)
    assert headers == ["Country pair", "Military", "Trade", "Diplomatic"]


def test_a_missing_kind_shows_a_dash_cell(client):
    make_channel(kind="military")
    html = get_dashboard(client)
    assert html.count('class="cell cell--none"') == 2
    assert "No trade channel tracked" in html


def test_the_legend_lists_every_state(client):
    html = get_dashboard(client)
    legend = html[html.index('class="legend"') :]
    for label in ("Open", "Limited", "Suspended", "Severed", "Unknown"):
        assert f'state__label">{label}<' in legend


def test_the_summary_counts_channels_per_state(client):
    make_channel(kind="military", state="open")
    make_channel(kind="trade", state="open")
    make_channel(kind="diplomatic", state="severed")
    html = get_dashboard(client)
    assert re.search(r"<strong>2</strong> open", html)
    assert re.search(r"<strong>1</strong> severed", html)


def test_channel_names_are_escaped(client):
    make_channel(name="<script>alert(1)</script>")
    html = get_dashboard(client)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_dashboard_is_complete_without_javascript(client):
    channel = make_channel()
    html = get_dashboard(client)
    assert ">Suspended<" in cell_for(html, channel)
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts == ['<script src="/static/js/live.js" defer>']


def count_dashboard_queries(client, query: str = "") -> int:
    cache.clear()  # count a rendering, not a hit in the page cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/" + query)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?kind=military",
        "?country=cn&state=open",
        "?stale=yes&view=list",
        "?at=2025-06-01",
        "?country=us&kind=trade&state=severed&stale=no&view=list&at=2025-06-01",
    ],
)
def test_the_number_of_queries_does_not_grow_with_the_number_of_channels(client, query):
    make_channels(0, 5)
    with_five = count_dashboard_queries(client, query)
    make_channels(5, 50)
    with_fifty = count_dashboard_queries(client, query)
    assert get_dashboard(client).count('class="cell__link"') == 50
    assert with_five == with_fifty <= 10
