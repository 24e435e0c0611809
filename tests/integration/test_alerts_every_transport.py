"""One change reaches every transport exactly once, through real Celery workers on a Redis
of the test's own: an email subscriber (aiosmtpd), a Standard Webhooks endpoint and one
integration of each chat transport (the local receivers of tests/alerts/receivers.py, which
check each payload against the service's documented shape)."""

import threading
import uuid
from collections import Counter

import pytest
from aiosmtpd.controller import Controller

from channels_app.alerts.models import Delivery, Subscriber, SubscriberScope, Webhook
from channels_app.alerts.transports import registry
from tests.alerts import receivers as rx
from tests.integration.conftest import Worker
from tests.integration.test_alerts_fault import (
    AnyPortController,
    logs,
    record_alerting_change,
    statuses,
    wait_until,
)

pytestmark = [
    pytest.mark.integration,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]
CHATS = ["slack", "teams", "discord", "telegram", "matrix", "ntfy"]


class Inbox:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.recipients: Counter[str] = Counter()

    async def handle_DATA(self, server, session, envelope) -> str:
        with self.lock:
            self.recipients.update(envelope.rcpt_tos)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller: Controller = AnyPortController(inbox, hostname="127.0.0.1", port=0)
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


@pytest.fixture
def chat_receivers():
    with rx.running() as running:
        yield running


def test_one_change_reaches_an_email_a_webhook_and_every_chat_transport_once(
    tmp_path, redis_server, broker, smtp, chat_receivers
):
    assert {t.name for t in registry.endpoint_transports()} == {"webhook", *CHATS}
    inbox, smtp_port = smtp
    reader = Subscriber.objects.create(email="desk@example.org", confirmed_at="2025-01-02T00:00Z")
    SubscriberScope.objects.create(subscriber=reader, key="all", confirmed_at=reader.confirmed_at)
    hook = Webhook.objects.create(
        name="Standard",
        url=chat_receivers.url("/webhook/std"),
        owner_email="ops@example.net",
        scopes=["all"],
    )
    for n, service in enumerate(CHATS):
        Webhook.objects.create(
            name=service,
            transport=service,
            owner_email="ops@example.net",
            scopes=["pair:CN-US"],
            **rx.endpoint_values(chat_receivers, service, n),
        )
    expected = 1 + 1 + len(CHATS)  # the email, the webhook, one message per chat service
    worker = Worker(
        "celery",
        tmp_path / "worker.log",
        {
            "CELERY_BROKER_URL": broker,
            "REDIS_URL": redis_server.url(0),
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_USE_TLS": "0",
            "OUTBOUND_ALLOW_PRIVATE_ADDRESSES": "1",
            "LOG_LEVEL": "INFO",
        },
        concurrency=2,
        name=f"every-{uuid.uuid4().hex[:6]}",
        settings_module="tracker.settings.base",
    )
    worker.start()
    try:
        change = record_alerting_change()
        wait_until(
            lambda: statuses(change)[Delivery.Status.SENT] == expected,
            timeout=120,
            what=lambda: f"every delivery sent: {dict(statuses(change))}\n{logs(worker)}",
            every=0.2,
        )
    finally:
        worker.stop()

    assert statuses(change) == {Delivery.Status.SENT: expected}
    assert inbox.recipients == Counter({"desk@example.org": 1})
    by_service = Counter(seen.service for seen in chat_receivers.seen)
    assert by_service == Counter({**dict.fromkeys(CHATS, 1), "webhook": 1})
    assert [s.problems for s in chat_receivers.seen] == [[]] * (len(CHATS) + 1)
    [signed] = chat_receivers.of("webhook")
    key = Delivery.objects.get(webhook=hook).key
    assert signed.headers["webhook-id"] == f"msg_{key.hex}"
    [matrix] = chat_receivers.of("matrix")
    assert matrix.path.endswith(Delivery.objects.get(transport="matrix").key.hex)
