"""Webhooks for token holders: each user sees and edits only their own (admins every one),
the secret is shown once, URLs go through the private-address guard and scopes through the
same parser as the admin form, and the test event reaches a real local HTTP server."""

from unittest import mock

import pytest

from channels_app.alerts.models import Webhook, WebhookAttempt
from channels_app.api.webhooks import WebhookViewSet
from channels_app.net import http
from tests.alerts.factories import WebhookFactory
from tests.alerts.test_webhooks import independent_verify
from tests.factories import UserFactory
from tests.net.conftest import local_server  # noqa: F401  (the real HTTP server fixture)

pytestmark = pytest.mark.django_db
HOOKS = "/api/v1/webhooks/"
NEW = {"name": "Wire", "url": "https://hooks.example.net/ct", "scopes": ["pair:us-cn", "all"]}
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


@pytest.fixture
def public_dns():
    """Webhook URLs are checked against the private-address guard; answer as a public host."""
    with mock.patch.object(http, "resolve_checked", return_value=[]) as patched:
        yield patched


@pytest.fixture
def viewer(client_for):
    return client_for("viewer")


def hook_of(client, **kwargs) -> Webhook:
    return WebhookFactory(owner=client.user, **kwargs)


def snapshot() -> list:
    return list(Webhook.objects.order_by("id").values())


def error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    return response.json()["error"]


def test_a_viewer_registers_a_webhook_and_sees_its_secret_only_in_that_answer(viewer, public_dns):
    response = viewer.post(HOOKS, NEW, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    hook = Webhook.objects.get()
    assert body["secret"] == hook.secret and hook.secret.startswith("whsec_")
    assert (hook.owner, hook.owner_email, hook.active) == (viewer.user, viewer.user.email, True)
    assert hook.scopes == body["scopes"] == ["pair:CN-US", "all"]
    assert body["owner"] == viewer.user.username
    for shown in (viewer.get(f"{HOOKS}{hook.pk}/").json(), viewer.get(HOOKS).json()["results"][0]):
        assert "secret" not in shown
        assert shown["secret_hint"] == f"whsec_…{hook.secret[-4:]}"
        assert hook.secret not in str(shown)


def test_a_secret_given_is_kept_and_a_malformed_one_refused(viewer, public_dns):
    assert viewer.post(HOOKS, {**NEW, "secret": SECRET}, format="json").json()["secret"] == SECRET
    found = error(viewer.post(HOOKS, {**NEW, "secret": "whsec_short"}, format="json"), 400)
    assert found["code"] == "bad_secret" and "secret" in found["details"]
    assert Webhook.objects.count() == 1


def test_a_user_sees_only_their_own_webhooks_and_admins_see_all(client_for):
    alice, bob, admin = client_for("viewer"), client_for("editor"), client_for("admin")
    mine, theirs, from_admin = hook_of(alice), hook_of(bob), WebhookFactory()
    ids = lambda client: [h["id"] for h in client.get(HOOKS).json()["results"]]  # noqa: E731
    assert ids(alice) == [mine.pk]
    assert ids(bob) == [theirs.pk]
    assert sorted(ids(admin)) == sorted([mine.pk, theirs.pk, from_admin.pk])
    assert admin.get(f"{HOOKS}{from_admin.pk}/").json()["owner"] is None


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("get", "", None),
        ("put", "", NEW),
        ("patch", "", {"name": "Mine now"}),
        ("delete", "", None),
        ("post", "test/", None),
        ("get", "attempts/", None),
        ("post", "rotate-secret/", None),
    ],
)
def test_another_user_s_webhook_is_a_404_and_stays_untouched(
    client_for, public_dns, method, suffix, body
):
    owner, other = client_for("viewer"), client_for("editor")
    hook = hook_of(owner, secret=SECRET)
    before = snapshot()
    with mock.patch("channels_app.alerts.services.endpoints.post") as post:
        response = getattr(other, method)(f"{HOOKS}{hook.pk}/{suffix}", body, format="json")
    assert error(response, 404)["code"] == "not_found"
    assert snapshot() == before
    assert not post.called and not WebhookAttempt.objects.exists()


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("http://127.0.0.1:8000/hook", "blocked_address"),
        ("http://10.1.2.3/hook", "blocked_address"),
        ("http://[::1]/hook", "blocked_address"),
        ("http://169.254.169.254/latest/meta-data/", "blocked_address"),
        ("http://localhost/hook", "blocked_address"),
        ("ftp://hooks.example.net/x", "validation_error"),
        ("file:///etc/passwd", "validation_error"),
        ("not a url", "validation_error"),
    ],
)
def test_urls_the_sender_would_refuse_are_400_and_save_nothing(viewer, url, code):
    found = error(viewer.post(HOOKS, {**NEW, "url": url}, format="json"), 400)
    assert found["code"] == code
    assert "url" in found["details"]
    if code == "blocked_address":
        assert "private or local address" in found["message"]
    assert not Webhook.objects.exists()


