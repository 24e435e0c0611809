from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from channels_app.models import Article, Detection, Feed, Kind, Modality, Proposal, State
from channels_app.news import tasks
from channels_app.news.models import VERDICT_QUERIES
from channels_app.services.channels import channel_create

pytestmark = pytest.mark.django_db
FEEDS = reverse("admin:channels_app_feed_changelist")
ADD = reverse("admin:channels_app_feed_add")


@pytest.fixture
def queued(monkeypatch):
    """The feed ids whose poll was queued (instead of polling them eagerly)."""
    calls: list[int] = []
    monkeypatch.setattr(
        tasks.poll_feed, "apply_async", lambda args, countdown=None: calls.append(args[0])
    )
    return calls


def add_feed(client, url, **fields):
    data = {"url": url, "title": "", "outlet": "", "poll_interval": "00:30:00", "enabled": "on"}
    return client.post(ADD, {**data, **fields})


@pytest.mark.parametrize("url", ["http://127.0.0.1/feed", "http://10.0.0.1/rss"])
def test_adding_a_feed_at_a_private_address_is_refused(editor_client, settings, url):
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = False
    response = add_feed(editor_client, url)
    assert response.status_code == 200
    assert "points at a private or local address" in response.content.decode()
    assert not Feed.objects.exists()


def test_changing_a_feed_to_a_private_address_is_refused(editor_client, settings):
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = False
    feed = Feed.objects.create(url="https://93.184.215.14/rss")
    response = editor_client.post(
        reverse("admin:channels_app_feed_change", args=[feed.pk]),
        {"url": "http://[::1]/rss", "title": "", "outlet": "", "poll_interval": "00:30:00"},
    )
    assert "points at a private or local address" in response.content.decode()
    feed.refresh_from_db()
    assert feed.url == "https://93.184.215.14/rss"


def test_a_private_address_is_accepted_when_the_setting_allows_it(editor_client, settings):
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = True
    response = add_feed(editor_client, "http://127.0.0.1/feed", outlet="Local")
    assert response.status_code == 302
    assert Feed.objects.get().outlet == "Local"


def test_a_feed_at_a_public_address_is_added_and_due_now(editor_client):
    before = timezone.now()
    assert add_feed(editor_client, "https://93.184.215.14/rss", title="Wire").status_code == 302
    feed = Feed.objects.get()
    assert (feed.title, feed.poll_interval) == ("Wire", timedelta(minutes=30))
    assert before <= feed.next_poll_at <= timezone.now()


def test_a_non_http_url_is_refused(editor_client):
    response = add_feed(editor_client, "ftp://93.184.215.14/rss")
    assert response.status_code == 200
    assert not Feed.objects.exists()


def test_a_poll_interval_under_five_minutes_is_refused(editor_client):
    response = add_feed(editor_client, "https://93.184.215.14/rss", poll_interval="00:01:00")
    assert "Poll at most every 5 minutes" in response.content.decode()
    assert not Feed.objects.exists()


def test_editing_a_feed_url_forgets_the_old_validators(editor_client):
    feed = Feed.objects.create(url="https://93.184.215.14/rss", etag='"abc"', last_modified="x")
    response = editor_client.post(
        reverse("admin:channels_app_feed_change", args=[feed.pk]),
        {
            "url": "https://93.184.215.15/atom",
            "title": "T",
            "outlet": "",
            "poll_interval": "1:00:00",
            "enabled": "on",
        },
    )
    assert response.status_code == 302
    feed.refresh_from_db()
    assert (feed.url, feed.title, feed.etag, feed.last_modified) == (
        "https://93.184.215.15/atom",
        "T",
        "",
        "",
    )


def test_the_feed_list_shows_health(editor_client):
    Feed.objects.create(
        url="https://93.184.215.14/rss",
        title="Wire",
        error_count=3,
        last_error="timeout: " + "x" * 200,
        disabled_reason="",
    )
    page = editor_client.get(FEEDS).content.decode()
    assert "Wire" in page and "https://93.184.215.14/rss" in page
    assert "timeout: xxx" in page and "x" * 150 not in page  # truncated
    assert 'class="field-errors">3<' in page


def test_the_failing_filter_lists_only_failing_feeds(editor_client):
    Feed.objects.create(url="https://93.184.215.14/ok", title="Healthy one")
    Feed.objects.create(url="https://93.184.215.14/bad", title="Broken one", error_count=2)
    page = editor_client.get(FEEDS, {"health": "failing"}).content.decode()
    assert "Broken one" in page and "Healthy one" not in page


