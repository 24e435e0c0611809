"""/api/v1/export/changes.csv and .json, `manage.py import_history` and the admin's import
page; and the round trip: export, empty the database, import, same history."""

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from channels_app.api.export import ChangesCSVExport, ChangesJSONExport
from channels_app.models import ChangeAudit, Channel, Evidence, Origin, StateChange
from channels_app.services.changes import (
    EvidenceInput,
    change_correct,
    change_remove,
    channel_set_state,
)
from channels_app.services.channels import channel_create
from channels_app.services.history_export import COLUMNS, FORMAT_ID, csv_lines
from tests.factories import SOURCE, ChannelFactory, UserFactory

pytestmark = pytest.mark.django_db
CSV_URL = "/api/v1/export/changes.csv"
JSON_URL = "/api/v1/export/changes.json"
AWKWARD = 'Cancelled, "until further notice";\nsaid the MND — 国防部 ✓\r\nSee: a, b'


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=UTC)


def body(response) -> str:
    return b"".join(response.streaming_content).decode()


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body(response), newline="")))


def build_history() -> None:
    """Three channels; backdated changes, a correction, a removal, evidence with and without
    publication times, awkward notes, every origin but import, an actor."""
    actor = UserFactory(username="mira")
    military = channel_create(
        country_a="US",
        country_b="CN",
        kind="military",
        name="US–China military-to-military channels",
        description='Defence ministries, "theatre" commanders',
        mechanisms="DPCT, MMCA;\nhotline",
    )
    trade = channel_create(country_a="CN", country_b="US", kind="trade")
    korea = channel_create(
        country_a="KR", country_b="KP", kind="diplomatic", description="Liaison office\n연락사무소"
    )

    def record(channel, state, when, origin=Origin.MANUAL, **kw):
        return channel_set_state(
            channel=channel,
            state=state,
            effective_at=when,
            origin=origin,
            **{"evidence": SOURCE, **kw},
        )

    record(military, "open", at("2020-01-01"))
    limited = record(military, "limited", at("2024-01-10"), origin=Origin.NEWS)
    record(
        military,
        "suspended",
        at("2022-08-05T12:00:00"),  # backdated: slots in before "limited"
        actor=actor,
        note=AWKWARD,
        evidence=[
            EvidenceInput(
                "https://example.org/a?x=1,2", 'The "Times"', "Talks off", at("2022-08-05")
            ),
            EvidenceInput("https://example.org/b", "", "", None),
        ],
    )
    record(military, "open", at("2023-11-15T08:30:15.123456"), origin=Origin.API)
    change_correct(change=limited, actor=actor, reason="date", effective_at=at("2024-01-09"))
    wrong = record(trade, "severed", at("2025-04-10"))
    record(trade, "suspended", at("2025-04-09"))  # backdated, so "severed" follows it
    change_remove(change=wrong, actor=actor, reason="mistaken")
    record(trade, "open", at("2025-05-12"), note="Geneva: 90-day truce")
    record(korea, "severed", at("2020-06-16"), evidence=[EvidenceInput("https://example.org/k")])


def history() -> list[tuple]:
    """The history in force, without what a re-import cannot keep: recorded_at (the writer
    records each change at import time), origin (import) and actor (the importer)."""
    changes = (
        StateChange.objects.active()
        .in_order()
        .select_related("channel")
        .prefetch_related("evidence")
    )
    return [
        (
            c.channel.pair_code,
            c.channel.kind,
            c.channel.name,
            c.channel.description,
            c.channel.mechanisms,
            c.effective_at,
            c.old_state,
            c.new_state,
            c.note,
            c.alerts,
            [(e.url, e.outlet, e.title, e.published_at) for e in c.evidence.all()],
        )
        for c in changes
    ]


def channel_states() -> list[tuple]:
    return list(
        Channel.objects.order_by("country_a", "country_b", "kind").values_list(
            "country_a", "country_b", "kind", "state", "state_since"
        )
    )


def empty_the_database() -> None:
    """What a fresh database lacks, children first. Plain DELETEs: the ORM's collector would
    visit every table that points at a change (audits, alert deliveries, proposals)."""
    with connection.cursor() as cursor:
        for model in (ChangeAudit, Evidence, StateChange, Channel):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
    assert not StateChange.objects.exists() and not Channel.objects.exists()


