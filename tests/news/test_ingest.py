"""Storing parsed entries: each entry once per feed, whatever the feed does between polls,
and detections recorded for every article."""

import time
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from channels_app.models import Article, Detection, Proposal
from channels_app.news.services import ingest as ingest_module
from channels_app.news.services.ingest import ingest_entries

from .feeds import SUSPENDS, FeedFactory, entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def feed():
    return FeedFactory()


def ingest(feed, *entries):
    return ingest_entries(feed=feed, entries=list(entries))


def stored(feed) -> list[tuple[str, str]]:
    return sorted(Article.objects.filter(feed=feed).values_list("guid", "link"))


def test_new_entries_are_stored_as_articles(feed):
    published = datetime(2024, 3, 5, 8, 30, tzinfo=UTC)

    result = ingest(
        feed,
        entry("Talks", guid="g1", link="https://a.example/1", summary="S", published_at=published),
    )

    article = Article.objects.get()
    assert result.new_articles == 1
    assert (article.title, article.summary, article.published_at) == ("Talks", "S", published)


def test_ingesting_the_same_entries_again_stores_nothing(feed):
    entries = [entry("One", guid="g1"), entry("Two", link="https://a.example/2"), entry("Three")]
    ingest(feed, *entries)

    result = ingest(feed, *entries)

    assert result.new_articles == 0
    assert Article.objects.count() == 3


def test_a_guid_repeated_with_different_links_gives_two_articles(feed):
    ingest(
        feed,
        entry("A", guid="same", link="https://a.example/1"),
        entry("B", guid="same", link="https://a.example/2"),
    )

    assert stored(feed) == [("same", "https://a.example/1"), ("same", "https://a.example/2")]


def test_a_reused_guid_left_alone_in_a_later_document_is_not_stored_again(feed):
    ingest(
        feed,
        entry("A", guid="same", link="https://a.example/1"),
        entry("B", guid="same", link="https://a.example/2"),
    )

    result = ingest(feed, entry("B", guid="same", link="https://a.example/2"))

    assert result.new_articles == 0


def test_a_guid_that_starts_repeating_does_not_store_its_first_entry_again(feed):
    ingest(feed, entry("A", guid="same", link="https://a.example/1"))

    ingest(
        feed,
        entry("A", guid="same", link="https://a.example/1"),
        entry("B", guid="same", link="https://a.example/2"),
    )

    assert stored(feed) == [("same", "https://a.example/1"), ("same", "https://a.example/2")]


def test_an_entry_whose_link_changed_under_the_same_guid_is_not_stored_again(feed):
    ingest(feed, entry("A", guid="g1", link="https://a.example/draft-slug"))

    result = ingest(feed, entry("A", guid="g1", link="https://a.example/final-slug"))

    assert result.new_articles == 0


def test_entries_without_guid_are_told_apart_by_their_canonical_link(feed):
    ingest(feed, entry("A", link="https://www.a.example/story/?utm_source=rss#top"))

    result = ingest(feed, entry("A, updated", link="http://a.example/story"))

    assert result.new_articles == 0


def test_entries_without_guid_or_link_are_told_apart_by_their_content(feed):
    ingest(feed, entry("Hotline cut", summary="Both sides confirm."))

    again = ingest(feed, entry("HOTLINE CUT!", summary="Both sides confirm"))
    other = ingest(feed, entry("Hotline cut", summary="One side confirms."))

    assert (again.new_articles, other.new_articles) == (0, 1)


def test_an_entry_twice_in_one_document_is_stored_once(feed):
    result = ingest(feed, entry("A", guid="g1"), entry("A", guid="g1"))

    assert result.new_articles == Article.objects.count() == 1


def test_the_same_entry_in_two_feeds_is_stored_in_each(feed):
    other = FeedFactory()
    ingest(feed, entry("A", guid="g1"))

    result = ingest(other, entry("A", guid="g1"))

    assert result.new_articles == 1


def test_a_detection_is_recorded_for_a_pair_nobody_tracks(feed):
    ingest(feed, entry(SUSPENDS, guid="g1"))

    detection = Detection.objects.get()
    assert (detection.country_a, detection.country_b, detection.state) == ("CN", "US", "suspended")
    assert (detection.channel, Proposal.objects.count()) == (None, 0)


