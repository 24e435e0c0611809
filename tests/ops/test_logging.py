import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from celery.app.task import Context
from django.core.exceptions import ImproperlyConfigured

from tracker.logging import (
    ContextFilter,
    JsonFormatter,
    add_request_id_header,
    enter_task,
    leave_task,
    logging_config,
    request_id_var,
)

ROOT = Path(__file__).resolve().parents[2]
HEX32 = r"[0-9a-f]{32}"


@pytest.fixture
def json_log():
    """Log lines as LOG_FORMAT=json writes them, from every logger."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(ContextFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield stream
    finally:
        root.removeHandler(handler)


def lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_json_line_holds_time_level_logger_message_and_context(json_log):
    token = request_id_var.set("req-1")
    try:
        logging.getLogger("tracker.test").warning("two\nlines %s", "joined")
    finally:
        request_id_var.reset(token)
    [entry] = lines(json_log)
    assert entry.pop("time").endswith("+00:00")
    assert entry == {
        "level": "WARNING",
        "logger": "tracker.test",
        "message": "two\nlines joined",
        "request_id": "req-1",
    }


def test_an_exception_stays_inside_its_json_line(json_log):
    try:
        raise ValueError("bad")
    except ValueError:
        logging.getLogger("tracker.test").exception("failed")
    [entry] = lines(json_log)
    assert "ValueError: bad" in entry["exception"]


def test_a_plain_request_id_from_the_client_is_echoed(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="edge-7f3a.1_b")
    assert response["X-Request-ID"] == "edge-7f3a.1_b"


def test_a_request_without_an_id_gets_a_new_one(client):
    assert client.get("/healthz")["X-Request-ID"].isalnum()
    assert len(client.get("/healthz")["X-Request-ID"]) == 32


@pytest.mark.urls("tests.ops.urls")
@pytest.mark.django_db
def test_a_10000_character_request_id_is_replaced_and_never_logged(client, json_log):
    huge = "a" * 10_000
    response = client.get("/test-ops/logs", HTTP_X_REQUEST_ID=huge)
    assert len(response["X-Request-ID"]) == 32
    assert "a" * 201 not in json_log.getvalue()
    assert lines(json_log)[-1]["request_id"] == response["X-Request-ID"]


@pytest.mark.urls("tests.ops.urls")
@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["abc\r\nforged: 1", "id\x00x", "a b", "ünïcode", 'q"uote'])
def test_a_request_id_with_other_characters_is_replaced(client, json_log, bad):
    response = client.get("/test-ops/logs", HTTP_X_REQUEST_ID=bad)
    assert response["X-Request-ID"] != bad
    assert len(response["X-Request-ID"]) == 32
    assert bad not in json_log.getvalue()


@pytest.mark.urls("tests.ops.urls")
def test_a_view_logs_the_signed_in_users_id(client, json_log, editor_user):
    client.force_login(editor_user)
    client.get("/test-ops/logs")
    [entry] = [e for e in lines(json_log) if e["logger"] == "tests.ops"]
    assert entry["user_id"] == editor_user.pk


@pytest.mark.urls("tests.ops.urls")
@pytest.mark.django_db
def test_an_anonymous_request_logs_no_user_id(client, json_log):
    client.get("/test-ops/logs")
    [entry] = [e for e in lines(json_log) if e["logger"] == "tests.ops"]
    assert "user_id" not in entry


def test_a_task_published_during_a_request_carries_its_id_in_a_header():
    headers: dict = {}
    token = request_id_var.set("req-42")
    try:
        add_request_id_header(headers=headers)
    finally:
        request_id_var.reset(token)
    assert headers == {"request_id": "req-42"}


def test_a_running_task_logs_the_request_id_from_its_header_and_its_own_id(json_log):
    task = SimpleNamespace(request=Context(request_id="req-42"))
    enter_task(task_id="task-9", task=task)
    logging.getLogger("tracker.test").info("in a task")
    leave_task(task_id="task-9")
    logging.getLogger("tracker.test").warning("after")
    first, after = lines(json_log)[-2:]
    assert (first["request_id"], first["task_id"]) == ("req-42", "task-9")
    assert "task_id" not in after and "request_id" not in after


def test_an_unknown_log_format_is_refused():
    with pytest.raises(ImproperlyConfigured, match="LOG_FORMAT"):
        logging_config(log_format="xml", level="INFO")


def _log_from_a_new_process(**env: str) -> str:
    code = "import django, logging; django.setup(); logging.getLogger('ops.check').warning('hello')"
    environment = {name: value for name, value in os.environ.items() if name != "LOG_FORMAT"}
    environment.update(DJANGO_SETTINGS_MODULE="tracker.settings.test", **env)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stderr.strip()


def test_logs_are_plain_lines_by_default():
    line = _log_from_a_new_process()
    assert line.endswith(" WARNING ops.check hello")


def test_log_format_json_gives_one_json_object_per_line():
    entry = json.loads(_log_from_a_new_process(LOG_FORMAT="json"))
    assert (entry["level"], entry["logger"], entry["message"]) == ("WARNING", "ops.check", "hello")
