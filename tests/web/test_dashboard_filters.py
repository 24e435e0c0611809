"""The dashboard's filters (country, kind, state, stale), its list view, the recent-changes
panel and the country finder: shareable URLs, and clear messages for values it does not know."""

import re
from datetime import UTC, datetime

import pytest
import time_machine

from channels_app.services.changes import channel_set_state
from channels_app.services.channels import channel_confirm_state, channel_create
from tests.factories import SOURCE

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def day(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, tzinfo=UTC)


RECENT = day(2025, 12, 1)


def make_channel(a, b, kind, state, when=RECENT, **kw):
    channel = channel_create(country_a=a, country_b=b, kind=kind, **kw)
    channel_set_state(
        evidence=SOURCE, channel=channel, state=state, effective_at=when, origin="manual"
    )
    return channel


@pytest.fixture
def world():
    return {
        "cn_us_military": make_channel("CN", "US", "military", "open"),
        "cn_us_trade": make_channel("CN", "US", "trade", "suspended", day(2025, 1, 1)),
        "kp_kr_military": make_channel("KP", "KR", "military", "severed"),
        "ru_ua_diplomatic": make_channel("RU", "UA", "diplomatic", "limited", day(2024, 5, 1)),
    }


def get(client, query: str, status: int = 200) -> str:
    response = client.get("/" + query)
    assert response.status_code == status, response.get("Location")
    return response.content.decode()


def linked(html: str) -> set[str]:
    """The channel pages the results link to (matrix cells or list rows)."""
    results = html[html.index('class="results"') : html.index('class="recent"')]
    results = re.sub(r'<div class="latest">.*?</div>', "", results, flags=re.S)  # the newest
    return set(re.findall(r'href="(/channels/[^"?]+)', results))


def urls(*channels) -> set[str]:
    return {c.get_absolute_url() for c in channels}


def test_without_filters_every_channel_is_shown(client, world):
    assert linked(get(client, "")) == urls(*world.values())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?country=us", ["cn_us_military", "cn_us_trade"]),
        ("?country=kr", ["kp_kr_military"]),
        ("?kind=military", ["cn_us_military", "kp_kr_military"]),
        ("?state=severed", ["kp_kr_military"]),
        ("?stale=yes", ["cn_us_trade", "ru_ua_diplomatic"]),
        ("?stale=no", ["cn_us_military", "kp_kr_military"]),
        ("?country=cn&kind=trade", ["cn_us_trade"]),
        ("?kind=military&state=open", ["cn_us_military"]),
    ],
)
def test_filters_narrow_the_channels_shown(client, world, query, expected):
    assert linked(get(client, query)) == urls(*(world[name] for name in expected))


def test_the_stale_filter_counts_a_recent_confirmation(client, world):
    channel_confirm_state(channel=world["cn_us_trade"])
    assert linked(get(client, "?stale=yes")) == urls(world["ru_ua_diplomatic"])


def heading(html: str) -> str:
    found = re.search(r'<h2 id="results-title"[^>]*>(.*?)</h2>', html, re.S)
    assert found, "no results heading"
    return " ".join(found.group(1).split())


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("", "Showing all 4 channels"),
        ("?country=us", "Showing 2 channels involving United States"),
        (
            "?kind=military&country=cn&at=2025-12-15",
            "Showing 1 military channel involving China, as of 15 December 2025",
        ),
        ("?state=suspended&stale=yes", "Showing 1 stale suspended channel"),
        ("?stale=no&kind=military", "Showing 2 recently confirmed military channels"),
    ],
)
def test_the_heading_states_the_filters_in_force_in_words(client, world, query, words):
    assert heading(get(client, query)) == words


@pytest.mark.parametrize("query", ["?kind=military", "?at=2025-06-01", "?country=cn&view=list"])
def test_one_link_resets_the_filters_and_the_date(client, world, query):
    html = get(client, query)
    reset = re.search(r'<p class="results__reset"><a href="([^"]+)">', html)
    assert reset, "no reset link"
    target = get(client, reset.group(1))
    assert heading(target) == "Showing all 4 channels"


def test_no_reset_link_when_nothing_is_filtered(client, world):
    assert "results__reset" not in get(client, "")


def test_filtering_by_kind_hides_the_other_kinds_columns(client, world):
    html = get(client, "?kind=military")
    assert re.findall(r'<th scope="col">([^<]+)</th>', html) == ["Country pair", "Military"]
    assert "cell--none" not in html and "—</span>" not in html
    assert len(re.findall(r'<td class="cell cell--', html)) == 2


def test_the_kind_select_still_offers_every_kind_when_one_is_chosen(client, world):
    html = get(client, "?kind=trade")
    select = html[
        html.index('id="filter-kind"') : html.index("</select>", html.index('id="filter-kind"'))
    ]
    assert re.findall(r'<option value="(\w+)"', select) == ["military", "trade", "diplomatic"]


def test_no_match_says_so_and_offers_to_clear_the_filters(client, world):
    html = get(client, "?country=fr")
    assert "No channel matches these filters" in html
    assert '<a href="/">Clear the filters</a>' in html


def test_a_matrix_cell_hidden_by_a_filter_does_not_claim_the_channel_is_untracked(client, world):
    html = get(client, "?state=open")
    assert "No trade channel matches the filters" in html
    assert "No trade channel tracked" not in html


