import json
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from channels_app.models import Channel, Evidence, Origin, StateChange
from channels_app.services.changes import EvidenceInput, change_remove, channel_set_state
from channels_app.services.channels import channel_create
from channels_app.services.history_export import (
    COLUMNS,
    FORMAT_ID,
    csv_lines,
    export_rows,
    json_document,
)
from channels_app.services.history_import import (
    HistoryFileError,
    import_history,
    import_history_file,
    read_history,
)
from tests.factories import SOURCE, ChannelFactory, UserFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
AWKWARD = 'Talks off, "for now" —\nsaid the ministry; 对话暂停 ✓\r\nsecond line'


def day(y: int, m: int, d: int, hour: int = 12) -> datetime:
    return datetime(y, m, d, hour, tzinfo=UTC)


def record(channel, state, when, **kw):
    kw.setdefault("origin", Origin.MANUAL)
    return channel_set_state(
        channel=channel, state=state, effective_at=when, now=NOW, **{"evidence": SOURCE, **kw}
    )


def row(**fields) -> dict:
    base = {"pair": "CN-US", "kind": "military", "effective_at": "2022-08-05T12:00:00Z"}
    return {**base, "new_state": "suspended", **fields}


def csv_text(*rows: dict) -> str:
    return "".join(csv_lines(rows))


def run(text: str, filename: str = "history.csv", **kw):
    return import_history_file(data=text.encode(), filename=filename, now=NOW, **kw)


@pytest.fixture
def military():
    return channel_create(
        country_a="US",
        country_b="CN",
        kind="military",
        name="US–China military channels",
        description="Defence ministries",
        mechanisms="Hotline",
    )


# --- export -----------------------------------------------------------------------------


def test_export_rows_follow_history_order_across_channels(military):
    trade = channel_create(country_a="US", country_b="CN", kind="trade")
    record(military, "open", day(2020, 1, 1))
    record(trade, "open", day(2021, 1, 1))
    record(military, "suspended", day(2022, 8, 5))
    record(military, "limited", day(2021, 6, 1))  # backdated: slots in at its date
    rows = list(export_rows())
    assert [(r["kind"], r["effective_at"], r["old_state"], r["new_state"]) for r in rows] == [
        ("military", "2020-01-01T12:00:00Z", "unknown", "open"),
        ("trade", "2021-01-01T12:00:00Z", "unknown", "open"),
        ("military", "2021-06-01T12:00:00Z", "open", "limited"),
        ("military", "2022-08-05T12:00:00Z", "limited", "suspended"),
    ]


def test_an_export_row_carries_its_channel_actor_and_evidence(military):
    actor = UserFactory(username="ed")
    record(
        military,
        "suspended",
        day(2022, 8, 5),
        actor=actor,
        note=AWKWARD,
        evidence=[
            EvidenceInput("https://example.org/b", "B", "Second", day(2022, 8, 6)),
            EvidenceInput("https://example.org/a", "A", "First", day(2022, 8, 5, 9)),
        ],
    )
    [exported] = export_rows()
    assert exported == {
        "pair": "CN-US",
        "kind": "military",
        "channel_name": "US–China military channels",
        "channel_description": "Defence ministries",
        "channel_mechanisms": "Hotline",
        "effective_at": "2022-08-05T12:00:00Z",
        "recorded_at": "2026-01-15T09:00:00Z",
        "old_state": "unknown",
        "new_state": "suspended",
        "origin": "manual",
        "actor": "ed",
        "note": AWKWARD,
        "removed_at": None,
        "evidence": [
            {
                "url": "https://example.org/a",
                "outlet": "A",
                "title": "First",
                "published_at": "2022-08-05T09:00:00Z",
            },
            {
                "url": "https://example.org/b",
                "outlet": "B",
                "title": "Second",
                "published_at": "2022-08-06T12:00:00Z",
            },
        ],
    }


def test_removed_changes_are_exported_only_when_asked(military, editor_user):
    record(military, "open", day(2020, 1, 1))
    removed = record(military, "suspended", day(2022, 8, 5))
    change_remove(change=removed, actor=editor_user, reason="wrong", now=NOW)
    assert [r["new_state"] for r in export_rows()] == ["open"]
    everything = list(export_rows(include_removed=True))
    assert [(r["new_state"], r["removed_at"]) for r in everything] == [
        ("open", None),
        ("suspended", "2026-01-15T09:00:00Z"),
    ]


