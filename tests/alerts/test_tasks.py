"""The alert tasks' time limits."""

import pytest

from channels_app.alerts.tasks import sender_limits


@pytest.mark.parametrize("hard", [150, 60, 31, 6, 2, 1])
def test_a_sender_s_soft_time_limit_is_positive_and_within_its_hard_one(hard):
    limits = sender_limits(hard)
    assert limits["time_limit"] == hard
    assert 0 < limits["soft_time_limit"] <= hard


def test_the_default_sender_keeps_30_seconds_to_mark_what_it_sent():
    assert sender_limits(150) == {"soft_time_limit": 120, "time_limit": 150}
