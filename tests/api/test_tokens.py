"""Per-user API tokens: Bearer authentication, revocation, scopes, the admin that issues
them (secret shown once) and the management command."""

import hashlib
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from channels_app.api.models import ApiToken
from channels_app.api.tokens import token_create, token_revoke
from channels_app.models import StateChange
from tests.factories import UserFactory, editor

from .conftest import EVIDENCE

pytestmark = pytest.mark.django_db
FEEDS = "/api/v1/feeds/"


def bearer(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_only_a_hash_of_the_secret_is_stored(db):
    token, secret = token_create(user=UserFactory(), name="sync", scope="read")
    assert secret.startswith("ct_") and len(secret) > 40
    assert token.prefix == secret[:8]
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.values().get())


def test_a_token_authenticates_its_user_and_records_its_use(db):
    token, secret = token_create(user=editor(), name="sync")
    assert bearer(secret).get(FEEDS).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("Bearer ct_not-a-token", "The token is not valid."),
        ("Bearer", "Send the token as"),
        ("Bearer two parts", "Send the token as"),
    ],
)
def test_unknown_or_malformed_tokens_are_401_in_the_common_format(db, header, message):
    response = APIClient().get("/api/v1/channels/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    error = response.json()["error"]
    assert error["code"] == "authentication_failed"
    assert error["message"].startswith(message)


def test_a_revoked_token_is_401_even_on_public_reads(db):
    token, secret = token_create(user=editor(), name="old", scope="read-write")
    assert token_revoke(token=token) is True
    assert token_revoke(token=token) is False

    response = bearer(secret).get("/api/v1/channels/")
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "The token has been revoked."


def test_a_token_of_an_inactive_user_is_401(db):
    user = editor()
    _, secret = token_create(user=user, name="x")
    user.is_active = False
    user.save()
    assert bearer(secret).get(FEEDS).status_code == 401


def test_a_read_only_token_cannot_write_even_for_an_editor(cn_us):
    _, secret = token_create(user=editor(), name="ro", scope="read")
    body = {
        "pair": "cn-us",
        "kind": "military",
        "state": "open",
        "effective_at": "2024-01-01T00:00:00Z",
        "evidence": EVIDENCE,
    }
    response = bearer(secret).post("/api/v1/changes/", body, format="json")
    assert response.status_code == 403
    assert "read-only" in response.json()["error"]["message"]
    assert not StateChange.objects.exists()


def test_the_command_prints_a_working_token(db):
    user = editor()
    out = StringIO()
    call_command(
        "create_api_token", user.username, "--scope", "read-write", stdout=out, stderr=StringIO()
    )
    secret = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert (token.user, token.scope) == (user, "read-write")
    assert bearer(secret).get(FEEDS).status_code == 200


def test_the_command_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="No user"):
        call_command("create_api_token", "nobody", stdout=StringIO())


@pytest.fixture
def admin_client(db):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Admins"))
    client = Client()
    client.force_login(user)
    return client


def test_admins_issue_a_token_and_see_its_secret_once(admin_client):
    owner = editor()
    response = admin_client.post(
        reverse("admin:api_apitoken_add"),
        {"user": owner.pk, "name": "newsroom", "scope": "read-write"},
        follow=True,
    )
    shown = [str(m) for m in response.context["messages"]]
    secret = next(w for m in shown for w in m.split() if w.startswith("ct_"))
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.prefix) == (owner, "newsroom", secret[:8])
    assert bearer(secret).get(FEEDS).status_code == 200
    page = admin_client.get(reverse("admin:api_apitoken_change", args=[token.pk]))
    assert secret not in page.content.decode()


def test_admins_revoke_tokens_with_the_action(admin_client):
    token, secret = token_create(user=editor(), name="leaked", scope="read-write")
    admin_client.post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert bearer(secret).get(FEEDS).status_code == 401


def test_editors_cannot_manage_tokens_in_the_admin(editor_client):
    assert editor_client.get(reverse("admin:api_apitoken_changelist")).status_code == 403
