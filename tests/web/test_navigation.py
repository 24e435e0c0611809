"""The site's navigation: Dashboard, Countries, and Review for staff only, without making the
pages everyone reads depend on a session."""

import re

import pytest
from django.test import Client

from channels_app.services.channels import channel_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def channel():
    return channel_create(country_a="US", country_b="CN", kind="military")


def nav(html: str) -> str:
    return html[html.index('<nav class="site-nav"') : html.index("</nav>")]


def test_the_navigation_links_dashboard_and_countries_and_marks_the_current_page(client):
    dashboard = nav(client.get("/").content.decode())
    assert '<a href="/" aria-current="page">Dashboard</a>' in dashboard
    assert '<a href="/countries/">Countries</a>' in dashboard
    countries = nav(client.get("/countries/").content.decode())
    assert '<a href="/countries/" aria-current="page">Countries</a>' in countries
    country = nav(client.get("/countries/cn/").content.decode())
    assert '<a href="/countries/" aria-current="true">Countries</a>' in country


def test_staff_see_a_review_link(client):
    client.force_login(UserFactory(is_staff=True))
    assert '<a href="/review/">Review</a>' in nav(client.get("/").content.decode())


@pytest.mark.parametrize("staff", [False, None])
def test_others_see_no_review_link(client, staff):
    if staff is not None:
        client.force_login(UserFactory(is_staff=staff))
    assert "Review" not in nav(client.get("/countries/").content.decode())


@pytest.mark.parametrize(
    "path", ["/", "/channels/cn-us/military/", "/countries/cn/", "/countries/"]
)
def test_an_anonymous_visitor_gets_a_page_that_does_not_depend_on_a_session(path):
    response = Client().get(path)
    assert response.status_code == 200
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


def test_the_channel_page_keeps_its_atom_autodiscovery_links(client, channel):
    html = client.get(channel.get_absolute_url()).content.decode()
    head = html[: html.index("</head>")]
    assert 'href="/feeds/changes.atom"' in head
    assert 'href="/feeds/channels/cn-us/military.atom"' in head
    assert 'href="/feeds/pairs/cn-us.atom"' in head


# --- everything reachable from every page (issue #12, item 10) -----------------------------

PAGES = [
    "/",
    "/channels/cn-us/military/",
    "/countries/",
    "/countries/cn/",
    "/about/",
    "/alerts/subscribe/",
    "/alerts/manage/",
    "/changes/",
    "/search/?q=china",
    "/no/such/page/",
]
# /map/ and /trends/ are written as plain paths until their pages land.
HEADER_LINKS = ["/", "/countries/", "/changes/", "/map/", "/trends/", "/about/"]
FOOTER_LINKS = {
    "/about/": "About and methodology",
    "/alerts/subscribe/": "Subscribe to alerts",
    "/feeds/changes.atom": "Atom feed of all changes",
    "/changes/": "All changes",
    "/api/v1/export/changes.csv": "Export (CSV)",
    "/api/docs/": "API docs",
    "/about/#embed": "Badges and widgets",
}


def footer(html: str) -> str:
    return html[html.index('<footer class="site-footer">') :]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_links_the_sections_in_its_header(client, path):
    links = re.findall(r'href="([^"]+)"', nav(client.get(path).content.decode()))
    assert [link for link in links if link in HEADER_LINKS] == HEADER_LINKS


@pytest.mark.parametrize("path", PAGES)
def test_every_page_links_the_data_and_the_ways_to_follow_it_in_its_footer(client, path):
    found = footer(client.get(path).content.decode())
    for href, label in FOOTER_LINKS.items():
        assert re.search(f'<a href="{re.escape(href)}"[^>]*>{re.escape(label)}</a>', found), href


@pytest.mark.parametrize("path", PAGES)
def test_the_phone_menu_lists_the_same_sections_as_the_header(client, path):
    html = client.get(path).content.decode()
    menu = html[html.index('<details class="site-menu">') : html.index("</details>")]
    assert '<summary class="site-menu__toggle">' in menu
    links = re.findall(r"<a [^>]*>[^<]*</a>", menu)
    assert len(links) == 6 and links == re.findall(r"<a [^>]*>[^<]*</a>", nav(html))


@pytest.mark.parametrize("href", FOOTER_LINKS)
def test_the_footer_links_answer(client, href):
    assert client.get(href.split("#")[0]).status_code == 200


def test_the_about_link_is_marked_on_the_about_page(client):
    assert '<a href="/about/" aria-current="page">About</a>' in nav(
        client.get("/about/").content.decode()
    )
