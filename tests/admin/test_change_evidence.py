"""The admin's doors to evidence: the record-change form refuses a change without a source,
and editors add or remove sources on a recorded change (audited)."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from channels_app.models import ChangeAudit, Evidence, StateChange
from tests.factories import ChannelFactory, StateChangeFactory

pytestmark = pytest.mark.django_db

LONG = "https://news.example/" + "x" * 10_000


def record(client, channel, evidence):
    data = {"state": "suspended", "effective_date": "2024-03-01", "note": "", "evidence": evidence}
    return client.post(reverse("admin:channels_app_channel_record_change", args=[channel.pk]), data)


def evidence_url(change):
    return reverse("admin:channels_app_statechange_evidence", args=[change.pk])


def errors_of(response, field):
    return [str(e) for e in response.context["form"].errors.get(field, [])]


@pytest.mark.parametrize("evidence", ["", "   \n  \n"])
def test_the_record_form_refuses_a_change_without_a_source(editor_client, evidence):
    channel = ChannelFactory()
    response = record(editor_client, channel, evidence)
    assert response.status_code == 200
    assert errors_of(response, "evidence") == [
        "A change needs at least one source: add the link of an article that reports it."
    ]
    assert not StateChange.objects.exists()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("javascript:alert(1)", "is not a valid http(s) URL"),
        ("data:text/html,hi", "is not a valid http(s) URL"),
        (LONG, "longer than 2000 characters"),
    ],
)
def test_the_record_form_refuses_a_bad_source_with_a_clear_error(editor_client, url, message):
    channel = ChannelFactory()
    response = record(editor_client, channel, url)
    assert response.status_code == 200
    assert message in " ".join(errors_of(response, "evidence"))
    assert not StateChange.objects.exists() and not Evidence.objects.exists()


@pytest.fixture
def change():
    return StateChangeFactory(effective_at=datetime(2024, 1, 1, tzinfo=UTC))


def test_an_editor_adds_and_removes_sources_and_the_audit_trail_shows_it(editor_client, change):
    old = change.evidence.get()
    page = editor_client.get(reverse("admin:channels_app_statechange_change", args=[change.pk]))
    assert evidence_url(change) in page.content.decode()
    response = editor_client.post(
        evidence_url(change),
        {
            "remove": [str(old.pk)],
            "add": "https://news.example/better | Better News | Talks off",
            "reason": "A first-hand report",
        },
    )
    assert response.status_code == 302
    assert [(e.url, e.outlet) for e in change.evidence.all()] == [
        ("https://news.example/better", "Better News")
    ]
    assert ChangeAudit.objects.get().reason == "A first-hand report"
    page = editor_client.get(response.url).content.decode()
    assert f"<strong>Sources</strong>: {old.url} → https://news.example/better" in page
    assert "&quot;new_state&quot;" not in page  # no raw JSON snapshot


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"add": "javascript:alert(1)"}, "add", "is not a valid http(s) URL"),
        ({"add": "data:text/plain,x"}, "add", "is not a valid http(s) URL"),
        ({"add": LONG}, "add", "longer than 2000 characters"),
        ({"remove": "OLD"}, "add", "at least one source"),
        ({}, None, "Nothing to correct"),
    ],
)
def test_bad_evidence_corrections_are_form_errors_and_write_nothing(
    editor_client, change, data, field, message
):
    old = change.evidence.get()
    if data.get("remove") == "OLD":
        data = {"remove": [str(old.pk)]}
    response = editor_client.post(evidence_url(change), {**data, "reason": "Fix"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    shown = " ".join(str(e) for e in errors.get(field or "__all__", []))
    assert message in shown
    assert list(change.evidence.all()) == [old] and not ChangeAudit.objects.exists()


def test_a_staff_user_outside_editors_cannot_correct_sources(plain_staff_client, change):
    assert plain_staff_client.get(evidence_url(change)).status_code == 403