def test_a_detection_names_the_tracked_channel(feed, cn_us):
    ingest(feed, entry(SUSPENDS, guid="g1"))

    assert Detection.objects.get().channel == cn_us


def test_re_ingesting_adds_no_detection(feed, cn_us):
    ingest(feed, entry(SUSPENDS, guid="g1"))

    result = ingest(feed, entry(SUSPENDS, guid="g1"))

    assert (result.detections, Detection.objects.count()) == (0, 1)


def test_a_very_long_guid_and_link_are_stored_cut_and_still_deduplicated(feed):
    long = entry("A", guid="g" * 5000, link="https://a.example/" + "x" * 5000)
    ingest(feed, long)

    result = ingest(feed, long)

    assert result.new_articles == 0
    assert len(Article.objects.get().guid) == 2000


def test_a_long_guid_in_any_script_is_stored_and_deduplicated(feed):
    # 6,000 bytes in UTF-8: more than a btree index entry holds on PostgreSQL.
    long = entry("A", guid="報" * 2000, link="https://a.example/1")
    ingest(feed, long)

    result = ingest(feed, long)

    assert result.new_articles == 0
    assert Article.objects.get().guid == "報" * 2000


def test_guids_alike_in_their_first_characters_are_told_apart(feed):
    head = "https://a.example/" + "x" * 300  # beyond the guid prefix the index holds
    ingest(feed, entry("A", guid=head + "/1"))

    result = ingest(feed, entry("B", guid=head + "/2"))

    assert result.new_articles == 1


def reports(n: int) -> list:
    return [entry(SUSPENDS, guid=f"g{i}", link=f"https://a.example/{i}") for i in range(n)]


def queries_to_ingest(feed, entries) -> int:
    with CaptureQueriesContext(connection) as captured:
        result = ingest_entries(feed=feed, entries=entries)
    assert result.detections == len(entries)
    return len(captured)


@pytest.mark.usefixtures("any_calibrated_confidence")
def test_the_queries_of_an_ingest_do_not_grow_with_its_entries(cn_us):
    ingest(FeedFactory(), *reports(1))  # the proposal they join exists
    few = queries_to_ingest(FeedFactory(), reports(5))

    many = queries_to_ingest(FeedFactory(), reports(50))

    assert many == few
    assert Proposal.objects.get().detections.count() == 56


def test_more_articles_than_one_insert_holds_are_all_stored_once(feed, monkeypatch):
    monkeypatch.setattr(ingest_module, "_MAX_ROWS_PER_INSERT", 7)  # 30 rows: 5 statements
    entries = [entry(f"Item {i}", guid=f"g{i}", link=f"https://a.example/{i}") for i in range(30)]

    assert ingest(feed, *entries).new_articles == 30
    assert ingest(feed, *entries).new_articles == 0
    assert sorted(Article.objects.values_list("guid", flat=True)) == sorted(
        f"g{i}" for i in range(30)
    )


def test_re_ingesting_known_entries_is_one_query(feed, cn_us):
    ingest(feed, *reports(50))

    with CaptureQueriesContext(connection) as captured:
        ingest(feed, *reports(50))

    assert len(captured) == 1


@pytest.mark.usefixtures("any_calibrated_confidence")
def test_detections_join_their_proposal_where_the_database_returns_no_ids(feed, cn_us, monkeypatch):
    monkeypatch.setattr(type(connection.features), "can_return_rows_from_bulk_insert", False)

    result = ingest(feed, *reports(3))

    assert result.detections == 3
    assert Proposal.objects.get().detections.count() == 3


def test_an_article_another_poll_stored_meanwhile_is_left_to_it(feed, cn_us, monkeypatch):
    real = ingest_module._unseen

    def unseen_then_raced(feed, entries):
        fresh = real(feed, entries)
        key, theirs = fresh[0]  # the other poll inserts this one between our look-up and insert
        Article.objects.create(feed=feed, dedup_key=key, guid=theirs.guid)
        return fresh

    monkeypatch.setattr(ingest_module, "_unseen", unseen_then_raced)

    result = ingest(feed, *reports(3))

    assert result.new_articles == 2
    assert Article.objects.filter(feed=feed).count() == 3
    assert Detection.objects.count() == 2  # none for theirs: that poll reads it


