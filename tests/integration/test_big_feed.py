"""A feed of 100,000 entries (9.8 MiB, under the 10 MiB body cap) polled by a real worker:
each poll stores a share of it within the task's soft time limit, newest first, and says
so on the feed; the next poll stores more. (Before, every poll ran out of time and rolled
back: nothing was ever stored.)"""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from channels_app.models import Article, Feed
from channels_app.news.services.feeds import feed_create
from channels_app.news.tasks import poll_feed
from tests.net.conftest import local_server  # noqa: F401  (the real HTTP server fixture)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
ENTRIES = 100_000
START = datetime(2024, 1, 1, tzinfo=UTC)


def big_atom(n: int) -> bytes:
    """n entries, the i-th dated i minutes after START; as terse as Atom allows."""
    entries = "".join(
        f"<entry><id>http://b.example/{i}</id><title>N{i}</title>"
        f"<updated>{START + timedelta(minutes=i):%Y-%m-%dT%H:%MZ}</updated></entry>"
        for i in range(n)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Big</title><id>urn:big</id><updated>2024-06-01T00:00Z</updated>{entries}</feed>"
    ).encode()


@pytest.fixture
def worker_env():
    # The worker fetches from 127.0.0.1, which the outbound guard refuses by default.
    return {"OUTBOUND_ALLOW_PRIVATE_ADDRESSES": "1"}


def polled_by_worker(worker, feed: Feed) -> tuple[float, Feed]:
    """Queue one poll to the worker and wait for it to record itself on the feed; the
    seconds from the poll's start (its last_polled_at: not the worker's start-up) to then,
    and the feed after it."""
    before = Feed.objects.get(pk=feed.pk).last_polled_at
    poll_feed.apply_async((feed.pk,), queue=worker.queue)
    polled = Feed.objects.filter(pk=feed.pk).exclude(last_polled_at=before)
    assert worker.wait_for(polled.exists, timeout=240), worker.log.read_text()[-3000:]
    feed = Feed.objects.get(pk=feed.pk)
    return (timezone.now() - feed.last_polled_at).total_seconds(), feed


def test_a_feed_of_100000_entries_is_stored_a_share_per_poll(
    local_server,  # noqa: F811
    celery_worker_process,
    settings,
    capsys,
):
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = True  # feed_create checks the URL here
    body = big_atom(ENTRIES)
    assert len(body) < settings.OUTBOUND_MAX_BODY_BYTES
    url = local_server.route(
        "/big.xml", body=body, headers={"Content-Type": "application/atom+xml", "ETag": '"1"'}
    )
    feed = feed_create(url=url, outlet="Big")
    cap = settings.FEEDS_MAX_NEW_ENTRIES_PER_POLL  # the worker's default, too

    first_seconds, feed = polled_by_worker(celery_worker_process, feed)
    first = Article.objects.filter(feed=feed).count()
    first_error = feed.last_error
    second_seconds, feed = polled_by_worker(celery_worker_process, feed)
    second = Article.objects.filter(feed=feed).count()

    with capsys.disabled():
        print(
            f"\nbig feed ({ENTRIES:,} entries, {len(body) / 2**20:.1f} MiB): "
            f"poll 1 {first_seconds:.1f} s, {first:,} articles; "
            f"poll 2 {second_seconds:.1f} s, {second:,} articles in all"
        )
    assert feed.error_count == 0, feed.last_error  # no SoftTimeLimitExceeded, no rollback
    assert 0 < first <= cap
    assert first < second <= 2 * cap
    assert first_error.startswith(f"stored {first:,} of {ENTRIES:,} new entries; the rest on")
    newest = Article.objects.filter(feed=feed).order_by("published_at").last()
    assert newest.guid == f"http://b.example/{ENTRIES - 1}"  # newest first
    assert [r.headers.get("If-None-Match") for r in local_server.requests] == [None, None]
