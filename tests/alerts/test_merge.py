"""The MIME-level mail merge of alert batches: merged bytes say what Django would have built,
and anything that would need encoding falls back to Django."""

import email
import email.policy

import pytest
from django.utils import timezone

from channels_app.alerts import tasks
from channels_app.alerts.models import Delivery
from channels_app.alerts.services import email as alert_email
from channels_app.alerts.services import fanout, merge, outbox

from .factories import SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def claimed(change):
    SubscriberFactory(email="ana@example.org", scopes=["all"])
    fanout.fanout_change(change_id=change.pk)
    [delivery] = outbox.claim(transport="email", limit=1, now=timezone.now()).deliveries
    rendered = alert_email.render_change(delivery.change)
    return delivery, rendered, alert_email.alert_template(rendered)


def parse(raw: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(raw, policy=email.policy.default)


def test_a_merged_alert_has_the_headers_and_parts_django_would_build(claimed):
    delivery, rendered, template = claimed
    assert template is not None
    merged = alert_email.alert_message(delivery, rendered, template)
    assert merged.raw is not None
    built = alert_email.alert_message(delivery, rendered)  # no template: Django builds it
    ours, django = parse(merged.message().as_bytes()), parse(built.message().as_bytes())
    for header in ("Subject", "To", "From", "Message-ID", "List-Unsubscribe-Post"):
        assert ours[header] == django[header], header
    assert ours["List-Unsubscribe"].strip() == django["List-Unsubscribe"].strip()
    for part in ("plain", "html"):
        assert ours.get_body((part,)).get_content() == django.get_body((part,)).get_content()


def test_merged_alerts_differ_only_where_subscribers_differ(change):
    SubscriberFactory.create_batch(2, scopes=["all"])
    fanout.fanout_change(change_id=change.pk)
    first, second = outbox.claim(transport="email", limit=2, now=timezone.now()).deliveries
    rendered = alert_email.render_change(first.change)
    template = alert_email.alert_template(rendered)
    a = parse(alert_email.alert_message(first, rendered, template).raw)
    b = parse(alert_email.alert_message(second, rendered, template).raw)
    assert a["To"] != b["To"] and a["Message-ID"] != b["Message-ID"]
    assert a["To"] == first.subscriber.email and a["Message-ID"] == f"<{first.key}@127.0.0.1>"


def test_a_non_ascii_address_is_built_by_django(claimed):
    delivery, rendered, template = claimed
    delivery.subscriber.email = "anaïs@example.org"
    assert alert_email.alert_message(delivery, rendered, template).raw is None


def test_a_template_with_quoted_printable_parts_is_refused(claimed):
    _delivery, rendered, _template = claimed
    long_line = alert_email.Rendered(rendered.subject, rendered.text + "x" * 1200, rendered.html)
    assert alert_email.alert_template(long_line) is None  # its merged lines would break QP


def test_a_template_whose_marks_did_not_survive_is_refused(claimed):
    _delivery, rendered, _template = claimed
    doubled = alert_email.Rendered(rendered.subject, rendered.text + merge.TO_MARK, rendered.html)
    assert alert_email.alert_template(doubled) is None


def test_the_readable_email_keeps_its_subject_in_clear(claimed):
    delivery, rendered, template = claimed
    merged = alert_email.alert_message(delivery, rendered, template)
    assert merged.subject == "US–China military channels: open → suspended"
    assert merge.encoded_subject(merged.subject).startswith("=?utf-8?")


def test_each_batch_goes_out_as_merged_bytes(change, run_on_commit, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    SubscriberFactory.create_batch(3, scopes=["all"])
    run_on_commit(tasks.fanout_change, change.pk)
    from django.core import mail

    assert all(isinstance(m.message(), merge.Prebuilt) for m in mail.outbox)
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 3
