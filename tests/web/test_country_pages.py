"""A country's page (all its channels, by partner) and the countries index with its search."""

import re
from datetime import UTC, datetime

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
PARTNERS = ["RU", "JP", "IN", "KR", "AU", "GB", "FR", "DE", "BR", "ZA", "CA", "MX", "IT", "ES"]


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def make_channel(a, b, kind, state="open", when=datetime(2025, 6, 1, tzinfo=UTC), **kw):
    channel = channel_create(country_a=a, country_b=b, kind=kind, **kw)
    if state:
        channel_set_state(
            evidence=SOURCE, channel=channel, state=state, effective_at=when, origin="manual"
        )
    return channel


@pytest.fixture
def china():
    return [
        make_channel("CN", "US", "military", "open"),
        make_channel("CN", "US", "trade", "suspended"),
        make_channel("CN", "US", "diplomatic", "limited"),
        make_channel("CN", "JP", "military", "severed"),
        make_channel("CN", "AU", "trade", None),
        make_channel("KP", "KR", "military", "severed"),
    ]


def get(client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status
    return response.content.decode()


def test_a_countrys_page_groups_its_channels_by_partner_in_name_order(client, china):
    html = get(client, "/countries/cn/")
    partners = re.findall(r'<h2 id="partner-(\w\w)" class="partner__title">', html)
    assert partners == ["au", "jp", "us"]  # Australia, Japan, United States


def test_a_partners_channels_are_in_kind_order_with_state_since_and_duration(client, china):
    html = get(client, "/countries/cn/")
    us = html[html.index('id="partner-us"') :]
    us = us[: us.index("</section>")]
    assert re.findall(r'<span class="chan__kind">(\w+)</span>', us) == [
        "Military",
        "Trade",
        "Diplomatic",
    ]
    assert re.findall(r'state__label">(\w+)<', us) == ["Open", "Suspended", "Limited"]
    assert 'since <time datetime="2025-06-01">1 Jun 2025</time> · 7\xa0months' in us


def test_a_countrys_page_leaves_out_other_countries_channels(client, china):
    html = get(client, "/countries/cn/")
    # The map names every country (<title>); the channels and partners never include them.
    assert "North Korea" not in html.replace("<title>North Korea: no channel tracked</title>", "")


def test_a_countrys_page_counts_channels_partners_and_states(client, china):
    html = get(client, "/countries/cn/")
    assert "5 channels with 3 partners" in html
    assert re.search(r"<strong>2</strong> severed", html) is None  # only one is China's
    assert re.search(r"<strong>1</strong> severed", html)
    assert re.search(r"<strong>1</strong> unknown", html)


def test_a_channel_never_assessed_says_so(client, china):
    au = get(client, "/countries/cn/")
    assert "not yet assessed" in au[au.index('id="partner-au"') :]


def test_a_countrys_page_links_its_atom_feeds(client, china):
    html = get(client, "/countries/cn/")
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/feeds/countries/cn.atom"' in html
    assert 'href="/feeds/pairs/cn-us.atom"' in html


def test_an_upper_case_code_redirects_to_the_lower_case_address(client, china):
    response = client.get("/countries/CN/?at=2025-07-01")
    assert response.status_code == 301
    assert response["Location"] == "/countries/cn/?at=2025-07-01"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/countries/xx/", "No such country"),
        ("/countries/chn/", "No such country"),
        ("/countries/c/", "No such country"),
        ("/countries/fr/", "No channel of France is tracked."),
    ],
)
def test_an_unknown_or_untracked_country_is_a_404_in_the_sites_style(client, china, path, reason):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and 'class="site-header"' in html
    assert reason in html


