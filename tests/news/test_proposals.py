"""Proposals: which detections make one, how independent sources are counted, and what
accepting, rejecting, applying by itself and superseding write."""

from datetime import timedelta

import pytest
from django.utils import timezone

from channels_app.models import Detection, Kind, Origin, Proposal, State, StateChange
from channels_app.news.detect import detect
from channels_app.news.services import proposals
from channels_app.news.services.ingest import ingest_entries
from channels_app.news.services.proposals import (
    proposal_accept,
    proposal_reject,
    supersede_fulfilled,
)
from channels_app.services.errors import ChangeRejected
from tests.factories import ChannelFactory, StateChangeFactory

from .feeds import RESTORES, SUSPENDS, SUSPENDS_TOO, FeedFactory, entry

# Every act and agreed intent read proposes here, whatever the threshold (conftest).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("any_calibrated_confidence")]
Status = Proposal.Status


def report(feed, title=SUSPENDS, *, link, published_at=None):
    """`feed` carries one article headlined `title`."""
    ingest_entries(feed=feed, entries=[entry(title, link=link, published_at=published_at)])


def the_proposal() -> Proposal:
    return Proposal.objects.get()


# --- which detections propose ------------------------------------------------------------


def test_an_act_on_a_tracked_channel_creates_a_pending_proposal(cn_us):
    report(FeedFactory(), link="https://a.example/1")

    proposal = the_proposal()
    assert (proposal.channel, proposal.state, proposal.status) == (cn_us, "suspended", "pending")


def test_an_agreed_intent_creates_a_proposal(cn_us):
    report(
        FeedFactory(),
        "China and the United States agree to suspend military hotline",
        link="https://a.example/1",
    )

    assert the_proposal().state == State.SUSPENDED


@pytest.mark.parametrize(
    ("headline", "modality"),
    [
        ("China threatens to suspend military hotline with the United States", "threat"),
        ("China denies suspending military hotline with the United States", "denial"),
        ("China may suspend military hotline with the United States, analysts say", "speculation"),
    ],
)
def test_threats_denials_and_speculation_are_recorded_but_propose_nothing(
    cn_us, headline, modality
):
    report(FeedFactory(), headline, link="https://a.example/1")

    assert Detection.objects.get().modality == modality
    assert not Proposal.objects.exists()


def test_a_channel_nobody_tracks_gets_no_proposal(db):
    ChannelFactory(country_a="CN", country_b="US", kind=Kind.TRADE)  # tracked, but not military

    report(FeedFactory(), link="https://a.example/1")

    assert Detection.objects.get().channel is None
    assert not Proposal.objects.exists()


def test_no_proposal_when_the_channel_already_has_that_state(cn_us):
    StateChangeFactory(channel=cn_us, state=State.SUSPENDED)

    report(FeedFactory(), link="https://a.example/1")

    assert not Proposal.objects.exists()


def test_reports_of_the_same_change_join_one_proposal(cn_us):
    report(FeedFactory(), link="https://a.example/1")

    report(FeedFactory(), SUSPENDS_TOO, link="https://b.example/1")

    assert the_proposal().detections.count() == 2


def test_reports_of_two_states_in_one_poll_make_a_proposal_each(cn_us):
    ingest_entries(
        feed=FeedFactory(),
        entries=[
            entry(SUSPENDS, link="https://a.example/1"),
            entry(SUSPENDS_TOO, link="https://a.example/2"),
            entry(RESTORES, link="https://a.example/3"),
        ],
    )

    assert sorted(Proposal.objects.values_list("state", "detections__article__link")) == [
        ("open", "https://a.example/3"),
        ("suspended", "https://a.example/1"),
        ("suspended", "https://a.example/2"),
    ]


def test_a_proposal_another_worker_created_meanwhile_is_joined(cn_us, monkeypatch):
    theirs = Proposal.objects.create(channel=cn_us, state=State.SUSPENDED)
    select = proposals._select_pending
    calls = iter([lambda keys: {}])  # the first look finds nothing: it was not there yet
    monkeypatch.setattr(proposals, "_select_pending", lambda keys: next(calls, select)(keys))

    report(FeedFactory(), link="https://a.example/1")

    assert the_proposal() == theirs
    assert theirs.detections.count() == 1


# --- independent sources -----------------------------------------------------------------


def test_the_same_story_in_two_feeds_of_one_outlet_is_one_source(cn_us):
    report(FeedFactory(outlet="Wire"), link="https://wire.example/world/1")

    report(FeedFactory(outlet="Wire"), SUSPENDS_TOO, link="https://wire.example/asia/1")

    assert the_proposal().source_count == 1


def test_the_same_story_in_two_outlets_is_two_sources(cn_us):
    report(FeedFactory(outlet="Wire"), link="https://wire.example/1")

    report(FeedFactory(outlet="Daily"), link="https://daily.example/1")

    assert the_proposal().source_count == 2


def test_two_outlets_carrying_the_same_canonical_link_count_once(cn_us):
    report(FeedFactory(outlet="Wire"), link="https://wire.example/1")

    report(FeedFactory(outlet="Aggregator"), link="http://www.wire.example/1?utm_source=agg")

    assert the_proposal().source_count == 1


