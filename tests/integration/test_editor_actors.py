"""An actor an editor adds reaches a running worker without a restart: the worker has read
the table once (a first poll), the editor adds a row, the next poll detects it."""

from datetime import date, timedelta
from email.utils import format_datetime

import pytest
from django.utils import timezone

from channels_app.models import Actor, Detection, Feed
from channels_app.news.services.actors import actor_save
from channels_app.news.services.feeds import feed_create
from channels_app.news.services.polling import dispatch_due_feeds
from channels_app.news.tasks import poll_feed
from tests.net.conftest import local_server  # noqa: F401  (the real HTTP server fixture)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

HEADLINE = "Someone Newname suspends military talks with China"


def document(guid: str, title: str, published) -> bytes:
    stamp = format_datetime(published, usegmt=True)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Desk</title><link>https://desk.example/</link>
<description>News</description><item><title>{title}</title>
<guid isPermaLink="false">{guid}</guid><pubDate>{stamp}</pubDate></item>
</channel></rss>""".encode()


@pytest.fixture
def worker_env():
    # The worker checks the editors' rows at every ingest here (30 s by default).
    return {"OUTBOUND_ALLOW_PRIVATE_ADDRESSES": "1", "NEWS_ACTORS_CHECK_SECONDS": "0"}


@pytest.fixture
def here(settings):
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = True
    settings.FEEDS_JITTER_SECONDS = 0


def poll(worker, feed: Feed) -> None:
    Feed.objects.filter(pk=feed.pk).update(next_poll_at=timezone.now(), last_polled_at=None)
    for c in dispatch_due_feeds():
        poll_feed.apply_async(
            (c.feed_id, c.claimed_at.isoformat()), countdown=c.countdown, queue=worker.queue
        )
    polled = Feed.objects.filter(pk=feed.pk, last_polled_at__isnull=False)
    assert worker.wait_for(polled.exists), worker.log.read_text()[-3000:]


def test_an_actor_added_while_the_worker_runs_is_detected_at_the_next_poll(
    local_server,  # noqa: F811
    celery_worker_process,
    here,
):
    published = timezone.now() - timedelta(hours=1)
    first = local_server.route("/one.xml", body=document("one", HEADLINE, published))
    second = local_server.route("/two.xml", body=document("two", HEADLINE, published))
    one = feed_create(url=first, outlet="Desk One")
    two = feed_create(url=second, outlet="Desk Two")
    Feed.objects.filter(pk=two.pk).update(enabled=False)
    poll(celery_worker_process, one)
    assert not Detection.objects.exists()  # the worker's table has no such name yet

    actor = Actor(name="Someone Newname", country="NZ", type="person", role="defence")
    actor.kind_hint, actor.valid_from, actor.source = "military", date(2020, 1, 1), "an editor"
    actor_save(actor=actor, by=None)
    Feed.objects.filter(pk=one.pk).update(enabled=False)
    Feed.objects.filter(pk=two.pk).update(enabled=True)
    poll(celery_worker_process, two)

    found = Detection.objects.get()
    assert (found.country_a, found.country_b, found.article.feed_id) == ("CN", "NZ", two.pk)
