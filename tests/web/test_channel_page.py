"""A channel's page: current state, SVG timeline, full history with sources; 404s and
canonical redirects for its address."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from channels_app.services.changes import EvidenceInput, channel_set_state
from channels_app.services.channels import channel_create
from channels_app.templatetags.tracker_tags import http_url
from tests.factories import SOURCE

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def day(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, tzinfo=UTC)


@pytest.fixture
def channel():
    return channel_create(
        country_a="US",
        country_b="CN",
        kind="military",
        name="US–China military-to-military channels",
        description="Defence ministers and theatre commanders.",
        mechanisms="Defence telephone link",
    )


def record(channel, state, when, **kw):
    return channel_set_state(
        channel=channel,
        state=state,
        effective_at=when,
        origin="manual",
        **{"evidence": SOURCE, **kw},
    )


@pytest.fixture
def story(channel):
    record(channel, "open", day(2020, 1, 1), note="Talks working.")
    record(
        channel,
        "suspended",
        day(2022, 8, 5),
        note="Cut off after Pelosi's visit.",
        evidence=[
            EvidenceInput(
                url="https://example.org/pelosi",
                outlet="Reuters",
                title="China halts military talks",
            )
        ],
    )
    record(channel, "open", day(2025, 11, 1), note="Channels re-established in Kuala Lumpur.")
    return channel


def get_page(client, channel) -> str:
    response = client.get(channel.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, css_class: str) -> str:
    start = html.index(f'class="{css_class}')
    return html[start : html.index("</section>", start)]


def test_it_shows_the_current_state_big_with_its_since_date(client, story):
    current = section(get_page(client, story), "current")
    assert "state--open state--big" in current and ">Open<" in current
    assert '<time datetime="2025-11-01">1 November 2025</time>' in current


def test_it_shows_a_stale_marker_when_the_state_is_old(client, channel):
    record(channel, "severed", day(2025, 1, 1))
    current = section(get_page(client, channel), "current")
    assert "stale" in current and "Not confirmed in 365 days" in current


def test_it_shows_description_and_mechanisms(client, story):
    html = get_page(client, story)
    assert "Defence ministers and theatre commanders." in html
    assert "Mechanisms" in html and "Defence telephone link" in html


def periods_in(html: str) -> list[tuple[str, str, str]]:
    """(state, target, accessible name) of each period link in the timeline."""
    return re.findall(
        r'<a class="tl-period" href="#(change-\d+)" aria-label="([^"]*)">\s*'
        r'<rect class="tl-seg tl-seg--(\w+)"',
        html,
    )


def test_the_timeline_has_one_focusable_period_per_change_named_with_state_dates_and_note(
    client, story
):
    found = [(state, label) for _target, label, state in periods_in(get_page(client, story))]
    assert found == [
        ("open", "Open: 1 Jan 2020 – 5 Aug 2022 (947 days). Talks working."),
        (
            "suspended",
            "Suspended: 5 Aug 2022 – 1 Nov 2025 (1184 days). Cut off after Pelosi&#x27;s visit.",
        ),
        ("open", "Open: 1 Nov 2025 – today (61 days). Channels re-established in Kuala Lumpur."),
    ]


def test_each_period_links_to_its_change_in_the_history(client, story):
    html = get_page(client, story)
    for target, _label, _state in periods_in(html):
        assert f'<li class="change" id="{target}"' in html


def test_each_period_carries_a_tooltip_with_its_state_dates_and_note(client, story):
    html = get_page(client, story)
    tips = re.findall(r'<g class="tl-tip" aria-hidden="true">(.*?)</g>\s*</g>', html, re.S)
    assert all("tl-period" not in tip for tip in tips)  # the link's name is its aria-label
    assert len(tips) == 3
    texts = re.findall(r"<text [^>]*>([^<]*)</text>", tips[1])
    assert texts == [
        "Suspended",
        "5 Aug 2022 – 1 Nov 2025 · 1184 days",
        "Cut off after Pelosi&#x27;s visit.",
    ]


def test_the_timeline_svg_is_a_group_labelled_with_a_summary(client, story):
    svg = re.search(r"<svg class=\"timeline__svg\"[^>]*>", get_page(client, story)).group(0)
    assert 'role="group"' in svg
    assert 'aria-label="Timeline of 3 periods from 1 Jan 2020 to today; open since 1 Nov' in svg


def test_the_statistics_give_the_days_since_the_last_change_and_the_longest_suspension(
    client, story
):
    stats = section(get_page(client, story), 'panel stats"')
    facts = re.findall(r"<dt>([^<]+)</dt>\s*<dd><strong>([^<]+)</strong> <span[^>]*>([^<]+)", stats)
    assert facts == [
        ("Days since the last change", "61", "open since 1 Nov 2025"),
        ("Longest suspension", "3\xa0years, 2\xa0months", "1184 days: 5 Aug 2022 – 1 Nov 2025"),
        ("Average time to restore", "3\xa0years, 2\xa0months", "over 1 restoration"),
    ]


def test_the_statistics_share_each_year_between_the_states(client, story):
    stats = section(get_page(client, story), 'panel stats"')
    headers = re.findall(r'<th scope="col" class="shares__state[^"]*">.*?<span>(\w+)</span>', stats)
    assert headers == ["Open", "Suspended"]
    rows = re.findall(
        r"<span>([\d–]+)</span><svg.*?</th>\s*<td>([^<]+)</td><td>([^<]+)</td>", stats
    )
    assert rows == [
        ("2020–2021", "100%", "—"),
        ("2022", "59%", "41%"),
        ("2023–2024", "—", "100%"),
        ("2025", "17%", "83%"),
    ]


def test_a_channel_never_cut_says_so_in_its_statistics(client, channel):
    record(channel, "open", day(2024, 1, 1))
    stats = section(get_page(client, channel), 'panel stats"')
    assert "never suspended or severed" in stats and "never cut" in stats


def test_the_timeline_labels_the_years(client, story):
    years = re.findall(r'<text class="tl-year"[^>]*>(\d{4})</text>', get_page(client, story))
    assert years == ["2021", "2022", "2023", "2024", "2025", "2026"]


def test_a_channel_without_changes_has_no_timeline(client, channel):
    html = get_page(client, channel)
    assert '<svg class="timeline__svg"' not in html
    assert "No changes recorded yet." in html


def test_the_history_lists_every_change_newest_first(client, story):
    history = section(get_page(client, story), 'panel" aria-labelledby="history')
    dates = re.findall(r'<p class="change__date"><time [^>]*>([^<]+)</time>', history)
    assert dates == ["1 Nov 2025", "5 Aug 2022", "1 Jan 2020"]


def test_each_change_shows_old_and_new_state_as_text_with_its_note_and_origin(client, story):
    history = section(get_page(client, story), 'panel" aria-labelledby="history')
    first = history[history.index('<li class="change"') :]
    first = first[: first.index('<li class="change"', 1)]
    labels = re.findall(r'state__label">(\w+)<', first)
    assert labels == ["Suspended", "Open"]
    assert "Channels re-established in Kuala Lumpur." in first
    assert "Manual (editor)" in first


def test_evidence_links_name_outlet_and_title_and_are_noopener_nofollow(client, story):
    html = get_page(client, story)
    link = re.search(r'<a href="https://example.org/pelosi"([^>]*)>(.*?)</a>', html, re.S)
    assert 'rel="noopener nofollow"' in link.group(1)
    assert re.search(r"Reuters</span> — China halts military talks", link.group(2))


def test_notes_and_evidence_titles_are_escaped(client, channel):
    record(
        channel,
        "open",
        day(2024, 1, 1),
        note="<b>bold</b>",
        evidence=[EvidenceInput(url="https://example.org/x", title="<img src=x onerror=alert(1)>")],
    )
    html = get_page(client, channel)
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<img src=x" not in html


def test_only_http_urls_become_links():
    assert http_url("https://example.org/a") == "https://example.org/a"
    assert http_url("javascript:alert(1)") == ""
    assert http_url("JaVaScRiPt:alert(1)") == ""


def test_an_unknown_channel_is_a_404_on_the_site_template(client, channel):
    response = client.get("/channels/cn-us/trade/")
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "Page not found" in html and 'class="site-header"' in html


@pytest.mark.parametrize(
    "path",
    [
        "/channels/cn-us/naval/",
        "/channels/cnus/military/",
        "/channels/cn-xx/military/",
        "/channels/cn-cn/military/",
        "/channels/chn-usa/military/",
        "/channels/cn-us-ru/military/",
    ],
)
def test_a_malformed_pair_or_kind_is_a_404(client, channel, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("pair", ["us-cn", "CN-US", "Us-Cn"])
def test_a_reversed_or_uppercase_pair_redirects_permanently_to_the_canonical_address(
    client, channel, pair
):
    response = client.get(f"/channels/{pair}/military/")
    assert response.status_code == 301
    assert response["Location"] == "/channels/cn-us/military/"


def count_page_queries(client, channel) -> int:
    cache.clear()  # count a rendering, not a hit in the page cache
    with CaptureQueriesContext(connection) as queries:
        get_page(client, channel)
    return len(queries)


def add_changes(channel, count: int, start: datetime) -> None:
    for n in range(count):
        record(
            channel,
            ["open", "suspended"][n % 2],
            start + timedelta(days=10 * n),
            evidence=[EvidenceInput(url=f"https://example.org/{start:%Y}/{n}", outlet="Wire")],
        )


def test_the_number_of_queries_does_not_grow_with_the_number_of_changes(client):
    few = channel_create(country_a="IN", country_b="PK", kind="trade")
    many = channel_create(country_a="IN", country_b="PK", kind="military")
    add_changes(few, 2, day(2020, 1, 1))
    add_changes(many, 40, day(2020, 1, 1))
    assert get_page(client, many).count('<li class="change"') == 40
    assert count_page_queries(client, few) == count_page_queries(client, many) <= 10


def test_a_suspension_a_few_hours_old_is_drawn_on_the_timeline(client, channel):
    record(channel, "open", day(2000, 1, 1))
    record(channel, "suspended", NOW - timedelta(hours=3), note="Hotline unanswered.")
    html = get_page(client, channel)
    html = html[html.index('<figure class="timeline">') : html.index("</figure>")]
    widths = re.findall(
        r'<rect class="tl-seg tl-seg--suspended" x="[^"]+" y="0" width="([\d.]+)%"', html
    )
    assert len(widths) == 1 and float(widths[0]) >= 1.5
