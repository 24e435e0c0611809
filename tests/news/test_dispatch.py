"""The dispatcher: due feeds are claimed once, under a lease and a per-host cap, and their
polls queued after commit; on PostgreSQL two dispatchers at once never claim a feed twice."""

import threading
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import TestCase
from django.utils import timezone

from channels_app.models import Article, Feed
from channels_app.news import tasks
from channels_app.news.services.polling import dispatch_due_feeds, poll_feed

from .feeds import FeedFactory, item, rss


def dispatch(now=None) -> list[int]:
    """Run the dispatcher once and return the ids of the feeds it claimed."""
    return [feed_id for feed_id, _claim in dispatch_claims(now)]


def dispatch_claims(now=None) -> list[tuple[int, datetime]]:
    """Like dispatch(), with the claim each poll task would carry."""
    return [(c.feed_id, c.claimed_at) for c in dispatch_due_feeds(now=now)]


@pytest.fixture
def queued_polls():
    """The poll tasks the dispatch task queues, as (args, countdown), instead of running
    them."""
    queued: list[tuple[tuple, float]] = []

    def record(args, countdown=None):
        queued.append((args, countdown))

    with mock.patch.object(tasks.poll_feed, "apply_async", side_effect=record):
        yield queued


def test_a_due_feed_is_claimed_and_enqueued(db):
    feed = FeedFactory()

    assert dispatch() == [feed.pk]
    feed.refresh_from_db()
    assert feed.claimed_at is not None


def test_a_claimed_feed_is_not_enqueued_again(db):
    FeedFactory()
    dispatch()

    assert dispatch() == []


def test_a_feed_not_yet_due_is_not_claimed(db):
    FeedFactory(next_poll_at=timezone.now() + timedelta(minutes=1))

    assert dispatch() == []


def test_a_disabled_feed_is_not_claimed(db):
    FeedFactory(enabled=False, next_poll_at=timezone.now() - timedelta(hours=1))

    assert dispatch() == []


def test_nothing_is_enqueued_before_the_claims_commit(
    db, django_capture_on_commit_callbacks, queued_polls
):
    feed = FeedFactory()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        tasks.dispatch_feeds()

    assert (queued_polls, len(callbacks)) == ([], 1)
    callbacks[0]()
    [((feed_id, claim), _countdown)] = queued_polls
    feed.refresh_from_db()
    assert (feed_id, claim) == (feed.pk, feed.claimed_at.isoformat())


def test_each_poll_is_queued_with_a_jitter_within_the_setting(db, settings, queued_polls):
    settings.FEEDS_JITTER_SECONDS = 7
    FeedFactory.create_batch(20)

    with TestCase.captureOnCommitCallbacks(execute=True):
        tasks.dispatch_feeds()
    countdowns = [countdown for _args, countdown in queued_polls]

    assert len(countdowns) == 20 and all(0 <= c <= 7 for c in countdowns)
    assert len(set(countdowns)) > 1


def test_no_more_feeds_of_one_host_are_claimed_than_the_cap(db, settings):
    settings.FEEDS_MAX_PER_HOST = 2
    for n in range(5):
        FeedFactory(url=f"https://wire.example/feed{n}")
    other = FeedFactory(url="https://other.example/rss")

    claimed = dispatch()

    assert len(claimed) == 3 and other.pk in claimed


def test_feeds_still_in_flight_count_against_the_host_cap(db, settings):
    settings.FEEDS_MAX_PER_HOST = 2
    for n in range(5):
        FeedFactory(url=f"https://wire.example/feed{n}")
    dispatch()

    assert dispatch() == []


def test_a_finished_poll_frees_its_host_slot(local_server, private_ok, db, settings):
    settings.FEEDS_MAX_PER_HOST = 1
    local_server.route("/a", body=rss(item("x", guid="1")))
    first = FeedFactory(url=local_server.url("/a"))
    second = FeedFactory(url=local_server.url("/b"))
    assert dispatch() == [first.pk]

    poll_feed(feed_id=first.pk)

    assert dispatch() == [second.pk]


