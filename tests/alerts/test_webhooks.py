"""Webhooks against a real local HTTP server: Standard Webhooks signatures checked by an
independent implementation, the versioned payload, retries on 5xx, 429 and timeouts only,
every attempt logged, failing endpoints disabled, and the private-address guard."""

import base64
import hashlib
import hmac
import json
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from channels_app.alerts.forms import WebhookForm
from channels_app.alerts.models import Delivery, Webhook, WebhookAttempt
from channels_app.alerts.services import endpoints, fanout, webhooks

from .conftest import alerting_change
from .factories import WebhookFactory

pytestmark = pytest.mark.django_db
Status = Delivery.Status
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def independent_verify(secret: str, headers, body: bytes) -> bool:
    """Standard Webhooks verification, written from the spec, sharing no code with the app."""
    key = base64.b64decode(secret.split("_", 1)[1])
    signed = b".".join(
        [headers["webhook-id"].encode(), headers["webhook-timestamp"].encode(), body]
    )
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    offered = [s.split(",", 1) for s in headers["webhook-signature"].split()]
    return any(v == "v1" and hmac.compare_digest(sig, expected) for v, sig in offered)


@pytest.fixture
def private_ok(settings):
    """The local server is on 127.0.0.1, which the outbound guard refuses by default."""
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = True
    settings.ALERTS_WEBHOOK_TIMEOUT_SECONDS = 0.5
    settings.ALERTS_WEBHOOK_DEADLINE_SECONDS = 1.0


@pytest.fixture
def hook(local_server, private_ok):
    return WebhookFactory(url=local_server.url("/hook"), secret=SECRET, scopes=["pair:CN-US"])


def fan_out_and_send(change) -> int:
    fanout.fanout_change(change_id=change.pk)
    return webhooks.send_webhook_batch()


def retry_due(delivery: Delivery) -> None:
    """Jump to just after the delivery's next attempt and send again."""
    delivery.refresh_from_db()
    with time_machine.travel(delivery.next_attempt_at + timedelta(seconds=1), tick=False):
        webhooks.send_webhook_batch()


def test_the_spec_s_published_example_signs_the_same():
    signature = webhooks.sign(
        SECRET, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, b'{"test": 2432232314}'
    )
    assert signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_a_delivered_event_verifies_with_an_independent_implementation(change, hook, local_server):
    local_server.route("/hook", status=204)
    assert fan_out_and_send(change) == 1
    [request] = local_server.requests
    assert request.method == "POST"
    assert request.headers["content-type"] == "application/json"
    assert independent_verify(SECRET, request.headers, request.body)
    assert not independent_verify(
        "whsec_" + base64.b64encode(b"x" * 24).decode(), request.headers, request.body
    )
    delivery = Delivery.objects.get()
    assert request.headers["webhook-id"] == f"msg_{delivery.key.hex}"
    assert abs(int(request.headers["webhook-timestamp"]) - timezone.now().timestamp()) < 60
    assert delivery.status == Status.SENT


def test_the_payload_is_versioned_and_carries_the_change(change, hook, local_server):
    local_server.route("/hook", status=200)
    fan_out_and_send(change)
    event = json.loads(local_server.requests[0].body)
    assert (event["version"], event["type"]) == (1, "channel.state_changed")
    assert event["id"] == f"evt_change_{change.pk}"
    data = event["data"]
    assert (data["pair"], data["kind"], data["countries"]) == ("CN-US", "military", ["CN", "US"])
    assert (data["old_state"], data["new_state"]) == ("open", "suspended")
    assert data["effective_at"] == "2025-11-01T09:30:00Z"
    assert data["recorded_at"] == "2025-11-02T12:00:00Z"
    assert data["channel"]["name"] == "US–China military channels"
    assert data["url"] == "http://127.0.0.1:8000/channels/cn-us/military/"
    assert data["evidence"] == [
        {
            "url": "https://news.example/cancelled",
            "outlet": "Example News",
            "title": "China cancels military talks",
            "published_at": "2025-11-01T09:30:00Z",
        }
    ]


def test_only_webhooks_whose_scopes_match_get_the_change(change, hook, local_server):
    WebhookFactory(url=local_server.url("/other"), scopes=["kind:trade", "country:FR"])
    local_server.route("/hook", status=200)
    fan_out_and_send(change)
    assert [r.path for r in local_server.requests] == ["/hook"]


def test_a_500_is_retried_later_with_the_same_webhook_id(change, hook, local_server):
    local_server.route("/hook", status=500, body=b"oops")
    fan_out_and_send(change)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status) == (Status.PENDING, 1, 500)
    assert delivery.next_attempt_at > timezone.now()
    local_server.route("/hook", status=200)
    retry_due(delivery)
    first, second = local_server.requests
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    assert independent_verify(SECRET, second.headers, second.body)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.SENT, 2)


