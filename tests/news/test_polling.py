"""Polling one feed against a real local HTTP server: conditional GETs, the next poll,
backoff, disabling, and every way a feed can go wrong ending as a recorded error."""

import gzip
import socket
from datetime import timedelta

import httpx
import pytest
from django.utils import timezone

from channels_app.models import Article, Detection, Feed
from channels_app.news.services import polling
from channels_app.news.services.polling import backoff, next_interval, poll_feed

from .feeds import (
    BILLION_LAUGHS,
    SUSPENDS,
    XXE,
    FeedFactory,
    item,
    quadratic_blowup,
    rss,
)

RSS_TYPE = {"Content-Type": "application/rss+xml; charset=utf-8"}
TWO_ITEMS = rss(
    item(SUSPENDS, guid="a-1", link="https://desk.example/1"),
    item("Weather report", guid="a-2", link="https://desk.example/2"),
)


def reloaded(feed: Feed) -> Feed:
    feed.refresh_from_db()
    return feed


def poll(feed: Feed, now=None):
    return poll_feed(feed_id=feed.pk, now=now or timezone.now())


# --- success and conditional GET -----------------------------------------------------------


def test_a_200_stores_the_articles(local_server, served_feed):
    local_server.route("/rss", body=TWO_ITEMS, headers=RSS_TYPE)

    outcome = poll(served_feed)

    assert outcome.ok
    assert set(Article.objects.values_list("guid", flat=True)) == {"a-1", "a-2"}


def test_a_200_keeps_the_etag_and_last_modified(local_server, served_feed):
    local_server.route(
        "/rss",
        body=TWO_ITEMS,
        headers={"ETag": '"v1"', "Last-Modified": "Tue, 05 Mar 2024 08:30:00 GMT"},
    )

    poll(served_feed)

    feed = reloaded(served_feed)
    assert (feed.etag, feed.last_modified) == ('"v1"', "Tue, 05 Mar 2024 08:30:00 GMT")


def test_a_document_over_the_cap_is_stored_in_part_with_the_reason_on_the_feed(
    local_server, served_feed, settings
):
    settings.FEEDS_MAX_NEW_ENTRIES_PER_POLL = 2
    items = [item(f"Item {i}", guid=f"i-{i}") for i in range(5)]
    local_server.route("/rss", body=rss(*items), headers={**RSS_TYPE, "ETag": '"v1"'})

    outcome = poll(served_feed)

    feed = reloaded(served_feed)
    assert outcome.ok and feed.error_count == 0
    assert set(Article.objects.values_list("guid", flat=True)) == {"i-0", "i-1"}
    assert feed.last_error == "stored 2 of 5 new entries; the rest on the next poll"
    assert feed.etag == ""  # so the next poll is sent the document again, not a 304


def test_the_next_poll_of_a_document_over_the_cap_stores_more(local_server, served_feed, settings):
    settings.FEEDS_MAX_NEW_ENTRIES_PER_POLL = 2
    items = [item(f"Item {i}", guid=f"i-{i}") for i in range(5)]
    local_server.route("/rss", body=rss(*items), headers={**RSS_TYPE, "ETag": '"v1"'})
    poll(served_feed)

    poll(reloaded(served_feed))

    assert "If-None-Match" not in local_server.requests[1].headers
    assert Article.objects.count() == 4


def test_a_200_schedules_the_next_poll_one_interval_later(local_server, served_feed):
    local_server.route("/rss", body=TWO_ITEMS)
    now = timezone.now()

    poll(served_feed, now)

    feed = reloaded(served_feed)
    assert feed.next_poll_at == now + timedelta(minutes=30)
    assert (feed.last_success_at, feed.error_count, feed.claimed_at) == (now, 0, None)


def test_a_200_names_an_untitled_feed_after_the_document(local_server, served_feed):
    local_server.route("/rss", body=rss(item("x", guid="1"), title="Foreign Desk"))

    poll(served_feed)

    assert reloaded(served_feed).title == "Foreign Desk"


def test_the_ttl_of_the_document_lengthens_the_next_poll(local_server, served_feed):
    local_server.route("/rss", body=rss(item("x", guid="1"), ttl=120))
    now = timezone.now()

    poll(served_feed, now)

    assert reloaded(served_feed).next_poll_at == now + timedelta(hours=2)


def test_the_etag_is_sent_back_as_if_none_match(local_server, served_feed):
    local_server.route("/rss", body=TWO_ITEMS, headers={"ETag": '"v1"'})
    poll(served_feed)

    poll(served_feed)

    assert local_server.requests[-1].headers["If-None-Match"] == '"v1"'


