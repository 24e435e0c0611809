from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from channels_app.models import Channel, Evidence, Origin, State, StateChange
from tests.factories import ChannelFactory, StateChangeFactory

pytestmark = pytest.mark.django_db


def record_url(channel):
    return reverse("admin:channels_app_channel_record_change", args=[channel.pk])


def post_change(client, channel, **fields):
    data = {
        "state": "suspended",
        "effective_date": "2024-03-01",
        "note": "",
        "evidence": "https://example.org/source",
    }
    return client.post(record_url(channel), {**data, **fields})


def test_an_editor_records_a_change_and_sees_it_in_history(editor_client, editor_user):
    channel = ChannelFactory(country_a="US", country_b="CN")
    response = post_change(
        editor_client,
        channel,
        note="Talks cancelled",
        evidence="https://example.org/a | Example News | Talks off\nhttps://example.org/b",
    )
    assert response.status_code == 302
    assert response.url == reverse("admin:channels_app_channel_change", args=[channel.pk])
    change = StateChange.objects.get(channel=channel)
    assert (change.origin, change.actor, change.new_state) == (
        Origin.MANUAL,
        editor_user,
        State.SUSPENDED,
    )
    assert change.effective_at == datetime(2024, 3, 1, tzinfo=UTC)
    assert [(e.url, e.outlet, e.title) for e in Evidence.objects.order_by("id")] == [
        ("https://example.org/a", "Example News", "Talks off"),
        ("https://example.org/b", "", ""),
    ]
    channel.refresh_from_db()
    assert channel.state == State.SUSPENDED
    page = editor_client.get(response.url).content.decode()
    assert "Talks cancelled" in page and "https://example.org/a" in page


def test_the_optional_time_is_taken_as_utc(editor_client):
    channel = ChannelFactory()
    post_change(editor_client, channel, effective_time="14:30")
    change = StateChange.objects.get(channel=channel)
    assert change.effective_at == datetime(2024, 3, 1, 14, 30, tzinfo=UTC)


def test_a_staff_user_without_the_editors_group_gets_403_and_nothing_is_written(
    plain_staff_client,
):
    channel = ChannelFactory()
    assert plain_staff_client.get(record_url(channel)).status_code == 403
    assert post_change(plain_staff_client, channel).status_code == 403
    assert not StateChange.objects.exists()


def test_the_form_shows_the_state_already_in_force_and_writes_nothing(editor_client):
    channel = ChannelFactory()
    StateChangeFactory(
        channel=channel, state=State.SUSPENDED, effective_at=datetime(2024, 1, 1, tzinfo=UTC)
    )
    response = post_change(editor_client, channel, state="suspended")
    assert response.status_code == 200
    assert "was already suspended on 2024-03-01 (since 2024-01-01)" in response.content.decode()
    assert StateChange.objects.count() == 1


def test_the_form_refuses_a_future_date_and_writes_nothing(editor_client):
    channel = ChannelFactory()
    tomorrow = (timezone.now() + timedelta(days=1)).date().isoformat()
    response = post_change(editor_client, channel, effective_date=tomorrow)
    assert response.status_code == 200
    assert "is in the future" in response.content.decode()
    assert not StateChange.objects.exists()


def test_the_form_refuses_a_bad_evidence_url_and_writes_nothing(editor_client):
    channel = ChannelFactory()
    response = post_change(editor_client, channel, evidence="ftp://example.org/x | Outlet")
    assert response.status_code == 200
    assert "ftp://example.org/x" in response.content.decode()
    assert "is not a valid http(s) URL" in response.content.decode()
    assert not StateChange.objects.exists()
    assert not Evidence.objects.exists()


def test_the_record_change_link_shows_only_to_editors(
    editor_client, plain_staff_client, admin_client
):
    channel = ChannelFactory()
    page = reverse("admin:channels_app_channel_change", args=[channel.pk])
    assert record_url(channel) in editor_client.get(page).content.decode()
    assert record_url(channel) in admin_client.get(page).content.decode()
    assert plain_staff_client.get(page).status_code == 403  # cannot even view channels


def test_the_still_accurate_button_confirms_the_state(editor_client):
    channel = ChannelFactory()
    url = reverse("admin:channels_app_channel_confirm", args=[channel.pk])
    assert editor_client.get(url).status_code == 405
    response = editor_client.post(url)
    assert response.status_code == 302
    channel.refresh_from_db()
    assert channel.confirmed_at is not None
    assert not StateChange.objects.exists()


def test_the_still_accurate_button_needs_the_permission(plain_staff_client):
    channel = ChannelFactory()
    url = reverse("admin:channels_app_channel_confirm", args=[channel.pk])
    assert plain_staff_client.post(url).status_code == 403
    assert Channel.objects.get(pk=channel.pk).confirmed_at is None


def test_the_still_accurate_action_confirms_the_selected_channels(editor_client):
    chosen, other = ChannelFactory(), ChannelFactory()
    response = editor_client.post(
        reverse("admin:channels_app_channel_changelist"),
        {"action": "confirm_still_accurate", "_selected_action": [chosen.pk]},
    )
    assert response.status_code == 302
    assert Channel.objects.get(pk=chosen.pk).confirmed_at is not None
    assert Channel.objects.get(pk=other.pk).confirmed_at is None


def test_the_form_prints_no_template_comment_as_text(editor_client):
    page = editor_client.get(record_url(ChannelFactory())).content.decode()
    assert "{#" not in page and "#}" not in page
