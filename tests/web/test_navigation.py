"""The site's navigation: Dashboard, Countries, and Review for staff only, without making the
pages everyone reads depend on a session."""

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
