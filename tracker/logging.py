"""Log context for the web and the workers: a request id and a user id per request, a task id
per task, added to every record; the JSON formatter behind LOG_FORMAT=json.

The request id comes from the client's X-Request-ID when it is a short token (so a proxy's id
links its logs to ours), is generated otherwise, is echoed in the response, and travels with
every task the request queues (a Celery message header), so a task's log lines carry the id
of the request that caused them.
"""

import json
import logging
import logging.config
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty

REQUEST_ID_HEADER = "X-Request-ID"
# A header is a token, not free text: anything longer or with other characters (newlines
# that would forge log lines, quotes, control characters) is replaced, never logged.
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,200}")

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
request_var: ContextVar[HttpRequest | None] = ContextVar("request", default=None)
task_id_var: ContextVar[str | None] = ContextVar("task_id", default=None)


def new_request_id() -> str:
    return uuid.uuid4().hex


def clean_request_id(value: str | None) -> str:
    """The client's request id if it is a plain token of at most 200 characters, else a
    new one."""
    if value and _VALID_REQUEST_ID.fullmatch(value):
        return value
    return new_request_id()


class RequestIdMiddleware:
    """First in MIDDLEWARE: everything logged while a request is served carries its id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = clean_request_id(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id  # type: ignore[attr-defined]
        id_token, request_token = request_id_var.set(request_id), request_var.set(request)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(id_token)
            request_var.reset(request_token)
        response[REQUEST_ID_HEADER] = request_id
        return response


def _user_id(request: HttpRequest | None) -> int | None:
    """The signed-in user's id, if authentication already ran: a log call must not load the
    session (a query, and a recursion if that query logs)."""
    user = getattr(request, "user", None) if request is not None else None
    if user is None:
        return None
    if isinstance(user, SimpleLazyObject) and getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None


class ContextFilter(logging.Filter):
    """Adds request_id, user_id and task_id (None where unknown) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        record.user_id = _user_id(request_var.get())
        record.task_id = task_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line. Fields that are unknown are left out."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in ("request_id", "user_id", "task_id"):
            if (value := getattr(record, field, None)) is not None:
                entry[field] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def logging_config(*, log_format: str, level: str, log_file: str = "") -> dict[str, Any]:
    """The LOGGING dict: plain lines (the default) or JSON lines, both with the context. With
    `log_file`, every record goes to that file and only warnings and errors to the console
    (`make run` sends the worker's and beat's routine lines to var/log/ this way)."""
    if log_format not in ("plain", "json"):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"LOG_FORMAT must be plain or json, not {log_format!r}.")
    console = {"class": "logging.StreamHandler", "formatter": log_format, "filters": ["context"]}
    handlers: dict[str, dict[str, Any]] = {"console": console}
    if log_file:
        console["level"] = "WARNING"
        handlers["file"] = {**console, "class": "logging.FileHandler", "filename": log_file}
        del handlers["file"]["level"]
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": "tracker.logging.ContextFilter"}},
        "formatters": {
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
            "json": {"()": "tracker.logging.JsonFormatter"},
        },
        "handlers": handlers,
        "root": {"handlers": list(handlers), "level": level},
        # runserver's request lines have a handler of their own: send them through ours.
        "loggers": {
            "django.server": {"handlers": list(handlers), "propagate": False},
            # A failing readiness check is in the /readyz answer; probes every few seconds
            # must not add a traceback each to the log (unexpected errors still do).
            "health_check": {"level": "ERROR"},
        },
    }


# Celery: the request id rides in a message header; the worker puts it and the task id in
# the log context while the task runs.


def add_request_id_header(headers: dict[str, Any] | None = None, **kwargs: Any) -> None:
    """before_task_publish: the id of the request (or task) that queues this task."""
    request_id = request_id_var.get()
    if headers is not None and request_id and "request_id" not in headers:
        headers["request_id"] = request_id


def enter_task(task_id: str | None = None, task: Any = None, **kwargs: Any) -> None:
    """task_prerun. Eager tasks have no message: they keep the queuing request's id."""
    header = getattr(getattr(task, "request", None), "request_id", None)
    request_id = clean_request_id(header) if header else request_id_var.get()
    _task_tokens[task_id] = (task_id_var.set(task_id), request_id_var.set(request_id))


def leave_task(task_id: str | None = None, **kwargs: Any) -> None:
    """task_postrun."""
    tokens = _task_tokens.pop(task_id, None)
    if tokens is not None:
        task_id_var.reset(tokens[0])
        request_id_var.reset(tokens[1])


_task_tokens: dict[str | None, tuple[Any, Any]] = {}


def configure_worker_logging(**kwargs: Any) -> None:
    """setup_logging: workers log through LOGGING, as the web does, instead of Celery's own
    set-up (which would replace the JSON handler)."""
    logging.config.dictConfig(settings.LOGGING)
