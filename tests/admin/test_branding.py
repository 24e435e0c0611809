import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_the_admin_is_named_for_the_product(admin_client):
    page = admin_client.get("/admin/").content.decode()
    assert "Channel Tracker administration" in page
    assert "Django administration" not in page


def test_admin_and_public_pages_name_an_icon_that_exists(admin_client, client):
    for page in (admin_client.get("/admin/"), client.get("/")):
        assert 'rel="icon" href="/static/img/favicon.svg"' in page.content.decode()
    assert finders.find("img/favicon.svg")
