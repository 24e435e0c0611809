from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from channels_app.demo import seed_channels, seed_time
from channels_app.demo.loader import load_demo
from channels_app.models import Channel, Evidence, Origin, State, StateChange
from channels_app.services.changes import EvidenceInput, change_remove, channel_set_state
from channels_app.services.channels import channel_create
from tests.factories import SOURCE

NOW = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)


@pytest.fixture
def loaded(db):
    return load_demo(now=NOW)


def cn_us_military() -> Channel:
    return Channel.objects.for_pair("US", "CN").get(kind="military")


def test_it_loads_at_least_25_channels_and_60_changes(loaded):
    assert Channel.objects.count() >= 25
    assert StateChange.objects.count() >= 60


def test_every_change_has_evidence_with_url_outlet_and_title(loaded):
    for change in StateChange.objects.prefetch_related("evidence"):
        evidence = list(change.evidence.all())
        assert evidence, change
        assert all(e.url and e.outlet and e.title for e in evidence), change


def test_cn_us_military_is_open_since_2025_11_01_with_a_suspension_on_2022_08_05(loaded):
    channel = cn_us_military()
    history = {c.effective_at.date(): c.new_state for c in channel.changes.all()}
    assert channel.state == State.OPEN
    assert channel.state_since.date() == date(2025, 11, 1)
    assert history[date(2022, 8, 5)] == State.SUSPENDED


def test_a_second_run_creates_nothing(loaded):
    counts = (Channel.objects.count(), StateChange.objects.count(), Evidence.objects.count())
    again = load_demo(now=NOW)
    assert again.created == 0
    assert again.changes_skipped == loaded.changes_created
    assert (Channel.objects.count(), StateChange.objects.count(), Evidence.objects.count()) == (
        counts
    )


def test_no_demo_change_alerts(loaded):
    assert not StateChange.objects.filter(alerts=True).exists()
    assert set(StateChange.objects.values_list("origin", flat=True)) == {Origin.IMPORT}


def test_it_does_not_restore_a_change_an_editor_removed(loaded):
    editor = get_user_model().objects.create_user("desk")
    change = cn_us_military().changes.get(effective_at=seed_time("2025-11-01"))
    change_remove(change=change, actor=editor, reason="Not yet confirmed by the desk")
    again = load_demo(now=NOW)
    assert again.created == 0
    assert cn_us_military().state == State.LIMITED


def test_it_reports_a_seed_change_the_writer_refuses(db):
    channel_set_state(
        evidence=SOURCE,
        channel=channel_create(country_a="US", country_b="CN", kind="military"),
        state=State.SUSPENDED,
        effective_at=datetime(2022, 8, 4, tzinfo=UTC),
        origin=Origin.MANUAL,
        now=NOW,
    )
    result = load_demo(now=NOW)
    assert len(result.refused) == 1
    assert "CN–US military 2022-08-05 suspended" in result.refused[0]
    assert result.changes_created == sum(len(s.changes) for s in seed_channels()) - 1


def test_after_the_load_no_assessed_channel_is_stale(loaded):
    assessed = Channel.objects.exclude(state=State.UNKNOWN)
    assert loaded.confirmed == assessed.count() == len(seed_channels()) - 1
    assert not Channel.objects.stale(NOW).exclude(state=State.UNKNOWN).exists()
    assert set(assessed.values_list("confirmed_at", flat=True)) == {NOW}


def test_the_channel_the_story_never_assessed_stays_unconfirmed(loaded):
    (unassessed,) = Channel.objects.filter(state=State.UNKNOWN)
    assert (unassessed.pair_label, unassessed.kind) == ("CN–IN", "trade")
    assert unassessed.confirmed_at is None


def test_a_later_load_confirms_again_as_of_then_and_changes_no_date(loaded):
    history = set(StateChange.objects.values_list("channel_id", "effective_at", "new_state"))
    later = datetime(2027, 6, 1, tzinfo=UTC)
    assert Channel.objects.stale(later).count() == len(seed_channels())

    again = load_demo(now=later)

    assert again.created == 0 and again.confirmed == loaded.confirmed
    assert list(Channel.objects.stale(later).values_list("state", flat=True)) == [State.UNKNOWN]
    assert set(StateChange.objects.values_list("channel_id", "effective_at", "new_state")) == (
        history
    )


def test_the_seed_storys_dates_are_the_changes_dates(loaded):
    stored = {
        (c.channel.pair_label, c.channel.kind, c.effective_at, c.new_state)
        for c in StateChange.objects.select_related("channel")
    }
    seeded = {
        (f"{s.country_a}–{s.country_b}", s.kind, change.effective_at, change.state)
        for s in seed_channels()
        for change in s.changes
    }
    assert stored == seeded
    assert (
        "CN–US",
        "military",
        seed_time("2022-08-05"),
        State.SUSPENDED,
    ) in stored


def test_a_channel_an_editor_moved_on_is_not_confirmed(db):
    load_demo(now=NOW)
    channel = cn_us_military()
    channel_set_state(
        channel=channel,
        state=State.SUSPENDED,
        effective_at=datetime(2026, 2, 1, tzinfo=UTC),
        origin=Origin.MANUAL,
        evidence=[EvidenceInput(url="https://example.org/a", outlet="Example", title="A")],
        now=datetime(2026, 2, 2, tzinfo=UTC),
    )
    load_demo(now=datetime(2026, 3, 1, tzinfo=UTC))
    assert cn_us_military().confirmed_at == NOW


def test_with_admin_is_refused_when_debug_is_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("load_demo", "--with-admin", stdout=StringIO())
    assert not get_user_model().objects.filter(username="admin").exists()
    assert not Channel.objects.exists()


def test_with_admin_creates_a_local_superuser_in_admins_when_debug_is_on(db, settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", "--with-admin", stdout=out)
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser and admin.check_password("admin")
    assert admin.groups.filter(name="Admins").exists()
    assert "admin / admin" in out.getvalue()


def test_the_command_prints_counts(db):
    out = StringIO()
    call_command("load_demo", stdout=out)
    seed = seed_channels()
    changes = sum(len(s.changes) for s in seed)
    assert f"Channels: {len(seed)} created, 0 already there." in out.getvalue()
    assert f"Changes: {changes} created, 0 already there, 0 refused." in out.getvalue()
