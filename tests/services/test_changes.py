from datetime import UTC, datetime, timedelta

import pytest
from django.db import IntegrityError
from django.test import TestCase

from channels_app.models import ChangeAudit, Channel, Evidence, StateChange
from channels_app.services.changes import (
    EvidenceInput,
    change_correct,
    change_remove,
    channel_set_state,
)
from channels_app.services.channels import channel_create
from channels_app.services.errors import ChangeRejected
from tests.factories import SOURCE, UserFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def day(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, tzinfo=UTC)


@pytest.fixture
def channel():
    return channel_create(country_a="US", country_b="CN", kind="military")


def record(channel, state, when, origin="manual", **kw):
    return channel_set_state(
        channel=channel,
        state=state,
        effective_at=when,
        origin=origin,
        now=NOW,
        **{"evidence": SOURCE, **kw},
    )


def test_it_records_a_change_row(channel):
    change = record(channel, "open", day(2020, 1, 1), note="talks held")
    row = StateChange.objects.get()
    assert (row.pk, row.old_state, row.new_state, row.note) == (
        change.pk,
        "unknown",
        "open",
        "talks held",
    )
    assert row.recorded_at == NOW and row.origin == "manual"


def test_it_updates_the_channels_current_state_and_since(channel):
    record(channel, "open", day(2020, 1, 1))
    record(channel, "suspended", day(2022, 8, 5))
    channel.refresh_from_db()
    assert (channel.state, channel.state_since) == ("suspended", day(2022, 8, 5))


def test_a_backdated_change_slots_in_at_its_date_and_leaves_current_state(channel):
    record(channel, "open", day(2020, 1, 1))
    record(channel, "suspended", day(2022, 8, 5))
    backdated = record(channel, "limited", day(2021, 3, 1))
    channel.refresh_from_db()
    assert channel.state == "suspended"
    history = [(c.old_state, c.new_state) for c in channel.changes.active().in_order()]
    assert history == [("unknown", "open"), ("open", "limited"), ("limited", "suspended")]
    assert backdated.alerts is False


def test_a_backdated_change_later_than_all_others_becomes_current(channel):
    record(channel, "open", day(2020, 1, 1))
    record(channel, "severed", day(2025, 12, 1))
    channel.refresh_from_db()
    assert (channel.state, channel.state_since) == ("severed", day(2025, 12, 1))


def test_it_stores_the_evidence(channel):
    change = record(
        channel,
        "open",
        day(2020, 1, 1),
        evidence=[
            EvidenceInput(
                url="https://example.org/a",
                outlet="Wire",
                title="Talks held",
                published_at=day(2020, 1, 2),
            )
        ],
    )
    ev = Evidence.objects.get()
    assert (ev.change_id, ev.url, ev.outlet, ev.title) == (
        change.pk,
        "https://example.org/a",
        "Wire",
        "Talks held",
    )


@pytest.mark.parametrize(
    ("state", "when", "code"),
    [
        ("open", day(2021, 1, 1), "state_in_force"),
        ("bogus", day(2021, 1, 1), "unknown_state"),
        ("unknown", day(2021, 1, 1), "unknown_state"),
        ("suspended", NOW + timedelta(seconds=1), "future"),
        ("suspended", datetime(2021, 1, 1), "naive_time"),  # noqa: DTZ001 - the point of the test
    ],
)
def test_it_refuses_a_bad_change_and_writes_nothing(channel, state, when, code):
    record(channel, "open", day(2020, 1, 1))
    before = (StateChange.objects.count(), Evidence.objects.count())
    with pytest.raises(ChangeRejected) as exc:
        record(channel, state, when, evidence=[EvidenceInput(url="https://example.org/x")])
    assert exc.value.code == code
    assert exc.value.messages[0]  # a message a person can read
    assert (StateChange.objects.count(), Evidence.objects.count()) == before
    channel.refresh_from_db()
    assert channel.state == "open"


def test_the_state_in_force_message_names_the_state_and_date(channel):
    record(channel, "open", day(2020, 1, 1))
    with pytest.raises(ChangeRejected, match=r"already open on 2021-01-01 \(since 2020-01-01\)"):
        record(channel, "open", day(2021, 1, 1))


def test_it_refuses_a_backdated_change_that_would_repeat_the_next_one(channel):
    record(channel, "open", day(2020, 1, 1))
    record(channel, "suspended", day(2022, 8, 5))
    with pytest.raises(ChangeRejected) as exc:
        record(channel, "suspended", day(2021, 1, 1))
    assert exc.value.code == "repeats_next"
    assert StateChange.objects.count() == 2


def test_a_bad_evidence_url_writes_nothing(channel):
    with pytest.raises(ChangeRejected) as exc:
        record(channel, "open", day(2020, 1, 1), evidence=[EvidenceInput(url="javascript:x")])
    assert exc.value.code == "bad_evidence_url"
    assert not StateChange.objects.exists()


def test_evidence_urls_are_stored_percent_encoded(channel):
    url = 'https://news.example/a "quoted" <b>'

    change = record(channel, "open", day(2020, 1, 1), evidence=[EvidenceInput(url=url)])

    assert change.evidence.get().url == "https://news.example/a%20%22quoted%22%20%3Cb%3E"


def test_an_unknown_origin_is_refused(channel):
    with pytest.raises(ChangeRejected):
        record(channel, "open", day(2020, 1, 1), origin="rumour")


