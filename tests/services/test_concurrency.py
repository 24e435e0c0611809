"""Two writers at once on a real PostgreSQL: the channel row lock serialises them, so
history never holds a repeated state and the current state always matches history."""

import itertools
import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from channels_app.models import StateChange
from channels_app.services.changes import channel_set_state
from channels_app.services.channels import channel_create
from channels_app.services.errors import ChangeRejected
from tests.factories import SOURCE

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
START = datetime(2020, 1, 1, tzinfo=UTC)


def _race(channel, state, when, rounds_barrier, outcomes):
    try:
        rounds_barrier.wait()
        channel_set_state(
            evidence=SOURCE, channel=channel, state=state, effective_at=when, origin="api"
        )
        outcomes.append("recorded")
    except ChangeRejected:
        outcomes.append("refused")
    finally:
        connection.close()


def test_two_concurrent_writers_never_leave_state_disagreeing_with_history():
    channel = channel_create(country_a="IN", country_b="PK", kind="military")
    states = ["open", "suspended"]
    for round_no in range(12):
        target = states[round_no % 2]
        barrier, outcomes = threading.Barrier(2), []
        # Both writers want the same new state at nearly the same date: one must win, the
        # other must then see it in force and be refused.
        threads = [
            threading.Thread(
                target=_race,
                args=(
                    channel,
                    target,
                    START + timedelta(days=round_no, hours=h),
                    barrier,
                    outcomes,
                ),
            )
            for h in (1, 2)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert sorted(outcomes) == ["recorded", "refused"], f"round {round_no}: {outcomes}"
    channel.refresh_from_db()
    history = list(StateChange.objects.filter(channel=channel).in_order())
    assert len(history) == 12
    assert channel.state == history[-1].new_state
    assert all(a.new_state != b.new_state for a, b in itertools.pairwise(history))
