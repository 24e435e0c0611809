"""`?at=YYYY-MM-DD` on the dashboard, a channel's page and a country's page: the world as it
was at the end of that day (UTC), with a date control and previous/next-change links; a
malformed or out-of-range date is a 400 with a clear message, never a 500."""

import re
from datetime import UTC, datetime

import pytest
import time_machine

from channels_app.services.changes import EvidenceInput, channel_set_state
from channels_app.services.channels import channel_create

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def day(y: int, m: int, d: int, hour: int = 0) -> datetime:
    return datetime(y, m, d, hour, tzinfo=UTC)


def record(channel, state, when, note=""):
    evidence = [EvidenceInput(url=f"https://example.org/{when:%Y%m%d}", outlet="Wire")]
    channel_set_state(
        channel=channel,
        state=state,
        effective_at=when,
        origin="manual",
        note=note,
        evidence=evidence,
    )


@pytest.fixture
def military():
    channel = channel_create(country_a="US", country_b="CN", kind="military")
    record(channel, "open", day(2020, 1, 1), "Talks working.")
    record(channel, "suspended", day(2022, 8, 5, 12), "Cut off after Pelosi's visit.")
    record(channel, "limited", day(2023, 11, 15), "Some dialogue after Woodside.")
    record(channel, "open", day(2025, 11, 1), "Channels re-established.")
    return channel


@pytest.fixture
def later():
    """A channel whose first change comes after the dates the tests travel to."""
    channel = channel_create(country_a="KP", country_b="KR", kind="military")
    record(channel, "severed", day(2023, 11, 23))
    return channel