def test_every_attempt_is_logged_with_status_duration_and_error(change, hook, local_server):
    local_server.route("/hook", status=503)
    fan_out_and_send(change)
    local_server.route("/hook", status=200)
    retry_due(Delivery.objects.get())
    failed, ok = WebhookAttempt.objects.order_by("id")
    assert (failed.ok, failed.status_code, failed.error) == (False, 503, "HTTP 503")
    assert (ok.ok, ok.status_code, ok.error) == (True, 200, "")
    assert failed.duration_ms >= 0 and failed.delivery_id == ok.delivery_id


def test_a_429_is_retried_no_sooner_than_retry_after(change, hook, local_server):
    local_server.route("/hook", status=429, headers={"Retry-After": "3600"})
    fan_out_and_send(change)
    delivery = Delivery.objects.get()
    assert delivery.status == Status.PENDING and delivery.last_status == 429
    assert delivery.next_attempt_at >= timezone.now() + timedelta(minutes=59)


def test_a_timeout_is_retried(change, hook, local_server):
    local_server.route("/hook", raw=True, chunks=[b"HTTP/1.1 200 OK\r\n"], pause=3)
    fan_out_and_send(change)
    delivery = Delivery.objects.get()
    assert delivery.status == Status.PENDING and delivery.last_error.startswith("timeout")
    assert WebhookAttempt.objects.get().error.startswith("timeout")


def test_a_garbage_answer_is_a_recorded_failure_and_retried(change, hook, local_server):
    local_server.route("/hook", raw=True, chunks=[b"this is not HTTP\r\n\r\n"])
    fan_out_and_send(change)
    delivery = Delivery.objects.get()
    assert delivery.status == Status.PENDING and delivery.last_error.startswith("network")


@pytest.mark.parametrize("status", [400, 401, 404, 410])
def test_a_4xx_other_than_429_fails_without_a_retry(change, hook, local_server, status):
    local_server.route("/hook", status=status)
    fan_out_and_send(change)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.last_error) == (Status.FAILED, f"HTTP {status}")


def test_a_redirect_is_not_followed(change, hook, local_server):
    local_server.route("/hook", status=302, headers={"Location": "/elsewhere"})
    fan_out_and_send(change)
    assert [r.path for r in local_server.requests] == ["/hook"]
    assert Delivery.objects.get().status == Status.FAILED


def test_a_redirect_to_an_octal_address_fails_without_a_retry(change, hook, local_server):
    # Webhooks follow no redirect; this one was a "network" error, retried for a day.
    local_server.route("/hook", status=302, headers={"Location": "http://0177.0.0.1/"})

    fan_out_and_send(change)

    assert Delivery.objects.get().status == Status.FAILED


def test_the_last_attempt_that_fails_fails_the_delivery(change, hook, local_server, settings):
    local_server.route("/hook", status=500)
    fan_out_and_send(change)
    Delivery.objects.update(attempts=settings.ALERTS_MAX_ATTEMPTS - 1)
    retry_due(Delivery.objects.get())
    assert Delivery.objects.get().status == Status.FAILED
    assert len(local_server.requests) == 2


def test_an_endpoint_failing_every_attempt_for_a_day_is_disabled_and_its_owner_told(
    change,
    hook,
    local_server,
):
    local_server.route("/hook", status=500)
    fan_out_and_send(change)
    delivery = Delivery.objects.get()
    while True:
        delivery.refresh_from_db()
        if delivery.status != Status.PENDING:
            break
        retry_due(delivery)
    hook.refresh_from_db()
    assert len(local_server.requests) == 8
    assert not hook.active and "Every attempt failed" in hook.disabled_reason
    assert hook.consecutive_failures == 8
    [notice] = mail.outbox
    assert notice.to == ["ops@example.net"] and hook.name in notice.subject
    assert hook.url in notice.body


def test_a_success_resets_the_failure_count(change, hook, local_server):
    local_server.route("/hook", status=500)
    fan_out_and_send(change)
    local_server.route("/hook", status=200)
    retry_due(Delivery.objects.get())
    hook.refresh_from_db()
    assert (hook.consecutive_failures, hook.failing_since) == (0, None)
    assert hook.last_success_at is not None and hook.active


def test_pending_deliveries_of_a_disabled_endpoint_are_skipped(change, hook, local_server):
    fanout.fanout_change(change_id=change.pk)
    Webhook.objects.update(active=False)
    webhooks.send_webhook_batch()
    assert not local_server.requests
    assert Delivery.objects.get().status == Status.SKIPPED


def test_a_private_address_is_refused_when_the_webhook_is_saved(db, settings):
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = False
    form = WebhookForm(
        data={
            "name": "Internal",
            "url": "http://127.0.0.1:8080/hook",
            "owner_email": "ops@example.net",
            "secret": SECRET,
            "scope_keys": "all",
            "active": "on",
        }
    )
    assert not form.is_valid()
    assert "private or local address" in form.errors["url"][0]


