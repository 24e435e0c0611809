"""Unsubscribing by signed token: GET asks, POST acts (RFC 8058 one-click, no CSRF token)."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from channels_app.alerts import tasks
from channels_app.alerts.services import tokens

from .conftest import alerting_change
from .factories import SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscriber(cn_us):
    return SubscriberFactory(email="ana@example.org", scopes=["all"])


@pytest.fixture
def unsubscribe_path(subscriber) -> str:
    return reverse("alerts:unsubscribe", args=[tokens.make(tokens.UNSUBSCRIBE, subscriber)])


def test_get_on_the_unsubscribe_link_asks_and_changes_nothing(client, unsubscribe_path, subscriber):
    page = client.get(unsubscribe_path)
    assert page.status_code == 200 and 'method="post"' in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is None and subscriber.scopes.exists()


def test_a_one_click_post_unsubscribes_without_a_csrf_token(unsubscribe_path, subscriber):
    mail_provider = Client(enforce_csrf_checks=True)
    response = mail_provider.post(
        unsubscribe_path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None and not subscriber.scopes.exists()


def test_an_unsubscribed_address_gets_no_more_alerts(
    client, unsubscribe_path, cn_us, run_on_commit
):
    client.post(unsubscribe_path)
    run_on_commit(tasks.fanout_change, alerting_change(cn_us).pk)
    assert not mail.outbox


def test_unsubscribing_twice_is_harmless(client, unsubscribe_path, subscriber):
    client.post(unsubscribe_path)
    first = subscriber.__class__.objects.get().unsubscribed_at
    assert client.post(unsubscribe_path).status_code == 200
    assert subscriber.__class__.objects.get().unsubscribed_at == first


def test_an_expired_unsubscribe_link_is_refused(client, unsubscribe_path, subscriber, settings):
    later = timezone.now() + timedelta(days=settings.ALERTS_UNSUBSCRIBE_MAX_AGE_DAYS, hours=1)
    with time_machine.travel(later):
        assert client.post(unsubscribe_path).status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is None


def test_a_tampered_unsubscribe_link_is_refused(client, subscriber):
    other = SubscriberFactory()
    token = tokens.make(tokens.UNSUBSCRIBE, other)
    _payload, stamp, signature = token.split(":")
    forged = ":".join([tokens.make(tokens.UNSUBSCRIBE, subscriber).split(":")[0], stamp, signature])
    assert client.post(reverse("alerts:unsubscribe", args=[forged])).status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is None


def test_the_manage_link_cannot_unsubscribe(client, subscriber):
    token = tokens.make(tokens.MANAGE, subscriber)
    assert client.post(reverse("alerts:unsubscribe", args=[token])).status_code == 400


def test_after_unsubscribing_the_manage_page_offers_no_unsubscribe(
    client, unsubscribe_path, subscriber
):
    manage = reverse("alerts:manage", args=[tokens.make(tokens.MANAGE, subscriber)])
    assert "Unsubscribe ana@example.org" in client.get(manage).content.decode()
    client.post(unsubscribe_path)
    page = client.get(manage).content.decode()
    assert "Unsubscribe ana@example.org" not in page
    assert "alerts/unsubscribe/" not in page
    assert "no alert goes to <strong>ana@example.org</strong>" in page
