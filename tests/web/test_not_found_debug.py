"""With DEBUG on (make run), a 404 is the site's own page with the view's reason, not
Django's technical page; the API's JSON 404 and other non-HTML answers are left alone."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def debug(settings):
    settings.DEBUG = True


def test_an_unknown_address_gets_the_sites_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Page not found</h1>" in page and "URLconf" not in page


def test_a_views_404_keeps_its_reason(client):
    response = client.get("/channels/cn-us/naval/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "No such kind of channel: kinds are military, trade and diplomatic." in page
    assert "DEBUG = True" not in page


def test_the_apis_404_stays_json(client):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
