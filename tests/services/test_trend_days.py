"""The trends' daily summary (TrendDay), kept by the change writer, always equals what the
history says (Channel.objects.transitions_by_day), for each kind and for all: after any
sequence of recordings (backdated or not), corrections of state or date, and removals; after a
rebuild; after the migration's fill; and with writers on several channels at once."""

import io
import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.apps import apps
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from channels_app.models import Channel, Kind, StateChange, TrendDay
from channels_app.models.choices import ASSESSED_STATES
from channels_app.services.changes import change_correct, change_remove, channel_set_state
from channels_app.services.channels import channel_create
from channels_app.services.errors import ChangeRejected
from channels_app.services.trend_days import rebuild_trend_days
from tests.factories import SOURCE

START = datetime(2020, 1, 1, tzinfo=UTC)
NOW = datetime(2026, 1, 1, tzinfo=UTC)
CHANNELS = [("KP", "KR", "military"), ("CN", "US", "military"), ("CN", "US", "trade")]
STATES = [str(s) for s in ASSESSED_STATES]

steps = st.lists(
    st.tuples(
        st.sampled_from(["record", "record", "record", "state", "date", "remove"]),
        st.integers(min_value=0, max_value=len(CHANNELS) - 1),  # which channel
        st.sampled_from(STATES),
        # effective: START + n * 12 hours, so that two changes often share a day
        st.integers(min_value=0, max_value=12),
        st.integers(min_value=0, max_value=30),  # which of the channel's changes
    ),
    max_size=30,
)


def summary_matches_history() -> None:
    for kind in ["", *Kind.values]:
        # One row per (day, before, after); where the never-assessed row sorts is the database's.
        expected = set(Channel.objects.matching(kind=kind).transitions_by_day())
        assert set(TrendDay.objects.transitions_by_day(kind)) == expected, kind
    assert not TrendDay.objects.filter(channels__lte=0).exists()


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=steps)
def test_the_summary_equals_the_history_after_any_writes(steps):
    with transaction.atomic():  # Hypothesis runs every example in one test: roll each back
        channels = [channel_create(country_a=a, country_b=b, kind=k) for a, b, k in CHANNELS]
        for i, step in enumerate(steps):
            _write(channels, i, *step)
            summary_matches_history()
        assert rebuild_trend_days() == TrendDay.objects.count()
        summary_matches_history()
        transaction.set_rollback(True)


def _write(channels, i, action, which, state, offset, pick):
    channel, when = channels[which], START + timedelta(hours=12 * offset)
    now = NOW + timedelta(seconds=i)
    rows = list(StateChange.objects.active().filter(channel=channel).in_order())
    try:
        if action == "record" or not rows:
            channel_set_state(
                channel=channel, state=state, effective_at=when, origin="manual",
                evidence=SOURCE, now=now,
            )  # fmt: skip
        elif action == "state":
            change_correct(change=rows[pick % len(rows)], actor=None, reason="t", state=state)
        elif action == "date":
            change_correct(change=rows[pick % len(rows)], actor=None, reason="t", effective_at=when)
        else:
            change_remove(change=rows[pick % len(rows)], actor=None, reason="t", now=now)
    except ChangeRejected:
        pass


def _history(db):
    us_cn = channel_create(country_a="US", country_b="CN", kind="military")
    trade = channel_create(country_a="US", country_b="CN", kind="trade")
    channel_create(country_a="CN", country_b="IN", kind="diplomatic")  # never assessed
    for channel, states in [(us_cn, ["open", "suspended", "open"]), (trade, ["severed", "open"])]:
        for n, state in enumerate(states):
            channel_set_state(
                channel=channel, state=state, effective_at=START + timedelta(days=30 * n),
                origin="manual", evidence=SOURCE,
            )  # fmt: skip


def test_the_migration_fills_the_summary_from_existing_history(db):
    from importlib import import_module

    _history(db)
    kept = set(TrendDay.objects.values_list("kind", "day", "before", "after", "channels"))
    TrendDay.objects.all().delete()
    import_module("channels_app.migrations.0013_trend_day_summary").fill(apps, None)
    assert set(TrendDay.objects.values_list("kind", "day", "before", "after", "channels")) == kept
    assert len(kept) == 2 * 5  # five moves, each counted for its kind and for all kinds
    summary_matches_history()


def test_a_bulk_load_past_the_writer_is_counted_after_a_rebuild(db):
    from django.core.management import call_command

    _history(db)
    channel = Channel.objects.get(kind="diplomatic")
    StateChange.objects.create(
        channel=channel, old_state="unknown", new_state="limited", effective_at=START,
        recorded_at=NOW, origin="import",
    )  # fmt: skip
    with pytest.raises(AssertionError):
        summary_matches_history()
    out = io.StringIO()
    call_command("rebuild_trends", stdout=out)
    assert "rows" in out.getvalue()
    summary_matches_history()


def _record_many(channel_id, states, barrier, errors):
    try:
        channel = Channel.objects.get(pk=channel_id)
        barrier.wait()
        for n, state in enumerate(states):
            channel_set_state(
                channel=channel, state=state, effective_at=START + timedelta(days=n),
                origin="api", evidence=SOURCE,
            )  # fmt: skip
    except Exception as exc:  # reported to the main thread
        errors.append(exc)
    finally:
        connection.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_writers_on_several_channels_at_once_add_up():
    """Four writers on four channels of one kind, the same moves on the same days at the same
    time: every one of them lands on the same summary rows."""
    channels = [
        channel_create(country_a="US", country_b=code, kind="military")
        for code in ["CN", "RU", "IN", "BR"]
    ]
    states = ["open", "suspended", "open", "severed", "limited"] * 4
    barrier, errors = threading.Barrier(len(channels)), []
    threads = [
        threading.Thread(target=_record_many, args=(c.pk, states, barrier, errors))
        for c in channels
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    summary_matches_history()
    assert TrendDay.objects.get(kind="military", day=START.date()).channels == 4