# --- the round trip ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("url", "filename"), [(CSV_URL, "history.csv"), (JSON_URL, "history")])
def test_export_then_import_into_an_empty_database_gives_the_same_history(
    anon, url, filename, tmp_path
):
    build_history()
    before, states = history(), channel_states()
    assert len(before) == 7 and any(row[-1] for row in before)
    exported = anon.get(url)
    assert exported.status_code == 200
    path = tmp_path / filename
    path.write_bytes(b"".join(exported.streaming_content))
    empty_the_database()
    call_command("import_history", str(path), stdout=StringIO())
    assert history() == [(*row[:9], False, *row[10:]) for row in before]  # imports never alert
    assert channel_states() == states
    assert set(StateChange.objects.values_list("origin", "actor", "alerts")) == {
        (Origin.IMPORT, None, False)
    }


# --- export -----------------------------------------------------------------------------


def test_the_csv_export_is_streamed_to_anyone(anon):
    build_history()
    response = anon.get(CSV_URL)
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="changes-')
    rows = csv_rows(response)
    assert list(rows[0]) == list(COLUMNS)
    assert [(r["pair"], r["kind"], r["new_state"]) for r in rows][:3] == [
        ("CN-US", "military", "open"),
        ("KP-KR", "diplomatic", "severed"),
        ("CN-US", "military", "suspended"),
    ]
    suspended = rows[2]
    assert suspended["note"] == AWKWARD and suspended["actor"] == "mira"
    evidence = json.loads(suspended["evidence"])  # where a missing time sorts depends on the DB
    assert sorted((e["url"], e["published_at"]) for e in evidence) == [
        ("https://example.org/a?x=1,2", "2022-08-05T00:00:00Z"),
        ("https://example.org/b", None),
    ]


def test_the_csv_export_quotes_cells_a_spreadsheet_would_run(anon):
    channel = channel_create(
        country_a="CN", country_b="US", kind="trade", name='=HYPERLINK("http://x.example")'
    )
    channel_set_state(
        evidence=SOURCE,
        channel=channel,
        state="open",
        effective_at=datetime(2022, 8, 5, tzinfo=UTC),
        origin=Origin.MANUAL,
        note="=cmd|' /C calc'!A0",
    )

    (row,) = csv_rows(anon.get(CSV_URL))

    assert row["note"] == "'=cmd|' /C calc'!A0"
    assert row["channel_name"] == '\'=HYPERLINK("http://x.example")'


def test_the_json_export_is_one_streamed_document(anon):
    build_history()
    response = anon.get(JSON_URL)
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "application/json"
    document = json.loads(body(response))
    assert (document["format"], document["version"], document["include_removed"]) == (
        FORMAT_ID,
        1,
        False,
    )
    assert len(document["changes"]) == 7
    assert document["changes"][0]["effective_at"] == "2020-01-01T00:00:00Z"
    assert {c["origin"] for c in document["changes"]} == {"manual", "api", "news"}


def test_removed_changes_are_exported_only_when_asked(anon):
    build_history()
    plain = json.loads(body(anon.get(JSON_URL)))["changes"]
    everything = json.loads(body(anon.get(JSON_URL, {"include_removed": "true"})))
    assert everything["include_removed"] is True
    removed = [c for c in everything["changes"] if c["removed_at"]]
    assert [c["new_state"] for c in removed] == ["severed"] and len(plain) == 7
    assert len(csv_rows(anon.get(CSV_URL, {"include_removed": "1"}))) == 8


def test_a_client_that_asks_for_csv_gets_it_and_errors_come_as_json(anon):
    assert anon.get(CSV_URL, HTTP_ACCEPT="text/csv").status_code == 200
    bad = anon.get(CSV_URL, {"include_removed": "maybe"}, HTTP_ACCEPT="text/csv")
    assert bad.status_code == 400
    assert bad.json()["error"]["details"] == {"include_removed": ["Use true or false (or 1 or 0)."]}
    unknown = anon.get(JSON_URL, {"updated_since": "2020-01-01"})  # filters: /changes/ ones only
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (400, "unknown_parameter")


