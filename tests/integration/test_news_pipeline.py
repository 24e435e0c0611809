"""The news pipeline end to end on Redis with a real worker process: a feed served by a local
HTTP server -> article -> proposal -> accepted by an editor -> a change in the history."""

from datetime import timedelta
from email.utils import format_datetime

import pytest
from django.utils import timezone

from channels_app.models import Article, Feed, Kind, Origin, Proposal, State
from channels_app.news.services.feeds import feed_create
from channels_app.news.services.polling import dispatch_due_feeds
from channels_app.news.services.proposals import proposal_accept
from channels_app.news.tasks import poll_feed
from channels_app.services.changes import EvidenceInput, channel_set_state
from channels_app.services.channels import channel_create
from tests.factories import UserFactory
from tests.net.conftest import local_server  # noqa: F401  (the real HTTP server fixture)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

LINK = "https://desk.example/world/us-china-military-talks-resume"


def feed_document(published) -> bytes:
    stamp = format_datetime(published, usegmt=True)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Crisis Desk</title><link>https://desk.example/</link>
<description>News</description>
<item><title>US and China resume military talks</title><link>{LINK}</link>
<guid isPermaLink="false">desk-1</guid><pubDate>{stamp}</pubDate>
<description>Defence officials from Washington and Beijing met in Honolulu.</description></item>
<item><title>Weather: storms ahead</title><link>https://desk.example/weather</link>
<guid isPermaLink="false">desk-2</guid><pubDate>{stamp}</pubDate></item>
</channel></rss>""".encode()


@pytest.fixture
def worker_env():
    # The worker fetches from 127.0.0.1, which the outbound guard refuses by default; the
    # `settings` fixture cannot reach another process, its environment can.
    return {"OUTBOUND_ALLOW_PRIVATE_ADDRESSES": "1"}


@pytest.fixture
def here(settings):
    """This process: feed_create checks the URL against the same guard; no jitter."""
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = True
    settings.FEEDS_JITTER_SECONDS = 0


def test_a_served_feed_becomes_an_accepted_change_in_history(
    local_server,  # noqa: F811
    celery_worker_process,
    here,
):
    now = timezone.now()
    channel = channel_create(country_a="US", country_b="CN", kind=Kind.MILITARY)
    channel_set_state(
        channel=channel,
        state=State.SUSPENDED,
        effective_at=now - timedelta(days=30),
        origin=Origin.MANUAL,
        evidence=[EvidenceInput(url="https://desk.example/world/talks-cut", outlet="Desk")],
    )
    url = local_server.route(
        "/desk.xml",
        body=feed_document(now - timedelta(hours=3)),
        headers={"Content-Type": "application/rss+xml; charset=utf-8"},
    )
    feed = feed_create(url=url, outlet="Crisis Desk")

    # The dispatcher's claim, with the polls sent to this worker's own queue: a developer's
    # worker on the default queue must not take them (nor this test take theirs).
    claimed = dispatch_due_feeds()
    assert [c.feed_id for c in claimed] == [feed.pk]
    for c in claimed:
        poll_feed.apply_async(
            (c.feed_id, c.claimed_at.isoformat()),
            countdown=c.countdown,
            queue=celery_worker_process.queue,
        )
    # The poll writes the feed's health last, after the articles and proposals.
    polled = Feed.objects.filter(pk=feed.pk, last_polled_at__isnull=False)
    log = celery_worker_process.log
    assert celery_worker_process.wait_for(polled.exists), log.read_text()[-3000:]

    feed.refresh_from_db()
    assert (feed.last_error, feed.error_count, feed.claimed_at) == ("", 0, None)
    assert [r.path for r in local_server.requests] == ["/desk.xml"]
    article = Article.objects.get(feed=feed, link=LINK)
    pending = Proposal.objects.get(
        channel=channel, state=State.OPEN, status=Proposal.Status.PENDING
    )
    assert pending.source_count == 1

    reviewer = UserFactory(is_staff=True)
    proposal = proposal_accept(proposal=pending, reviewer=reviewer)

    channel.refresh_from_db()
    assert channel.state == State.OPEN
    change = channel.changes.get(pk=proposal.change_id)
    assert (change.origin, change.old_state, change.new_state) == (
        Origin.NEWS,
        State.SUSPENDED,
        State.OPEN,
    )
    assert change.actor == reviewer
    assert change.effective_at == article.published_at
    assert [(e.url, e.outlet, e.article_id) for e in change.evidence.all()] == [
        (LINK, "Crisis Desk", article.pk)
    ]
