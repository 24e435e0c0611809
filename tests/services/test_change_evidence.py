"""Every change has evidence whatever the door (models.choices.ORIGIN_NEEDS_EVIDENCE), and
editors correct a change's sources with an audited correction (change_correct_evidence)."""

from datetime import UTC, datetime

import pytest

from channels_app.models import ChangeAudit, Evidence, Origin, StateChange
from channels_app.services.changes import (
    EvidenceInput,
    change_correct_evidence,
    channel_set_state,
)
from channels_app.services.channels import channel_create
from channels_app.services.errors import ChangeRejected
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 11, 2, 12, 0, tzinfo=UTC)
WHEN = datetime(2025, 11, 1, tzinfo=UTC)
A = EvidenceInput(url="https://news.example/a", outlet="Example", title="A")
B = EvidenceInput(url="https://news.example/b")
LONG = "https://news.example/" + "x" * 10_000
BAD_URLS = ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", LONG]


@pytest.fixture
def channel():
    return channel_create(country_a="US", country_b="CN", kind="military")


def record(channel, origin=Origin.MANUAL, evidence=(A,)):
    return channel_set_state(
        channel=channel,
        state="open",
        effective_at=WHEN,
        origin=origin,
        evidence=evidence,
        now=NOW,
    )


@pytest.mark.parametrize("origin", [Origin.MANUAL, Origin.API, Origin.NEWS])
def test_a_change_without_a_source_is_refused_and_nothing_is_written(channel, origin):
    with pytest.raises(ChangeRejected, match="at least one source") as refused:
        record(channel, origin=origin, evidence=())
    assert refused.value.code == "no_evidence"
    assert not StateChange.objects.exists()
    channel.refresh_from_db()
    assert channel.state == "unknown"


def test_an_import_may_replay_a_change_without_a_source(channel):
    change = record(channel, origin=Origin.IMPORT, evidence=())
    assert change.evidence.count() == 0


@pytest.mark.parametrize("url", BAD_URLS)
def test_a_change_with_a_bad_source_url_is_refused(channel, url):
    with pytest.raises(ChangeRejected) as refused:
        record(channel, evidence=(EvidenceInput(url=url),))
    assert refused.value.code == "bad_evidence_url"
    assert not StateChange.objects.exists() and not Evidence.objects.exists()


def test_an_editor_adds_and_removes_sources_as_an_audited_correction(channel):
    editor = UserFactory()
    change = record(channel)
    old = change.evidence.get()
    change_correct_evidence(
        change=change, actor=editor, reason="Better source", add=[B], remove=[old.pk], now=NOW
    )
    assert [e.url for e in change.evidence.all()] == ["https://news.example/b"]
    audit = ChangeAudit.objects.get()
    assert (audit.action, audit.actor, audit.reason, audit.at) == (
        "correct",
        editor,
        "Better source",
        NOW,
    )
    assert audit.before["evidence"] == [
        {"url": A.url, "outlet": "Example", "title": "A", "published_at": None}
    ]
    assert [e["url"] for e in audit.after["evidence"]] == [B.url]
    assert audit.differences() == [("Sources", A.url, B.url)]


def test_added_source_urls_are_stored_normalised(channel):
    change = record(channel)
    spaced = EvidenceInput(url="https://news.example/a b")
    change_correct_evidence(change=change, actor=None, reason="Second source", add=[spaced])
    assert change.evidence.filter(url="https://news.example/a%20b").exists()


def test_the_last_source_of_a_change_cannot_be_removed(channel):
    change = record(channel)
    only = change.evidence.get()
    with pytest.raises(ChangeRejected, match="at least one source"):
        change_correct_evidence(change=change, actor=None, reason="Oops", remove=[only.pk])
    assert change.evidence.count() == 1 and not ChangeAudit.objects.exists()


@pytest.mark.parametrize("url", BAD_URLS)
def test_a_bad_url_added_to_a_change_is_refused_and_nothing_is_written(channel, url):
    change = record(channel)
    only = change.evidence.get()
    with pytest.raises(ChangeRejected) as refused:
        change_correct_evidence(
            change=change,
            actor=None,
            reason="Swap",
            add=[EvidenceInput(url=url)],
            remove=[only.pk],
        )
    assert refused.value.code == "bad_evidence_url"
    assert list(change.evidence.all()) == [only] and not ChangeAudit.objects.exists()


def test_a_source_the_change_already_cites_is_refused(channel):
    change = record(channel)
    with pytest.raises(ChangeRejected, match="already a source"):
        change_correct_evidence(change=change, actor=None, reason="Again", add=[A])
    assert change.evidence.count() == 1


def test_another_changes_source_cannot_be_removed_through_this_one(channel):
    first = record(channel)
    other = channel_create(country_a="US", country_b="RU", kind="military")
    foreign = record(other).evidence.get()
    with pytest.raises(ChangeRejected) as refused:
        change_correct_evidence(change=first, actor=None, reason="x", add=[B], remove=[foreign.pk])
    assert refused.value.code == "unknown_evidence"
    assert Evidence.objects.count() == 2


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_evidence_correction_needs_a_reason(channel, reason):
    change = record(channel)
    with pytest.raises(ChangeRejected, match="reason"):
        change_correct_evidence(change=change, actor=None, reason=reason, add=[B])


def test_an_empty_evidence_correction_is_refused(channel):
    change = record(channel)
    with pytest.raises(ChangeRejected, match="Nothing to correct"):
        change_correct_evidence(change=change, actor=None, reason="Nothing", add=[], remove=[])