def get(client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status
    return response.content.decode()


def cell(html: str, channel) -> str:
    match = re.search(
        rf'<a class="cell__link" href="{channel.get_absolute_url()}[^"]*">(.*?)</a>', html, re.S
    )
    return match.group(1)


# --- the dashboard ---------------------------------------------------------------------


def test_the_dashboard_shows_the_states_in_force_on_that_date(client, military, later):
    html = get(client, "/?at=2023-01-01")
    assert ">Suspended<" in cell(html, military)
    assert 'since <time datetime="2022-08-05">5 Aug 2022</time>' in cell(html, military)
    assert ">Unknown<" in cell(html, later) and "not yet assessed" in cell(html, later)


def test_a_change_during_the_day_counts_on_that_day(client, military):
    assert ">Suspended<" in cell(get(client, "/?at=2022-08-05"), military)
    assert ">Open<" in cell(get(client, "/?at=2022-08-04"), military)


def test_the_dashboard_says_which_date_it_shows(client, military):
    html = get(client, "/?at=2023-01-01")
    assert 'As of <time datetime="2023-01-01">1 January 2023</time>' in html
    assert "State on 1 January 2023 of 1 channel" in html
    assert '<a href="/">Back to today</a>' in html


def test_links_from_a_past_dashboard_stay_on_that_date(client, military):
    html = get(client, "/?at=2023-01-01")
    assert f'href="{military.get_absolute_url()}?at=2023-01-01"' in html


def test_the_dashboard_steps_to_the_previous_and_next_change(client, military, later):
    html = get(client, "/?at=2023-01-01")
    assert re.search(r'<a href="/\?at=2022-08-05" rel="prev">.*Previous change', html)
    assert re.search(r'<a href="/\?at=2023-11-15" rel="next">Next change', html)


def test_stepping_keeps_the_filters(client, military, later):
    html = get(client, "/?kind=military&at=2023-11-15")
    assert 'href="/?kind=military&amp;at=2023-11-23" rel="next"' in html
    assert 'href="/?kind=military&amp;at=2022-08-05" rel="prev"' in html


def test_after_the_last_change_next_leads_back_to_today(client, military):
    html = get(client, "/?at=2025-12-01")
    assert '<a href="/">No later change: today' in html


def test_the_date_control_keeps_the_filters_and_shows_the_date(client, military):
    html = get(client, "/?state=open&at=2023-01-01")
    form = html[html.index('class="travel__form"') :]
    form = form[: form.index("</form>")]
    assert '<input type="hidden" name="state" value="open">' in form
    assert 'type="date" name="at" min="1800-01-01" max="2026-01-01" value="2023-01-01"' in form


def test_today_the_dashboard_offers_the_last_change_and_no_next(client, military):
    html = get(client, "/")
    assert 'href="/?at=2025-11-01" rel="prev"' in html
    assert 'rel="next"' not in html


def test_the_state_filter_applies_to_the_states_on_that_date(client, military, later):
    html = get(client, "/?state=suspended&at=2023-01-01")
    assert "Showing 1 suspended channel, as of 1 January 2023" in html  # the heading
    assert ">Suspended<" in cell(html, military)


def test_the_recent_panel_counts_back_from_that_date(client, military):
    html = get(client, "/?at=2022-08-10")
    recent = html[html.index('class="recent"') :]
    assert "Recent changes up to 10 Aug 2022" in recent
    assert "<strong>1</strong> in the last 7 days" in recent


def test_a_past_dashboard_is_not_live(client, military):
    assert "data-live-url" in get(client, "/")
    assert "data-live-url" not in get(client, "/?at=2023-01-01")


@pytest.mark.parametrize(
    ("at", "message"),
    [
        ("yesterday", "“yesterday” is not a date: write it as YYYY-MM-DD, like 2022-08-05."),
        ("2023-02-30", "“2023-02-30” is not a date"),
        ("2023-1-5", "“2023-1-5” is not a date"),
        ("20230105", "“20230105” is not a date"),
        ("2026-01-02", "2026-01-02 is in the future: pick today or an earlier date."),
        ("9999-12-31", "9999-12-31 is in the future"),
        ("1700-01-01", "Dates go back to 1800-01-01: pick a later date."),
        ("0000-01-01", "“0000-01-01” is not a date"),
        ("<script>", "“&lt;script&gt;” is not a date"),
    ],
)
@pytest.mark.parametrize("path", ["/", "/channels/cn-us/military/", "/countries/cn/"])
def test_a_bad_date_is_a_400_that_explains_and_shows_today(client, military, path, at, message):
    html = get(client, f"{path}?at={at}", status=400)
    assert message in html
    assert "and shows today" in html
    assert "<script>" not in html


def test_today_is_a_date_one_may_travel_to(client, military):
    html = get(client, "/?at=2026-01-01")
    assert 'As of <time datetime="2026-01-01">' in html and ">Open<" in cell(html, military)


# --- a channel's page ------------------------------------------------------------------


def test_a_channels_page_shows_its_state_then(client, military):
    html = get(client, "/channels/cn-us/military/?at=2023-01-01")
    current = html[html.index('class="current') :]
    assert "state--suspended state--big" in current
    assert '<time datetime="2022-08-05">5 August 2022</time>' in current
    assert "(4\xa0months, 3\xa0weeks by then)" in current


def test_a_channels_history_stops_at_that_date(client, military):
    html = get(client, "/channels/cn-us/military/?at=2023-01-01")
    dates = re.findall(r'<p class="change__date"><time [^>]*>([^<]+)</time>', html)
    assert dates == ["5 Aug 2022", "1 Jan 2020"]
    assert "2 changes up to 1 Jan 2023" in html


def test_a_channels_timeline_ends_at_that_date(client, military):
    html = get(client, "/channels/cn-us/military/?at=2023-01-01")
    labels = re.findall(
        r'<a class="tl-period" href="#change-\d+" aria-label="([^":]*: [^(]*)', html
    )
    assert labels == ["Open: 1 Jan 2020 – 5 Aug 2022 ", "Suspended: 5 Aug 2022 – 1 Jan 2023 "]
    assert "<span>1 Jan 2023</span>" in html  # the strip's right end


def test_a_channels_statistics_stop_at_that_date(client, military):
    html = get(client, "/channels/cn-us/military/?at=2023-01-01")
    stats = html[html.index('class="panel stats"') :]
    assert 'Statistics <span class="muted">up to 1 Jan 2023</span>' in stats
    facts = re.findall(r"<dt>([^<]+)</dt>\s*<dd><strong>([^<]+)</strong> <span[^>]*>([^<]+)", stats)
    assert facts == [
        ("Days since the last change", "149", "suspended since 5 Aug 2022"),
        (
            "Longest suspension",
            "4\xa0months, 3\xa0weeks",
            "149 days: 5 Aug 2022 – 1 Jan 2023, still going then",
        ),
        ("Average time to restore", "—", "not restored yet"),
    ]


def test_a_channel_before_its_first_change_is_unknown_with_no_timeline(client, later):
    html = get(client, "/channels/kp-kr/military/?at=2023-01-01")
    assert "state--unknown state--big" in html
    assert "Not yet assessed on that date" in html
    assert "No changes recorded before 1 January 2023." in html
    assert 'class="timeline__svg"' not in html


def test_a_channels_page_steps_through_its_own_changes(client, military, later):
    html = get(client, "/channels/cn-us/military/?at=2023-01-01")
    assert 'href="/channels/cn-us/military/?at=2022-08-05" rel="prev"' in html
    assert 'href="/channels/cn-us/military/?at=2023-11-15" rel="next"' in html


def test_a_reversed_pair_redirects_and_keeps_the_date(client, military):
    response = client.get("/channels/us-cn/military/?at=2023-01-01")
    assert response.status_code == 301
    assert response["Location"] == "/channels/cn-us/military/?at=2023-01-01"


def test_a_past_channel_page_is_not_live(client, military):
    assert 'data-live-url="/live/channels/cn-us/military/"' in get(
        client, "/channels/cn-us/military/"
    )
    assert "data-live-url" not in get(client, "/channels/cn-us/military/?at=2023-01-01")


# --- a country's page ------------------------------------------------------------------


def test_a_countrys_page_shows_the_states_then(client, military, later):
    html = get(client, "/countries/us/?at=2023-01-01")
    assert "chan chan--suspended" in html
    assert f'href="{military.get_absolute_url()}?at=2023-01-01"' in html
    assert 'href="/countries/us/?at=2022-08-05" rel="prev"' in html
