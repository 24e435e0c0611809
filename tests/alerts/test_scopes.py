"""Scope matching, table-driven: every scope against a change on every kind of channel, and
resolution through the real fan-out (one delivery per subscriber, however many scopes match)."""

import pytest

from channels_app.alerts.models import Delivery
from channels_app.alerts.services import fanout, scopes
from channels_app.models import Kind
from tests.factories import ChannelFactory

from .conftest import alerting_change, assessed
from .factories import SubscriberFactory

pytestmark = pytest.mark.django_db

# (scope, kinds of a CN-US change that it matches)
TABLE = [
    ("all", {"military", "trade", "diplomatic"}),
    ("kind:military", {"military"}),
    ("kind:trade", {"trade"}),
    ("kind:diplomatic", {"diplomatic"}),
    ("country:CN", {"military", "trade", "diplomatic"}),
    ("country:US", {"military", "trade", "diplomatic"}),
    ("country:FR", set()),
    ("pair:CN-US", {"military", "trade", "diplomatic"}),
    ("pair:FR-US", set()),
    ("channel:CN-US:military", {"military"}),
    ("channel:CN-US:trade", {"trade"}),
    ("channel:CN-US:diplomatic", {"diplomatic"}),
    ("channel:FR-US:military", set()),
]
CASES = [(scope, kind, kind in kinds) for scope, kinds in TABLE for kind in Kind.values]


@pytest.mark.parametrize(("scope", "kind", "expected"), CASES)
def test_a_change_matches_exactly_the_scopes_in_the_table(scope, kind, expected):
    channel = ChannelFactory.build(country_a="CN", country_b="US", kind=kind)
    assert scopes.matches(scope, channel) is expected


@pytest.mark.parametrize(("scope", "kind", "expected"), CASES)
def test_the_fan_out_delivers_to_a_subscriber_exactly_when_the_table_says(scope, kind, expected):
    channel = assessed(ChannelFactory(country_a="US", country_b="CN", kind=kind))
    ChannelFactory(country_a="FR", country_b="US", kind=kind)  # the FR scopes name something
    subscriber = SubscriberFactory(scopes=[scope])
    change = alerting_change(channel)
    fanout.fanout_change(change_id=change.pk)
    assert Delivery.objects.filter(change=change, subscriber=subscriber).exists() is expected


def test_overlapping_scopes_give_one_delivery(cn_us):
    subscriber = SubscriberFactory(
        scopes=[
            "all",
            "kind:military",
            "country:CN",
            "country:US",
            "pair:CN-US",
            "channel:CN-US:military",
        ]
    )
    change = alerting_change(cn_us)
    fanout.fanout_change(change_id=change.pk)
    assert Delivery.objects.filter(change=change, subscriber=subscriber).count() == 1


def test_unconfirmed_scopes_do_not_match(cn_us):
    subscriber = SubscriberFactory()
    subscriber.scopes.create(key="all", confirmed_at=None)
    fanout.fanout_change(change_id=alerting_change(cn_us).pk)
    assert not Delivery.objects.exists()


def test_unconfirmed_and_unsubscribed_addresses_get_nothing(cn_us):
    SubscriberFactory(confirmed_at=None, scopes=["all"])
    SubscriberFactory(unsubscribed_at=cn_us.state_since, scopes=["all"])
    fanout.fanout_change(change_id=alerting_change(cn_us).pk)
    assert not Delivery.objects.exists()


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("ALL", "all"),
        ("kind:Trade", "kind:trade"),
        ("country:cn", "country:CN"),
        ("pair:us-cn", "pair:CN-US"),
        (" channel:US-CN:military ", "channel:CN-US:military"),
    ],
)
def test_scope_keys_are_normalised(raw, key):
    assert scopes.parse(raw).key == key


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "everything",
        "kind:naval",
        "country:XX",
        "country:CHN",
        "pair:CN",
        "pair:CN-CN",
        "pair:CN-US-FR",
        "channel:CN-US",
        "channel:CN-US:space",
        "channel:CN-ZZ:trade",
        "<script>",
    ],
)
def test_unknown_scopes_are_refused_with_a_message(raw):
    with pytest.raises(scopes.InvalidScope) as refused:
        scopes.parse(raw)
    assert refused.value.messages[0]


def test_a_scope_that_names_no_tracked_channel_is_refused(cn_us):
    assert scopes.validate("pair:CN-US").key == "pair:CN-US"
    with pytest.raises(scopes.InvalidScope, match="No tracked channel"):
        scopes.validate("pair:FR-US")
    with pytest.raises(scopes.InvalidScope, match="No tracked channel"):
        scopes.validate("channel:CN-US:trade")
