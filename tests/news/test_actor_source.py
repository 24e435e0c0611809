"""The editors' actors reach the detector without a deploy: read after a cheap version check
(channels_app.news.actor_source), merged after the shipped file's rows, the file mirrored in
the table by seed_actors."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from channels_app.models import Actor, Detection
from channels_app.news import actor_source
from channels_app.news.detect import detect
from channels_app.news.detect.gazetteer import shipped_actors
from channels_app.news.services.actors import actor_save, actors_end, file_key, seed_actors
from channels_app.news.services.ingest import ingest_entries
from tests.factories import UserFactory

from .feeds import FeedFactory, entry, item, rss

MARCH = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
NEWNAME = "Someone Newname suspends military talks with China"
DONG = "Dong Jun suspends military talks with Japan"


@pytest.fixture(autouse=True)
def fresh_source(settings):
    """No rows held from another test, and a check at every sync (no waiting)."""
    settings.NEWS_ACTORS_CHECK_SECONDS = 0
    actor_source.reset()
    yield
    actor_source.reset()


def add_actor(name="Someone Newname", country="NZ", **fields):
    values = {
        "type": "person",
        "role": "defence",
        "kind_hint": "military",
        "valid_from": dt.date(2026, 1, 1),
        "source": "an editor",
        **fields,
    }
    return actor_save(actor=Actor(name=name, country=country, **values), by=UserFactory())


def pairs(title, published=MARCH):
    return [d.parties for d in detect(title, "", published=published)]


def seeded(name):
    """The shipped file's row for `name` (valid in March 2026), mirrored in the table."""
    row = next(a for a in shipped_actors() if a.name == name and a.valid_on(MARCH.date()))
    seed_actors(actors=[row])
    return Actor.objects.get(file_key=file_key(row))


@pytest.mark.django_db
def test_an_actor_an_editor_adds_is_detected_by_the_next_ingest():
    feed = FeedFactory()
    ingest_entries(feed=feed, entries=[entry("Unrelated", guid="g0", published_at=MARCH)])
    add_actor()

    ingest_entries(feed=feed, entries=[entry(NEWNAME, guid="g1", published_at=MARCH)])

    found = Detection.objects.get()
    assert (found.country_a, found.country_b, found.state) == ("CN", "NZ", "suspended")


@pytest.mark.django_db
def test_an_ended_actor_stops_matching_after_its_end_date():
    actors_end(actors=[add_actor()], on=dt.date(2026, 2, 1), by=None)

    actor_source.sync()

    assert pairs(NEWNAME, published=MARCH) == []
    assert pairs(NEWNAME, published=dt.datetime(2026, 1, 15, tzinfo=dt.UTC)) == [("CN", "NZ")]


@pytest.mark.django_db
def test_ending_a_file_row_hides_it_after_the_end_date_only():
    actors_end(actors=[seeded("Dong Jun")], on=dt.date(2026, 2, 1), by=None)

    actor_source.sync()

    assert pairs(DONG, published=MARCH) == []
    assert pairs(DONG, published=dt.datetime(2026, 1, 15, tzinfo=dt.UTC)) == [("CN", "JP")]


@pytest.mark.django_db
def test_an_editors_row_overrides_the_file_row_it_was_edited_from():
    row = seeded("Dong Jun")
    row.country = "KR"
    actor_save(actor=row, by=None)

    actor_source.sync()

    assert pairs(DONG) == [("JP", "KR")]


@pytest.mark.django_db
def test_a_check_that_finds_nothing_changed_costs_one_query(django_assert_num_queries):
    add_actor()
    actor_source.sync()

    with django_assert_num_queries(1):
        changed = actor_source.sync()

    assert changed is False


@pytest.mark.django_db
def test_a_change_is_not_read_before_the_check_interval(settings):
    settings.NEWS_ACTORS_CHECK_SECONDS = 3600
    actor_source.sync()
    add_actor()

    actor_source.sync()
    assert pairs(NEWNAME) == []
    actor_source.sync(force=True)
    assert pairs(NEWNAME) == [("CN", "NZ")]


def test_without_a_usable_database_the_detector_reads_the_file_alone():
    # pytest-django refuses database access in this test, as a missing database would.
    assert actor_source.sync(force=True) is False
    assert pairs("Hegseth suspends military talks with China") == [("CN", "US")]


def detect_news(*options):
    out = io.StringIO()
    document = rss(item(NEWNAME, guid="n1", published=MARCH))
    call_command("detect_news", "-", "--json", *options, stdin=io.BytesIO(document), stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_detect_news_reads_the_editors_rows_when_a_database_is_configured():
    add_actor()

    assert '"parties": ["CN", "NZ"]' in detect_news()


@pytest.mark.django_db
def test_detect_news_with_no_db_reads_the_file_only():
    add_actor()

    assert '"detections": []' in detect_news("--no-db")


@pytest.mark.django_db
def test_seed_actors_copies_the_shipped_file_once():
    first, second = io.StringIO(), io.StringIO()

    call_command("seed_actors", stdout=first)
    call_command("seed_actors", stdout=second)

    assert f"{len(shipped_actors())} created" in first.getvalue()
    assert second.getvalue().startswith("Actors from the file: 0 created, 0 updated")
    assert Actor.objects.filter(origin=Actor.Origin.FILE).count() == len(shipped_actors())


@pytest.mark.django_db
def test_seeding_again_keeps_the_row_an_editor_changed():
    row = seeded("Dong Jun")
    actors_end(actors=[row], on=dt.date(2026, 2, 1), by=None)

    result = seed_actors(actors=[r for r in shipped_actors() if r.name == "Dong Jun"])

    row.refresh_from_db()
    assert (result.kept, row.valid_to, row.origin) == (1, dt.date(2026, 2, 1), "editor")


@pytest.mark.django_db
def test_seeding_removes_file_rows_no_longer_in_the_file():
    seeded("Dong Jun")

    result = seed_actors(actors=[])

    assert result.removed == 1 and not Actor.objects.exists()