def test_a_private_address_is_recorded_as_a_failure_at_send_time(change, local_server, settings):
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = False  # the address changed after it was saved
    local_server.route("/hook", status=200)
    WebhookFactory(url=local_server.url("/hook"), secret=SECRET)
    fan_out_and_send(change)
    assert not local_server.requests
    delivery = Delivery.objects.get()
    assert delivery.status == Status.FAILED and delivery.last_error.startswith("blocked_address")
    assert WebhookAttempt.objects.get().error.startswith("blocked_address")


@pytest.mark.parametrize(
    "secret",
    ["", "secret", "whsec_", "whsec_not base64!", "whsec_" + base64.b64encode(b"short").decode()],
)
def test_a_malformed_secret_is_refused_when_saved(db, secret):
    form = WebhookForm(
        data={
            "name": "Hook",
            "url": "https://hooks.example.net/x",
            "owner_email": "ops@example.net",
            "secret": secret,
            "scope_keys": "all",
        }
    )
    assert not form.is_valid() and "secret" in form.errors


def test_unknown_webhook_scopes_are_refused_when_saved(db):
    form = WebhookForm(
        data={
            "name": "Hook",
            "url": "https://hooks.example.net/x",
            "owner_email": "ops@example.net",
            "secret": SECRET,
            "scope_keys": "all\nkind:naval",
        }
    )
    assert not form.is_valid() and "Unknown kind" in form.errors["scope_keys"][0]


def test_new_webhooks_get_a_standard_webhooks_secret(db):
    secret = WebhookFactory().secret
    assert secret.startswith("whsec_") and len(webhooks.secret_key(secret)) == 24


def test_a_batch_cut_short_has_marked_what_it_delivered(change, local_server, private_ok, settings):
    """A worker lost mid-batch posts again only what it had not marked sent."""
    settings.ALERTS_MARK_SENT_EVERY, settings.ALERTS_WEBHOOK_CONCURRENCY = 1, 1
    local_server.route("/hook", status=204)
    for _ in range(4):
        WebhookFactory(url=local_server.url("/hook"), scopes=["all"])
    real_post, calls = endpoints._post_message, []

    def post_then_die(transport, message):
        calls.append(message.deliveries[0].pk)
        if len(calls) == 3:
            raise RuntimeError("worker lost")
        return real_post(transport, message)

    fanout.fanout_change(change_id=change.pk)
    with mock.patch.object(endpoints, "_post_message", post_then_die), pytest.raises(RuntimeError):
        webhooks.send_webhook_batch()
    rows = Delivery.objects.order_by("id")
    assert [d.status for d in rows] == [Status.SENT, Status.SENT, Status.SENDING, Status.SENDING]


def test_a_batch_s_successes_update_their_endpoints_in_one_query(change, hook, local_server):
    local_server.route("/hook", status=204)
    others = [WebhookFactory(url=local_server.url("/hook"), scopes=["all"]) for _ in range(3)]
    fanout.fanout_change(change_id=change.pk)
    with CaptureQueriesContext(connection) as queries:
        assert webhooks.send_webhook_batch() == 4
    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "alerts_webhook"')]
    assert len(updates) == 1
    for endpoint in [hook, *others]:
        endpoint.refresh_from_db()
        assert endpoint.last_success_at is not None and endpoint.consecutive_failures == 0


@pytest.mark.django_db(transaction=True)  # foreign keys checked at commit, as in production
def test_a_webhook_deleted_while_its_batch_is_out_fails_nothing_else(
    cn_us, local_server, private_ok
):
    local_server.route("/hook", status=204)
    gone, *kept = [WebhookFactory(url=local_server.url("/hook"), scopes=["all"]) for _ in range(3)]
    real_post_all = endpoints.post_all

    def delete_then_post(transport, messages, token, now):
        gone.delete()  # its owner deletes it through the API while the batch is out
        return real_post_all(transport, messages, token, now)

    # Eager Celery: the commit fans out and runs the sender here.
    with mock.patch.object(endpoints, "post_all", delete_then_post):
        alerting_change(cn_us)

    assert {d.webhook_id: d.status for d in Delivery.objects.all()} == {
        k.pk: Status.SENT for k in kept
    }
    assert sorted(WebhookAttempt.objects.values_list("webhook_id", flat=True)) == sorted(
        k.pk for k in kept
    )
    assert len(local_server.requests) == 3


def test_the_webhooks_of_a_deactivated_account_get_nothing(change, hook, local_server):
    from tests.factories import UserFactory

    hook.owner = UserFactory(is_active=False)
    hook.save()
    mine = WebhookFactory(url=local_server.url("/mine"), owner=UserFactory(), scopes=["all"])

    fanout.fanout_change(change_id=change.pk)

    assert list(Delivery.objects.values_list("webhook_id", flat=True)) == [mine.pk]
