"""Email alerts for token holders: their account's address goes through double opt-in
unless its owner already confirmed it; admins list every subscriber, read-only."""

import pytest
from django.core import mail

from channels_app.alerts.models import Subscriber
from tests.alerts.conftest import link_in
from tests.alerts.factories import SubscriberFactory

pytestmark = pytest.mark.django_db
MINE = "/api/v1/subscription/"
ALL = "/api/v1/subscribers/"


@pytest.fixture
def viewer(client_for, cn_us):
    return client_for("viewer")


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Make a request and run what it queued on commit (the confirmation email)."""

    def call(client, method, body=None):
        with django_capture_on_commit_callbacks(execute=True):
            return getattr(client, method)(MINE, body, format="json")

    return call


def error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    return response.json()["error"]


def rows() -> list:
    return [
        (
            s.email,
            s.mode,
            s.confirmed_at is not None,
            s.unsubscribed_at is not None,
            sorted((k.key, k.confirmed_at is not None) for k in s.scopes.all()),
        )
        for s in Subscriber.objects.order_by("email")
    ]


def test_without_a_subscription_the_answer_says_none(viewer):
    body = viewer.get(MINE).json()
    assert body == {
        "email": viewer.user.email,
        "status": "none",
        "mode": None,
        "confirmed_at": None,
        "unsubscribed_at": None,
        "scopes": [],
    }


def test_subscribing_a_new_address_emails_a_confirmation_and_sends_no_alert_before_it(
    viewer, send, client
):
    response = send(viewer, "post", {"scopes": ["pair:us-cn"], "mode": "digest"})
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "pending" and body["confirmed_at"] is None
    assert body["scopes"] == [
        {"key": "pair:CN-US", "label": "Every China–United States channel", "confirmed": False}
    ]
    [message] = mail.outbox
    assert message.to == [viewer.user.email]
    assert not Subscriber.objects.receiving().exists()

    path = link_in(message)
    client.get(path)  # mail scanners follow links: that confirms nothing
    assert viewer.get(MINE).json()["status"] == "pending"
    assert client.post(path).status_code == 200  # the owner's button
    body = viewer.get(MINE).json()
    assert (body["status"], body["mode"]) == ("receiving", "digest")
    assert body["scopes"][0]["confirmed"] is True


def test_a_confirmed_address_is_updated_at_once_without_an_email(viewer, send):
    SubscriberFactory(email=viewer.user.email, scopes=["all", "kind:trade"])
    response = send(viewer, "post", {"scopes": ["country:cn"]})
    assert response.status_code == 200, response.content
    assert [(s["key"], s["confirmed"]) for s in response.json()["scopes"]] == [("country:CN", True)]
    assert response.json()["mode"] == "immediate"
    assert mail.outbox == []


def test_patch_changes_only_what_it_is_given(viewer, send):
    SubscriberFactory(email=viewer.user.email, scopes=["pair:CN-US"])
    body = send(viewer, "patch", {"mode": "digest"}).json()
    assert body["mode"] == "digest" and [s["key"] for s in body["scopes"]] == ["pair:CN-US"]
    body = send(viewer, "patch", {"scopes": ["all"]}).json()
    assert body["mode"] == "digest" and [s["key"] for s in body["scopes"]] == ["all"]
    assert mail.outbox == []


def test_patch_on_a_pending_subscription_sends_a_fresh_link_and_confirms_nothing(viewer, send):
    send(viewer, "post", {"scopes": ["pair:CN-US"]})
    response = send(viewer, "patch", {"mode": "digest"})
    assert response.status_code == 202
    assert len(mail.outbox) == 2 and not Subscriber.objects.receiving().exists()
    assert response.json()["mode"] == "digest"


def test_patch_without_a_subscription_is_a_404(viewer, send):
    assert error(send(viewer, "patch", {"mode": "digest"}), 404)["code"] == "not_found"
    assert rows() == [] and mail.outbox == []


def test_delete_unsubscribes_and_a_new_post_needs_confirming_again(viewer, send):
    SubscriberFactory(email=viewer.user.email, scopes=["all"])
    assert send(viewer, "delete").status_code == 204
    body = viewer.get(MINE).json()
    assert (body["status"], body["scopes"]) == ("unsubscribed", [])
    assert send(viewer, "delete").status_code == 204  # nothing left to stop: still 204
    response = send(viewer, "post", {"scopes": ["all"]})
    assert response.status_code == 202 and response.json()["status"] == "pending"
    assert len(mail.outbox) == 1 and not Subscriber.objects.receiving().exists()


def test_delete_without_a_subscription_writes_nothing(viewer, send):
    assert send(viewer, "delete").status_code == 204
    assert rows() == []


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"scopes": ["kind:weather"]}, "unknown_scope"),
        ({"scopes": ["pair:FR-DE"]}, "unknown_scope"),  # well-formed, but nothing tracked
        ({"scopes": ["country:%s"]}, "unknown_scope"),
        ({"scopes": []}, "validation_error"),
        ({"scopes": ["all"] * 11}, "validation_error"),
        ({"scopes": ["all"], "mode": "weekly"}, "validation_error"),
        ({"scopes": "all"}, "validation_error"),
        ({}, "validation_error"),
    ],
)
def test_bad_scopes_or_modes_are_400_write_nothing_and_send_nothing(viewer, send, body, code):
    found = error(send(viewer, "post", body), 400)
    assert found["code"] == code
    assert rows() == [] and mail.outbox == []


def test_malformed_json_is_400(viewer, send):
    response = viewer.post(MINE, '{"scopes": [', content_type="application/json")
    assert error(response, 400)["code"] == "parse_error"
    assert rows() == []


def test_an_account_without_an_email_gets_a_clear_400(viewer, send):
    viewer.user.email = ""
    viewer.user.save()
    for method in ("get", "post", "patch", "delete"):
        found = error(send(viewer, method, None if method == "get" else {"scopes": ["all"]}), 400)
        assert found["code"] == "no_email" and "no email address" in found["message"]
    assert rows() == []


def test_the_account_address_is_used_lower_cased(viewer, send):
    viewer.user.email = "Ana@Example.ORG"
    viewer.user.save()
    send(viewer, "post", {"scopes": ["all"]})
    assert [r[0] for r in rows()] == ["ana@example.org"]


def test_confirmation_emails_are_rate_limited_per_address(viewer, send, settings):
    settings.ALERTS_RATE_PER_ADDRESS = 1
    assert send(viewer, "post", {"scopes": ["all"]}).status_code == 202
    before = rows()
    found = error(send(viewer, "post", {"scopes": ["kind:military"]}), 429)
    assert found["code"] == "throttled" and found["details"]["retry_after"] > 0
    assert rows() == before and len(mail.outbox) == 1


@pytest.mark.parametrize("method", ["post", "patch", "delete"])
def test_a_read_only_token_cannot_change_the_subscription(client_for, cn_us, send, method):
    reader = client_for("viewer", scope="read")
    SubscriberFactory(email=reader.user.email, scopes=["all"])
    before = rows()
    assert error(send(reader, method, {"scopes": ["kind:trade"]}), 403)
    assert rows() == before
    assert reader.get(MINE).json()["status"] == "receiving"


def test_another_address_s_subscription_is_never_shown(viewer):
    SubscriberFactory(email="someone@example.org", scopes=["all"])
    assert viewer.get(MINE).json()["status"] == "none"


# --- every subscriber, for admins ------------------------------------------------------------


def test_admins_list_subscribers_with_filters(client_for, cn_us):
    admin = client_for("admin")
    SubscriberFactory(email="a@example.org", scopes=["pair:CN-US"])
    pending = SubscriberFactory(email="b@example.org", confirmed_at=None)
    pending.scopes.create(key="all")
    emails = lambda **q: [s["email"] for s in admin.get(ALL, q).json()["results"]]  # noqa: E731
    assert emails() == ["a@example.org", "b@example.org"]
    assert emails(confirmed="false") == ["b@example.org"]
    assert emails(receiving="true") == ["a@example.org"]
    assert emails(scope="pair:us-cn") == ["a@example.org"]
    [first] = admin.get(ALL, {"confirmed": "true"}).json()["results"]
    assert (first["status"], first["scopes"]) == (
        "receiving",
        [{"key": "pair:CN-US", "confirmed": True}],
    )
    found = error(admin.get(ALL, {"scope": "weather"}), 400)
    assert "scope" in found["details"]
    assert error(admin.get(ALL, {"scope": "country:%s"}), 400)


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_only_admins_list_subscribers(client_for, role):
    assert error(client_for(role).get(ALL), 403)["code"] == "permission_denied"