def test_changing_the_url_to_a_private_address_is_refused(viewer):
    hook = hook_of(viewer)
    before = snapshot()
    response = viewer.patch(f"{HOOKS}{hook.pk}/", {"url": "http://192.168.1.1/"}, format="json")
    assert error(response, 400)["code"] == "blocked_address"
    assert snapshot() == before


@pytest.mark.parametrize(
    ("scopes", "code"),
    [
        (["kind:weather"], "unknown_scope"),
        (["country:XX"], "unknown_scope"),
        (["pair:CN-CN"], "unknown_scope"),
        (["everything"], "unknown_scope"),
        (["all", "channel:CN-US:hotline"], "unknown_scope"),
        ([], "validation_error"),
        ("all", "validation_error"),
        ([["all"]], "validation_error"),
        (["all"] * 51, "validation_error"),
    ],
)
def test_unknown_scopes_are_400_and_save_nothing(viewer, public_dns, scopes, code):
    found = error(viewer.post(HOOKS, {**NEW, "scopes": scopes}, format="json"), 400)
    assert found["code"] == code
    assert "scopes" in found["details"]
    assert not Webhook.objects.exists()


def test_scopes_that_name_no_tracked_channel_yet_are_accepted_like_in_the_admin(viewer, public_dns):
    body = viewer.post(HOOKS, {**NEW, "scopes": ["country:fr"]}, format="json").json()
    assert body["scopes"] == ["country:FR"]


