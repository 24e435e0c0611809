"""The six chat transports against local receivers (tests/alerts/receivers.py), one per
service, each checking the documented shape and limits: what a message says, merged
messages, the limits at their edges, 429 and Retry-After, an error under 200, a receiver
that never answers, disabling, the write-only secrets, Matrix's txnId, test messages."""

import logging
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from channels_app.alerts.models import Delivery, Webhook, WebhookAttempt
from channels_app.alerts.services import endpoints, fanout
from channels_app.alerts.transports import registry
from channels_app.services.changes import EvidenceInput

from . import receivers as rx
from .conftest import CUT, NOW, alerting_change
from .factories import WebhookFactory

pytestmark = pytest.mark.django_db
Status = Delivery.Status
CHATS = ["slack", "teams", "discord", "telegram", "matrix", "ntfy"]


@pytest.fixture
def receivers(settings):
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = True  # the receivers are on 127.0.0.1
    settings.ALERTS_WEBHOOK_TIMEOUT_SECONDS = 0.5
    settings.ALERTS_WEBHOOK_DEADLINE_SECONDS = 1.0
    with rx.running() as running:
        yield running


def integration(receivers, service: str, n: int = 0, **kwargs) -> Webhook:
    values = rx.endpoint_values(receivers, service, n)
    return WebhookFactory(transport=service, scopes=["all"], **values, **kwargs)


def send(service: str) -> int:
    return registry.get(service).send_batch()


def fan_out(*changes) -> None:
    for change in changes:
        fanout.fanout_change(change_id=change.pk)


def text_of(seen: rx.Seen) -> str:
    """Everything a reader sees in the message, whatever the service's format."""
    return seen.body.decode()


def marked_up(service: str, seen: rx.Seen) -> str:
    """The part of a message the service reads as markup (ntfy's is plain text)."""
    if service == "matrix":
        return seen.json["formatted_body"]
    return "" if service == "ntfy" else seen.body.decode()


# --- what a message says ------------------------------------------------------------------


@pytest.mark.parametrize("service", CHATS)
def test_a_change_reaches_the_service_in_its_documented_shape(service, change, receivers):
    hook = integration(receivers, service)
    fan_out(change)
    assert send(service) == 1
    [seen] = receivers.of(service)
    assert seen.problems == []
    text = text_of(seen)
    assert "US–China military channels" in text
    assert "Open → Suspended" in text.replace("**", "").replace("*", "").replace("<b>", "")
    assert "1 November 2025" in text  # the effective date
    assert "theatre-commander talks" in text
    assert "<script>" not in marked_up(service, seen)  # escaped wherever markup is read
    assert "China cancels military talks" in text and "news.example/cancelled" in text
    assert "/channels/" in text  # the channel page's link
    assert Delivery.objects.get().status == Status.SENT
    hook.refresh_from_db()
    assert hook.last_success_at is not None


def test_ntfy_sets_title_priority_by_severity_and_a_click_url(change, receivers):
    integration(receivers, "ntfy")
    fan_out(change)
    send("ntfy")
    body = receivers.of("ntfy")[0].json
    assert body["topic"] == "topic0" and body["priority"] == 4  # suspended: high
    assert body["title"].startswith("US–China military channels: Open → Suspended")
    assert body["click"].startswith("http://127.0.0.1:8000/channels/")
    assert receivers.of("ntfy")[0].headers["Authorization"] == "Bearer tk_secretntfy0abcdef"


def test_only_three_sources_are_listed(cn_us, receivers):
    evidence = [
        EvidenceInput(url=f"https://news{n}.example/a", outlet=f"Outlet {n}") for n in range(5)
    ]
    change = alerting_change(cn_us, evidence=evidence)
    integration(receivers, "slack")
    fan_out(change)
    send("slack")
    text = text_of(receivers.of("slack")[0])
    assert [f"news{n}.example" in text for n in range(5)] == [True] * 3 + [False] * 2


def several_changes(channel, count: int) -> list:
    states = ["suspended", "open"]
    return [
        alerting_change(
            channel, state=states[n % 2], effective_at=CUT - timedelta(days=count - n), now=NOW
        )
        for n in range(count)
    ]


@pytest.mark.parametrize("service", CHATS)
def test_changes_arriving_together_go_as_one_merged_message(service, cn_us, receivers):
    integration(receivers, service)
    fan_out(*several_changes(cn_us, 3))
    assert send(service) == 3
    [seen] = receivers.of(service)
    assert seen.problems == []
    assert "3 channel changes" in text_of(seen)
    assert Delivery.objects.filter(status=Status.SENT).count() == 3


# --- the services' limits, at the edges ----------------------------------------------------


@pytest.mark.parametrize("service", CHATS)
def test_a_burst_of_sixty_changes_with_long_notes_stays_within_the_limits(
    service, cn_us, receivers, settings
):
    settings.ALERTS_CHAT_BATCH = 100
    changes = several_changes(cn_us, 60)
    for change in changes:
        change.note = "A very long note about the talks. " * 400  # 13,600 characters
        change.save(update_fields=["note"])
    integration(receivers, service)
    fan_out(*changes)
    assert send(service) == 60
    [seen] = receivers.of(service)
    assert seen.problems == []
    assert "more change" in text_of(seen)  # what did not fit is counted, not dropped