def test_the_form_shows_the_filters_in_force(client, world):
    html = get(client, "?country=us&kind=trade&state=suspended&stale=yes")
    assert '<option value="us" selected>United States' in html
    assert '<option value="trade" selected>' in html
    assert '<option value="suspended" selected>' in html
    assert '<option value="yes" selected>' in html


def test_the_country_filter_offers_the_tracked_countries_by_name(client, world):
    html = get(client, "")
    select = html[html.index('id="filter-country"') : html.index("</select>")]
    names = re.findall(r'<option value="[a-z]{2}">([^<]+)</option>', select)
    assert names == sorted(names) and len(names) == 6 and "North Korea" in names


@pytest.mark.parametrize(
    ("query", "tidy"),
    [
        ("?country=&kind=military&state=&stale=&view=matrix", "/?kind=military"),
        ("?country=CN", "/?country=cn"),
        ("?kind=Military&at=", "/?kind=military"),
        ("?country=&kind=&state=&stale=", "/"),
    ],
)
def test_a_submitted_form_redirects_to_its_tidy_shareable_url(client, world, query, tidy):
    response = client.get("/" + query)
    assert response.status_code == 302
    assert response["Location"] == tidy


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?kind=naval", "Unknown kind “naval”: choose military, trade, diplomatic."),
        ("?state=frozen", "Unknown state “frozen”: choose open, limited, suspended, severed,"),
        ("?stale=maybe", "Unknown stale “maybe”: choose yes, no."),
        ("?view=globe", "Unknown view “globe”: choose matrix, list."),
        ("?country=XX", "“XX” is not a country code: use two letters, like CN or US."),
        ("?country=china", "“CHINA” is not a country code"),
    ],
)
def test_an_unknown_filter_value_is_a_400_with_a_clear_message(client, world, query, message):
    html = get(client, query, status=400)
    assert 'class="notice notice--error" role="alert"' in html
    assert message in html
    assert linked(html) == urls(*world.values())  # the rest of the page still works


def test_a_bad_value_next_to_a_good_one_keeps_the_good_one(client, world):
    html = get(client, "?kind=naval&country=kr", status=400)
    assert linked(html) == urls(world["kp_kr_military"])


def test_the_list_view_shows_one_row_per_channel_with_state_since_and_duration(client, world):
    html = get(client, "?view=list")
    rows = re.findall(r'<tr class="list__row list__row--(\w+)">(.*?)</tr>', html, re.S)
    assert len(rows) == 4
    trade = next(row for state, row in rows if state == "suspended")
    assert world["cn_us_trade"].name in trade
    assert '<time datetime="2025-01-01">1 Jan 2025</time>' in trade
    assert "For </span>1\xa0year" in trade


def test_the_view_switch_keeps_the_filters(client, world):
    html = get(client, "?kind=military")
    assert '<a href="/?kind=military" aria-current="page">Matrix</a>' in html
    assert '<a href="/?kind=military&amp;view=list">List</a>' in html


def test_matrix_cells_say_how_long_the_state_has_held(client, world):
    html = get(client, "")
    assert 'since <time datetime="2025-01-01">1 Jan 2025</time>' in html
    assert '<span class="cell__held"> · 1\xa0year</span>' in html


def recorded_on(a, b, kind, state, when):
    """A change recorded on the day it took effect."""
    channel = channel_create(country_a=a, country_b=b, kind=kind)
    channel_set_state(
        evidence=SOURCE, channel=channel, state=state, effective_at=when, origin="manual", now=when
    )


def test_the_recent_panel_splits_the_last_7_days_from_the_rest_of_30(client):
    recorded_on("CN", "US", "military", "open", day(2025, 12, 28))
    recorded_on("CN", "US", "trade", "open", day(2025, 12, 10))
    recorded_on("IN", "PK", "trade", "open", day(2025, 10, 1))
    html = get(client, "")
    recent = html[html.index('class="recent"') :]
    recent = recent[: recent.index("</section>")]  # the section alone (one, no nesting)
    assert "<strong>1</strong> recorded in the last 7 days" in recent
    assert "<strong>2</strong> in the last 30 days" in recent
    week = recent[recent.index("Last 7 days") : recent.index("8 to 30 days ago")]
    assert "28 Dec 2025" in week and "10 Dec 2025" not in week
    assert "10 Dec 2025" in recent and "1 Oct 2025" not in recent


def test_the_recent_panel_follows_the_filters(client):
    make_channel("CN", "US", "military", "open", day(2025, 12, 28))
    make_channel("IN", "PK", "trade", "open", day(2025, 12, 29))
    recent = get(client, "?country=in")
    recent = recent[recent.index('class="recent"') :]
    recent = recent[: recent.index("</section>")]
    assert "29 Dec 2025" in recent and "28 Dec 2025" not in recent


def test_a_quiet_month_says_nothing_changed(client, world):
    html = get(client, "?country=kr&at=2025-06-01")
    assert "No channel matching the filters changed state in these 30 days." in html


def test_the_country_finder_suggests_the_tracked_countries(client, world):
    html = get(client, "")
    finder = html[html.index('class="find"') : html.index("</form>", html.index('class="find"'))]
    assert 'action="/countries/"' in finder and 'name="q"' in finder
    assert '<option value="South Korea"></option>' in finder