@pytest.mark.parametrize(
    ("payload", "content_type", "status", "code"),
    [
        ('{"name": "Wire", ', "application/json", 400, "parse_error"),
        ("[1, 2]", "application/json", 400, "validation_error"),
        ('"a string"', "application/json", 400, "validation_error"),
        ("name=Wire", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
        ('{"name": "x\\u0000y", "url": "https://a.example/", "scopes": ["all"]}', None, 400, None),
    ],
)
def test_malformed_bodies_are_refused_and_write_nothing(
    viewer, public_dns, payload, content_type, status, code
):
    hook = hook_of(viewer)
    before = snapshot()
    for path, send in ((HOOKS, viewer.post), (f"{HOOKS}{hook.pk}/", viewer.patch)):
        response = send(path, payload, content_type=content_type or "application/json")
        found = error(response, status)
        assert code is None or found["code"] == code
    assert snapshot() == before


@pytest.mark.parametrize(
    ("method", "suffix"),
    [
        ("post", ""),
        ("put", "{id}/"),
        ("patch", "{id}/"),
        ("delete", "{id}/"),
        ("post", "{id}/test/"),
        ("post", "{id}/rotate-secret/"),
    ],
)
def test_a_read_only_token_reads_but_cannot_write(client_for, public_dns, method, suffix):
    reader = client_for("admin", scope="read")
    hook = hook_of(reader)
    assert reader.get(f"{HOOKS}{hook.pk}/").status_code == 200
    before = snapshot()
    response = getattr(reader, method)(HOOKS + suffix.format(id=hook.pk), NEW, format="json")
    assert "read-only" in error(response, 403)["message"]
    assert snapshot() == before and not WebhookAttempt.objects.exists()


def test_anonymous_callers_get_a_401(anon):
    assert error(anon.get(HOOKS), 401)["code"] == "not_authenticated"
    assert error(anon.post(HOOKS, NEW, format="json"), 401)["code"] == "not_authenticated"


def test_put_replaces_and_patch_changes_only_what_it_is_given(viewer, public_dns):
    hook = hook_of(viewer, secret=SECRET, owner_email="ops@example.net", scopes=["all"])
    put = viewer.put(f"{HOOKS}{hook.pk}/", {**NEW, "scopes": ["kind:trade"]}, format="json")
    assert put.status_code == 200, put.content
    hook.refresh_from_db()
    assert (hook.name, hook.url, hook.scopes) == ("Wire", NEW["url"], ["kind:trade"])
    assert (hook.secret, hook.owner_email) == (SECRET, "ops@example.net")
    assert "secret" not in put.json()
    patched = viewer.patch(f"{HOOKS}{hook.pk}/", {"owner_email": "a@b.example"}, format="json")
    assert patched.json()["owner_email"] == "a@b.example"
    hook.refresh_from_db()
    assert (hook.name, hook.scopes) == ("Wire", ["kind:trade"])
    assert error(viewer.put(f"{HOOKS}{hook.pk}/", {"name": "x"}, format="json"), 400)


def test_a_write_leaves_the_sender_s_health_fields_alone(viewer, public_dns):
    hook = hook_of(viewer)
    loaded = Webhook.objects.get(pk=hook.pk)  # what the view read
    Webhook.objects.filter(pk=hook.pk).update(consecutive_failures=3, last_error="HTTP 500")
    with mock.patch.object(WebhookViewSet, "get_object", return_value=loaded):
        viewer.patch(f"{HOOKS}{hook.pk}/", {"name": "Renamed"}, format="json")
    hook.refresh_from_db()
    assert (hook.name, hook.consecutive_failures, hook.last_error) == ("Renamed", 3, "HTTP 500")


def test_setting_active_again_re_enables_a_disabled_endpoint(viewer):
    hook = hook_of(viewer, active=False, consecutive_failures=9, disabled_reason="Failing")
    body = viewer.patch(f"{HOOKS}{hook.pk}/", {"active": True}, format="json").json()
    assert (body["active"], body["consecutive_failures"], body["disabled_reason"]) == (True, 0, "")
    assert (
        viewer.patch(f"{HOOKS}{hook.pk}/", {"active": False}, format="json").json()["active"]
        is False
    )


@pytest.mark.parametrize("value", [0, 1, "false", "true", "yes", None])
def test_active_takes_only_json_true_or_false(viewer, value):
    hook = hook_of(viewer, active=True)

    response = viewer.patch(f"{HOOKS}{hook.pk}/", {"active": value}, format="json")

    assert error(response, 400)["details"]["active"]
    hook.refresh_from_db()
    assert hook.active is True


def test_deleting_removes_the_webhook(viewer):
    hook = hook_of(viewer)
    assert viewer.delete(f"{HOOKS}{hook.pk}/").status_code == 204
    assert not Webhook.objects.exists()
    assert error(viewer.delete(f"{HOOKS}{hook.pk}/"), 404)


def test_rotating_the_secret_shows_the_new_one_once(viewer):
    hook = hook_of(viewer, secret=SECRET)
    body = viewer.post(f"{HOOKS}{hook.pk}/rotate-secret/").json()
    hook.refresh_from_db()
    assert body["secret"] == hook.secret != SECRET
    assert "secret" not in viewer.get(f"{HOOKS}{hook.pk}/").json()


def test_a_user_has_at_most_20_webhooks(viewer, public_dns):
    WebhookFactory.create_batch(20, owner=viewer.user)
    found = error(viewer.post(HOOKS, NEW, format="json"), 400)
    assert found["code"] == "too_many_webhooks"
    assert Webhook.objects.count() == 20


@pytest.mark.parametrize("address", ["", "not-an-address"])
def test_a_user_without_an_email_must_give_an_owner_email(client_for, public_dns, address):
    client = client_for("viewer")
    client.user.email = address
    client.user.save()
    assert error(client.post(HOOKS, NEW, format="json"), 400)["code"] == "no_email"
    given = client.post(HOOKS, {**NEW, "owner_email": "ops@example.net"}, format="json")
    assert given.status_code == 201 and given.json()["owner_email"] == "ops@example.net"


def test_deleting_the_owner_keeps_the_webhook_for_admins(viewer):
    hook = hook_of(viewer)
    viewer.user.delete()
    hook.refresh_from_db()
    assert hook.owner is None


# --- the test event, against a real local server --------------------------------------------


@pytest.fixture
def private_ok(settings):
    """The local server is on 127.0.0.1, which the outbound guard refuses by default."""
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = True
    settings.ALERTS_WEBHOOK_TIMEOUT_SECONDS = 0.5
    settings.ALERTS_WEBHOOK_DEADLINE_SECONDS = 1.0


def test_the_test_event_reaches_the_endpoint_signed(viewer, local_server, private_ok):  # noqa: F811
    url = local_server.route("/hook", status=204)
    hook_id = viewer.post(HOOKS, {**NEW, "url": url}, format="json").json()["id"]
    hook = Webhook.objects.get(pk=hook_id)
    response = viewer.post(f"{HOOKS}{hook_id}/test/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["ok"], body["status_code"], body["error"]) == (True, 204, "")
    [request] = local_server.requests
    assert independent_verify(hook.secret, request.headers, request.body)
    assert b'"type":"webhook.test"' in request.body
    [attempt] = viewer.get(f"{HOOKS}{hook_id}/attempts/").json()["results"]
    assert (attempt["ok"], attempt["status_code"], attempt["is_test"]) == (True, 204, True)
    assert attempt["change"] is None


def test_a_failing_test_event_is_reported_not_raised(viewer, local_server, private_ok):  # noqa: F811
    hook = hook_of(viewer, url=local_server.route("/hook", status=500))
    body = viewer.post(f"{HOOKS}{hook.pk}/test/").json()
    assert (body["ok"], body["status_code"], body["error"]) == (False, 500, "HTTP 500")
    hook.refresh_from_db()
    assert hook.consecutive_failures == 0  # tests do not count towards health


def test_a_test_event_to_a_url_now_private_is_refused_at_send_time(viewer):
    hook = hook_of(viewer, url="http://127.0.0.1:9/hook")  # saved before, say, a DNS change
    body = viewer.post(f"{HOOKS}{hook.pk}/test/").json()
    assert body["ok"] is False and body["error"].startswith("blocked_address")


def test_test_events_are_rate_limited_per_user(viewer, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "webhook_test": "2/minute",
        },
    }
    hook = hook_of(viewer)
    with mock.patch("channels_app.alerts.services.endpoints.post") as post:
        post.return_value = mock.Mock(ok=True, status=200, duration_ms=1, error="")
        statuses = [viewer.post(f"{HOOKS}{hook.pk}/test/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert viewer.get(f"{HOOKS}{hook.pk}/").status_code == 200  # only the test action


def test_attempts_are_newest_first_and_paginated(viewer):
    hook = hook_of(viewer)
    for n in range(3):
        WebhookAttempt.objects.create(webhook=hook, ok=n != 1, status_code=200, duration_ms=n)
    body = viewer.get(f"{HOOKS}{hook.pk}/attempts/", {"page_size": 2}).json()
    assert body["count"] == 3 and [a["duration_ms"] for a in body["results"]] == [2, 1]
    assert error(viewer.get(f"{HOOKS}{hook.pk}/attempts/", {"colour": "red"}), 400)


def test_a_webhook_of_another_user_does_not_count_towards_the_limit(viewer, public_dns):
    WebhookFactory.create_batch(20, owner=UserFactory())
    assert viewer.post(HOOKS, NEW, format="json").status_code == 201