def test_sources_are_counted_again_with_the_reports_of_earlier_polls(cn_us):
    report(FeedFactory(outlet="Wire"), link="https://wire.example/1")
    report(FeedFactory(outlet="Daily"), link="https://daily.example/1")

    report(FeedFactory(outlet="Wire"), SUSPENDS_TOO, link="https://wire.example/2")

    assert the_proposal().source_count == 2


def test_an_outlet_without_a_name_is_counted_by_its_feed(cn_us):
    report(FeedFactory(outlet="", title="Wire"), link="https://wire.example/1")

    report(FeedFactory(outlet="", title="Daily"), link="https://daily.example/1")

    assert the_proposal().source_count == 2


def test_outlets_are_compared_without_case_or_surrounding_spaces(cn_us):
    report(FeedFactory(outlet="Wire"), link="https://wire.example/1")

    report(FeedFactory(outlet=" WIRE "), link="https://wire.example/2")

    assert the_proposal().source_count == 1


# --- accepting ---------------------------------------------------------------------------


@pytest.fixture
def proposal(cn_us) -> Proposal:
    """Two outlets reported the suspension, two and five hours ago."""
    now = timezone.now()
    report(
        FeedFactory(outlet="Daily"),
        link="https://daily.example/1",
        published_at=now - timedelta(hours=2),
    )
    report(
        FeedFactory(outlet="Wire"),
        SUSPENDS_TOO,
        link="https://wire.example/1",
        published_at=now - timedelta(hours=5),
    )
    return the_proposal()


def test_accepting_records_a_change_from_the_news(proposal, editor_user):
    proposal_accept(proposal=proposal, reviewer=editor_user)

    change = StateChange.objects.get()
    assert (change.new_state, change.origin, change.actor) == (
        "suspended",
        Origin.NEWS,
        editor_user,
    )
    assert proposal.channel.state == State.SUSPENDED


def test_accepting_takes_the_articles_links_as_evidence(proposal, editor_user):
    proposal_accept(proposal=proposal, reviewer=editor_user)

    evidence = StateChange.objects.get().evidence.all()
    assert {(e.url, e.outlet) for e in evidence} == {
        ("https://daily.example/1", "Daily"),
        ("https://wire.example/1", "Wire"),
    }


def test_a_proposal_without_a_usable_link_cannot_be_accepted_and_stays_pending(cn_us, editor_user):
    report(FeedFactory(), link="javascript:alert(1)")
    proposal = the_proposal()
    with pytest.raises(ChangeRejected) as refused:
        proposal_accept(proposal=proposal, reviewer=editor_user)
    assert refused.value.code == "no_evidence"
    assert not StateChange.objects.exists()
    assert the_proposal().status == Status.PENDING


def test_an_accepted_change_takes_effect_at_the_earliest_publication(proposal, editor_user):
    earliest = min(d.article.published_at for d in proposal.detections.all())

    proposal_accept(proposal=proposal, reviewer=editor_user)

    assert StateChange.objects.get().effective_at == earliest


def test_accepting_closes_the_proposal_with_its_change(proposal, editor_user):
    accepted = proposal_accept(proposal=proposal, reviewer=editor_user)

    assert (accepted.status, accepted.reviewer, accepted.change) == (
        Status.ACCEPTED,
        editor_user,
        StateChange.objects.get(),
    )


def test_a_link_the_writer_would_refuse_is_left_out_of_the_evidence(cn_us, editor_user):
    report(FeedFactory(), link="https://bad host.example/1")
    report(FeedFactory(), SUSPENDS_TOO, link="https://good.example/1")

    proposal_accept(proposal=the_proposal(), reviewer=editor_user)

    assert [e.url for e in StateChange.objects.get().evidence.all()] == ["https://good.example/1"]


# --- rejecting and deciding once ---------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   "])
def test_rejecting_needs_a_reason(proposal, editor_user, reason):
    with pytest.raises(ChangeRejected) as refused:
        proposal_reject(proposal=proposal, reviewer=editor_user, reason=reason)

    assert refused.value.code == "no_reason"
    assert the_proposal().status == Status.PENDING


def test_rejecting_keeps_the_reason_and_records_no_change(proposal, editor_user):
    rejected = proposal_reject(proposal=proposal, reviewer=editor_user, reason="Old news")

    assert (rejected.status, rejected.reason, rejected.reviewer) == (
        Status.REJECTED,
        "Old news",
        editor_user,
    )
    assert not StateChange.objects.exists()


def test_an_accepted_proposal_cannot_be_accepted_again(proposal, editor_user):
    proposal_accept(proposal=proposal, reviewer=editor_user)

    with pytest.raises(ChangeRejected) as refused:
        proposal_accept(proposal=proposal, reviewer=editor_user)

    assert refused.value.code == "decided"
    assert StateChange.objects.count() == 1