def test_the_export_queries_once_per_chunk_not_per_change():
    def add_changes(count: int) -> None:
        for _ in range(count // 10):  # ten per channel: the writer rereads a channel's history
            channel, actor = ChannelFactory(), UserFactory()
            for n in range(10):
                when = day(2000 + n, 1, 1)
                evidence = [EvidenceInput(f"https://example.org/{channel.pk}/{n}")]
                state = ["open", "suspended"][n % 2]
                record(channel, state, when, actor=actor, evidence=evidence)

    def export_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            rows = list(export_rows(chunk_size=100))
        assert all(len(r["evidence"]) == 1 and r["actor"].startswith("user") for r in rows)
        return len(queries)

    add_changes(50)
    few = export_queries()
    add_changes(250)
    # The changes; the channels and actors of the first chunk (it holds them all); evidence
    # per chunk.
    assert (few, export_queries()) == (1 + 2 + 1, 1 + 2 + 3)


def test_csv_lines_round_trip_awkward_text_and_evidence():
    original = row(
        note=AWKWARD,
        channel_name="Name, with comma",
        evidence=[{"url": "https://example.org/é?a=1,2", "outlet": 'O "q"', "title": "t\nu"}],
    )
    [read] = read_history(csv_text(original))
    assert read.line == 2
    assert read.fields["note"] == AWKWARD
    assert read.fields["channel_name"] == "Name, with comma"
    assert json.loads(read.fields["evidence"]) == original["evidence"]


def test_the_json_document_has_one_change_per_line():
    text = "".join(json_document([row(note=AWKWARD), row()], exported_at=NOW))
    document = json.loads(text)
    assert (document["format"], document["version"]) == (FORMAT_ID, 1)
    assert document["exported_at"] == "2026-01-15T09:00:00Z"
    assert [c["note"] for c in document["changes"] if "note" in c] == [AWKWARD]
    assert [r.line for r in read_history(text)] == [2, 3]


def test_an_empty_history_exports_and_imports_as_nothing():
    assert read_history(csv_text()) == []
    assert read_history("".join(json_document([], exported_at=NOW))) == []
    result = run(csv_text())
    assert result.ok and result.changes_created == 0


# --- import -----------------------------------------------------------------------------


def test_import_creates_channels_and_history_as_silent_imports():
    user = UserFactory()
    text = csv_text(
        row(effective_at="2020-01-01T12:00:00Z", new_state="open", channel_name="Mil"),
        row(pair="us-cn", kind="trade", effective_at="2021-01-01T00:00:00+02:00", new_state="open"),
        row(new_state="suspended", old_state="open", note=AWKWARD, origin="manual", actor="x"),
    )
    result = import_history_file(data=text, filename="h.csv", actor=user, now=NOW)
    assert (result.errors, result.channels_created, result.changes_created) == ([], 2, 3)
    military = Channel.objects.get(kind="military")
    assert (military.name, military.state, military.state_since) == (
        "Mil",
        "suspended",
        day(2022, 8, 5),
    )
    assert Channel.objects.get(kind="trade").name == "China–United States trade talks"
    changes = StateChange.objects.all()
    assert {(c.origin, c.actor, c.recorded_at, c.alerts) for c in changes} == {
        (Origin.IMPORT, user, NOW, False)
    }
    assert changes.get(new_state="suspended").note == AWKWARD
    assert changes.get(channel__kind="trade").effective_at == datetime(2020, 12, 31, 22, tzinfo=UTC)


def test_a_bare_date_is_noon_utc_and_evidence_is_stored():
    evidence = [{"url": "https://example.org/a", "outlet": "A", "published_at": "2022-08-04"}]
    result = run(csv_text(row(effective_at="2022-08-05", evidence=evidence)))
    assert result.ok, result.errors
    assert StateChange.objects.get().effective_at == day(2022, 8, 5)
    assert list(Evidence.objects.values_list("url", "outlet", "title", "published_at")) == [
        ("https://example.org/a", "A", "", day(2022, 8, 4))
    ]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"new_state": "closed"}, "new_state: 'closed' is not one of open, limited"),
        ({"new_state": "unknown"}, "new_state: 'unknown' is not one of"),
        ({"kind": "naval"}, "kind: 'naval' is not one of military, trade, diplomatic"),
        ({"pair": "US"}, "pair: 'US' is not a pair of country codes"),
        ({"pair": "US-XX"}, "pair: 'XX' is not an ISO 3166-1 alpha-2 country code"),
        ({"pair": "US-us"}, "pair: A channel links two different countries"),
        ({"effective_at": "2026-02-01T00:00:00Z"}, "effective_at: 2026-02-01T00:00:00Z is in the"),
        ({"effective_at": "5 Aug 2022"}, "effective_at: '5 Aug 2022' is not an ISO 8601 date"),
        ({"effective_at": "2022-08-05T12:00:00"}, "effective_at: '2022-08-05T12:00:00' has no UTC"),
        ({"new_state": ""}, "Missing new_state."),
        ({"old_state": "shut"}, "old_state: 'shut' is not one of"),
        ({"origin": "rumour"}, "origin: 'rumour' is not one of"),
        ({"evidence": [{"url": "ftp://x.org/a"}]}, "evidence: item 1: 'ftp://x.org/a' is not a"),
        ({"evidence": [{"url": "https://x.org/a", "why": 1}]}, "evidence: item 1 must be an"),
        ({"evidence": [{"url": "https://x.org/a", "published_at": "2022"}]}, "evidence: item 1: '"),
        ({"evidence": "https://x.org/a"}, "evidence: expected a list of {url, outlet"),
        ({"channel_name": "n" * 201}, "channel_name: longer than 200 characters."),
        ({"note": "a\x00b"}, "note: contains a NUL character."),
    ],
)
def test_a_bad_row_is_reported_with_its_line_and_nothing_is_written(bad, message):
    text = csv_text(
        row(pair="FR-DE", new_state="open"),
        row(**bad),
        row(pair="GB-IE", new_state="open"),
    )
    result = run(text)
    assert [(line, text[: len(message)]) for line, text in result.errors] == [(3, message)]
    assert not Channel.objects.exists() and not StateChange.objects.exists()