def test_the_last_modified_is_sent_back_as_if_modified_since(local_server, served_feed):
    stamp = "Tue, 05 Mar 2024 08:30:00 GMT"
    local_server.route("/rss", body=TWO_ITEMS, headers={"Last-Modified": stamp})
    poll(served_feed)

    poll(served_feed)

    assert local_server.requests[-1].headers["If-Modified-Since"] == stamp


def test_a_304_is_a_success_that_stores_nothing_again(local_server, served_feed):
    local_server.route("/rss", body=TWO_ITEMS, headers={"ETag": '"v1"'})
    poll(served_feed)
    local_server.route("/rss", status=304, headers={"ETag": '"v1"'})
    later = timezone.now() + timedelta(hours=1)

    outcome = poll(served_feed, later)

    feed = reloaded(served_feed)
    assert (outcome.ok, outcome.status) == (True, 304)
    assert (feed.last_success_at, feed.etag) == (later, '"v1"')
    assert Article.objects.count() == 2


def test_a_chain_of_301_redirects_is_followed(local_server, private_ok, db):
    local_server.route("/final", body=TWO_ITEMS)
    local_server.route("/old", status=301, headers={"Location": "/older"})
    local_server.route("/older", status=301, headers={"Location": "/final"})
    feed = FeedFactory(url=local_server.url("/old"))

    outcome = poll(feed)

    assert outcome.ok
    assert Article.objects.filter(feed=feed).count() == 2
    assert reloaded(feed).url == local_server.url("/final")  # moved for good: follow it


@pytest.mark.parametrize("temporary", [302, 303, 307])
def test_a_chain_with_a_temporary_redirect_keeps_the_feed_s_url(
    local_server, private_ok, db, temporary
):
    local_server.route("/final", body=TWO_ITEMS)
    local_server.route("/old", status=308, headers={"Location": "/older"})
    local_server.route("/older", status=temporary, headers={"Location": "/final"})
    feed = FeedFactory(url=local_server.url("/old"))

    assert poll(feed).ok
    assert reloaded(feed).url == local_server.url("/old")


def test_a_feed_moved_onto_another_feed_s_url_keeps_its_own(local_server, private_ok, db):
    local_server.route("/final", body=TWO_ITEMS)
    local_server.route("/old", status=301, headers={"Location": "/final"})
    FeedFactory(url=local_server.url("/final"))
    feed = FeedFactory(url=local_server.url("/old"))

    assert poll(feed).ok
    assert reloaded(feed).url == local_server.url("/old")


def test_polling_the_same_document_again_adds_no_article_or_detection(
    local_server, served_feed, cn_us
):
    local_server.route("/rss", body=TWO_ITEMS)
    poll(served_feed)
    counts = (Article.objects.count(), Detection.objects.count())

    outcome = poll(served_feed)

    assert outcome.ingest.new_articles == 0
    assert (Article.objects.count(), Detection.objects.count()) == counts == (2, 1)


# --- server says no ------------------------------------------------------------------------


def test_a_410_disables_the_feed_with_the_reason(local_server, served_feed):
    local_server.route("/rss", status=410)

    poll(served_feed)

    feed = reloaded(served_feed)
    assert not feed.enabled
    assert "410" in feed.disabled_reason
    assert "410" in feed.last_error


def test_a_429_sets_the_next_poll_from_retry_after(local_server, served_feed):
    local_server.route("/rss", status=429, headers={"Retry-After": "7200"})
    now = timezone.now()

    poll(served_feed, now)

    feed = reloaded(served_feed)
    assert feed.next_poll_at == now + timedelta(hours=2)
    assert (feed.error_count, feed.last_error) == (1, "HTTP 429")


def test_a_retry_after_beyond_a_day_is_clamped_to_a_day(local_server, served_feed):
    local_server.route("/rss", status=429, headers={"Retry-After": str(30 * 86400)})
    now = timezone.now()

    poll(served_feed, now)

    assert reloaded(served_feed).next_poll_at == now + timedelta(hours=24)


def test_a_retry_after_of_seconds_is_clamped_to_five_minutes(local_server, served_feed):
    local_server.route("/rss", status=503, headers={"Retry-After": "3"})
    now = timezone.now()

    poll(served_feed, now)

    assert reloaded(served_feed).next_poll_at == now + timedelta(minutes=5)


def test_a_500_counts_an_error_and_backs_off(local_server, served_feed):
    local_server.route("/rss", status=500)
    now = timezone.now()

    poll(served_feed, now)

    feed = reloaded(served_feed)
    assert (feed.error_count, feed.last_error, feed.failing_since) == (1, "HTTP 500", now)
    # The 30 minute interval, with its ±20 % jitter.
    assert timedelta(minutes=24) <= feed.next_poll_at - now <= timedelta(minutes=36)


