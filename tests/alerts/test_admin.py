"""Alerts in the admin: subscribers, webhooks with their health and the test-event action,
deliveries, and the outbox lines of the system health page."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from channels_app.alerts.models import Delivery, WebhookAttempt
from channels_app.alerts.services import fanout
from channels_app.services.health import system_health
from tests.factories import UserFactory

from .factories import SubscriberFactory, WebhookFactory
from .test_webhooks import SECRET, independent_verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def admins_client(db):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Admins"))
    client = Client()
    client.force_login(user)
    return client


def test_the_subscriber_list_shows_status_and_scopes(admins_client, cn_us):
    SubscriberFactory(email="ana@example.org", scopes=["pair:CN-US"])
    pending = SubscriberFactory(email="ben@example.org", confirmed_at=None)
    pending.scopes.create(key="all")
    page = admins_client.get(reverse("admin:alerts_subscriber_changelist")).content.decode()
    assert "ana@example.org" in page and "Receiving" in page and "pair:CN-US" in page
    assert "Not confirmed" in page and "all (unconfirmed)" in page


def test_the_webhook_list_shows_success_rate_last_error_and_why_disabled(admins_client):
    hook = WebhookFactory(
        active=False, last_error="HTTP 500", disabled_reason="Every attempt failed for 24 h"
    )
    for ok in (True, True, True, False):
        WebhookAttempt.objects.create(webhook=hook, ok=ok, status_code=200 if ok else 500)
    page = admins_client.get(reverse("admin:alerts_webhook_changelist")).content.decode()
    assert "75% of 4" in page and "HTTP 500" in page and "Every attempt failed" in page


def test_the_delivery_list_shows_status_and_attempts(admins_client, change):
    SubscriberFactory(email="ana@example.org", scopes=["all"])
    fanout.fanout_change(change_id=change.pk)
    Delivery.objects.update(attempts=2, last_error="SMTP: timed out")
    page = admins_client.get(reverse("admin:alerts_delivery_changelist")).content.decode()
    assert "ana@example.org" in page and "Pending" in page and "SMTP: timed out" in page


def test_the_webhook_form_saves_scopes_one_per_line(admins_client, settings):
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = False
    response = admins_client.post(
        reverse("admin:alerts_webhook_add"),
        {
            "name": "Newsroom",
            "url": "https://93.184.215.14/hook",
            "owner_email": "ops@example.net",
            "secret": SECRET,
            "scope_keys": "pair:us-cn\nkind:trade",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    from channels_app.alerts.models import Webhook

    assert Webhook.objects.get().scopes == ["pair:CN-US", "kind:trade"]


def test_send_test_event_posts_a_signed_test_event_and_logs_it(
    admins_client,
    local_server,
    settings,
):
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = True
    local_server.route("/hook", status=200)
    hook = WebhookFactory(url=local_server.url("/hook"), secret=SECRET)
    response = admins_client.post(
        reverse("admin:alerts_webhook_changelist"),
        {"action": "send_test_event", "_selected_action": [hook.pk]},
        follow=True,
    )
    assert "test event delivered (HTTP 200" in response.content.decode()
    [request] = local_server.requests
    assert independent_verify(SECRET, request.headers, request.body)
    assert b'"type":"webhook.test"' in request.body
    attempt = WebhookAttempt.objects.get()
    assert attempt.is_test and attempt.ok and attempt.status_code == 200
    hook.refresh_from_db()
    assert hook.last_success_at is None  # a test does not count towards health


def test_send_test_event_reports_a_failure(admins_client, local_server, settings):
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = True
    local_server.route("/hook", status=500)
    hook = WebhookFactory(url=local_server.url("/hook"), secret=SECRET)
    response = admins_client.post(
        reverse("admin:alerts_webhook_changelist"),
        {"action": "send_test_event", "_selected_action": [hook.pk]},
        follow=True,
    )
    assert "test event failed: HTTP 500" in response.content.decode()


def test_reenabling_a_webhook_clears_its_failures(admins_client):
    hook = WebhookFactory(active=False, consecutive_failures=9, disabled_reason="dead")
    admins_client.post(
        reverse("admin:alerts_webhook_changelist"),
        {"action": "reenable", "_selected_action": [hook.pk]},
    )
    hook.refresh_from_db()
    assert hook.active and hook.consecutive_failures == 0 and not hook.disabled_reason


def lines():
    return {line.name: line for line in system_health()}


def test_system_health_shows_an_empty_outbox_as_ok(db):
    backlog, oldest = lines()["Alert outbox backlog"], lines()["Oldest undelivered alert"]
    assert backlog.ok and oldest.ok and oldest.value == "none"


def test_system_health_counts_the_backlog_and_flags_an_old_undelivered_alert(change):
    SubscriberFactory.create_batch(2, scopes=["all"])
    fanout.fanout_change(change_id=change.pk)
    Delivery.objects.update(next_attempt_at=timezone.now() - timedelta(hours=1))
    backlog, oldest = lines()["Alert outbox backlog"], lines()["Oldest undelivered alert"]
    assert "2 deliveries due" in backlog.value and not backlog.ok
    assert oldest.value.startswith("1 h") and not oldest.ok


def test_system_health_counts_changes_not_fanned_out(change):
    assert "1 change to fan out" in lines()["Alert outbox backlog"].value


def test_deliveries_waiting_for_a_retry_are_not_late(change):
    SubscriberFactory(scopes=["all"])
    fanout.fanout_change(change_id=change.pk)
    Delivery.objects.update(next_attempt_at=timezone.now() + timedelta(hours=1))
    assert lines()["Oldest undelivered alert"].ok
    assert "1 waiting" in lines()["Alert outbox backlog"].help


def test_an_admin_cannot_give_a_subscriber_an_unknown_scope(admins_client):
    subscriber = SubscriberFactory(email="ana@example.org")
    url = reverse("admin:alerts_subscriber_change", args=[subscriber.pk])
    response = admins_client.post(
        url,
        {
            "email": "ana@example.org",
            "mode": "immediate",
            "confirmed_at_0": "2025-11-01",
            "confirmed_at_1": "10:00:00",
            "unsubscribed_at_0": "",
            "unsubscribed_at_1": "",
            "scopes-TOTAL_FORMS": "1",
            "scopes-INITIAL_FORMS": "0",
            "scopes-0-key": "kind:naval",
            "scopes-0-confirmed_at_0": "",
            "scopes-0-confirmed_at_1": "",
        },
    )
    assert response.status_code == 200 and "Unknown kind" in response.content.decode()
    assert not subscriber.scopes.exists()
