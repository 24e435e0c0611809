from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from channels_app.models import (
    Article,
    Detection,
    Feed,
    Kind,
    Modality,
    Origin,
    Proposal,
    State,
    StateChange,
)
from channels_app.news.services.ingest import ingest_entries
from channels_app.services.channels import channel_create
from tests.news.feeds import SUSPENDS, FeedFactory, entry

pytestmark = pytest.mark.django_db
QUEUE = reverse("review:queue")
PUBLISHED = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


def make_proposal(n=0, *, outlets=("Reuters", "AP"), state=State.SUSPENDED, channel=None):
    """A pending proposal for a fresh channel, with one detection per outlet's article."""
    others = ["CN", "RU", "IN", "JP", "KR", "FR", "DE"]
    channel = channel or channel_create(
        country_a="US", country_b=others[n % 7], kind=Kind.values[n // 7]
    )
    proposal = Proposal.objects.create(channel=channel, state=state, source_count=len(outlets))
    for i, outlet in enumerate(outlets):
        feed, _ = Feed.objects.get_or_create(
            url=f"https://{outlet.lower()}.example/rss", defaults={"outlet": outlet}
        )
        article = Article.objects.create(
            feed=feed,
            dedup_key=f"{n}-{i}",
            content_hash=f"h{n}-{i}",
            story_key=f"s{n}-{i}",
            link=f"https://{outlet.lower()}.example/{n}/{i}",
            title=f"{outlet}: hotline suspended ({n})",
            published_at=PUBLISHED + timedelta(hours=i),
        )
        Detection.objects.create(
            article=article,
            country_a=channel.country_a.code,
            country_b=channel.country_b.code,
            kind=channel.kind,
            state=state,
            modality=Modality.ACT,
            confidence=0.9,
            evidence=f"The hotline was suspended, {outlet} reports.",
            channel=channel,
            proposal=proposal,
        )
    return proposal


def accept(client, proposal, **fields):
    data = {f"p{proposal.pk}-accept-{k}": v for k, v in {"note": "", **fields}.items()}
    return client.post(reverse("review:accept", args=[proposal.pk]), data)


def reject(client, proposal, reason):
    data = {f"p{proposal.pk}-reject-reason": reason}
    return client.post(reverse("review:reject", args=[proposal.pk]), data)


def test_the_queue_shows_each_proposal_with_its_articles(editor_client):
    proposal = make_proposal()
    page = editor_client.get(QUEUE).content.decode()
    assert proposal.channel.name in page
    assert "Suspended" in page and "Unknown" in page  # proposed and current state
    assert "Reuters: hotline suspended (0)" in page
    assert 'href="https://ap.example/0/1"' in page
    assert "The hotline was suspended, AP reports." in page
    assert "1 Mar 2025 08:00" in page and "Act" in page and "90% confident" in page
    assert "<strong>2</strong> independent outlets" in page


def test_the_queue_lists_only_pending_proposals_newest_first(editor_client):
    older, newer, decided = make_proposal(0), make_proposal(1), make_proposal(2)
    Proposal.objects.filter(pk=older.pk).update(last_seen_at=timezone.now() - timedelta(days=1))
    Proposal.objects.filter(pk=decided.pk).update(status=Proposal.Status.REJECTED)
    page = editor_client.get(QUEUE).content.decode()
    assert page.index(f'id="proposal-{newer.pk}"') < page.index(f'id="proposal-{older.pk}"')
    assert f'id="proposal-{decided.pk}"' not in page


def test_accepting_records_a_news_change_with_the_articles_as_evidence(editor_client, editor_user):
    proposal = make_proposal()
    response = accept(editor_client, proposal, note="Both wires confirm")
    assert response.status_code == 302 and response.url == QUEUE
    change = StateChange.objects.get(channel=proposal.channel)
    assert (change.origin, change.new_state, change.actor) == (
        Origin.NEWS,
        State.SUSPENDED,
        editor_user,
    )
    assert change.note == "Both wires confirm"
    assert change.effective_at == PUBLISHED  # the earliest article, when no date is given
    assert sorted(change.evidence.values_list("url", "outlet")) == [
        ("https://ap.example/0/1", "AP"),
        ("https://reuters.example/0/0", "Reuters"),
    ]


def test_accepting_closes_the_proposal_with_its_reviewer(editor_client, editor_user):
    proposal = make_proposal()
    accept(editor_client, proposal)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reviewer) == (Proposal.Status.ACCEPTED, editor_user)
    assert proposal.change == StateChange.objects.get()


def test_accepting_with_an_effective_date_uses_it(editor_client):
    proposal = make_proposal()
    accept(editor_client, proposal, effective_date="2025-02-27")
    assert StateChange.objects.get().effective_at == datetime(2025, 2, 27, tzinfo=UTC)