def test_poll_now_claims_the_feed_and_queues_its_poll_after_commit(
    editor_client, queued, django_capture_on_commit_callbacks
):
    feed = Feed.objects.create(url="https://93.184.215.14/rss", next_poll_at=timezone.now())
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = editor_client.post(FEEDS, {"action": "poll_now", "_selected_action": [feed.pk]})
    assert response.status_code == 302
    assert len(callbacks) == 1 and queued == [feed.pk]
    feed.refresh_from_db()
    assert feed.claimed_at >= before
    # The claim's lease keeps the dispatcher from queueing it a second time.
    assert feed.pk not in Feed.objects.due(timezone.now()).values_list("pk", flat=True)


def test_poll_now_skips_a_disabled_feed(editor_client, queued):
    feed = Feed.objects.create(url="https://93.184.215.14/rss", enabled=False)
    editor_client.post(FEEDS, {"action": "poll_now", "_selected_action": [feed.pk]})
    assert queued == []


def test_poll_now_skips_a_feed_already_being_polled(editor_client, queued):
    now = timezone.now()
    feed = Feed.objects.create(
        url="https://93.184.215.14/rss", claimed_at=now, next_poll_at=now + timedelta(minutes=5)
    )
    editor_client.post(FEEDS, {"action": "poll_now", "_selected_action": [feed.pk]})
    assert queued == []


def test_poll_now_needs_the_change_feed_permission(plain_staff_client, queued):
    feed = Feed.objects.create(url="https://93.184.215.14/rss")
    plain_staff_client.post(FEEDS, {"action": "poll_now", "_selected_action": [feed.pk]})
    assert queued == []


def test_reenabling_clears_the_failure_state(editor_client):
    feed = Feed.objects.create(
        url="https://93.184.215.14/rss",
        enabled=False,
        disabled_reason="Gone (HTTP 410)",
        error_count=9,
        failing_since=timezone.now() - timedelta(days=8),
    )
    editor_client.post(FEEDS, {"action": "reenable", "_selected_action": [feed.pk]})
    feed.refresh_from_db()
    assert (feed.enabled, feed.disabled_reason, feed.error_count, feed.failing_since) == (
        True,
        "",
        0,
        None,
    )


# --- articles, detections, proposals ------------------------------------------------------


def make_article(feed, n, **fields):
    return Article.objects.create(
        feed=feed,
        dedup_key=f"d{n}",
        content_hash=f"h{n}",
        story_key=f"s{n}",
        link=f"https://wire.example/{n}",
        **fields,
    )


def detect(article, channel, proposal=None, modality=Modality.ACT, withheld=False):
    return Detection.objects.create(
        withheld=withheld,
        article=article,
        country_a=channel.country_a.code,
        country_b=channel.country_b.code,
        kind=channel.kind,
        state=State.SUSPENDED,
        modality=modality,
        confidence=0.8,
        evidence="Talks were suspended on Monday.",
        channel=channel,
        proposal=proposal,
    )


def test_articles_are_searchable_by_summary(editor_client):
    feed = Feed.objects.create(url="https://93.184.215.14/rss")
    make_article(feed, 1, title="Hotline cut", summary="The military hotline was cut.")
    make_article(feed, 2, title="Weather", summary="Rain.")
    url = reverse("admin:channels_app_article_changelist")
    page = editor_client.get(url, {"q": "hotline"}).content.decode()
    assert "Hotline cut" in page and "Weather" not in page


def test_the_article_list_counts_detections_in_a_fixed_number_of_queries(editor_client):
    feed = Feed.objects.create(url="https://93.184.215.14/rss")
    channel = channel_create(country_a="US", country_b="CN", kind=Kind.MILITARY)
    url = reverse("admin:channels_app_article_changelist")
    detect(make_article(feed, 0, title="First"), channel)
    with CaptureQueriesContext(connection) as one:
        editor_client.get(url)
    for n in range(1, 10):
        detect(make_article(feed, n), channel)
    with CaptureQueriesContext(connection) as ten:
        page = editor_client.get(url).content.decode()
    assert 'class="field-detection_count">1<' in page
    assert len(ten) == len(one)


def test_articles_are_read_only(editor_client):
    feed = Feed.objects.create(url="https://93.184.215.14/rss")
    article = make_article(feed, 1, title="Hotline cut")
    page = editor_client.get(
        reverse("admin:channels_app_article_change", args=[article.pk])
    ).content.decode()
    assert "Hotline cut" in page and 'name="_save"' not in page


