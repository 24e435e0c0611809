"""The editors' actors joining the detector's table without a deploy.

`connect()` (at app ready) registers `rows` with `gazetteer.add_source`. `rows` never queries:
it returns what the last `sync()` read. `sync()` is called once per ingest batch and by
`detect_news`; at most every NEWS_ACTORS_CHECK_SECONDS it asks the database for the version
of the editors' rows (their count and latest `updated_at`, one indexed query) and, when that
changed, reads them and has the table recompiled. So an edit in the admin reaches every
worker within that interval plus one poll, and no sentence ever waits on the database.

Without a usable database (none configured, not reachable, not migrated) the detector keeps
the rows it had (none at first): the shipped file alone."""

import logging
import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Max

from .detect import actors as actor_rows
from .detect import gazetteer
from .models import Actor
from .services.actors import overlay

logger = logging.getLogger(__name__)


@dataclass
class _State:
    rows: Sequence[actor_rows.Actor] = ()
    version: Any = None
    checked_at: float | None = None  # time.monotonic() of the last check
    connected: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)


_state = _State()


def rows() -> Sequence[actor_rows.Actor]:
    """The source registered with the gazetteer: the editors' rows as of the last sync."""
    return _state.rows


def connect() -> None:
    if not _state.connected:  # ready() may run twice (tests, autoreload)
        gazetteer.add_source(rows)
        _state.connected = True


def sync(*, force: bool = False) -> bool:
    """Bring the editors' rows up to date if the last check is older than the interval (or
    `force`); True when they changed. Never raises: a database that cannot answer leaves the
    rows as they were, and is logged."""
    interval = settings.NEWS_ACTORS_CHECK_SECONDS
    now = time.monotonic()
    with _state.lock:
        if not force and _state.checked_at is not None and now - _state.checked_at < interval:
            return False
        _state.checked_at = now
        try:
            return _reload_if_changed()
        except Exception as error:  # the detector must run on the file alone, whatever the cause
            logger.warning("editors' actors not read, using the rows held: %s", error)
            return False


def reset() -> None:
    """Forget the editors' rows (tests, `detect_news --no-db`)."""
    with _state.lock:
        _state.rows, _state.version, _state.checked_at = (), None, None
    gazetteer.refresh()


def database_usable() -> bool:
    """Whether a database is configured that can be opened without creating it: an SQLite
    file that does not exist yet is not opened (that would create an empty one)."""
    db = settings.DATABASES.get("default", {})
    engine = db.get("ENGINE", "")
    if not engine or engine.endswith("dummy"):
        return False
    if engine.endswith("sqlite3"):
        name = str(db.get("NAME", ""))
        in_memory = name == ":memory:" or "mode=memory" in name
        return in_memory or os.path.exists(name)
    return True


def _reload_if_changed() -> bool:
    if not database_usable():
        return False
    editors = Actor.objects.filter(origin=Actor.Origin.EDITOR)
    version = editors.aggregate(n=Count("id"), last=Max("updated_at"))
    if version == _state.version:
        return False
    rows = tuple(overlay(editors.order_by("updated_at", "id")))
    _state.version = version
    if rows == _state.rows:
        return False
    _state.rows = rows
    gazetteer.refresh()  # the table is recompiled at its next use (5-15 ms)
    logger.info("editors' actors reloaded: %s rows", version["n"])
    return True
