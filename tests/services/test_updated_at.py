"""StateChange.updated_at: the recording time, moved on by each correction or removal (the
Atom feeds' <updated> and order); migration 0012 fills it for existing rows from the audits."""

from datetime import UTC, datetime
from importlib import import_module

import pytest
from django.apps import apps

from channels_app.models import StateChange
from channels_app.services.changes import (
    EvidenceInput,
    change_correct,
    change_correct_evidence,
    change_remove,
    channel_set_state,
)
from channels_app.services.channels import channel_create
from tests.factories import SOURCE

pytestmark = pytest.mark.django_db
RECORDED = datetime(2025, 1, 1, tzinfo=UTC)


def day(d: int) -> datetime:
    return datetime(2025, 2, d, tzinfo=UTC)


@pytest.fixture
def changes():
    channel = channel_create(country_a="US", country_b="CN", kind="military")
    return [
        channel_set_state(
            channel=channel,
            state=state,
            effective_at=datetime(2024, month, 1, tzinfo=UTC),
            origin="manual",
            evidence=SOURCE,
            now=RECORDED,
        )
        for month, state in [(1, "open"), (2, "suspended"), (3, "open")]
    ]


def updated(change) -> datetime:
    return StateChange.objects.get(pk=change.pk).updated_at


def test_it_is_the_recording_then_each_correction_or_removal(changes):
    first, middle, last = changes
    assert updated(first) == RECORDED
    change_correct(change=first, actor=None, reason="Note", note="Fixed", now=day(1))
    change_correct_evidence(
        change=middle,
        actor=None,
        reason="Source",
        add=[EvidenceInput(url="https://b.example/")],
        now=day(2),
    )
    change_remove(change=last, actor=None, reason="Never happened", now=day(3))
    assert [updated(c) for c in changes] == [day(1), day(2), day(3)]


def test_the_migration_fills_it_from_the_latest_audit_or_the_recording(changes):
    first, middle, _ = changes
    change_correct(change=first, actor=None, reason="a", note="x", now=day(1))
    change_correct(change=first, actor=None, reason="b", note="y", now=day(5))
    StateChange.objects.update(updated_at=day(20))
    import_module("channels_app.migrations.0012_change_updated_at").fill(apps, None)
    assert (updated(first), updated(middle)) == (day(5), RECORDED)
