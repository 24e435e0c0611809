"""Alert emails through a real SMTP server (aiosmtpd on 127.0.0.1, any free port). Needs no
Redis or worker: tasks run eagerly, the SMTP conversation is real."""

import email
import email.policy
import threading
from collections import Counter

import pytest
from aiosmtpd.controller import Controller

from channels_app.alerts import tasks
from channels_app.alerts.models import Delivery
from channels_app.models import Kind
from tests.alerts.conftest import alerting_change, assessed
from tests.alerts.factories import SubscriberFactory
from tests.factories import ChannelFactory

pytestmark = pytest.mark.django_db


class Inbox:
    """An aiosmtpd handler keeping every message and the connection it came on."""

    def __init__(self) -> None:
        self.messages: list[tuple[tuple, list[str], email.message.EmailMessage]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append((session.peer, list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"


class AnyPortController(Controller):
    """Listens on port 0 (any free port) and learns the port before its self-test."""

    def _trigger_server(self) -> None:
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = AnyPortController(inbox, hostname="127.0.0.1", port=0)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER = False, ""
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def change(db):
    return alerting_change(
        assessed(ChannelFactory(country_a="US", country_b="CN", kind=Kind.MILITARY))
    )


def fan_out(change, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        tasks.fanout_change(change.pk)


def test_alerts_reach_a_real_smtp_server_once_each_in_batches(
    smtp, change, settings, django_capture_on_commit_callbacks
):
    settings.ALERTS_EMAIL_BATCH = 100
    subscribers = SubscriberFactory.create_batch(150, scopes=["pair:CN-US"])
    fan_out(change, django_capture_on_commit_callbacks)
    received = Counter(rcpt for _peer, rcpts, _msg in smtp.messages for rcpt in rcpts)
    assert received == Counter({s.email: 1 for s in subscribers})
    assert len({peer for peer, _rcpts, _msg in smtp.messages}) == 2  # one connection per batch
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 150


def test_each_alert_carries_its_idempotency_key_and_one_click_unsubscribe(
    smtp, change, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="ana@example.org", scopes=["all"])
    fan_out(change, django_capture_on_commit_callbacks)
    [(_peer, rcpts, message)] = smtp.messages
    delivery = Delivery.objects.get()
    assert rcpts == ["ana@example.org"]
    assert message["Message-ID"] == f"<{delivery.key}@127.0.0.1>"
    assert (
        message["List-Unsubscribe"].strip().startswith("<http://127.0.0.1:8000/alerts/unsubscribe/")
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Subject"].endswith(": open → suspended")
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Open → Suspended" in text and "Suspended" in html


def test_an_unreachable_smtp_server_leaves_the_alerts_pending_for_a_retry(
    settings, change, django_capture_on_commit_callbacks
):
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    SubscriberFactory.create_batch(3, scopes=["all"])
    fan_out(change, django_capture_on_commit_callbacks)
    rows = Delivery.objects.all()
    assert {(d.status, d.attempts) for d in rows} == {(Delivery.Status.PENDING, 1)}
    assert "Connection refused" in rows.first().last_error or "Errno" in rows.first().last_error