def test_evidence_that_is_not_json_is_reported():
    text = (
        "pair,kind,effective_at,new_state,evidence\nCN-US,military,2022-08-05,open,https://x.org\n"
    )
    assert run(text).errors == [(2, "evidence: not a JSON list (Expecting value).")]


def test_every_bad_row_is_reported_at_once_in_line_order():
    text = csv_text(
        row(new_state="closed", effective_at="soon"),
        row(pair="FR-DE"),
        row(kind="naval"),
    )
    result = run(text)
    assert [line for line, _ in result.errors] == [2, 2, 4]
    assert "new_state" in result.errors[1][1] and "effective_at" in result.errors[0][1]


def test_a_repeated_state_within_the_file_is_reported_with_both_lines():
    text = csv_text(row(new_state="open"), row(effective_at="2023-01-01", new_state="open"))
    result = run(text)
    assert result.errors == [
        (3, "Repeats the state open set on line 2: a change must change the state.")
    ]


def test_a_channels_rows_out_of_history_order_are_reported():
    text = csv_text(
        row(effective_at="2023-01-01"), row(effective_at="2021-01-01", new_state="open")
    )
    [(line, message)] = run(text).errors
    assert line == 3 and message.startswith("Out of history order: dated 2021-01-01T12:00:00Z")


def test_an_old_state_that_does_not_follow_the_previous_row_is_reported():
    text = csv_text(row(new_state="open"), row(effective_at="2023-01-01", old_state="limited"))
    assert run(text).errors == [
        (3, "old_state is limited, but line 2 of the same channel leaves it open.")
    ]


def test_lines_count_the_lines_of_multiline_notes():
    text = csv_text(row(new_state="open", note="a\nb\nc"), row(effective_at="x"))
    [(line, _)] = run(text).errors
    assert line == 5


def test_a_refusal_by_the_writer_rolls_back_the_whole_import(military):
    record(military, "open", day(2020, 1, 1))
    text = csv_text(
        row(pair="FR-DE", new_state="open"),  # a new channel, written then rolled back
        row(effective_at="2021-01-01", new_state="open"),
        row(effective_at="2023-01-01", new_state="severed"),
    )
    result = run(text)
    assert len(result.errors) == 1
    line, message = result.errors[0]
    assert line == 3 and "was already open on 2021-01-01" in message
    assert (result.channels_created, result.changes_created) == (0, 0)
    assert list(Channel.objects.all()) == [military]
    assert StateChange.objects.count() == 1


def test_an_old_state_the_database_history_contradicts_is_reported(military):
    record(military, "open", day(2020, 1, 1))
    result = run(csv_text(row(old_state="unknown")))
    assert result.errors == [
        (2, "old_state is unknown in the file, but the history before this change gives open.")
    ]
    assert StateChange.objects.count() == 1


def test_an_existing_channel_is_kept_as_it_is_and_its_history_extended(military):
    record(military, "open", day(2020, 1, 1))
    result = run(csv_text(row(channel_name="Other name", old_state="open")))
    assert (result.errors, result.channels_created, result.changes_created) == ([], 0, 1)
    military.refresh_from_db()
    assert (military.name, military.state) == ("US–China military channels", "suspended")


