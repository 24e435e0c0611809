from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_countries import countries

from channels_app.models import Channel, Kind, State
from tests.factories import ChannelFactory, StateChangeFactory

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:channels_app_channel_changelist")


def listed(client, **params):
    response = client.get(CHANGELIST, params)
    assert response.status_code == 200
    return {c.pk for c in response.context["cl"].result_list}


def test_the_changelist_shows_the_pair_with_names_state_text_and_staleness(editor_client):
    channel = ChannelFactory(country_a="US", country_b="CN")
    StateChangeFactory(channel=channel, state=State.SEVERED)
    page = editor_client.get(CHANGELIST).content.decode()
    assert "CN–US" in page and "China – United States" in page
    assert "Severed" in page
    assert "fresh" in page


def test_the_country_filter_matches_either_side_and_lists_present_countries(editor_client):
    cn_us = ChannelFactory(country_a="CN", country_b="US")
    ru_ua = ChannelFactory(country_a="RU", country_b="UA")
    au_us = ChannelFactory(country_a="AU", country_b="US")
    assert listed(editor_client, country="US") == {cn_us.pk, au_us.pk}
    assert listed(editor_client, country="UA") == {ru_ua.pk}
    country_filter = next(
        f
        for f in editor_client.get(CHANGELIST).context["cl"].filter_specs
        if getattr(f, "parameter_name", None) == "country"
    )
    assert [code for code, _ in country_filter.lookup_choices] == ["AU", "CN", "RU", "UA", "US"]


def test_the_state_and_kind_filters(editor_client):
    severed = ChannelFactory(kind=Kind.TRADE)
    StateChangeFactory(channel=severed, state=State.SEVERED)
    ChannelFactory(kind=Kind.MILITARY)
    assert listed(editor_client, state="severed") == {severed.pk}
    assert listed(editor_client, kind="trade") == {severed.pk}


def test_the_stale_filter_uses_the_latest_of_change_and_confirmation(editor_client):
    now = timezone.now()
    never = ChannelFactory()
    old = ChannelFactory(stale_after_days=30)
    StateChangeFactory(channel=old, effective_at=now - timedelta(days=40))
    confirmed = ChannelFactory(stale_after_days=30, confirmed_at=now - timedelta(days=2))
    StateChangeFactory(channel=confirmed, effective_at=now - timedelta(days=400))
    recent = ChannelFactory(stale_after_days=30)
    StateChangeFactory(channel=recent, effective_at=now - timedelta(days=10))
    long_allowance = ChannelFactory(stale_after_days=100)
    StateChangeFactory(channel=long_allowance, effective_at=now - timedelta(days=40))
    assert listed(editor_client, stale="stale") == {never.pk, old.pk}
    assert listed(editor_client, stale="fresh") == {confirmed.pk, recent.pk, long_allowance.pk}
    # The filter agrees with the model's own rule.
    assert {c.pk for c in Channel.objects.all() if c.is_stale()} == {never.pk, old.pk}


@pytest.mark.parametrize("term", ["cn", "CN", "china", "military-to-military"])
def test_search_by_code_country_name_and_channel_name(editor_client, term):
    cn_us = ChannelFactory(
        country_a="CN", country_b="US", name="US–China military-to-military channels"
    )
    ChannelFactory(country_a="RU", country_b="UA")
    assert listed(editor_client, q=term) == {cn_us.pk}


def test_a_two_letter_search_matches_codes_not_country_names(editor_client):
    ChannelFactory(country_a="RU", country_b="UA", name="Kyiv–Moscow hotline")  # "Russia"
    assert listed(editor_client, q="us") == set()


def changelist_queries(client, expected_rows, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST, params)
    assert len(response.context["cl"].result_list) == expected_rows
    return len(queries)


@pytest.mark.parametrize("params", [{}, {"country": "US", "stale": "stale", "q": "united"}])
def test_the_changelist_query_count_does_not_grow_with_channels(editor_client, params):
    partners = iter(code for code, _ in countries if code != "US")

    def add_channels(count):
        for _ in range(count):
            channel = ChannelFactory(country_a="US", country_b=next(partners))
            StateChangeFactory(channel=channel, effective_at=datetime(2024, 1, 1, tzinfo=UTC))

    add_channels(5)
    with_five = changelist_queries(editor_client, 5, **params)
    add_channels(25)
    assert changelist_queries(editor_client, 30, **params) == with_five