def test_slack_stops_at_fifty_blocks(cn_us, receivers, settings):
    settings.ALERTS_CHAT_BATCH = 100
    integration(receivers, "slack")
    fan_out(*several_changes(cn_us, 50))  # a header + 50 sections: 51 blocks, one too many
    send("slack")
    blocks = receivers.of("slack")[0].json["blocks"]
    assert len(blocks) == rx.SLACK_BLOCKS  # a header, 48 sections, "…and 2 more"
    assert blocks[-1]["type"] == "context" and "2 more changes" in str(blocks[-1])


def test_slack_with_exactly_fifty_blocks_sends_them_all(cn_us, receivers, settings):
    settings.ALERTS_CHAT_BATCH = 100
    integration(receivers, "slack")
    fan_out(*several_changes(cn_us, 49))  # a header + 49 sections: 50 blocks
    send("slack")
    blocks = receivers.of("slack")[0].json["blocks"]
    assert len(blocks) == rx.SLACK_BLOCKS and "more change" not in str(blocks)


def long_note_change(cn_us, length: int):
    return alerting_change(cn_us, note=("x" * (length - 1)) + "y")


def test_discord_keeps_the_description_within_4096_and_the_embeds_within_6000(cn_us, receivers):
    integration(receivers, "discord")
    fan_out(long_note_change(cn_us, 20_000))
    send("discord")
    body = receivers.of("discord")[0].json
    [embed] = body["embeds"]
    assert len(embed["description"]) <= rx.DISCORD_DESCRIPTION
    assert len(body["content"]) <= rx.DISCORD_CONTENT
    assert body["allowed_mentions"] == {"parse": []}
    assert receivers.of("discord")[0].problems == []


def test_a_discord_message_at_the_limit_goes_whole(cn_us, receivers, settings):
    """A note just under the transport's note limit is sent in full."""
    integration(receivers, "discord")
    fan_out(long_note_change(cn_us, 1500))
    send("discord")
    assert "x" * 1499 + "y" in receivers.of("discord")[0].json["embeds"][0]["description"]


def test_telegram_text_stays_within_4096_characters(cn_us, receivers, settings):
    settings.ALERTS_CHAT_BATCH = 100
    integration(receivers, "telegram")
    changes = several_changes(cn_us, 30)
    for change in changes:
        change.note = "Ministers <met> & talked. " * 60
        change.save(update_fields=["note"])
    fan_out(*changes)
    send("telegram")
    [seen] = receivers.of("telegram")
    assert seen.problems == [] and len(seen.json["text"]) <= rx.TELEGRAM_TEXT


def test_teams_cards_stay_under_28_kb(cn_us, receivers, settings):
    settings.ALERTS_CHAT_BATCH = 100
    integration(receivers, "teams")
    changes = several_changes(cn_us, 60)
    for change in changes:
        change.note = "é" * 1900
        change.save(update_fields=["note"])
    fan_out(*changes)
    send("teams")
    [seen] = receivers.of("teams")
    assert seen.problems == [] and len(seen.body) <= rx.TEAMS_BYTES


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize("service", ["slack", "teams", "discord", "ntfy", "matrix"])
def test_a_private_address_is_refused_on_save(service, settings):
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = False
    transport = registry.get(service).endpoint
    with pytest.raises(ValidationError) as refused:
        transport.clean(url="http://10.0.0.7/hook/x", secret="syt_token", target="!r:example.org")
    assert "private or local address" in str(refused.value.message_dict["url"])


def test_a_telegram_chat_id_that_is_not_a_number_is_refused(settings):
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = True
    transport = registry.get("telegram").endpoint
    with pytest.raises(ValidationError) as refused:
        transport.clean(url="", secret="123456:AAEsecretbottoken-abcdefghij", target="@news")
    assert "is a number" in refused.value.message_dict["target"][0]


def test_a_matrix_room_without_bang_or_hash_is_refused(settings):
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = True
    transport = registry.get("matrix").endpoint
    with pytest.raises(ValidationError) as refused:
        transport.clean(url="https://matrix.example.org", secret="syt_x", target="news:example")
    assert "starts with ! or #" in refused.value.message_dict["target"][0]


def test_a_matrix_alias_is_resolved_to_its_room_id_on_save(receivers):
    values = registry.get("matrix").endpoint.clean(
        url=receivers.url(""), secret="syt_x", target="#news:example.org"
    )
    assert values["target"] == "!resolved:example.org"


