import pytest

from channels_app.models import Channel, Feed, Kind
from tests.factories import ChannelFactory
from tests.net.conftest import local_server  # noqa: F401  (the real HTTP server fixture)

from .feeds import FeedFactory


@pytest.fixture
def private_ok(settings):
    """The local server is on 127.0.0.1, which the outbound guard refuses by default."""
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = True


@pytest.fixture
def served_feed(db, local_server, private_ok) -> Feed:  # noqa: F811
    """A feed at /rss on the local server; fill the route in the test."""
    return FeedFactory(url=local_server.url("/rss"), outlet="Crisis Desk")


@pytest.fixture
def cn_us(db) -> Channel:
    """The tracked channel that the feeds' headlines (tests.news.feeds.SUSPENDS) are about."""
    return ChannelFactory(country_a="CN", country_b="US", kind=Kind.MILITARY)
