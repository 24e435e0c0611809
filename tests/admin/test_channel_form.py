from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from channels_app.models import Channel, Kind, State
from tests.factories import ChannelFactory, StateChangeFactory

pytestmark = pytest.mark.django_db
ADD = reverse("admin:channels_app_channel_add")


def add_channel(client, **fields):
    data = {
        "first_country": "us",
        "second_country": "CN",
        "kind": "military",
        "name": "",
        "description": "",
        "mechanisms": "",
        "stale_after_days": "90",
    }
    return client.post(ADD, {**data, **fields})


def test_adding_a_channel_sorts_the_pair_and_names_it(editor_client):
    response = add_channel(editor_client, stale_after_days="30")
    assert response.status_code == 302
    channel = Channel.objects.get()
    assert (channel.country_a.code, channel.country_b.code) == ("CN", "US")
    assert channel.name == "China–United States military channels"
    assert channel.stale_after_days == 30
    assert channel.state == State.UNKNOWN


def test_adding_a_channel_with_the_same_country_twice_shows_the_error(editor_client):
    response = add_channel(editor_client, first_country="US", second_country="us")
    assert response.status_code == 200
    assert "A channel links two different countries, not US with itself." in (
        response.content.decode()
    )
    assert not Channel.objects.exists()


def test_adding_a_channel_with_an_unknown_code_shows_the_error(editor_client):
    response = add_channel(editor_client, second_country="XX")
    assert response.status_code == 200
    assert "&#x27;XX&#x27; is not an ISO 3166-1 alpha-2 country code." in (
        response.content.decode()
    )
    assert not Channel.objects.exists()


def test_adding_a_channel_that_exists_shows_the_error(editor_client):
    ChannelFactory(country_a="CN", country_b="US", kind=Kind.MILITARY)
    response = add_channel(editor_client)
    assert response.status_code == 200
    assert "There is already a military channel for CN–US." in response.content.decode()
    assert Channel.objects.count() == 1


def test_editing_a_channel_changes_only_its_descriptive_fields(editor_client):
    channel = ChannelFactory(country_a="CN", country_b="US")
    StateChangeFactory(channel=channel, state=State.SEVERED)
    response = editor_client.post(
        reverse("admin:channels_app_channel_change", args=[channel.pk]),
        {
            "name": "Renamed",
            "description": "d",
            "mechanisms": "hotline",
            "stale_after_days": "45",
            "auto_apply_window_hours": "48",
            "country_a": "AU",
            "kind": "trade",
            "state": "open",
            "confirmed_at": "2020-01-01 00:00",
            "changes-TOTAL_FORMS": "1",
            "changes-INITIAL_FORMS": "1",
            "changes-MIN_NUM_FORMS": "0",
            "changes-MAX_NUM_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()
    channel.refresh_from_db()
    assert (channel.name, channel.mechanisms, channel.stale_after_days) == (
        "Renamed",
        "hotline",
        45,
    )
    assert (channel.country_a.code, channel.kind, channel.state) == ("CN", "military", "severed")
    assert channel.confirmed_at is None


def test_the_channel_page_shows_the_full_history_in_a_fixed_number_of_queries(editor_client):
    channel = ChannelFactory()
    url = reverse("admin:channels_app_channel_change", args=[channel.pk])

    def add(state, day):
        StateChangeFactory(
            channel=channel,
            state=state,
            effective_at=datetime(2024, 1, day, tzinfo=UTC),
        )

    add(State.OPEN, 1)
    add(State.SUSPENDED, 2)
    with CaptureQueriesContext(connection) as two:
        editor_client.get(url)
    for day in range(3, 13):
        add(State.OPEN if day % 2 else State.SUSPENDED, day)
    with CaptureQueriesContext(connection) as twelve:
        page = editor_client.get(url).content.decode()
    assert page.count('class="field-transition"') == 12
    assert len(twelve) == len(two)
