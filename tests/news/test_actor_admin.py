"""The actor dictionary in the admin: editors add, change and end rows, checked by the same
row check as the shipped file, which refuses a bad row with the reason."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from channels_app.models import Actor
from channels_app.news import actor_source

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 2)
ACTORS = reverse("admin:channels_app_actor_changelist")
ADD = reverse("admin:channels_app_actor_add")
ROW = {
    "name": "Someone Newname",
    "country": "NZ",
    "type": "person",
    "role": "defence",
    "kind_hint": "military",
    "valid_from": "2026-01-01",
    "valid_to": "",
    "source": "NZ government press release",
}


@pytest.fixture(autouse=True)
def fresh_source():
    yield
    actor_source.reset()  # the admin's saves must not leak into other tests' detector


def actor(**fields):
    values = {**ROW, "valid_from": dt.date(2026, 1, 1), "valid_to": None, **fields}
    return Actor.objects.create(**values)


def test_an_editor_adds_an_actor(editor_client, editor_user):
    response = editor_client.post(ADD, ROW)

    assert response.status_code == 302
    row = Actor.objects.get()
    assert (row.name, row.country, row.origin, row.changed_by) == (
        "Someone Newname",
        "NZ",
        "editor",
        editor_user,
    )


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"country": "XX"}, "unknown country code &#x27;XX&#x27;"),
        ({"valid_to": "2025-12-31"}, "valid_to 2025-12-31 is before valid_from 2026-01-01"),
        ({"name": "  "}, "empty name"),
        ({"role": "king"}, "unknown role &#x27;king&#x27;"),
        ({"source": ""}, "empty source"),
    ],
)
def test_a_bad_row_is_refused_with_the_reason(editor_client, fields, reason):
    response = editor_client.post(ADD, {**ROW, **fields})

    assert response.status_code == 200
    assert reason in response.content.decode()
    assert not Actor.objects.exists()


def test_a_change_that_puts_the_end_before_the_start_is_refused(editor_client):
    row = actor()
    url = reverse("admin:channels_app_actor_change", args=[row.pk])

    response = editor_client.post(url, {**ROW, "valid_to": "2025-06-30"})

    assert "valid_to 2025-06-30 is before valid_from 2026-01-01" in response.content.decode()
    row.refresh_from_db()
    assert row.valid_to is None


def test_two_editors_rows_for_one_name_on_the_same_day_are_refused(editor_client):
    actor(country="AU")

    response = editor_client.post(ADD, {**ROW, "valid_from": "2026-03-01"})

    assert "&#x27;Someone Newname&#x27; overlaps the editors&#x27; row" in response.content.decode()
    assert Actor.objects.count() == 1


def test_changing_a_file_row_makes_it_the_editors_version(editor_client):
    row = actor(origin=Actor.Origin.FILE, file_key="Someone Newname|2026-01-01")
    url = reverse("admin:channels_app_actor_change", args=[row.pk])

    editor_client.post(url, {**ROW, "kind_hint": "diplomatic"})

    row.refresh_from_db()
    assert (row.origin, row.kind_hint, row.file_key) == (
        "editor",
        "diplomatic",
        "Someone Newname|2026-01-01",
    )


@time_machine.travel(dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC), tick=False)
def test_the_end_action_ends_the_selected_actors_today(editor_client):
    rows = [actor(), actor(name="Other Person")]

    response = editor_client.post(
        ACTORS, {"action": "end_today", "_selected_action": [r.pk for r in rows]}, follow=True
    )

    assert "Ended 2 actors on 2026-03-02." in response.content.decode()
    assert set(Actor.objects.values_list("valid_to", flat=True)) == {TODAY}


@time_machine.travel(dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC), tick=False)
def test_the_end_action_refuses_an_actor_that_starts_later_with_the_reason(editor_client):
    row = actor(valid_from=dt.date(2026, 4, 1))

    response = editor_client.post(
        ACTORS, {"action": "end_today", "_selected_action": [row.pk]}, follow=True
    )

    assert "Not ended: Someone Newname (NZ) — valid_to 2026-03-02 is before valid_from" in (
        response.content.decode()
    )
    row.refresh_from_db()
    assert row.valid_to is None


def test_staff_outside_the_editors_group_cannot_add_an_actor(plain_staff_client):
    response = plain_staff_client.post(ADD, ROW)

    assert response.status_code == 403
    assert not Actor.objects.exists()


@time_machine.travel(dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC), tick=False)
def test_the_list_searches_by_country_and_filters_the_actors_valid_today(editor_client):
    actor()
    actor(name="Ended Person", valid_to=dt.date(2026, 1, 2))
    actor(name="Someone Else", country="AU")

    found = editor_client.get(ACTORS, {"q": "nz", "current": "yes"}).content.decode()

    assert "Someone Newname" in found
    assert "Ended Person" not in found and "Someone Else" not in found


def test_the_change_page_shows_where_a_file_row_comes_from(editor_client):
    row = actor(origin=Actor.Origin.FILE, file_key="Someone Newname|2026-01-01")

    page = editor_client.get(reverse("admin:channels_app_actor_change", args=[row.pk]))

    assert page.status_code == 200
    assert "Shipped file" in page.content.decode()
    assert "Someone Newname|2026-01-01" in page.content.decode()
