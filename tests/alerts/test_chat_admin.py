"""Chat integrations in the admin: added with the transport's checks (a clear error for a
private address, a Telegram chat id that is not a number, a Matrix room without ! or #),
credentials write-only and masked, and the "send a test message" button."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from channels_app.alerts.models import Webhook, WebhookAttempt
from tests.factories import UserFactory

from . import receivers as rx
from .factories import WebhookFactory

pytestmark = pytest.mark.django_db
TOKEN = "123456789:AAEsecretbottoken-abcdefghijklmnop"


@pytest.fixture
def admins_client(db):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Admins"))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def receivers(settings):
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = True
    with rx.running() as running:
        yield running


def add(client, **values):
    data = {"name": "Desk", "owner_email": "ops@example.net", "scope_keys": "all",
            "active": "on", "secret": "", "target": "", "url": ""}  # fmt: skip
    return client.post(reverse("admin:alerts_webhook_add"), {**data, **values})


def test_a_telegram_integration_is_added_and_its_token_never_shown_again(admins_client, receivers):
    url = receivers.url("/tg")
    response = add(admins_client, transport="telegram", url=url, secret=TOKEN, target="-1001")
    assert response.status_code == 302, response.content.decode()[:3000]
    hook = Webhook.objects.get()
    assert (hook.transport, hook.secret, hook.target) == ("telegram", TOKEN, "-1001")
    page = admins_client.get(reverse("admin:alerts_webhook_change", args=[hook.pk]))
    assert TOKEN not in page.content.decode() and "•••mnop" in page.content.decode()
    listing = admins_client.get(reverse("admin:alerts_webhook_changelist")).content.decode()
    assert TOKEN not in listing


def test_saving_again_with_the_token_left_empty_keeps_it(admins_client, receivers):
    hook = WebhookFactory(transport="telegram", url=receivers.url("/tg"), secret=TOKEN,
                          target="-1001", name="Desk")  # fmt: skip
    response = admins_client.post(
        reverse("admin:alerts_webhook_change", args=[hook.pk]),
        {"name": "Desk 2", "transport": "telegram", "url": hook.url, "secret": "",
         "target": "-1001", "owner_email": "ops@example.net", "scope_keys": "all",
         "active": "on"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    hook.refresh_from_db()
    assert hook.name == "Desk 2" and hook.secret == TOKEN


def test_a_slack_webhook_url_is_write_only(admins_client, receivers):
    url = receivers.url("/slack/T0/B0/verysecretpath")
    assert add(admins_client, transport="slack", url=url).status_code == 302
    hook = Webhook.objects.get()
    for page in (
        admins_client.get(reverse("admin:alerts_webhook_change", args=[hook.pk])),
        admins_client.get(reverse("admin:alerts_webhook_changelist")),
    ):
        assert "verysecretpath" not in page.content.decode()


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"transport": "telegram", "secret": TOKEN, "target": "@newsdesk"}, "target",
         "is a number"),
        ({"transport": "matrix", "url": "https://matrix.example.org", "secret": "syt_x",
          "target": "newsdesk:example.org"}, "target", "starts with ! or #"),
        ({"transport": "slack", "url": "http://192.168.1.20/hook"}, "url",
         "private or local address"),
    ],
)  # fmt: skip
def test_bad_settings_get_a_clear_error_and_nothing_is_saved(
    admins_client, settings, values, field, message
):
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = False
    response = add(admins_client, **values)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in str(errors[field]) and not Webhook.objects.exists()


def test_the_test_message_button_sends_and_logs_a_test(admins_client, receivers):
    hook = WebhookFactory(transport="discord", url=receivers.url("/discord/api/webhooks/1/t"))
    page = admins_client.get(reverse("admin:alerts_webhook_change", args=[hook.pk]))
    assert "Send a test message" in page.content.decode()
    response = admins_client.post(reverse("admin:alerts_webhook_test", args=[hook.pk]),
                                  follow=True)  # fmt: skip
    assert "test message delivered (HTTP 204" in response.content.decode()
    assert WebhookAttempt.objects.get().is_test and len(receivers.of("discord")) == 1
