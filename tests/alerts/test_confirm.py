"""Double opt-in: the emailed link's GET shows a button and changes nothing; only the POST
confirms. Expired, tampered and other-purpose links are refused with a page, never a 500."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from channels_app.alerts.models import Subscriber
from channels_app.alerts.services import tokens

from .conftest import link_in
from .factories import SubscriberFactory

pytestmark = pytest.mark.django_db
SUBSCRIBE = reverse("alerts:subscribe")


@pytest.fixture
def confirm_path(post, cn_us) -> str:
    post(SUBSCRIBE, {"email": "ana@example.org", "scope": ["pair:CN-US", "country:CN"]})
    return link_in(mail.outbox[-1])


def state() -> list:
    subscriber = Subscriber.objects.get(email="ana@example.org")
    scopes = sorted(subscriber.scopes.values_list("key", "confirmed_at"))
    return [subscriber.confirmed_at, subscriber.unsubscribed_at, subscriber.mode, scopes]


def test_get_on_the_confirmation_link_shows_a_button_and_changes_nothing(client, confirm_path):
    before = state()
    page = client.get(confirm_path)
    assert page.status_code == 200
    assert (
        'method="post"' in page.content.decode()
        and "Confirm and subscribe" in page.content.decode()
    )
    assert "Every China–United States channel" in page.content.decode()
    assert state() == before and before[0] is None


def test_head_on_the_confirmation_link_changes_nothing(client, confirm_path):
    before = state()
    assert client.head(confirm_path).status_code == 200
    assert state() == before


def test_post_on_the_confirmation_link_confirms_the_address_and_its_scopes(post, confirm_path):
    response = post(confirm_path)
    assert response.status_code == 200 and "subscribed" in response.content.decode()
    confirmed_at, unsubscribed_at, _mode, scopes = state()
    assert confirmed_at is not None and unsubscribed_at is None
    assert [key for key, _ in scopes] == ["country:CN", "pair:CN-US"]
    assert all(at is not None for _, at in scopes)


def test_the_confirmed_page_links_to_the_manage_page(post, confirm_path):
    assert "/alerts/manage/" in post(confirm_path).content.decode()


def test_an_expired_confirmation_link_is_refused(client, post, confirm_path, settings):
    later = timezone.now() + timedelta(hours=settings.ALERTS_CONFIRM_MAX_AGE_HOURS, minutes=1)
    with time_machine.travel(later):
        assert client.get(confirm_path).status_code == 400
        response = post(confirm_path)
    assert response.status_code == 400 and "expired" in response.content.decode()
    assert state()[0] is None


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # the signature
        lambda t: ("e" if t[0] != "e" else "f") + t[1:],  # the payload
        lambda t: t.split(":")[0],  # no signature
        lambda t: "not-a-token",
    ],
)
def test_a_tampered_confirmation_link_is_refused(client, post, confirm_path, tamper):
    token = confirm_path.split("/")[-2]
    path = reverse("alerts:confirm", args=[tamper(token)])
    assert client.get(path).status_code == 400
    response = post(path)
    assert response.status_code == 400 and "not valid" in response.content.decode()
    assert state()[0] is None


def test_a_link_made_for_another_purpose_does_not_confirm(post, cn_us):
    subscriber = SubscriberFactory(confirmed_at=None)
    manage_token = tokens.make(tokens.MANAGE, subscriber, scopes=["all"])
    assert post(reverse("alerts:confirm", args=[manage_token])).status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None


def test_rotating_the_token_key_revokes_old_links(post, confirm_path):
    Subscriber.objects.update(token_key="rotated")
    assert post(confirm_path).status_code == 400


def test_confirming_more_scopes_for_a_subscribed_address_adds_them(post, cn_us):
    subscriber = SubscriberFactory(email="ana@example.org", scopes=["all"])
    post(SUBSCRIBE, {"email": "ana@example.org", "scope": "country:CN"})
    assert "already receives alerts" in mail.outbox[-1].body
    post(link_in(mail.outbox[-1]))
    keys = set(subscriber.scopes.filter(confirmed_at__isnull=False).values_list("key", flat=True))
    assert keys == {"all", "country:CN"}


def test_an_unconfirmed_request_does_not_widen_an_existing_subscription(post, cn_us):
    subscriber = SubscriberFactory(email="ana@example.org", scopes=["pair:CN-US"])
    post(SUBSCRIBE, {"email": "ana@example.org", "scope": "all"})
    keys = subscriber.scopes.filter(confirmed_at__isnull=False).values_list("key", flat=True)
    assert list(keys) == ["pair:CN-US"]


def test_a_signed_scope_that_no_longer_parses_is_dropped_not_a_500(post, cn_us):
    subscriber = SubscriberFactory(confirmed_at=None)
    token = tokens.make(tokens.CONFIRM, subscriber, scopes=["pair:CN-US", "galaxy:far"])
    assert post(reverse("alerts:confirm", args=[token])).status_code == 200
    assert list(subscriber.scopes.values_list("key", flat=True)) == ["pair:CN-US"]


def test_a_used_confirmation_link_says_it_is_already_confirmed(client, post, confirm_path):
    post(confirm_path)
    before = state()
    page = client.get(confirm_path).content.decode()
    assert "Already confirmed: you're subscribed" in page
    assert "Confirm and subscribe" not in page and 'method="post"' not in page
    assert "Every China–United States channel" in page
    assert state() == before


def test_a_used_link_after_unsubscribing_offers_to_confirm_again(client, post, confirm_path):
    post(confirm_path)
    subscriber = Subscriber.objects.get(email="ana@example.org")
    post(reverse("alerts:unsubscribe", args=[tokens.make(tokens.UNSUBSCRIBE, subscriber)]))
    assert "Confirm and subscribe" in client.get(confirm_path).content.decode()