def test_each_further_failure_doubles_the_backoff(local_server, served_feed):
    local_server.route("/rss", status=500)
    now = timezone.now()
    poll(served_feed, now)
    poll(served_feed, now)

    poll(served_feed, now)

    feed = reloaded(served_feed)
    assert feed.error_count == 3
    assert timedelta(minutes=96) <= feed.next_poll_at - now <= timedelta(minutes=144)


def test_a_success_after_failures_resets_the_error_count(local_server, served_feed):
    local_server.route("/rss", status=500)
    poll(served_feed)
    local_server.route("/rss", body=TWO_ITEMS, headers=RSS_TYPE)

    poll(served_feed)

    feed = reloaded(served_feed)
    assert (feed.error_count, feed.failing_since, feed.last_error) == (0, None, "")


def test_a_feed_failing_for_n_days_is_disabled_with_the_reason(local_server, served_feed, settings):
    settings.FEEDS_DISABLE_AFTER_DAYS = 3
    local_server.route("/rss", status=500)
    start = timezone.now() - timedelta(days=3)
    poll(served_feed, start)

    poll(served_feed, start + timedelta(days=3))

    feed = reloaded(served_feed)
    assert not feed.enabled
    assert feed.disabled_reason == "Failing for 3 days; last error: HTTP 500"


def test_a_feed_failing_for_less_than_n_days_stays_enabled(local_server, served_feed, settings):
    settings.FEEDS_DISABLE_AFTER_DAYS = 3
    local_server.route("/rss", status=500)
    start = timezone.now() - timedelta(days=3)
    poll(served_feed, start)

    poll(served_feed, start + timedelta(days=2, hours=23))

    assert reloaded(served_feed).enabled


def test_a_disabled_feed_is_not_polled(local_server, served_feed):
    local_server.route("/rss", body=TWO_ITEMS)
    Feed.objects.filter(pk=served_feed.pk).update(enabled=False)

    outcome = poll(served_feed)

    assert not outcome.ok
    assert local_server.requests == []


# --- bad input ends as a recorded error ---------------------------------------------------


def test_a_slow_server_is_cut_off_and_recorded_as_a_timeout(local_server, served_feed, settings):
    settings.FEEDS_FETCH_DEADLINE_SECONDS = 1
    local_server.route("/rss", chunks=[b"<rss>"] * 20, pause=0.2, headers=RSS_TYPE)

    outcome = poll(served_feed)

    feed = reloaded(served_feed)
    assert not outcome.ok
    assert feed.last_error.startswith("timeout:")
    assert feed.error_count == 1


def test_an_oversized_body_is_recorded_as_too_large(local_server, served_feed, settings):
    settings.OUTBOUND_MAX_BODY_BYTES = 10_000
    local_server.route("/rss", body=rss(*(item("x" * 100, guid=str(i)) for i in range(200))))

    poll(served_feed)

    assert reloaded(served_feed).last_error.startswith("too_large:")


def test_a_gzip_bomb_is_recorded_as_too_large(local_server, served_feed, settings):
    settings.OUTBOUND_MAX_BODY_BYTES = 100_000
    bomb = gzip.compress(b"<rss>" + b" " * 20_000_000)
    local_server.route("/rss", body=bomb, headers={"Content-Encoding": "gzip"})

    poll(served_feed)

    assert reloaded(served_feed).last_error.startswith("too_large:")


def test_a_gzipped_feed_is_read(local_server, served_feed):
    local_server.route("/rss", body=gzip.compress(TWO_ITEMS), headers={"Content-Encoding": "gzip"})

    poll(served_feed)

    assert Article.objects.count() == 2


def test_with_private_addresses_refused_the_local_feed_is_blocked(local_server, db, settings):
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = False
    local_server.route("/rss", body=TWO_ITEMS)
    feed = FeedFactory(url=local_server.url("/rss"))

    poll(feed)

    assert reloaded(feed).last_error.startswith("blocked_address:")
    assert local_server.requests == []


def test_an_unreachable_server_is_recorded_as_a_network_error(private_ok, db):
    with socket.socket() as sock:  # a port nobody listens on once closed
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    feed = FeedFactory(url=f"http://127.0.0.1:{port}/rss")

    poll(feed)

    feed = reloaded(feed)
    assert feed.last_error.startswith("network:")
    assert feed.error_count == 1