def test_the_proposal_page_shows_its_detections_and_links_to_the_review_page(editor_client):
    feed = Feed.objects.create(url="https://93.184.215.14/rss", outlet="Wire Service")
    channel = channel_create(country_a="US", country_b="CN", kind=Kind.MILITARY)
    proposal = Proposal.objects.create(channel=channel, state=State.SUSPENDED, source_count=1)
    detect(make_article(feed, 1, title="Talks off"), channel, proposal)
    url = reverse("admin:channels_app_proposal_change", args=[proposal.pk])
    page = editor_client.get(url).content.decode()
    assert "Talks off" in page and "Wire Service" in page
    assert "Talks were suspended on Monday." in page
    assert reverse("review:proposal", args=[proposal.pk]) in page


def test_the_proposal_list_filters_by_status(editor_client):
    channel = channel_create(country_a="US", country_b="CN", kind=Kind.MILITARY)
    Proposal.objects.create(channel=channel, state=State.SUSPENDED)
    Proposal.objects.create(channel=channel, state=State.SEVERED, status="rejected")
    url = reverse("admin:channels_app_proposal_changelist")
    page = editor_client.get(url, {"status__exact": "rejected"}).content.decode()
    assert "state-severed" in page and "state-suspended" not in page


def test_detections_filter_by_modality(editor_client):
    feed = Feed.objects.create(url="https://93.184.215.14/rss")
    channel = channel_create(country_a="US", country_b="CN", kind=Kind.MILITARY)
    detect(make_article(feed, 1, title="An act"), channel)
    detect(make_article(feed, 2, title="A threat"), channel, modality=Modality.THREAT)
    url = reverse("admin:channels_app_detection_changelist")
    page = editor_client.get(url, {"modality__exact": "threat"}).content.decode()
    assert "A threat" in page and "An act" not in page


@pytest.mark.parametrize(
    ("verdict", "shown"),
    [
        ("proposes", {"An act"}),
        ("withheld", {"A routine meeting"}),
        ("no-change", {"A threat"}),
        (None, {"An act", "A routine meeting", "A threat"}),
    ],
)
def test_detections_filter_by_verdict(editor_client, verdict, shown):
    feed = Feed.objects.create(url="https://93.184.215.14/rss")
    channel = channel_create(country_a="US", country_b="CN", kind=Kind.MILITARY)
    detect(make_article(feed, 1, title="An act"), channel)
    detect(make_article(feed, 2, title="A routine meeting"), channel, withheld=True)
    detect(make_article(feed, 3, title="A threat"), channel, modality=Modality.THREAT)
    url = reverse("admin:channels_app_detection_changelist")
    page = editor_client.get(url, {"verdict": verdict} if verdict else {}).content.decode()
    titles = {"An act", "A routine meeting", "A threat"}
    assert {title for title in titles if title in page} == shown
    assert "By verdict" in page and "No change" in page
    if verdict == "withheld":
        assert '<td class="field-verdict">Withheld</td>' in page


@pytest.mark.parametrize("withheld", [False, True])
@pytest.mark.parametrize("modality", list(Modality))
def test_a_detections_verdict_and_the_verdicts_query_agree(db, modality, withheld):
    feed = Feed.objects.create(url="https://93.184.215.14/rss")
    channel = channel_create(country_a="US", country_b="CN", kind=Kind.MILITARY)
    found = detect(make_article(feed, 1), channel, modality=modality, withheld=withheld)
    matching = [v for v, rule in VERDICT_QUERIES.items() if Detection.objects.filter(rule).exists()]
    assert matching == [found.verdict]


def test_the_channel_form_edits_the_auto_apply_settings(editor_client):
    channel = channel_create(country_a="US", country_b="CN", kind=Kind.MILITARY)
    response = editor_client.post(
        reverse("admin:channels_app_channel_change", args=[channel.pk]),
        {
            "name": channel.name,
            "description": "",
            "mechanisms": "",
            "stale_after_days": "90",
            "auto_apply_sources": "3",
            "auto_apply_window_hours": "24",
            "changes-TOTAL_FORMS": "0",
            "changes-INITIAL_FORMS": "0",
            "changes-MIN_NUM_FORMS": "0",
            "changes-MAX_NUM_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()
    channel.refresh_from_db()
    assert (channel.auto_apply_sources, channel.auto_apply_window_hours) == (3, 24)
