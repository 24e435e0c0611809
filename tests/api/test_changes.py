"""/api/v1/changes/: one timeline with filters and sync by updated_since; recording a change
through the writer service (origin api, evidence), refusals writing nothing."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from channels_app.models import Evidence, Origin, StateChange
from channels_app.services.changes import change_correct, change_remove
from tests.factories import ChannelFactory, StateChangeFactory

from .conftest import EVIDENCE, at

pytestmark = pytest.mark.django_db
LIST = "/api/v1/changes/"


def states(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [f"{c['channel']['pair']} {c['new_state']}" for c in response.json()["results"]]


@pytest.fixture
def timeline(cn_us):
    StateChangeFactory(channel=cn_us, state="open", effective_at=at("2020-01-01"))
    StateChangeFactory(channel=cn_us, state="severed", effective_at=at("2022-08-05"))
    india = ChannelFactory(country_a="IN", country_b="PK", kind="diplomatic")
    StateChangeFactory(
        channel=india, state="limited", effective_at=at("2025-05-07"), origin=Origin.IMPORT
    )
    return cn_us, india


def test_the_timeline_is_newest_first_with_its_channel(anon, timeline):
    response = anon.get(LIST)
    assert states(response) == ["IN-PK limited", "CN-US severed", "CN-US open"]
    first = response.json()["results"][0]
    assert first["channel"]["url"] == "http://testserver/api/v1/channels/in-pk/diplomatic/"
    assert first["url"] == f"http://testserver/api/v1/changes/{first['id']}/"
    assert first["removed_at"] is None


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"since": "2022-08-05"}, ["IN-PK limited", "CN-US severed"]),
        ({"until": "2022-08-05"}, ["CN-US severed", "CN-US open"]),
        ({"since": "2021-01-01", "until": "2024-01-01"}, ["CN-US severed"]),
        ({"origin": "import"}, ["IN-PK limited"]),
        ({"country": "US"}, ["CN-US severed", "CN-US open"]),
        ({"pair": "pk-in"}, ["IN-PK limited"]),
        ({"kind": "military"}, ["CN-US severed", "CN-US open"]),
        ({"state": "open"}, ["CN-US open"]),
        ({"ordering": "effective_at"}, ["CN-US open", "CN-US severed", "IN-PK limited"]),
    ],
)
def test_timeline_filters(anon, timeline, params, expected):
    assert states(anon.get(LIST, params)) == expected


def test_updated_since_returns_whole_channels_touched_since_then_removals_included(
    anon, editor_user, timeline
):
    _, india = timeline
    mark = timezone.now()
    with time_machine.travel(mark + timedelta(minutes=5)):
        removed = StateChange.objects.get(channel=india)
        change_remove(change=removed, actor=editor_user, reason="Wrong date")

    response = anon.get(LIST, {"updated_since": mark.isoformat()})
    assert states(response) == ["IN-PK limited"]
    assert response.json()["results"][0]["removed_at"] is not None
    # Without updated_since, removed changes are not on the timeline.
    assert states(anon.get(LIST)) == ["CN-US severed", "CN-US open"]


def test_updated_since_sees_corrections(anon, editor_user, timeline):
    cn_us, _ = timeline
    mark = timezone.now() + timedelta(minutes=1)
    with time_machine.travel(mark + timedelta(minutes=1)):
        latest = StateChange.objects.filter(channel=cn_us).latest("effective_at")
        change_correct(change=latest, actor=editor_user, reason="Typo", note="Fixed")

    assert states(anon.get(LIST, {"updated_since": mark.isoformat()})) == [
        "CN-US severed",
        "CN-US open",
    ]
    assert states(anon.get(LIST, {"updated_since": (mark + timedelta(hours=1)).isoformat()})) == []


def test_a_naive_updated_since_is_utc(anon, timeline):
    assert len(states(anon.get(LIST, {"updated_since": "2000-01-01T00:00:00"}))) == 3


def test_one_change(anon, timeline):
    change = StateChange.objects.filter(new_state="severed").get()
    body = anon.get(f"{LIST}{change.pk}/").json()
    assert (body["id"], body["old_state"], body["new_state"]) == (change.pk, "open", "severed")
    assert anon.get(f"{LIST}999999/").status_code == 404


# --- recording ---------------------------------------------------------------------------


def record(client, **overrides):
    body = {
        "pair": "us-cn",
        "kind": "military",
        "state": "suspended",
        "effective_at": "2024-03-01T00:00:00Z",
        "note": "Talks cancelled",
        "evidence": EVIDENCE,
        **overrides,
    }
    return client.post(LIST, body, format="json")


def test_an_editor_records_a_change_with_origin_api_and_evidence(editor_api, cn_us):
    response = record(editor_api)

    assert response.status_code == 201, response.content
    change = StateChange.objects.get()
    assert (change.channel, change.new_state, change.origin) == (cn_us, "suspended", "api")
    assert change.actor == editor_api.user
    assert change.note == "Talks cancelled"
    assert [(e.url, e.outlet, e.title) for e in change.evidence.all()] == [
        ("https://news.example.org/a", "Example News", "It happened")
    ]
    cn_us.refresh_from_db()
    assert cn_us.state == "suspended"
    assert response["Location"] == response.json()["url"]
    assert response.json()["origin"] == "api"


def test_an_evidence_url_with_quotes_and_brackets_is_served_percent_encoded(editor_api, cn_us):
    response = record(editor_api, evidence=[{"url": 'https://a.example/x"<y> z'}])

    assert response.status_code == 201, response.content
    served = response.json()["evidence"][0]["url"]
    assert served == "https://a.example/x%22%3Cy%3E%20z"


def test_a_date_without_a_zone_is_utc(editor_api, cn_us):
    assert record(editor_api, effective_at="2024-03-01T12:00:00").status_code == 201
    assert StateChange.objects.get().effective_at == at("2024-03-01T12:00:00")


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"state": "closed"}, "validation_error", "state"),
        ({"state": "unknown"}, "validation_error", "state"),
        ({"kind": 7}, "validation_error", "kind"),
        ({"pair": "xx-yy"}, "validation_error", "pair"),
        ({"pair": "cn-us", "kind": "trade"}, "validation_error", "pair"),
        ({"effective_at": "yesterday"}, "validation_error", "effective_at"),
        ({"effective_at": "1066-10-14T00:00:00Z"}, "validation_error", "effective_at"),
        ({"effective_at": "0001-01-01T00:00:00+05:00"}, "validation_error", "effective_at"),
        ({"evidence": []}, "validation_error", "evidence"),
        ({"evidence": [{"url": "ftp://x.example/a"}]}, "validation_error", "evidence"),
        ({"evidence": [{"url": "javascript:alert(1)"}]}, "validation_error", "evidence"),
        ({"evidence": [{"url": "data:text/html,<b>x</b>"}]}, "validation_error", "evidence"),
        (
            {"evidence": [{"url": "https://a.example/" + "x" * 10_000}]},
            "validation_error",
            "evidence",
        ),
        (
            {"evidence": [{"url": "https://a.example", "title": "x" * 501}]},
            "validation_error",
            "evidence",
        ),
        ({"evidence": "https://a.example"}, "validation_error", "evidence"),
        ({"note": ["a", "b"]}, "validation_error", "note"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(
    editor_api, cn_us, overrides, code, field
):
    response = record(editor_api, **overrides)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == code
    assert field in error["details"]
    assert not StateChange.objects.exists() and not Evidence.objects.exists()


def test_an_empty_or_too_long_evidence_list_is_refused_in_words(editor_api, cn_us):
    empty = record(editor_api, evidence=[]).json()["error"]["details"]["evidence"]
    assert empty == {"non_field_errors": ["Give at least one source."]}
    many = [{"url": f"https://a.example/{n}"} for n in range(21)]
    too_many = record(editor_api, evidence=many).json()["error"]["details"]["evidence"]
    assert too_many == {"non_field_errors": ["Give at most 20 sources."]}
    assert not StateChange.objects.exists()


def test_the_writer_services_refusals_are_a_400_with_their_code(editor_api, cn_us):
    future = (timezone.now() + timedelta(days=2)).isoformat()
    response = record(editor_api, effective_at=future)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "future"

    assert record(editor_api).status_code == 201
    again = record(editor_api, effective_at="2024-03-02T00:00:00Z")
    assert again.status_code == 400
    assert again.json()["error"]["code"] == "state_in_force"
    assert "already suspended" in again.json()["error"]["message"]
    assert StateChange.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        ('{"pair": "cn-us",', "application/json", 400, "parse_error"),
        ("[1, 2]", "application/json", 400, "validation_error"),
        ("null", "application/json", 400, "validation_error"),
        ("pair=cn-us", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
    ],
)
def test_malformed_bodies_are_4xx_in_the_common_format(
    editor_api, cn_us, body, content_type, status, code
):
    response = editor_api.generic("POST", LIST, body, content_type=content_type)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert not StateChange.objects.exists()


def test_session_writes_need_the_csrf_token(cn_us, editor_user):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor_user)
    body = json.dumps(
        {
            "pair": "cn-us",
            "kind": "military",
            "state": "open",
            "effective_at": "2024-01-01T00:00:00Z",
            "evidence": EVIDENCE,
        }
    )
    response = client.post(LIST, body, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]["message"]
    assert not StateChange.objects.exists()
