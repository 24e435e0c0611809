"""Editors-only endpoints: feeds (list, add through services.feeds), articles, proposals
(accept and reject through services.proposals)."""

from unittest import mock

import pytest

from channels_app.models import Feed, Proposal, StateChange
from channels_app.net import http

from .conftest import make_feed, make_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_dns():
    """Feed URLs are checked against the private-address guard; answer as a public host."""
    with mock.patch.object(http, "resolve_checked", return_value=[]) as patched:
        yield patched


def test_editors_list_feeds_with_filters(editor_api):
    make_feed(1)
    failing = make_feed(2)
    Feed.objects.filter(pk=failing.pk).update(error_count=3, enabled=False)

    assert editor_api.get("/api/v1/feeds/").json()["count"] == 2
    body = editor_api.get("/api/v1/feeds/", {"failing": "true"}).json()
    assert [f["id"] for f in body["results"]] == [failing.pk]
    assert body["results"][0]["poll_interval_minutes"] == 30
    assert editor_api.get("/api/v1/feeds/", {"enabled": "false"}).json()["count"] == 1
    assert editor_api.get("/api/v1/feeds/", {"search": "feed1"}).json()["count"] == 1


def test_an_editor_adds_a_feed(editor_api, public_dns):
    response = editor_api.post(
        "/api/v1/feeds/",
        {"url": "https://wire.example.org/rss", "outlet": "Wire", "poll_interval_minutes": 15},
        format="json",
    )
    assert response.status_code == 201, response.content
    feed = Feed.objects.get()
    assert (feed.url, feed.outlet, feed.poll_interval.seconds) == (
        "https://wire.example.org/rss",
        "Wire",
        900,
    )
    assert response.json()["id"] == feed.pk


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"url": "https://wire.example.org/rss"}, "duplicate"),
        ({"url": "file:///etc/passwd"}, "validation_error"),
        ({"url": "https://wire.example.org/x", "poll_interval_minutes": 1}, "validation_error"),
        (
            {"url": "https://wire.example.org/x", "poll_interval_minutes": "often"},
            "validation_error",
        ),
        ({"url": "https://wire.example.org/x", "enabled": "maybe"}, "validation_error"),
        ({"url": "https://wire.example.org/x", "enabled": 0}, "validation_error"),
        ({"url": "https://wire.example.org/x", "enabled": "true"}, "validation_error"),
        ({}, "validation_error"),
    ],
)
def test_refused_feeds_are_400_and_add_nothing(editor_api, public_dns, body, code):
    Feed.objects.create(url="https://wire.example.org/rss")
    response = editor_api.post("/api/v1/feeds/", body, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code
    assert Feed.objects.count() == 1


def test_a_feed_on_a_private_address_is_refused(editor_api):
    response = editor_api.post("/api/v1/feeds/", {"url": "http://127.0.0.1/rss"}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "blocked_address"
    assert not Feed.objects.exists()


def test_articles_and_an_article_with_its_detections(editor_api, cn_us):
    proposal = make_proposal(cn_us)
    article = proposal.detections.get().article

    listed = editor_api.get("/api/v1/articles/", {"feed": article.feed_id}).json()
    assert [a["id"] for a in listed["results"]] == [article.pk]
    assert listed["results"][0]["outlet"] == "Outlet 0"
    body = editor_api.get(f"/api/v1/articles/{article.pk}/").json()
    assert body["detections"][0]["pair"] == "CN-US"
    assert body["detections"][0]["proposal"] == proposal.pk


def test_proposals_and_a_proposal_with_its_articles(editor_api, cn_us):
    proposal = make_proposal(cn_us)
    listed = editor_api.get("/api/v1/proposals/", {"status": "pending", "pair": "us-cn"}).json()
    assert [p["id"] for p in listed["results"]] == [proposal.pk]
    body = editor_api.get(f"/api/v1/proposals/{proposal.pk}/").json()
    assert body["channel"]["pair"] == "CN-US"
    assert body["detections"][0]["article"]["link"] == "https://news0.example/story"


def test_accepting_records_the_change_through_the_writer(editor_api, cn_us):
    proposal = make_proposal(cn_us)
    response = editor_api.post(
        f"/api/v1/proposals/{proposal.pk}/accept/", {"note": "Confirmed"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "accepted"
    change = StateChange.objects.get()
    assert (change.new_state, change.origin, change.note) == ("suspended", "news", "Confirmed")
    assert change.actor == editor_api.user
    assert [e.url for e in change.evidence.all()] == ["https://news0.example/story"]
    assert response.json()["change"] == change.pk


def test_a_refused_accept_writes_nothing(editor_api, cn_us):
    proposal = make_proposal(cn_us)
    response = editor_api.post(
        f"/api/v1/proposals/{proposal.pk}/accept/",
        {"effective_at": "2999-01-01T00:00:00Z"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "future"
    proposal.refresh_from_db()
    assert proposal.status == "pending" and proposal.reviewer is None
    assert not StateChange.objects.exists()


def test_rejecting_needs_a_reason(editor_api, cn_us):
    proposal = make_proposal(cn_us)
    url = f"/api/v1/proposals/{proposal.pk}/reject/"

    missing = editor_api.post(url, {}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()["error"]["details"]
    blank = editor_api.post(url, {"reason": "   "}, format="json")
    assert blank.status_code == 400

    response = editor_api.post(url, {"reason": "A threat, not an act"}, format="json")
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reason) == ("rejected", "A threat, not an act")


def test_a_decided_proposal_cannot_be_decided_again(editor_api, cn_us):
    proposal = make_proposal(cn_us)
    Proposal.objects.filter(pk=proposal.pk).update(status="rejected")
    response = editor_api.post(f"/api/v1/proposals/{proposal.pk}/accept/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "decided"
    assert not StateChange.objects.exists()


def test_unknown_proposals_are_404(editor_api):
    assert editor_api.post("/api/v1/proposals/999/accept/", {}, format="json").status_code == 404