def test_an_expired_claim_lease_makes_the_feed_due_again(db, settings):
    settings.FEEDS_CLAIM_SECONDS = 600
    feed = FeedFactory()
    now = timezone.now()
    dispatch(now)

    assert dispatch(now + timedelta(seconds=599)) == []
    assert dispatch(now + timedelta(seconds=600)) == [feed.pk]


def test_a_poll_whose_claim_was_superseded_does_not_poll_again(local_server, private_ok, db):
    # The first poll task waited in the queue past its lease; the feed was claimed again.
    # Both tasks run in the end, and the server sees one request, not two.
    local_server.route("/rss", body=rss(item("x", guid="1")))
    feed = FeedFactory(url=local_server.url("/rss"))
    now = timezone.now()
    [(_, stale)] = dispatch_claims(now)
    [(_, fresh)] = dispatch_claims(now + timedelta(seconds=settings_lease() + 1))

    assert poll_feed(feed_id=feed.pk, claim=stale).detail == "claim superseded or already polled"
    assert poll_feed(feed_id=feed.pk, claim=fresh).ok
    assert poll_feed(feed_id=feed.pk, claim=fresh).detail == "claim superseded or already polled"
    assert [r.path for r in local_server.requests] == ["/rss"]


def test_a_stale_poll_after_the_newer_one_finished_does_nothing(local_server, private_ok, db):
    local_server.route("/rss", body=rss(item("x", guid="1")))
    feed = FeedFactory(url=local_server.url("/rss"))
    now = timezone.now()
    [(_, stale)] = dispatch_claims(now)
    [(_, fresh)] = dispatch_claims(now + timedelta(seconds=settings_lease() + 1))
    assert poll_feed(feed_id=feed.pk, claim=fresh).ok

    assert not poll_feed(feed_id=feed.pk, claim=stale).ok
    assert len(local_server.requests) == 1


def test_poll_now_without_a_claim_always_polls(local_server, private_ok, db):
    local_server.route("/rss", body=rss(item("x", guid="1")))
    feed = FeedFactory(url=local_server.url("/rss"))

    assert poll_feed(feed_id=feed.pk).ok and poll_feed(feed_id=feed.pk).ok
    assert len(local_server.requests) == 2


def settings_lease() -> int:
    return django_settings.FEEDS_CLAIM_SECONDS


def test_the_dispatch_task_polls_the_due_feeds(local_server, private_ok, db):
    # Eager Celery in tests: the queued poll runs at once, against the local server.
    local_server.route("/rss", body=rss(item("Talks resume", guid="1")))
    FeedFactory(url=local_server.url("/rss"))

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert tasks.dispatch_feeds() == 1

    assert Article.objects.get().title == "Talks resume"


# --- PostgreSQL: dispatchers running at the same time ------------------------------------


def _dispatch_in_threads(threads: int, rounds: int) -> list[list[int]]:
    """Run `threads` dispatchers at once (released together by a barrier), each dispatching
    until it finds nothing due; returns what each enqueued."""
    barrier = threading.Barrier(threads)
    results: list[list[int]] = [[] for _ in range(threads)]
    errors: list[BaseException] = []

    def run(slot: int) -> None:
        try:
            barrier.wait()
            for _ in range(rounds):
                claimed = dispatch_due_feeds()
                results[slot] += [c.feed_id for c in claimed]
                if not claimed:
                    break
        except BaseException as exc:  # reported in the main thread
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=run, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert not errors, errors
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_dispatchers_at_once_never_claim_a_feed_twice_and_claim_them_all(settings):
    settings.FEEDS_DISPATCH_BATCH = 7  # several rounds each, so the two really interleave
    feeds = [FeedFactory(url=f"http://feed{i}.example/rss") for i in range(50)]

    first, second = _dispatch_in_threads(2, rounds=50)

    claimed = first + second
    assert len(claimed) == len(set(claimed))
    assert set(claimed) == {f.pk for f in feeds}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_dispatchers_at_once_keep_the_per_host_cap(settings):
    settings.FEEDS_DISPATCH_BATCH = 3
    settings.FEEDS_MAX_PER_HOST = 2
    for n in range(12):
        FeedFactory(url=f"https://wire.example/feed{n}")

    first, second = _dispatch_in_threads(2, rounds=5)

    assert len(first + second) == 2
    assert Feed.objects.filter(claimed_at__isnull=False).count() == 2
