"""Subscribing from the public pages: the form, bad input, answers that reveal nothing,
and the rate limits per client and per address."""

import pytest
from django.core import mail
from django.urls import reverse

from channels_app.alerts.models import Subscriber

from .conftest import CONFIRM_LINK
from .factories import SubscriberFactory

pytestmark = pytest.mark.django_db
SUBSCRIBE = reverse("alerts:subscribe")
SENT = reverse("alerts:sent")


def test_the_dashboard_has_a_subscribe_form_with_every_scope_type(client, cn_us):
    page = client.get(reverse("dashboard")).content.decode()
    assert f'action="{SUBSCRIBE}"' in page
    for key in ("all", "kind:military", "country:CN", "country:US", "pair:CN-US"):
        assert f'value="{key}"' in page


def test_a_channel_page_offers_that_channel_and_its_wider_scopes(client, cn_us):
    page = client.get(cn_us.get_absolute_url()).content.decode()
    assert f'action="{SUBSCRIBE}"' in page
    assert 'type="checkbox" name="scope" value="channel:CN-US:military" checked' in page
    for key in ("pair:CN-US", "country:CN", "country:US", "kind:military", "all"):
        assert f'name="scope" value="{key}"' in page


def test_subscribing_records_unconfirmed_scopes_and_emails_a_confirmation_link(post, cn_us):
    response = post(SUBSCRIBE, {"email": " Ana@Example.ORG ", "scope": ["pair:CN-US", "all"]})
    assert response.status_code == 302 and response["Location"] == SENT
    subscriber = Subscriber.objects.get(email="ana@example.org")
    assert subscriber.confirmed_at is None
    assert sorted(subscriber.scopes.values_list("key", "confirmed_at")) == [
        ("all", None),
        ("pair:CN-US", None),
    ]
    [message] = mail.outbox
    assert message.to == ["ana@example.org"]
    assert CONFIRM_LINK.search(message.body)
    assert "Every China–United States channel" in message.body


def test_the_answer_is_the_same_for_a_known_and_an_unknown_address(post, client, cn_us):
    SubscriberFactory(email="known@example.org", scopes=["all"])
    known = post(SUBSCRIBE, {"email": "known@example.org", "scope": "all"})
    unknown = post(SUBSCRIBE, {"email": "new@example.org", "scope": "all"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert client.get(SENT).content.decode().count("@") == 0


def test_a_malformed_address_is_a_clear_error_and_sends_nothing(post, cn_us):
    response = post(SUBSCRIBE, {"email": "ana@@example", "scope": "all"})
    assert response.status_code == 400
    assert "Enter a valid email address" in response.content.decode()
    assert not Subscriber.objects.exists() and not mail.outbox


@pytest.mark.parametrize(
    ("scope", "message"),
    [
        ("kind:naval", "Unknown kind “naval”"),
        ("pair:CN", "is not a country pair like CN-US"),
        ("channel:FR-US:trade", "No tracked channel matches “channel:FR-US:trade”"),
        ("x" * 500, "is not a scope"),
    ],
)
def test_an_unknown_scope_is_a_clear_error_and_sends_nothing(post, cn_us, scope, message):
    response = post(SUBSCRIBE, {"email": "ana@example.org", "scope": scope})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Subscriber.objects.exists() and not mail.outbox


def test_a_missing_scope_is_a_clear_error(post, cn_us):
    response = post(SUBSCRIBE, {"email": "ana@example.org"})
    assert response.status_code == 400
    assert "Choose what to be alerted about" in response.content.decode()


def test_the_subscribe_page_keeps_the_scopes_chosen_when_the_address_was_wrong(post, cn_us):
    page = post(SUBSCRIBE, {"email": "nope", "scope": ["pair:CN-US"]}).content.decode()
    assert 'name="scope" value="pair:CN-US" checked' in page


def test_a_bot_filling_the_hidden_field_gets_the_usual_answer_and_no_email(post, cn_us):
    response = post(SUBSCRIBE, {"email": "bot@example.org", "scope": "all", "website": "x"})
    assert response.status_code == 302 and not mail.outbox
    assert not Subscriber.objects.exists()


def test_one_client_is_rate_limited(post, cn_us, settings):
    settings.ALERTS_RATE_PER_CLIENT = 2
    for n in range(2):
        assert post(SUBSCRIBE, {"email": f"a{n}@example.org", "scope": "all"}).status_code == 302
    refused = post(SUBSCRIBE, {"email": "a3@example.org", "scope": "all"})
    assert refused.status_code == 429 and "Retry-After" in refused
    assert len(mail.outbox) == 2


def test_one_address_gets_at_most_the_limit_of_emails_and_the_same_answer(post, cn_us, settings):
    settings.ALERTS_RATE_PER_ADDRESS = 2
    answers = {
        post(SUBSCRIBE, {"email": "ana@example.org", "scope": "all"}, REMOTE_ADDR=f"10.0.0.{n}")[
            "Location"
        ]
        for n in range(4)
    }
    assert answers == {SENT}
    assert len(mail.outbox) == 2


def test_the_subscribe_form_works_without_a_csrf_token(cn_us, django_capture_on_commit_callbacks):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = strict.post(SUBSCRIBE, {"email": "ana@example.org", "scope": "all"})
    assert response.status_code == 302 and len(mail.outbox) == 1


def test_get_on_the_subscribe_page_changes_nothing(client, cn_us):
    response = client.get(SUBSCRIBE, {"scope": "pair:CN-US", "email": "ana@example.org"})
    assert response.status_code == 200
    assert not Subscriber.objects.exists() and not mail.outbox


def test_behind_trusted_proxies_the_limit_is_per_forwarded_client(post, cn_us, settings):
    settings.ALERTS_RATE_PER_CLIENT = 1
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for client in ("198.51.100.1", "198.51.100.2"):
        response = post(
            SUBSCRIBE,
            {"email": f"{client}@example.org", "scope": "all"},
            HTTP_X_FORWARDED_FOR=client,
            REMOTE_ADDR="10.0.0.1",
        )
        assert response.status_code == 302
    again = post(
        SUBSCRIBE, {"email": "x@example.org", "scope": "all"}, HTTP_X_FORWARDED_FOR="198.51.100.1"
    )
    assert again.status_code == 429