@pytest.mark.parametrize(
    ("a", "b", "code"),
    [
        ("US", "US", "same_country"),
        ("US", "XX", "unknown_country"),
        ("", "CN", "unknown_country"),
        ("USA", "CN", "unknown_country"),
    ],
)
def test_it_refuses_a_bad_pair_and_writes_nothing(a, b, code):
    with pytest.raises(ChangeRejected) as exc:
        channel_create(country_a=a, country_b=b, kind="trade")
    assert exc.value.code == code
    assert not Channel.objects.exists()


def test_a_pair_is_stored_sorted_whichever_way_it_is_written():
    channel = channel_create(country_a="us", country_b="cn", kind="trade")
    assert (channel.country_a.code, channel.country_b.code) == ("CN", "US")
    with pytest.raises(ChangeRejected):
        channel_create(country_a="CN", country_b="US", kind="trade")


def test_the_database_refuses_an_unsorted_pair():
    with pytest.raises(IntegrityError):
        Channel.objects.create(country_a="US", country_b="CN", kind="trade", name="x")


# --- which changes alert (shared/PRODUCT.md), table-driven ---------------------------------
@pytest.mark.parametrize(
    ("origin", "first", "backdated", "alerts"),
    [
        ("manual", False, False, True),
        ("news", False, False, True),
        ("api", False, False, True),
        ("import", False, False, False),
        ("manual", True, False, False),  # unknown -> anything: first assessment
        ("manual", False, True, False),  # backdated, not the latest: history, not news
        ("api", False, True, False),
    ],
)
def test_which_changes_alert(channel, origin, first, backdated, alerts):
    if not first:
        record(channel, "open", day(2020, 1, 1), origin="import")
        record(channel, "limited", day(2023, 1, 1), origin="import")
    when = day(2021, 6, 1) if backdated else day(2024, 1, 1)
    change = record(channel, "suspended", when, origin=origin)
    assert change.alerts is alerts


# --- corrections and removals ---------------------------------------------------------------
def test_a_correction_is_audited_and_recomputes_state(channel, django_user_model):
    editor = django_user_model.objects.create_user("ed")
    record(channel, "open", day(2020, 1, 1))
    change = record(channel, "suspended", day(2022, 8, 5))
    change_correct(change=change, actor=editor, reason="wrong state", state="severed", now=NOW)
    channel.refresh_from_db()
    assert channel.state == "severed"
    audit = ChangeAudit.objects.get()
    assert (audit.action, audit.actor, audit.reason) == ("correct", editor, "wrong state")
    assert audit.before["new_state"] == "suspended" and audit.after["new_state"] == "severed"


def test_a_correction_of_the_date_reorders_history(channel):
    first = record(channel, "open", day(2020, 1, 1))
    record(channel, "suspended", day(2022, 8, 5))
    change_correct(change=first, actor=None, reason="typo", effective_at=day(2023, 1, 1), now=NOW)
    channel.refresh_from_db()
    assert (channel.state, channel.state_since) == ("open", day(2023, 1, 1))
    history = [(c.old_state, c.new_state) for c in channel.changes.active().in_order()]
    assert history == [("unknown", "suspended"), ("suspended", "open")]


def test_a_removal_marks_the_row_and_recomputes_state(channel):
    record(channel, "open", day(2020, 1, 1))
    change = record(channel, "suspended", day(2022, 8, 5))
    change_remove(change=change, actor=None, reason="duplicate report", now=NOW)
    channel.refresh_from_db()
    assert channel.state == "open"
    change.refresh_from_db()
    assert change.removed_at == NOW  # kept, never deleted
    assert ChangeAudit.objects.get().action == "remove"


def test_a_removal_that_would_leave_a_repeat_is_refused(channel):
    record(channel, "open", day(2020, 1, 1))
    middle = record(channel, "suspended", day(2022, 8, 5))
    record(channel, "open", day(2023, 11, 15))
    with pytest.raises(ChangeRejected):
        change_remove(change=middle, actor=None, reason="x", now=NOW)
    assert not ChangeAudit.objects.exists()
    assert StateChange.objects.active().count() == 3


def test_corrections_and_removals_need_a_reason(channel):
    change = record(channel, "open", day(2020, 1, 1))
    with pytest.raises(ChangeRejected):
        change_remove(change=change, actor=None, reason="  ", now=NOW)
    with pytest.raises(ChangeRejected):
        change_correct(change=change, actor=None, reason="", state="limited", now=NOW)


class TestPostCommitWork(TestCase):
    def test_post_commit_work_is_queued_on_commit_not_before(self):
        channel = channel_create(country_a="IN", country_b="PK", kind="military")
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            channel_set_state(
                evidence=SOURCE,
                channel=channel,
                state="open",
                effective_at=day(2021, 2, 25),
                origin="manual",
                now=NOW,
            )
        assert len(callbacks) == 1


@pytest.mark.parametrize("origin", ["manual", "api", "news"])
def test_a_person_recording_a_backdated_change_confirms_the_channel_now(channel, origin):
    record(channel, "suspended", day(2024, 12, 1), origin=origin, actor=UserFactory())
    channel.refresh_from_db()
    assert channel.confirmed_at == NOW
    assert not Channel.objects.stale(NOW).filter(pk=channel.pk).exists()


@pytest.mark.parametrize(("origin", "person"), [("import", True), ("news", False)])
def test_an_import_or_the_pipeline_alone_confirms_nothing(channel, origin, person):
    actor = UserFactory() if person else None
    record(channel, "suspended", day(2024, 12, 1), origin=origin, actor=actor)
    channel.refresh_from_db()
    assert channel.confirmed_at is None
    assert Channel.objects.stale(NOW).filter(pk=channel.pk).exists()