def test_re_polling_after_a_partly_new_document_stores_only_the_new_entries(feed, cn_us):
    ingest(feed, *reports(3))

    result = ingest(feed, *reports(5))

    assert (result.new_articles, result.detections) == (2, 2)
    assert Article.objects.filter(feed=feed).count() == 5
    assert Detection.objects.count() == 5


def test_the_insert_names_every_column_of_an_article_and_adapts_its_datetimes():
    fields = [f for f in Article._meta.concrete_fields if not f.primary_key]
    dated = {f.attname for f in fields if isinstance(f, models.DateTimeField)}

    assert set(ingest_module._COLUMNS) == {f.attname for f in fields}
    assert set(ingest_module._DATETIMES) == dated


# --- a big document: a cap per poll and a deadline, newest first ---------------------------


def dated(n: int) -> list:
    """n entries, the i-th published i hours after 2024-01-01, in the document's order."""
    start = datetime(2024, 1, 1, tzinfo=UTC)
    return [
        entry(f"Item {i}", guid=f"g{i}", published_at=start + timedelta(hours=i)) for i in range(n)
    ]


def test_a_poll_stores_at_most_the_cap_of_new_entries_newest_first(feed, settings):
    settings.FEEDS_MAX_NEW_ENTRIES_PER_POLL = 3

    result = ingest(feed, *dated(5))

    assert (result.new_articles, result.new_entries, result.left_for_later) == (3, 5, 2)
    assert stored_guids(feed) == {"g4", "g3", "g2"}


def test_the_next_poll_stores_the_entries_left_for_later(feed, settings):
    settings.FEEDS_MAX_NEW_ENTRIES_PER_POLL = 3
    ingest(feed, *dated(5))

    result = ingest(feed, *dated(5))

    assert (result.new_articles, result.left_for_later) == (2, 0)
    assert stored_guids(feed) == {f"g{i}" for i in range(5)}


def test_undated_entries_come_after_dated_ones_in_document_order(feed, settings):
    settings.FEEDS_MAX_NEW_ENTRIES_PER_POLL = 3
    undated = [entry("U1", guid="u1"), entry("U2", guid="u2")]

    ingest(feed, *undated, *dated(2))

    assert stored_guids(feed) == {"g1", "g0", "u1"}


def test_past_its_deadline_a_poll_stores_one_batch_and_leaves_the_rest(feed, monkeypatch):
    monkeypatch.setattr(ingest_module, "_BATCH", 2)

    result = ingest_entries(feed=feed, entries=dated(5), deadline=time.monotonic() - 1)

    assert (result.new_articles, result.left_for_later) == (2, 3)
    assert stored_guids(feed) == {"g4", "g3"}


def test_each_batch_is_committed_on_its_own(feed, monkeypatch):
    # A poll cut short in its third batch (the soft time limit) keeps the first two.
    monkeypatch.setattr(ingest_module, "_BATCH", 2)
    real_store, calls = ingest_module._store, []

    def store(*args):
        calls.append(1)
        if len(calls) == 3:
            raise TimeoutError("cut short")
        return real_store(*args)

    monkeypatch.setattr(ingest_module, "_store", store)

    with pytest.raises(TimeoutError):
        ingest(feed, *dated(6))

    assert stored_guids(feed) == {"g5", "g4", "g3", "g2"}


def stored_guids(feed) -> set[str]:
    return set(Article.objects.filter(feed=feed).values_list("guid", flat=True))


def test_keys_past_the_database_s_parameter_limit_are_looked_up_in_slices(feed, monkeypatch):
    # 300,000 parameters for a document of 100,000 entries: more than SQLite takes.
    monkeypatch.setattr(ingest_module, "_parameter_limit", lambda: 7)  # slices of 2
    entries = dated(5)
    ingest(feed, *entries)

    result = ingest(feed, *entries)

    assert (result.new_articles, result.new_entries) == (0, 0)
    assert Article.objects.filter(feed=feed).count() == 5
