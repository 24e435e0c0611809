from datetime import timedelta

import pytest
from django.utils import timezone

from channels_app.models import Feed
from channels_app.net import http
from channels_app.news.services.feeds import feed_create, feed_poll_now, feed_validate_url
from channels_app.services.errors import ChangeRejected
from tests.net import conftest as net

pytestmark = pytest.mark.django_db
local_server = net.local_server  # the real HTTP server fixture on 127.0.0.1
RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Local wire</title>
<item><title>Hotline talks resume</title><link>https://wire.example/1</link>
<guid>https://wire.example/1</guid></item></channel></rss>"""


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1/feed", "http://10.0.0.1/rss", "http://169.254.169.254/"]
)
def test_a_private_address_is_refused(settings, url):
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(ChangeRejected, match="private or local address"):
        feed_validate_url(url)


def test_a_host_that_does_not_resolve_now_is_left_to_the_poller(monkeypatch):
    def no_dns(url):
        raise http.FetchError("dns", "cannot resolve", transient=True)

    monkeypatch.setattr(http, "check_url", no_dns)
    feed_validate_url("https://feeds.example/rss")  # does not raise


def test_feed_create_refuses_a_url_already_added():
    feed_create(url="https://93.184.215.14/rss")
    with pytest.raises(ChangeRejected, match="already added"):
        feed_create(url=" https://93.184.215.14/rss ")


def test_feed_create_refuses_a_private_address_and_writes_nothing(settings):
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(ChangeRejected):
        feed_create(url="http://192.168.1.1/rss")
    assert not Feed.objects.exists()


def test_a_feed_whose_address_turned_private_is_refused_again_when_fetched(
    settings,
    local_server,
    django_capture_on_commit_callbacks,
):
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = False
    feed = Feed.objects.create(url=local_server.route("/rss", body=RSS))  # saved around the check
    with django_capture_on_commit_callbacks(execute=True):
        assert feed_poll_now(feed=feed) is True
    feed.refresh_from_db()
    assert feed.error_count == 1 and feed.last_error.startswith("blocked_address")
    assert local_server.requests == []


def test_poll_now_polls_the_feed_after_commit(
    settings,
    local_server,
    django_capture_on_commit_callbacks,
):
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = True
    feed = feed_create(url=local_server.route("/rss", body=RSS), poll_interval=timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        feed_poll_now(feed=feed)
    assert local_server.requests == []  # nothing is queued before the commit
    for callback in callbacks:
        callback()  # Celery is eager in tests: this is the poll
    feed.refresh_from_db()
    assert [r.path for r in local_server.requests] == ["/rss"]
    assert feed.last_success_at is not None and feed.claimed_at is None
    assert feed.next_poll_at > timezone.now() + timedelta(minutes=50)
    assert feed.articles.get().title == "Hotline talks resume"
