"""Property: whatever sequence of recordings (backdated or not) the service accepts, the
channel's denormalised state equals the latest effective change, and the old states chain."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from channels_app.models import State, StateChange
from channels_app.models.choices import ASSESSED_STATES
from channels_app.services.changes import change_remove, channel_set_state
from channels_app.services.channels import channel_create
from channels_app.services.errors import ChangeRejected
from tests.factories import SOURCE

START = datetime(2015, 1, 1, tzinfo=UTC)
NOW = datetime(2026, 1, 1, tzinfo=UTC)

steps = st.lists(
    st.tuples(
        st.sampled_from(["record", "record", "record", "remove"]),
        st.sampled_from([str(s) for s in ASSESSED_STATES]),
        st.integers(min_value=0, max_value=60),  # effective: START + n * 60 days (ties likely)
        st.integers(min_value=0, max_value=20),  # which row to remove
    ),
    max_size=25,
)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=steps)
def test_current_state_always_equals_the_latest_effective_change(steps):
    # Hypothesis runs every example inside one test transaction: roll each one back.
    with transaction.atomic():
        _run(steps)
        transaction.set_rollback(True)


def _run(steps):
    channel = channel_create(country_a="KP", country_b="KR", kind="diplomatic")
    for i, (action, state, offset, pick) in enumerate(steps):
        try:
            if action == "record":
                channel_set_state(
                    evidence=SOURCE,
                    channel=channel,
                    state=state,
                    effective_at=START + timedelta(days=60 * offset),
                    origin="manual",
                    now=NOW + timedelta(seconds=i),
                )
            else:
                rows = list(StateChange.objects.active().filter(channel=channel))
                if rows:
                    change_remove(change=rows[pick % len(rows)], actor=None, reason="test")
        except ChangeRejected:
            pass
        _assert_consistent(channel)


def _assert_consistent(channel):
    channel.refresh_from_db()
    history = list(StateChange.objects.active().filter(channel=channel).in_order())
    latest = history[-1] if history else None
    assert channel.state == (latest.new_state if latest else State.UNKNOWN)
    assert channel.state_since == (latest.effective_at if latest else None)
    previous = State.UNKNOWN
    for change in history:
        assert change.old_state == previous
        assert change.new_state != previous
        previous = change.new_state
