"""Chat integrations for token holders (/api/v1/integrations/): each user sees and edits
only their own, credentials are write-only and masked in every answer, each transport's
checks give a clear 400, and the test message reaches a real local receiver."""

import pytest

from channels_app.alerts.models import Webhook, WebhookAttempt
from tests.alerts import receivers as rx
from tests.alerts.factories import WebhookFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/integrations/"
TOKEN = "123456789:AAEsecretbottoken-abcdefghijklmnop"
SLACK = "/slack/T0/B0/verysecretpathxyz"


@pytest.fixture
def receivers(settings):
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = True
    with rx.running() as running:
        yield running


@pytest.fixture
def viewer(client_for):
    return client_for("viewer")


def error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    return response.json()["error"]


def test_a_viewer_adds_a_telegram_integration_and_never_sees_the_token_again(viewer, receivers):
    body = {"name": "Desk", "transport": "telegram", "url": receivers.url("/tg"),
            "token": TOKEN, "target": "-1001", "scopes": ["pair:us-cn"]}  # fmt: skip
    response = viewer.post(URL, body, format="json")
    assert response.status_code == 201, response.content
    hook = Webhook.objects.get()
    assert (hook.transport, hook.secret, hook.target, hook.owner) == (
        "telegram", TOKEN, "-1001", viewer.user
    )  # fmt: skip
    for shown in (response.json(), viewer.get(f"{URL}{hook.pk}/").json(),
                  viewer.get(URL).json()["results"][0]):  # fmt: skip
        assert TOKEN not in str(shown) and shown["token_hint"] == "•••mnop"


def test_a_slack_url_is_write_only(viewer, receivers):
    body = {"name": "Desk", "transport": "slack", "url": receivers.url(SLACK), "scopes": ["all"]}
    response = viewer.post(URL, body, format="json")
    assert response.status_code == 201, response.content
    assert "verysecretpath" not in str(response.json())
    assert response.json()["url"].endswith("/•••")


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"transport": "telegram", "token": TOKEN, "target": "@desk"}, "bad_target", "target"),
        ({"transport": "matrix", "url": "https://m.example.org", "token": "syt_x",
          "target": "desk:example.org"}, "bad_target", "target"),
        ({"transport": "discord", "url": "http://10.1.2.3/api/webhooks/1/x"}, "blocked_address",
         "url"),
        ({"transport": "telegram", "token": "nope", "target": "-1"}, "bad_token", "token"),
        ({"transport": "fax", "url": "https://fax.example"}, "validation_error", "transport"),
    ],
)  # fmt: skip
def test_bad_settings_are_a_400_with_the_reason_and_write_nothing(viewer, settings, body, code,
                                                                  field):  # fmt: skip
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = False
    response = viewer.post(URL, {"name": "Desk", "scopes": ["all"], **body}, format="json")
    refused = error(response, 400)
    assert refused["code"] == code and field in refused["details"]
    assert not Webhook.objects.exists()


def test_another_user_s_integration_is_a_404(client_for, receivers):
    owner, other = client_for("viewer"), client_for("editor")
    hook = WebhookFactory(owner=owner.user, transport="ntfy", url=receivers.url("/ntfy/t"))
    assert error(other.get(f"{URL}{hook.pk}/"), 404)["code"] == "not_found"
    assert error(other.post(f"{URL}{hook.pk}/test/"), 404)
    assert not receivers.seen and not WebhookAttempt.objects.exists()


def test_webhooks_and_integrations_are_listed_apart(viewer, receivers):
    WebhookFactory(owner=viewer.user, name="Signed")
    WebhookFactory(owner=viewer.user, transport="ntfy", url=receivers.url("/ntfy/t"), name="N")
    assert [h["name"] for h in viewer.get(URL).json()["results"]] == ["N"]
    assert [h["name"] for h in viewer.get("/api/v1/webhooks/").json()["results"]] == ["Signed"]


def test_a_change_keeps_the_token_and_the_transport_cannot_change(viewer, receivers):
    hook = WebhookFactory(owner=viewer.user, transport="telegram", url=receivers.url("/tg"),
                          secret=TOKEN, target="-1001")  # fmt: skip
    response = viewer.patch(f"{URL}{hook.pk}/", {"target": "-1002"}, format="json")
    assert response.status_code == 200, response.content
    hook.refresh_from_db()
    assert (hook.target, hook.secret) == ("-1002", TOKEN)
    moved = viewer.patch(f"{URL}{hook.pk}/", {"transport": "slack"}, format="json")
    assert error(moved, 400)["code"] == "transport_fixed"


def test_the_test_message_reaches_the_receiver_and_is_logged(viewer, receivers):
    hook = WebhookFactory(owner=viewer.user, transport="matrix", url=receivers.url(""),
                          secret="syt_token_abcdef", target="!room:example.org")  # fmt: skip
    response = viewer.post(f"{URL}{hook.pk}/test/")
    assert response.status_code == 200 and response.json()["ok"] is True, response.content
    [seen] = receivers.of("matrix")
    assert seen.problems == [] and seen.method == "PUT"
    attempts = viewer.get(f"{URL}{hook.pk}/attempts/").json()["results"]
    assert len(attempts) == 1 and attempts[0]["is_test"]


def test_a_failed_test_message_shows_the_error_with_the_secret_masked(viewer, receivers):
    hook = WebhookFactory(owner=viewer.user, transport="slack", url=receivers.url(SLACK))
    receivers.answer("/slack/", 403, b"invalid_token")
    body = viewer.post(f"{URL}{hook.pk}/test/").json()
    assert body == {"ok": False, "status_code": 403, "duration_ms": body["duration_ms"],
                    "error": "HTTP 403: invalid_token"}  # fmt: skip
    receivers.hang("/slack/", seconds=2)
    body = viewer.post(f"{URL}{hook.pk}/test/").json()
    assert body["error"].startswith("timeout:") and "verysecretpath" not in body["error"]


def test_at_most_twenty_integrations_per_user(viewer, receivers):
    WebhookFactory.create_batch(20, owner=viewer.user, transport="ntfy",
                                url=receivers.url("/ntfy/t"))  # fmt: skip
    WebhookFactory.create_batch(3, owner=UserFactory(), transport="ntfy")
    body = {"name": "N", "transport": "ntfy", "url": receivers.url("/ntfy/x"), "scopes": ["all"]}
    assert error(viewer.post(URL, body, format="json"), 400)["code"] == "too_many_integrations"
