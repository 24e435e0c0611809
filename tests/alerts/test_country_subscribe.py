"""A country page offers the subscribe form with that country's scopes (issue #12, item 10):
the country (all its pairs) ticked, each of its pairs, everything; one query for them."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from channels_app.alerts.models import Subscriber
from channels_app.alerts.services.scopes import country_choices
from channels_app.services.channels import channel_create

pytestmark = pytest.mark.django_db
SUBSCRIBE = reverse("alerts:subscribe")


@pytest.fixture
def channels(cn_us):
    channel_create(country_a="CN", country_b="JP", kind="diplomatic")
    channel_create(country_a="CN", country_b="US", kind="trade")
    channel_create(country_a="KP", country_b="KR", kind="military")


def test_a_country_page_has_a_subscribe_form_with_its_scopes(client, channels):
    page = client.get(reverse("country-detail", args=["cn"])).content.decode()
    form = page[page.index('<section class="subscribe"') :]
    assert f'action="{SUBSCRIBE}"' in form
    assert "Get an email when a channel of China changes" in form
    assert 'type="checkbox" name="scope" value="country:CN" checked' in form
    assert 'value="pair:CN-JP"' in form and 'value="pair:CN-US"' in form
    assert 'value="all"' in form
    assert "KP" not in form  # not one of China's pairs


def test_the_country_choices_name_each_partner_once_in_name_order(channels):
    with CaptureQueriesContext(connection) as queries:
        choices = country_choices("CN")
    assert len(queries) == 1
    assert choices == [
        ("country:CN", "Every China channel (all pairs)"),
        ("pair:CN-JP", "Every China–Japan channel"),
        ("pair:CN-US", "Every China–United States channel"),
        ("all", "Every channel"),
    ]


def test_subscribing_from_a_country_page_records_the_country_scope(
    client, channels, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUBSCRIBE, {"email": "ana@example.org", "scope": ["country:CN"]})
    assert response.status_code == 302
    subscriber = Subscriber.objects.get(email="ana@example.org")
    assert list(subscriber.scopes.values_list("key", flat=True)) == ["country:CN"]
    assert len(mail.outbox) == 1


def test_the_country_page_stays_cacheable_with_the_form(client, channels):
    response = client.get(reverse("country-detail", args=["cn"]))
    assert not response.cookies and "csrfmiddlewaretoken" not in response.content.decode()
