from datetime import UTC, datetime

import pytest
from django.urls import reverse

from channels_app.models import ChangeAudit, Channel, State, StateChange
from tests.factories import ChannelFactory, StateChangeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def history():
    """open (2022-01-01) -> suspended (2022-08-05) -> open (2023-11-15)."""
    channel = ChannelFactory()
    return [
        StateChangeFactory(channel=channel, state=state, effective_at=at)
        for state, at in [
            (State.OPEN, datetime(2022, 1, 1, tzinfo=UTC)),
            (State.SUSPENDED, datetime(2022, 8, 5, tzinfo=UTC)),
            (State.OPEN, datetime(2023, 11, 15, tzinfo=UTC)),
        ]
    ]


def url(name, change):
    return reverse(f"admin:channels_app_statechange_{name}", args=[change.pk])


def correction(**fields):
    data = {
        "state": "open",
        "effective_date": "2023-11-15",
        "effective_time": "00:00:00",
        "note": "",
        "reason": "Wrong date",
    }
    return {**data, **fields}


def test_a_correction_writes_an_audit_row_and_recomputes_the_state(
    editor_client, editor_user, history
):
    latest = history[-1]
    response = editor_client.post(url("correct", latest), correction(state="limited"))
    assert response.status_code == 302
    audit = ChangeAudit.objects.get()
    assert (audit.action, audit.actor, audit.reason) == ("correct", editor_user, "Wrong date")
    assert (audit.before["new_state"], audit.after["new_state"]) == ("open", "limited")
    assert Channel.objects.get(pk=latest.channel_id).state == State.LIMITED


def test_a_correction_of_the_date_only_keeps_the_state(editor_client, history):
    latest = history[-1]
    editor_client.post(url("correct", latest), correction(effective_date="2023-11-16"))
    latest.refresh_from_db()
    assert latest.effective_at == datetime(2023, 11, 16, tzinfo=UTC)
    assert latest.new_state == State.OPEN
    assert Channel.objects.get(pk=latest.channel_id).state_since == latest.effective_at


def test_a_correction_needs_a_reason(editor_client, history):
    latest = history[-1]
    response = editor_client.post(url("correct", latest), correction(state="limited", reason=" "))
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not ChangeAudit.objects.exists()
    assert StateChange.objects.get(pk=latest.pk).new_state == State.OPEN


def test_a_correction_that_changes_nothing_is_refused(editor_client, history):
    response = editor_client.post(url("correct", history[-1]), correction())
    assert "Nothing to correct" in response.content.decode()
    assert not ChangeAudit.objects.exists()


def test_a_correction_shows_the_service_message(editor_client, history):
    # Making the middle change "open" would repeat the state in force before it.
    response = editor_client.post(
        url("correct", history[1]), correction(state="open", effective_date="2022-08-05")
    )
    assert response.status_code == 200
    assert "was already open on 2022-08-05" in response.content.decode()
    assert not ChangeAudit.objects.exists()


def test_a_removal_writes_an_audit_row_and_recomputes_the_state(
    editor_client, editor_user, history
):
    latest = history[-1]
    response = editor_client.post(url("remove", latest), {"reason": "Never happened"})
    assert response.status_code == 302
    audit = ChangeAudit.objects.get()
    assert (audit.action, audit.actor, audit.reason) == ("remove", editor_user, "Never happened")
    assert StateChange.objects.get(pk=latest.pk).removed_at is not None
    assert Channel.objects.get(pk=latest.channel_id).state == State.SUSPENDED


def test_a_removal_needs_a_reason(editor_client, history):
    latest = history[-1]
    response = editor_client.post(url("remove", latest), {"reason": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert StateChange.objects.get(pk=latest.pk).removed_at is None
    assert not ChangeAudit.objects.exists()


def test_a_refused_removal_shows_the_service_message(editor_client, history):
    response = editor_client.post(url("remove", history[1]), {"reason": "Dup"})
    assert response.status_code == 200
    assert "would repeat the state in force" in response.content.decode()
    assert StateChange.objects.active().count() == 3


def test_corrections_and_removals_need_the_record_change_permission(plain_staff_client, history):
    latest = history[-1]
    assert plain_staff_client.get(url("correct", latest)).status_code == 403
    assert (
        plain_staff_client.post(url("correct", latest), correction(state="limited")).status_code
        == 403
    )
    assert plain_staff_client.post(url("remove", latest), {"reason": "x"}).status_code == 403
    assert not ChangeAudit.objects.exists()


def test_a_removed_change_cannot_be_corrected(editor_client, history):
    latest = history[-1]
    editor_client.post(url("remove", latest), {"reason": "Never happened"})
    response = editor_client.post(url("correct", latest), correction(state="limited"))
    assert response.status_code == 302
    assert ChangeAudit.objects.count() == 1


def test_the_audit_trail_shows_on_the_channel_page(editor_client, history):
    editor_client.post(url("remove", history[-1]), {"reason": "Never happened"})
    page = editor_client.get(
        reverse("admin:channels_app_channel_change", args=[history[-1].channel_id])
    ).content.decode()
    assert "Never happened" in page
    assert "<strong>Removed</strong>: no → yes" in page


def test_changes_evidence_and_audits_cannot_be_added_or_deleted(admin_client, history):
    change = history[-1]
    assert admin_client.get(reverse("admin:channels_app_statechange_add")).status_code == 403
    delete = reverse("admin:channels_app_statechange_delete", args=[change.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert admin_client.get(reverse("admin:channels_app_evidence_add")).status_code == 403
    assert admin_client.get(reverse("admin:channels_app_changeaudit_add")).status_code == 403
    assert StateChange.objects.filter(pk=change.pk).exists()


def test_the_change_page_links_to_correct_and_remove(editor_client, history):
    change = history[-1]
    page = editor_client.get(
        reverse("admin:channels_app_statechange_change", args=[change.pk])
    ).content.decode()
    assert url("correct", change) in page and url("remove", change) in page