def test_a_dry_run_checks_against_the_database_and_writes_nothing(military):
    record(military, "open", day(2020, 1, 1))
    good = run(csv_text(row(pair="FR-DE"), row()), dry_run=True)
    assert (good.ok, good.dry_run, good.channels_created, good.changes_created) == (
        True,
        True,
        1,
        2,
    )
    refused = run(csv_text(row(effective_at="2021-01-01", new_state="open")), dry_run=True)
    assert [line for line, _ in refused.errors] == [2]
    assert Channel.objects.count() == 1 and StateChange.objects.count() == 1


def test_removed_rows_are_checked_and_skipped():
    text = csv_text(
        row(new_state="open"),
        row(effective_at="2021-01-01", new_state="open", removed_at="2025-01-01T00:00:00Z"),
        row(effective_at="2023-01-01", old_state="open"),
    )
    result = run(text)
    assert (result.errors, result.changes_created, result.skipped_removed) == ([], 2, 1)
    assert run(csv_text(row(removed_at="yesterday"))).errors[0][0] == 2


# --- reading files ----------------------------------------------------------------------


def test_json_problems_carry_the_line_their_change_starts_on():
    document = {"format": FORMAT_ID, "version": 1, "changes": [row(), row(kind="naval")]}
    text = json.dumps(document, indent=2)
    result = run(text, filename="history.json")
    starts = [n for n, line in enumerate(text.splitlines(), 1) if line == "    {"]
    assert [line for line, _ in result.errors] == [starts[1]]


def test_json_keys_may_come_in_any_order_and_values_may_be_null():
    changes = [{**row(), "removed_at": None, "evidence": None, "note": None}]
    text = json.dumps({"changes": changes, "version": 1, "x": [{}], "format": FORMAT_ID})
    assert run(text, filename="upload").ok


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('{"format": "channel-tracker/changes",\n "changes": [\n{"pair": }]}', 3, "Malformed JSON"),
        ('{"format": "other", "version": 1, "changes": []}', 1, "Not a change history"),
        ('{"format": "channel-tracker/changes", "version": 2, "changes": []}', 1, "Unsupported"),
        ('{"format": "channel-tracker/changes", "version": 1, "changes": {}}', 1, '"changes"'),
        ("[1, 2]", 1, "Not a change history"),
        ("", 1, "Malformed JSON"),
    ],
)
def test_a_malformed_json_file_is_reported_with_its_line(text, line, message):
    result = run(text, filename="history.json")
    assert [(n, m[: len(message)]) for n, m in result.errors] == [(line, message)]


def test_a_json_change_that_is_not_an_object_is_reported():
    text = '{"format": "channel-tracker/changes", "version": 1, "changes": [\n7\n]}'
    assert run(text, filename="h.json").errors == [
        (2, "A change must be an object with named fields.")
    ]


@pytest.mark.parametrize(
    ("text", "line", "start"),
    [
        ('pair,kind,effective_at,new_state\nCN-US,military,2022-08-05,"open\n', 2, "Malformed CSV"),
        ('pair,kind,effective_at,new_state\nCN-US,military,"2022"x,open\n', 2, "Malformed CSV"),
        ("pair,kind,effective_at\n", 1, "Missing columns: new_state."),
        ("pair,kind,effective_at,new_state,notes\n", 1, "Unknown columns: notes."),
        ("pair,kind,effective_at,new_state,kind\n", 1, "A column appears twice."),
        ("\n", 1, "The file is empty"),
        ("pair,kind,effective_at,new_state\nCN-US,military\n", 2, "2 fields where the header"),
    ],
)
def test_a_malformed_csv_file_is_reported_with_its_line(text, line, start):
    result = run(text)
    assert [(n, m[: len(start)]) for n, m in result.errors] == [(line, start)]


def test_a_file_that_is_not_utf8_is_reported_with_its_line():
    data = b"pair,kind,effective_at,new_state\nCN-US,military,2022-08-05,open\n"
    result = import_history_file(data=data + "FR-DE,café".encode("latin-1"), now=NOW)
    assert result.errors == [(3, "The file is not UTF-8 text.")]


def test_the_format_is_known_by_extension_else_by_content():
    json_text = "".join(json_document([row()], exported_at=NOW))
    assert read_history(json_text, filename="")[0].line == 2
    assert read_history(json_text, filename="upload.bin")[0].line == 2
    with pytest.raises(HistoryFileError):
        read_history(json_text, filename="history.csv")  # a .csv is read as CSV
    assert read_history("\ufeff" + csv_text(row()), filename="excel.CSV")[0].fields["kind"] == (
        "military"
    )


def test_every_exported_column_is_importable():
    assert set(read_history(csv_text(row()))[0].fields) == set(COLUMNS)


def test_import_history_takes_rows_already_read():
    rows = read_history(csv_text(row()))
    assert import_history(rows=rows, now=NOW).changes_created == 1
