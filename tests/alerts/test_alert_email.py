"""The alert email: templates, headers (idempotency key, RFC 8058), batching and failures."""

import pytest
from django.core import mail
from django.utils import timezone

from channels_app.alerts import tasks
from channels_app.alerts.models import Delivery
from channels_app.alerts.services import fanout, subscriptions
from channels_app.models import Kind

from .backends import CountingBackend, DroppingBackend, RefusingBackend
from .conftest import alerting_change, assessed
from .factories import SubscriberFactory

pytestmark = pytest.mark.django_db
Status = Delivery.Status


@pytest.fixture
def sent_alert(change, run_on_commit):
    SubscriberFactory(email="ana@example.org", scopes=["channel:CN-US:military"])
    run_on_commit(tasks.fanout_change, change.pk)
    [message] = mail.outbox
    return message


def html_of(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def test_the_subject_names_the_channel_and_both_states(sent_alert):
    assert sent_alert.subject == "US–China military channels: open → suspended"


def test_the_text_has_the_states_date_note_evidence_and_channel_link(sent_alert):
    body = sent_alert.body
    assert "Open → Suspended" in body
    assert "Effective: 1 November 2025" in body
    assert "China cancelled the theatre-commander talks" in body
    assert "Example News: China cancels military talks" in body
    assert "https://news.example/cancelled" in body
    assert "http://127.0.0.1:8000/channels/cn-us/military/" in body


def test_the_html_has_the_same_content_with_the_note_escaped(sent_alert):
    html = html_of(sent_alert)
    assert 'href="https://news.example/cancelled"' in html
    assert 'href="http://127.0.0.1:8000/channels/cn-us/military/"' in html
    assert "1 November 2025" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html


def test_every_alert_offers_one_click_unsubscribe(sent_alert):
    headers = sent_alert.extra_headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = headers["List-Unsubscribe"].strip("<>")
    assert url.startswith("http://127.0.0.1:8000/alerts/unsubscribe/")
    assert url in sent_alert.body and "/alerts/manage/" in sent_alert.body
    assert url.replace("&", "&amp;") in html_of(sent_alert)


def test_the_message_id_is_the_delivery_s_idempotency_key(sent_alert):
    delivery = Delivery.objects.get()
    assert sent_alert.extra_headers["Message-ID"] == f"<{delivery.key}@127.0.0.1>"
    assert sent_alert.message()["Message-ID"] == f"<{delivery.key}@127.0.0.1>"


def test_each_subscriber_gets_their_own_links(change, run_on_commit):
    SubscriberFactory.create_batch(2, scopes=["all"])
    run_on_commit(tasks.fanout_change, change.pk)
    first, second = (m.extra_headers["List-Unsubscribe"] for m in mail.outbox)
    assert first != second
    assert first.strip("<>") in mail.outbox[0].body


def test_alerts_go_out_in_batches_over_one_connection_each(change, run_on_commit, settings):
    settings.EMAIL_BACKEND = "tests.alerts.backends.CountingBackend"
    settings.ALERTS_EMAIL_BATCH = 100
    CountingBackend.opened = 0
    SubscriberFactory.create_batch(250, scopes=["all"])
    run_on_commit(tasks.fanout_change, change.pk)
    assert len(mail.outbox) == 250
    assert len({m.to[0] for m in mail.outbox}) == 250
    assert CountingBackend.opened == 3
    assert Delivery.objects.filter(status=Status.SENT).count() == 250


def test_a_lost_smtp_server_sends_the_rest_of_the_batch_back_for_a_retry(
    change, run_on_commit, settings
):
    settings.EMAIL_BACKEND = "tests.alerts.backends.DroppingBackend"
    DroppingBackend.allow, DroppingBackend.sent = 1, 0
    SubscriberFactory.create_batch(3, scopes=["all"])
    run_on_commit(tasks.fanout_change, change.pk)
    assert len(mail.outbox) == 1
    retried = Delivery.objects.filter(status=Status.PENDING)
    assert retried.count() == 2
    assert all(d.next_attempt_at > timezone.now() and d.attempts == 1 for d in retried)
    assert "SMTPServerDisconnected" in retried.first().last_error


def test_a_refused_recipient_fails_alone(change, run_on_commit, settings):
    settings.EMAIL_BACKEND = "tests.alerts.backends.RefusingBackend"
    SubscriberFactory(email=RefusingBackend.refused, scopes=["all"])
    SubscriberFactory(email="ana@example.org", scopes=["all"])
    run_on_commit(tasks.fanout_change, change.pk)
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    failed = Delivery.objects.get(status=Status.FAILED)
    assert failed.subscriber.email == RefusingBackend.refused and "550" in failed.last_error


def test_an_alert_queued_before_an_unsubscribe_is_skipped(change, run_on_commit):
    subscriber = SubscriberFactory(scopes=["all"])
    fanout.fanout_change(change_id=change.pk)  # rows exist, senders not run yet
    subscriptions.subscription_unsubscribe(subscriber=subscriber)
    from channels_app.alerts.services import email

    assert email.send_email_batch() == 0
    assert not mail.outbox
    assert Delivery.objects.get().status == Status.SKIPPED


def test_a_trade_change_names_its_own_channel(db, run_on_commit):
    from tests.factories import ChannelFactory

    trade = assessed(ChannelFactory(country_a="CN", country_b="US", kind=Kind.TRADE), "severed")
    SubscriberFactory(scopes=["kind:trade"])
    run_on_commit(alerting_change, trade, state="open")
    [message] = mail.outbox
    assert message.subject.endswith(": severed → open")
    assert "/channels/cn-us/trade/" in message.body


class RecordingSMTP:
    """Stands in for smtplib.SMTP under Django's SMTP backend; keeps what sendmail got."""

    sent: list[tuple[str, list[str], bytes]] = []

    def __init__(self, *args, **kwargs) -> None:
        pass

    def sendmail(self, from_addr, to_addrs, msg) -> dict:
        RecordingSMTP.sent.append((from_addr, list(to_addrs), msg))
        return {}

    def quit(self) -> None:
        pass


def test_merged_alerts_go_straight_to_smtp_with_their_envelope_and_key(
    change, run_on_commit, settings, monkeypatch
):
    from django.core.mail.backends.smtp import EmailBackend

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    monkeypatch.setattr(EmailBackend, "connection_class", property(lambda self: RecordingSMTP))
    monkeypatch.setattr(RecordingSMTP, "sent", [])

    def parsed_again(*args):
        raise AssertionError("the backend parsed the envelope addresses again")

    monkeypatch.setattr("django.core.mail.backends.smtp.sanitize_address", parsed_again)
    SubscriberFactory(email="ana@example.org", scopes=["all"])
    SubscriberFactory(email="bo@example.org", scopes=["all"])
    run_on_commit(tasks.fanout_change, change.pk)
    keys = dict(Delivery.objects.values_list("subscriber__email", "key"))
    assert [(f, to) for f, to, _raw in RecordingSMTP.sent] == [
        ("Channel Tracker <alerts@localhost>", ["ana@example.org"]),
        ("Channel Tracker <alerts@localhost>", ["bo@example.org"]),
    ]
    for _from, [to], raw in RecordingSMTP.sent:
        assert f"Message-ID: <{keys[to]}@127.0.0.1>".encode() in raw
        assert f"To: {to}".encode() in raw
    assert Delivery.objects.filter(status=Status.SENT).count() == 2