def test_a_rejected_proposal_cannot_be_accepted(proposal, editor_user):
    proposal_reject(proposal=proposal, reviewer=editor_user, reason="Old news")

    with pytest.raises(ChangeRejected):
        proposal_accept(proposal=proposal, reviewer=editor_user)

    assert not StateChange.objects.exists()


def test_an_accepted_proposal_cannot_be_rejected(proposal, editor_user):
    proposal_accept(proposal=proposal, reviewer=editor_user)

    with pytest.raises(ChangeRejected):
        proposal_reject(proposal=proposal, reviewer=editor_user, reason="Changed my mind")

    assert the_proposal().status == Status.ACCEPTED


# --- applying by itself ------------------------------------------------------------------


@pytest.fixture
def any_confidence(settings):
    """Outlets are counted whatever the detector's confidence (tested on its own below)."""
    settings.NEWS_AUTO_APPLY_MIN_CONFIDENCE = 0.0


def test_without_the_setting_agreeing_outlets_still_wait_for_review(cn_us, any_confidence):
    for n in range(4):
        report(FeedFactory(), link=f"https://outlet{n}.example/1")

    assert the_proposal().status == Status.PENDING


def test_n_outlets_agreeing_within_the_window_apply_the_change(cn_us, any_confidence):
    cn_us.auto_apply_sources = 2
    cn_us.save()
    report(FeedFactory(), link="https://a.example/1")

    report(FeedFactory(), SUSPENDS_TOO, link="https://b.example/1")

    proposal = the_proposal()
    assert proposal.status == Status.APPLIED
    assert (proposal.change.origin, proposal.change.new_state) == (Origin.NEWS, "suspended")


def test_fewer_outlets_than_the_setting_do_not_apply(cn_us, any_confidence):
    cn_us.auto_apply_sources = 3
    cn_us.save()
    report(FeedFactory(), link="https://a.example/1")

    report(FeedFactory(), SUSPENDS_TOO, link="https://b.example/1")

    assert the_proposal().status == Status.PENDING
    assert not StateChange.objects.exists()


def test_outlets_further_apart_than_the_window_do_not_apply(cn_us, any_confidence):
    cn_us.auto_apply_sources, cn_us.auto_apply_window_hours = 2, 48
    cn_us.save()
    report(
        FeedFactory(), link="https://a.example/1", published_at=timezone.now() - timedelta(hours=49)
    )

    report(FeedFactory(), SUSPENDS_TOO, link="https://b.example/1")

    assert the_proposal().status == Status.PENDING


def test_one_outlet_in_many_feeds_does_not_reach_the_setting(cn_us, any_confidence):
    cn_us.auto_apply_sources = 2
    cn_us.save()
    report(FeedFactory(outlet="Wire"), link="https://wire.example/1")

    report(FeedFactory(outlet="Wire"), SUSPENDS_TOO, link="https://wire.example/2")

    assert the_proposal().status == Status.PENDING


def test_outlets_read_below_the_minimum_confidence_do_not_apply(cn_us, settings):
    cn_us.auto_apply_sources = 2
    cn_us.save()
    report(FeedFactory(), link="https://a.example/1")
    settings.NEWS_AUTO_APPLY_MIN_CONFIDENCE = Detection.objects.get().confidence + 0.01

    report(FeedFactory(), SUSPENDS_TOO, link="https://b.example/1")

    assert the_proposal().status == Status.PENDING
    assert the_proposal().source_count == 2  # still counted for the reviewer
    assert not StateChange.objects.exists()


def test_outlets_read_at_the_minimum_confidence_apply(cn_us, settings):
    cn_us.auto_apply_sources = 2
    cn_us.save()
    lowest = min(d.confidence for title in (SUSPENDS, SUSPENDS_TOO) for d in detect(title, ""))
    settings.NEWS_AUTO_APPLY_MIN_CONFIDENCE = lowest
    report(FeedFactory(), link="https://a.example/1")

    report(FeedFactory(), SUSPENDS_TOO, link="https://b.example/2")

    assert the_proposal().status == Status.APPLIED
    assert f"confidence {lowest:.0%} or more" in the_proposal().change.note


def test_a_withheld_detection_proposes_nothing(cn_us):
    report(FeedFactory(), link="https://a.example/1")
    proposed = Detection.objects.get()
    withheld = Detection(
        article=proposed.article,
        country_a="CN",
        country_b="US",
        kind=Kind.MILITARY,
        state=State.SEVERED,
        modality="act",
        confidence=0.1,
        evidence="",
        channel=cn_us,
        withheld=True,
    )

    assert proposals.attach(detections=[withheld], now=timezone.now()) == []


# --- superseding -------------------------------------------------------------------------


def test_a_change_an_editor_records_by_hand_supersedes_the_proposal(
    proposal, editor_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        StateChangeFactory(channel=proposal.channel, state=State.SUSPENDED, actor=editor_user)

    assert the_proposal().status == Status.SUPERSEDED


def test_superseding_leaves_proposals_for_other_states_pending(proposal):
    StateChangeFactory(channel=proposal.channel, state=State.SEVERED)

    superseded = supersede_fulfilled(channel_id=proposal.channel_id)

    assert superseded == 0
    assert the_proposal().status == Status.PENDING