def test_a_429_holds_the_endpoint_for_its_retry_after(cn_us, receivers):
    hook = integration(receivers, "discord")
    receivers.answer("/discord/", 429, b'{"retry_after": 120}', Retry_After="120")
    first = alerting_change(cn_us)
    fan_out(first)
    assert send("discord") == 0
    delivery = Delivery.objects.get()
    assert delivery.status == Status.PENDING and delivery.last_status == 429
    assert delivery.next_attempt_at >= timezone.now() + timedelta(seconds=119)
    # A change arriving meanwhile waits for the same moment: the endpoint asked us to wait.
    later = alerting_change(cn_us, state="open", effective_at=CUT + timedelta(hours=1))
    fan_out(later)
    endpoints.hold(webhook_id=hook.pk, until=delivery.next_attempt_at)
    assert send("discord") == 0 and len(receivers.of("discord")) == 1
    [attempt] = WebhookAttempt.objects.all()
    assert attempt.status_code == 429 and not attempt.ok


def test_slack_s_error_under_200_is_a_failed_attempt_with_its_reason(change, receivers):
    integration(receivers, "slack")
    receivers.answer("/slack/", 200, b"invalid_token")
    fan_out(change)
    assert send("slack") == 0
    [attempt] = WebhookAttempt.objects.all()
    assert not attempt.ok and attempt.error == "Slack: invalid_token"
    assert Delivery.objects.get().status == Status.FAILED  # a bad token does not heal


def test_telegram_s_ok_false_under_200_is_a_failed_attempt(change, receivers):
    integration(receivers, "telegram")
    receivers.answer("/tg/", 200, b'{"ok": false, "description": "Bad Request: chat not found"}')
    fan_out(change)
    assert send("telegram") == 0
    assert WebhookAttempt.objects.get().error == "Telegram: Bad Request: chat not found"


def test_a_receiver_that_never_answers_holds_up_nothing_else(change, receivers):
    integration(receivers, "ntfy", 0)
    integration(receivers, "ntfy", 1)
    receivers.hang("/ntfy/", seconds=3)
    silent = integration(receivers, "slack", 0)
    other = integration(receivers, "slack", 1)
    receivers.hang(f"/slack/T0/B{silent.pk and 0}/")
    fan_out(change)
    assert send("slack") == 1
    rows = {d.webhook_id: d for d in Delivery.objects.filter(transport="slack")}
    assert rows[other.pk].status == Status.SENT
    assert rows[silent.pk].status == Status.PENDING  # a timeout is retried later
    error = WebhookAttempt.objects.get(webhook=silent).error
    assert error.startswith("timeout:")


def test_a_chat_endpoint_failing_for_a_day_is_disabled_and_its_owner_told(change, receivers):
    hook = integration(receivers, "discord")
    receivers.answer("/discord/", 500)
    fan_out(change)
    send("discord")
    delivery = Delivery.objects.get()
    while delivery.status == Status.PENDING:
        with time_machine.travel(delivery.next_attempt_at + timedelta(seconds=1), tick=False):
            send("discord")
        delivery.refresh_from_db()
    hook.refresh_from_db()
    assert not hook.active and "Every attempt failed" in hook.disabled_reason
    [notice] = mail.outbox
    assert notice.subject.startswith("Discord disabled") and hook.name in notice.subject
    assert "secrettoken0" not in notice.body and "/discord/api" not in notice.body


# --- secrets --------------------------------------------------------------------------------


@pytest.mark.parametrize("service", CHATS)
def test_secrets_never_reach_the_attempt_log_or_the_logs(service, change, receivers, caplog):
    hook = integration(receivers, service)
    receivers.hang("/", seconds=2)  # every service: a timeout names the URL it tried
    fan_out(change)
    with caplog.at_level(logging.DEBUG):
        send(service)
    attempt = WebhookAttempt.objects.get()
    hook.refresh_from_db()
    secrets = [s for s in endpoints.transport_of(hook).secrets(hook) if s]
    assert secrets, "each of these services has a credential"
    for secret in secrets:
        for text in (
            attempt.error,
            hook.last_error,
            Delivery.objects.get().last_error,
            caplog.text,
        ):
            assert secret not in text
    assert endpoints.MASK in attempt.error


# --- idempotency and tests ----------------------------------------------------------------


def test_matrix_uses_the_delivery_key_as_txn_id_so_a_resend_is_dropped(change, receivers):
    integration(receivers, "matrix")
    fan_out(change)
    delivery = Delivery.objects.get()
    # The first answer is lost (the worker died after the PUT): the claim lapses, it resends.
    Delivery.objects.update(status=Status.PENDING)
    send("matrix")
    Delivery.objects.update(status=Status.PENDING, claim=None)
    send("matrix")
    puts = receivers.of("matrix")
    assert len(puts) == 2 and {p.path.rsplit("/", 1)[1] for p in puts} == {delivery.key.hex}
    assert len(receivers.matrix_events) == 1  # the homeserver kept one event


@pytest.mark.parametrize("service", CHATS)
def test_a_test_message_reaches_the_service_and_is_logged_as_a_test(service, receivers, db):
    hook = integration(receivers, service)
    outcome = endpoints.send_test_message(webhook=hook)
    assert outcome.ok, outcome.error
    [seen] = receivers.of(service)
    assert seen.problems == [] and "test message" in text_of(seen).lower()
    assert WebhookAttempt.objects.get().is_test