@pytest.mark.parametrize(
    "document",
    [BILLION_LAUGHS, quadratic_blowup(), XXE],
    ids=["billion-laughs", "quadratic-blowup", "external-entity"],
)
def test_a_hostile_document_ends_as_a_recorded_error(local_server, served_feed, document):
    local_server.route("/rss", body=document, headers=RSS_TYPE)

    outcome = poll(served_feed)

    feed = reloaded(served_feed)
    assert not outcome.ok
    assert feed.last_error.startswith("rejected: document declares entities")
    assert Article.objects.count() == 0


def test_articles_already_stored_stay_when_the_feed_turns_hostile(local_server, served_feed):
    local_server.route("/rss", body=TWO_ITEMS)
    poll(served_feed)
    local_server.route("/rss", body=BILLION_LAUGHS)

    poll(served_feed)

    assert Article.objects.count() == 2
    assert reloaded(served_feed).error_count == 1


def test_a_document_that_is_not_a_feed_is_recorded_as_an_error(local_server, served_feed):
    local_server.route("/rss", body=b"<html><body>Moved to our app!</body></html>")

    poll(served_feed)

    assert reloaded(served_feed).last_error.startswith("rejected: not an RSS or Atom feed")


def test_a_truncated_feed_keeps_the_entries_before_the_break(local_server, served_feed):
    local_server.route("/rss", body=TWO_ITEMS[: TWO_ITEMS.index(b"<item><title>Weather")])

    outcome = poll(served_feed)

    feed = reloaded(served_feed)
    assert outcome.ok
    assert list(Article.objects.values_list("guid", flat=True)) == ["a-1"]
    assert feed.last_error.startswith("document: SAXParseException")


def test_a_feed_in_another_encoding_than_it_declares_is_read_and_noted(local_server, served_feed):
    latin1 = rss(item("Caf\u00e9 talks", guid="1"), encoding="latin-1")
    local_server.route("/rss", body=latin1.replace(b"latin-1", b"utf-8"))

    poll(served_feed)

    assert Article.objects.get().title == "Caf\u00e9 talks"
    assert "CharacterEncodingOverride" in reloaded(served_feed).last_error


def test_an_unexpected_error_is_recorded_not_raised(local_server, served_feed, monkeypatch):
    def broken_ingest(**kwargs):
        raise RuntimeError("detector exploded")

    monkeypatch.setattr(polling, "ingest_entries", broken_ingest)
    local_server.route("/rss", body=TWO_ITEMS)

    outcome = poll(served_feed)

    feed = reloaded(served_feed)
    assert not outcome.ok
    assert feed.last_error == "internal: RuntimeError: detector exploded"
    assert feed.etag == "" and feed.error_count == 1


def test_one_failing_feed_does_not_stop_another(local_server, private_ok, db, settings):
    settings.FEEDS_FETCH_DEADLINE_SECONDS = 1
    local_server.route("/slow", chunks=[b"<rss>"] * 20, pause=0.2)
    local_server.route("/good", body=TWO_ITEMS)
    slow = FeedFactory(url=local_server.url("/slow"))
    good = FeedFactory(url=local_server.url("/good"))

    outcomes = [poll(slow), poll(good)]

    assert [o.ok for o in outcomes] == [False, True]
    assert Article.objects.filter(feed=good).count() == 2


# --- timing rules --------------------------------------------------------------------------


def test_cache_control_max_age_lengthens_the_interval():
    headers = httpx.Headers({"Cache-Control": "public, max-age=7200"})

    assert next_interval(Feed(), headers, None) == timedelta(hours=2)


def test_the_server_cannot_shorten_the_feeds_own_interval():
    headers = httpx.Headers({"Cache-Control": "max-age=60"})

    assert next_interval(Feed(), headers, 1) == timedelta(minutes=30)


def test_the_interval_is_never_under_five_minutes():
    assert next_interval(Feed(poll_interval=timedelta(seconds=10)), {}, None) == timedelta(
        minutes=5
    )


def test_the_interval_is_never_over_a_day():
    assert next_interval(Feed(), {}, 10 * 24 * 60) == timedelta(hours=24)


@pytest.mark.parametrize(
    "headers",
    [
        {"cache-control": "max-age=" + "9" * 40},
        {"retry-after": "9" * 5000},
        {"retry-after": "\u00b2"},
        {"retry-after": "Fri, 31 Dec 99999 23:59:59 GMT"},
    ],
    ids=["huge-max-age", "huge-retry-after", "unicode-digit", "absurd-date"],
)
def test_hostile_timing_headers_cannot_break_the_interval(headers):
    interval = next_interval(Feed(), headers, 10**15)

    assert timedelta(minutes=30) <= interval <= timedelta(hours=24)


def test_backoff_stops_growing_at_a_day():
    assert backoff(timedelta(minutes=30), 40) == timedelta(hours=24)