def test_accepting_with_a_future_date_shows_the_refusal_and_writes_nothing(editor_client):
    proposal = make_proposal()
    tomorrow = (timezone.now() + timedelta(days=2)).date().isoformat()
    response = accept(editor_client, proposal, effective_date=tomorrow)
    assert response.status_code == 200
    assert 'class="form-error"' in response.content.decode()
    assert not StateChange.objects.exists()
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PENDING


def test_accepting_a_decided_proposal_says_so_and_writes_nothing(editor_client):
    proposal = make_proposal()
    Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.REJECTED)
    response = accept(editor_client, proposal)
    assert "This proposal was already decided." in response.content.decode()
    assert not StateChange.objects.exists()


def test_rejecting_without_a_reason_shows_an_error_and_changes_nothing(editor_client):
    proposal = make_proposal()
    response = reject(editor_client, proposal, "   ")
    assert response.status_code == 200
    assert "Say why the proposal is rejected." in response.content.decode()
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reviewer, proposal.reason) == (
        Proposal.Status.PENDING,
        None,
        "",
    )
    assert not StateChange.objects.exists()


def test_rejecting_with_a_reason_closes_the_proposal(editor_client, editor_user):
    proposal = make_proposal()
    response = reject(editor_client, proposal, "Only a drill was suspended")
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reviewer, proposal.reason) == (
        Proposal.Status.REJECTED,
        editor_user,
        "Only a drill was suspended",
    )
    assert not StateChange.objects.exists()


@pytest.mark.parametrize("name", ["review:queue", "review:proposal"])
def test_a_user_without_the_permission_gets_403(plain_staff_client, name):
    proposal = make_proposal()
    args = [proposal.pk] if name == "review:proposal" else []
    assert plain_staff_client.get(reverse(name, args=args)).status_code == 403


def test_a_user_without_the_permission_cannot_accept(plain_staff_client):
    proposal = make_proposal()
    assert accept(plain_staff_client, proposal).status_code == 403
    assert not StateChange.objects.exists()


def test_an_anonymous_visitor_is_sent_to_the_admin_login(client):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response.url == f"{reverse('admin:login')}?next={QUEUE}"


def test_get_requests_never_change_anything(editor_client):
    proposal = make_proposal()
    before = list(Proposal.objects.values())
    editor_client.get(QUEUE)
    editor_client.get(reverse("review:proposal", args=[proposal.pk]))
    assert editor_client.get(reverse("review:accept", args=[proposal.pk])).status_code == 405
    assert editor_client.get(reverse("review:reject", args=[proposal.pk])).status_code == 405
    assert list(Proposal.objects.values()) == before
    assert not StateChange.objects.exists()


def test_the_queue_takes_the_same_number_of_queries_for_2_and_20_proposals(editor_client):
    for n in range(2):
        make_proposal(n)
    with CaptureQueriesContext(connection) as two:
        editor_client.get(QUEUE)
    for n in range(2, 20):
        make_proposal(n, outlets=("Reuters", "AP", "AFP"))
    with CaptureQueriesContext(connection) as twenty:
        page = editor_client.get(QUEUE).content.decode()
    assert page.count('class="proposal proposal--') == 20
    assert len(twenty) == len(two)


def test_a_decided_proposal_page_shows_the_decision_without_forms(editor_client):
    proposal = make_proposal()
    reject(editor_client, proposal, "Drill only")
    page = editor_client.get(reverse("review:proposal", args=[proposal.pk])).content.decode()
    assert "Rejected" in page and "Drill only" in page
    assert reverse("review:accept", args=[proposal.pk]) not in page


def test_a_javascript_link_from_a_feed_is_not_made_a_link(editor_client):
    proposal = make_proposal()
    Article.objects.update(link="javascript:alert(1)", title="<b>Bold</b> claim")
    page = editor_client.get(QUEUE).content.decode()
    assert "javascript:alert" not in page
    assert "&lt;b&gt;Bold&lt;/b&gt; claim" in page
    assert proposal.channel.name in page


@pytest.mark.usefixtures("any_calibrated_confidence")
def test_a_proposal_shows_the_cue_and_the_sides_each_article_was_read_from(editor_client):
    channel_create(country_a="CN", country_b="US", kind=Kind.MILITARY)
    ingest_entries(feed=FeedFactory(), entries=[entry(SUSPENDS, link="https://a.example/1")])
    proposal = Proposal.objects.get()

    page = editor_client.get(reverse("review:proposal", args=[proposal.pk])).content.decode()

    why = proposal.detections.get().explanation
    assert f"cue: {why['cue']['name']} (“{why['cue']['words']}”)" in page
    assert "sides: CN (“China”), US (“United States”)" in page
    assert "parties from the clause, kind named, in the title" in page