def test_an_empty_database_exports_a_header_and_an_empty_list(anon):
    assert body(anon.get(CSV_URL)) == ",".join(COLUMNS) + "\r\n"
    assert json.loads(body(anon.get(JSON_URL)))["changes"] == []


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL])
def test_export_queries_grow_with_chunks_not_changes(anon, monkeypatch, url):
    for view in (ChangesCSVExport, ChangesJSONExport):
        monkeypatch.setattr(view, "chunk_size", 100)

    def add_changes(count: int) -> None:
        for _ in range(count // 10):  # ten per channel keeps the writer quick
            channel = ChannelFactory()
            for n in range(10):
                evidence = [EvidenceInput(f"https://example.org/{channel.pk}/{n}")]
                channel_set_state(
                    channel=channel,
                    state=["open", "suspended"][n % 2],
                    effective_at=at(f"{2000 + n}-01-01"),
                    origin=Origin.MANUAL,
                    evidence=evidence,
                )

    def export_queries(expected_rows: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            text = body(anon.get(url))
        assert text.count("https://example.org/") == expected_rows
        return len(queries)

    add_changes(50)
    few = export_queries(50)
    add_changes(450)
    many = export_queries(500)
    assert many - few == 4  # 5 chunks of evidence instead of 1; nothing per change
    assert few <= 3


def test_the_schema_documents_csv_and_json_with_examples():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    csv_response = schema["paths"]["/api/v1/export/changes.csv"]["get"]["responses"]["200"]
    json_response = schema["paths"]["/api/v1/export/changes.json"]["get"]["responses"]["200"]
    assert list(csv_response["content"]) == ["text/csv"]
    assert list(json_response["content"]) == ["application/json"]
    [csv_example] = csv_response["content"]["text/csv"]["examples"].values()
    assert csv_example["value"].startswith(",".join(COLUMNS) + "\r\nCN-US,military,")
    [json_example] = json_response["content"]["application/json"]["examples"].values()
    assert json_example["value"]["format"] == FORMAT_ID


# --- manage.py import_history -----------------------------------------------------------


def export_file(tmp_path, *rows: dict, name: str = "history.csv"):
    path = tmp_path / name
    path.write_text("".join(csv_lines(rows)), encoding="utf-8")
    return path


def change(**fields) -> dict:
    base = {"pair": "CN-US", "kind": "military", "effective_at": "2022-08-05T12:00:00Z"}
    return {**base, "new_state": "suspended", **fields}


def test_the_command_imports_a_file_and_says_what_it_did(tmp_path):
    path = export_file(tmp_path, change(new_state="open", effective_at="2020-01-01"), change())
    out = StringIO()
    call_command("import_history", str(path), stdout=out)
    assert "2 changes imported; 1 new channels; 0 removed changes skipped." in out.getvalue()
    assert Channel.objects.get().state == "suspended"


def test_the_command_prints_every_problem_with_its_line_and_writes_nothing(tmp_path):
    future = (datetime.now(UTC) + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    path = export_file(
        tmp_path,
        change(new_state="open"),
        change(new_state="closed"),
        change(pair="US-XX", effective_at=future),
    )
    err = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("import_history", str(path), stdout=StringIO(), stderr=err)
    assert failed.value.returncode == 1
    assert "3 problem(s)" in str(failed.value) and "nothing was imported" in str(failed.value)
    lines = err.getvalue().splitlines()
    assert [line.split(": ")[0] for line in lines] == [f"{path}:3", f"{path}:4", f"{path}:4"]
    assert "new_state: 'closed'" in lines[0] and "is in the future" in lines[2]
    assert not Channel.objects.exists()


def test_the_command_dry_run_checks_and_writes_nothing(tmp_path):
    path = export_file(tmp_path, change(), name="history.json.csv")
    out = StringIO()
    call_command("import_history", str(path), "--dry-run", stdout=out)
    assert "1 changes would be imported (dry run, nothing written)" in out.getvalue()
    assert not Channel.objects.exists() and not StateChange.objects.exists()


DEEP = '{"format": "channel-tracker/changes", "version": 1,\n"changes": ' + "[" * 5000
SURROGATE = (
    '{"format": "channel-tracker/changes", "version": 1, "changes": [\n'
    '{"pair": "CN-US", "kind": "trade", "effective_at": "2022-08-05", "new_state": "open",'
    ' "note": "\\ud800"}]}'
)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [(DEEP, 2, "Nested more than 32 levels deep"), (SURROGATE, 2, "Contains a lone surrogate")],
)
def test_the_command_reports_a_hostile_json_file_by_line(tmp_path, text, line, message):
    path = tmp_path / "hostile.json"
    path.write_text(text)
    err = StringIO()

    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_history", str(path), stdout=StringIO(), stderr=err)

    assert err.getvalue().startswith(f"{path}:{line}: {message}")
    assert not Channel.objects.exists()


def test_the_command_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_history", str(tmp_path / "nope.csv"))


# --- the admin's import page ------------------------------------------------------------

IMPORT_URL = "/admin/channels_app/statechange/import/"


def upload(client, *rows: dict, dry_run: bool = False, name: str = "history.csv"):
    data = "".join(csv_lines(rows)).encode()
    fields = {"file": SimpleUploadedFile(name, data, content_type="text/csv")}
    if dry_run:
        fields["dry_run"] = "on"
    return client.post(IMPORT_URL, fields)


def test_the_import_page_is_where_its_name_says():
    assert reverse("admin:channels_app_statechange_import") == IMPORT_URL


def test_an_editor_imports_a_file_and_lands_on_the_imported_changes(editor_client, editor_user):
    response = upload(editor_client, change(new_state="open", effective_at="2020-01-01"), change())
    assert response.status_code == 302
    assert response.url == "/admin/channels_app/statechange/?origin__exact=import"
    assert set(StateChange.objects.values_list("origin", "actor", "alerts")) == {
        (Origin.IMPORT, editor_user.pk, False)
    }
    page = editor_client.get(response.url).content.decode()
    assert "2 changes imported (1 new channels, 0 removed changes skipped)." in page


def test_the_import_page_lists_every_problem_with_its_line(editor_client):
    response = upload(
        editor_client, change(new_state="open"), change(new_state="open"), change(kind="x")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "2 problems: nothing was imported." in page
    assert "<tr><td>3</td><td>Repeats the state open set on line 2" in page
    assert "<tr><td>4</td><td>kind: &#x27;x&#x27; is not one of" in page
    assert not StateChange.objects.exists()


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [(DEEP, 2, "Nested more than 32 levels deep"), (SURROGATE, 2, "Contains a lone surrogate")],
)
def test_the_import_page_lists_a_hostile_json_file_s_problem(editor_client, text, line, message):
    upload = SimpleUploadedFile("hostile.json", text.encode(), content_type="application/json")

    response = editor_client.post(IMPORT_URL, {"file": upload})

    assert response.status_code == 200
    assert f"<tr><td>{line}</td><td>{message}" in response.content.decode()
    assert not StateChange.objects.exists()


def test_a_check_only_upload_shows_what_would_be_imported(editor_client):
    response = upload(editor_client, change(), dry_run=True)
    assert response.status_code == 200
    assert "1 changes would be imported; nothing was written" in response.content.decode()
    assert not StateChange.objects.exists()


def test_a_json_upload_is_read_as_json(editor_client):
    document = {"format": FORMAT_ID, "version": 1, "changes": [change()]}
    data = json.dumps(document).encode()
    response = editor_client.post(IMPORT_URL, {"file": SimpleUploadedFile("export", data)})
    assert response.status_code == 302 and StateChange.objects.count() == 1


def test_the_import_page_needs_the_record_change_permission(plain_staff_client, client):
    assert plain_staff_client.get(IMPORT_URL).status_code == 403
    assert upload(plain_staff_client, change()).status_code == 403
    assert client.get(IMPORT_URL).status_code == 302  # to the admin login
    assert not StateChange.objects.exists()


def test_the_import_page_shows_the_form(editor_client):
    page = editor_client.get(IMPORT_URL).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'name="file"' in page
