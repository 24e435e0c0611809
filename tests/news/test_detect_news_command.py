"""`manage.py detect_news`: a dry run of parse + detect over feed files, URLs and stdin.

Only the tests marked django_db may touch the database; in every other test pytest-django
refuses any database access, and the command reads the shipped actor file alone (the editors'
rows are read when a database answers: tests/news/test_actor_source.py)."""

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.net.conftest import local_server  # noqa: F401 (a fixture)
from tools import feed_from_corpus

ROOT = Path(__file__).resolve().parents[2]
FEEDS = ROOT / "tests" / "data" / "feeds"
FEED_FILES = sorted([*FEEDS.glob("*.xml"), *FEEDS.glob("*.rdf")])
KEYS = ["id", "title", "detections"]
DETECTION_KEYS = ["parties", "kind", "state", "modality", "confidence", "evidence"]

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss version="2.0"><channel><title>&lol3;</title>
  <item><title>&lol3;</title><guid>x</guid></item></channel></rss>"""


def run(*sources, stdin=None, as_json=True, no_db=False):
    """(stdout lines, stderr text, error) of one run; error is the CommandError or None."""
    out, err = io.StringIO(), io.StringIO()
    options = {"stdout": out, "stderr": err, "json": as_json, "no_db": no_db}
    if stdin is not None:
        options["stdin"] = io.BytesIO(stdin)
    try:
        call_command("detect_news", *map(str, sources), **options)
        error = None
    except CommandError as exc:
        error = exc
    return out.getvalue().splitlines(), err.getvalue(), error


def records(lines):
    return [json.loads(line) for line in lines]


def summary(record):
    return [
        (tuple(d["parties"]), d["kind"], d["state"], d["modality"]) for d in record["detections"]
    ]


def test_rss_20_gives_one_line_per_entry_with_guid_ids_and_all_detections():
    lines, stderr, error = run(FEEDS / "rss20.xml")

    assert error is None and stderr == ""
    by_id = {r["id"]: r for r in records(lines)}
    assert list(by_id) == ["d01", "d02", "n02", "n04", "n10"]
    assert by_id["d01"]["title"] == (
        "China halts military talks with US and suspends climate cooperation after Pelosi trip"
    )
    assert summary(by_id["d01"]) == [
        (("CN", "US"), "military", "suspended", "act"),
        (("CN", "US"), "diplomatic", "suspended", "act"),
    ]
    # Threats, denials and speculation are printed too, with their modality.
    assert summary(by_id["n10"]) == [(("CN", "US"), "military", "severed", "denial")]
    assert {d["modality"] for d in by_id["n04"]["detections"]} == {"speculation"}
    assert by_id["n02"]["detections"] == []


def test_atom_entries_use_their_id_and_name_every_dyad():
    lines, _, error = run(FEEDS / "atom.xml")

    by_id = {r["id"]: r for r in records(lines)}
    assert error is None
    assert list(by_id) == ["d12", "d19", "d25", "n01"]
    assert summary(by_id["d19"]) == [(("CN", "JP"), "trade", "limited", "act")]
    assert {d["parties"][0] + d["parties"][1] for d in by_id["d25"]["detections"]} == {
        "QASA",
        "BHQA",
        "AEQA",
        "EGQA",
    }
    assert by_id["n01"]["detections"] == []


def test_rss_10_rdf_items_are_known_by_rdf_about():
    lines, _, error = run(FEEDS / "rss10.rdf")

    found = records(lines)
    assert error is None
    assert [r["id"] for r in found] == ["d16", "d21", "n09"]
    assert summary(found[1]) == [(("IN", "PK"), "trade", "suspended", "act")]
    assert found[2]["title"] == "Stocks rally on hopes of a US-China trade deal"
    assert found[2]["detections"] == []


def test_rss_091_items_without_guid_are_known_by_their_link():
    lines, _, error = run(FEEDS / "rss091.xml")

    found = records(lines)
    assert error is None
    assert [r["id"] for r in found] == [
        "https://news.example/korea-desk/d13",
        "https://news.example/europe-desk/d27",
        "https://news.example/wire/n03",
    ]
    assert summary(found[1]) == [(("IL", "TR"), "trade", "suspended", "act")]
    assert found[2]["detections"] == []


def test_each_line_is_json_with_exactly_the_documented_keys_in_order():
    lines, _, _ = run(*FEED_FILES)

    assert len(lines) == 5 + 4 + 3 + 3
    for record in records(lines):
        assert list(record) == KEYS
        for detection in record["detections"]:
            assert list(detection) == DETECTION_KEYS
            assert detection["parties"] == sorted(detection["parties"])
            assert all(len(code) == 2 and code.isupper() for code in detection["parties"])
            assert isinstance(detection["confidence"], float)


def test_it_prints_non_ascii_text_as_is_and_reads_stdin():
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        "<item><guid>é1</guid><title>Türkiye halts all trade with Israel</title></item>"
        "</channel></rss>"
    ).encode()

    lines, _, error = run("-", stdin=feed)

    assert error is None
    assert lines[0].startswith('{"id": "é1", "title": "Türkiye halts all trade with Israel"')


@pytest.mark.django_db
def test_with_no_db_it_makes_no_database_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        lines, _, error = run(*FEED_FILES, no_db=True)

    assert error is None and len(lines) == 15


def test_it_runs_before_migrate_without_creating_a_database(tmp_path):
    database = tmp_path / "never.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tracker.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    command = [sys.executable, "manage.py", "detect_news", str(FEEDS / "atom.xml"), "--json"]

    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, timeout=120)

    assert done.returncode == 0, done.stderr
    assert [r["id"] for r in records(done.stdout.decode().splitlines())] == [
        "d12",
        "d19",
        "d25",
        "n01",
    ]
    assert not database.exists()


def test_a_missing_file_is_reported_and_the_other_sources_still_print(tmp_path):
    missing = tmp_path / "nope.xml"

    lines, stderr, error = run(missing, FEEDS / "rss10.rdf")

    assert f"{missing}: cannot read file: No such file or directory" in stderr
    assert [r["id"] for r in records(lines)] == ["d16", "d21", "n09"]
    assert error is not None and error.returncode == 1


def test_a_hostile_feed_is_refused_with_exit_code_1(tmp_path):
    hostile = tmp_path / "laughs.xml"
    hostile.write_bytes(BILLION_LAUGHS)

    lines, stderr, error = run(hostile)

    assert lines == []
    assert f"{hostile}: feed rejected: document declares entities" in stderr
    assert error is not None and error.returncode == 1


def test_a_document_that_is_not_a_feed_is_refused(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(b"<html><body><p>Hello</p></body></html>")

    _, stderr, error = run(page)

    assert f"{page}: feed rejected: not an RSS or Atom feed" in stderr
    assert error is not None


def test_a_url_is_fetched_over_http(local_server, settings):  # noqa: F811
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = True
    url = local_server.route(
        "/feed.rss",
        body=(FEEDS / "rss20.xml").read_bytes(),
        headers={"Content-Type": "application/rss+xml; charset=utf-8"},
    )

    lines, stderr, error = run(url)

    assert error is None, stderr
    assert [r["id"] for r in records(lines)] == ["d01", "d02", "n02", "n04", "n10"]
    assert [r.path for r in local_server.requests] == ["/feed.rss"]


def test_a_url_on_a_private_address_is_refused_by_the_guard(local_server, settings):  # noqa: F811
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = False
    url = local_server.route("/feed.atom", body=(FEEDS / "atom.xml").read_bytes())

    lines, stderr, error = run(url)

    assert lines == []
    assert "fetch failed (blocked_address)" in stderr
    assert local_server.requests == []
    assert error is not None and error.returncode == 1


def test_a_url_answering_an_error_status_is_a_failed_source(local_server, settings):  # noqa: F811
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = True
    url = local_server.url("/missing")

    lines, stderr, error = run(url, FEEDS / "rss091.xml")

    assert f"{url}: fetch failed: HTTP 404" in stderr
    assert len(lines) == 3
    assert error is not None and "1 of 2 sources failed" in str(error)


def test_without_json_it_prints_a_readable_summary(any_calibrated_confidence):
    # The summary's words, not the threshold (which each retraining moves): the fixture lets
    # every act propose.
    lines, _, error = run(FEEDS / "rss20.xml", as_json=False)

    text = "\n".join(lines)
    assert error is None
    assert "Crisis Desk (RSS 2.0)" in text
    assert "[d01] China halts military talks with US" in text
    assert re.search(
        r"CN–US military: suspended \(act, confidence 0\.\d\d; proposes a change\)", text
    )
    assert re.search(
        r"CN–US military: severed \(denial, confidence 0\.\d\d; no change proposed\)", text
    )
    assert "[n02] Record number of migrants" in text and "no detections" in text
    assert not text.lstrip().startswith("{")


@pytest.mark.parametrize(
    ("name", "fmt", "ids", "title"),
    [
        ("rss20.xml", "rss2", "d01,d02,n04,n10,n02", "Crisis Desk (RSS 2.0)"),
        ("atom.xml", "atom", "d12,d19,d25,n01", "Foreign Office (Atom)"),
        ("rss10.rdf", "rss1", "d16,d21,n09", "Agency Wire (RSS 1.0)"),
        ("rss091.xml", "rss091", "d13,d27,n03", "Ministry News (RSS 0.91)"),
    ],
)
def test_the_feed_files_are_what_the_corpus_tool_builds(tmp_path, name, fmt, ids, title):
    corpus = ROOT / "tests" / "data" / "news-dev.jsonl"
    args = [str(corpus), "--format", fmt, "--ids", ids, "--title", title]

    feed_from_corpus.main([*args, "-o", str(tmp_path / name)])

    assert (tmp_path / name).read_bytes() == (FEEDS / name).read_bytes()