def count_queries(client, path: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", ["/countries/cn/", "/countries/cn/?at=2025-07-01", "/countries/"])
def test_the_number_of_queries_does_not_grow_with_the_number_of_channels(client, path):
    for partner in PARTNERS[:2]:
        make_channel("CN", partner, "military")
    few = count_queries(client, path)
    for partner in PARTNERS[2:]:
        for kind in ("military", "trade", "diplomatic"):
            if (partner, kind) not in {("RU", "military"), ("JP", "military")}:
                make_channel("CN", partner, kind)
    many = count_queries(client, path)
    assert few == many <= 10


# --- the index -------------------------------------------------------------------------


def test_the_index_lists_every_tracked_country_by_name_with_its_states(client, china):
    html = get(client, "/countries/")
    names = re.findall(r'<span class="country-card__name">.*?</span> ([^<]+)</span>', html)
    assert names == [
        "Australia",
        "China",
        "Japan",
        "North Korea",
        "South Korea",
        "United States",
    ]
    china_card = html[html.index('href="/countries/cn/"') :]
    china_card = china_card[: china_card.index("</li>")]
    assert "5 channels · 3 partners" in china_card
    assert "1 severed" in china_card and "1 open" in china_card


@pytest.mark.parametrize("query", ["China", "china", "CN", "cn", "CHN", "  chi  "])
def test_a_search_with_one_match_goes_straight_to_the_country(client, china, query):
    response = client.get("/countries/", {"q": query})
    assert response.status_code == 302
    assert response["Location"] == "/countries/cn/"


@pytest.mark.parametrize(
    ("query", "code"),
    [("Chinese", "cn"), ("Turkish", "tr"), ("Turkey", "tr"), ("Türkiye", "tr"), ("Burma", "mm")],
)
def test_a_search_finds_common_and_former_names_and_demonyms(client, china, query, code):
    make_channel("IL", "TR", "trade")
    make_channel("MM", "TH", "diplomatic")
    response = client.get("/countries/", {"q": query})
    assert response.status_code == 302
    assert response["Location"] == f"/countries/{code}/"


@pytest.mark.parametrize("query", ["us", "kr", "US"])
def test_a_two_letter_code_is_that_country_not_names_containing_it(client, china, query):
    # Australia, Belarus and Russia contain "us", Ukraine "kr": none of them is meant.
    make_channel("BY", "RU", "diplomatic")
    make_channel("KP", "UA", "diplomatic")
    response = client.get("/countries/", {"q": query})
    assert response["Location"] == f"/countries/{query.lower()}/"


def test_a_three_letter_code_lists_its_country_before_names_containing_it(client, china):
    html = get(client, "/countries/?q=KOR")
    links = re.findall(r'class="country-card__link" href="/countries/(\w\w)/"', html)
    assert links == ["kr", "kp"]


def test_a_search_shows_the_other_name_it_matched(client, china):
    make_channel("DM", "DO", "diplomatic")
    html = get(client, "/countries/?q=dominican")
    cards = html.split('class="country-card__link"')[1:]
    assert len(cards) == 2
    assert "Dominica</span>" in cards[0] and "matched “Dominican”" in cards[0]
    assert "Dominican Republic</span>" in cards[1] and "matched" not in cards[1]
    assert "matched" not in get(client, "/countries/?q=korea").split("<main")[1]


def test_a_search_with_several_matches_lists_them(client, china):
    html = get(client, "/countries/?q=korea")
    assert "2 countries match “korea”." in html
    assert 'href="/countries/kp/"' in html and 'href="/countries/kr/"' in html
    assert 'href="/countries/cn/"' not in html


def test_a_search_ignores_accents_and_case(client):
    make_channel("CI", "FR", "diplomatic")
    response = client.get("/countries/", {"q": "cote"})
    assert response["Location"] == "/countries/ci/"


def test_a_search_without_a_match_says_so(client, china):
    html = get(client, "/countries/?q=atlantis")
    assert "No tracked country matches “atlantis”." in html


def test_a_search_escapes_what_it_repeats(client, china):
    html = get(client, "/countries/?q=<script>x</script>")
    assert "<script>x" not in html and "&lt;script&gt;x" in html
