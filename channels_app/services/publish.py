"""Work that follows a committed change. Runs from transaction.on_commit, never inside the
transaction.

The public-pages version says whether anything the public pages show has changed. It lives
in the database, not in a cache: with the local-memory cache every process has its own, and
a change committed by the Celery worker must show in every web process."""

import logging
import math
import secrets
import time

from django.conf import settings
from django.db import connection
from django.utils import timezone

from ..models.health import SiteVersion
from .announce import CommittedChange

logger = logging.getLogger(__name__)
_TABLE = SiteVersion._meta.db_table


class _Reading:
    """This process's last reading of the version, trusted for PUBLIC_PAGES_VERSION_MAX_AGE
    seconds: one query per process per tenth of a second instead of one per request, which
    would cost a hit as much as half a trivial request (bench/dashboard.py)."""

    value = ""
    at = -math.inf  # time.monotonic() of the reading


def public_pages_version() -> str:
    """The site version: a change committed in this process shows at once, one committed in
    another process within PUBLIC_PAGES_VERSION_MAX_AGE seconds."""
    return read_public_pages_version()[0]


def read_public_pages_version(*, max_age: float | None = None) -> tuple[str, bool]:
    """The version, and whether this call read it from the database. One primary-key lookup,
    in raw SQL to skip the ORM's query building. (MAX(id) over the change, audit and channel
    tables would need no bump but costs about twice as much: four tables to plan.)"""
    now = time.monotonic()
    if max_age is None:
        max_age = settings.PUBLIC_PAGES_VERSION_MAX_AGE
    if now - _Reading.at <= max_age:
        return _Reading.value, False
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {connection.ops.quote_name(_TABLE)} WHERE id = 1")
        row = cursor.fetchone()
    _Reading.value = str(row[0]) if row else "0"
    _Reading.at = now
    return _Reading.value, True


def invalidate_public_pages() -> None:
    """Move the public-pages version: every page cached so far is out of date in every
    process. Called after each committed change (changes_committed), and by any other edit
    the public pages show (a new channel, a description, a confirmation), after commit."""
    now, value = timezone.now(), secrets.randbits(62)
    if not SiteVersion.objects.filter(pk=1).update(value=value, bumped_at=now):
        SiteVersion.objects.bulk_create(
            [SiteVersion(pk=1, value=value, bumped_at=now)], ignore_conflicts=True
        )
    forget_public_pages_version()  # this process sees its own edit at its next request


def forget_public_pages_version() -> None:
    """Read the version from the database at the next request (and between tests: a
    rolled-back test database goes back to an earlier version)."""
    _Reading.at = -math.inf


def changes_committed(change: CommittedChange) -> None:
    """Subscribed to the writer's announcement (apps.py): every cached page is out of date."""
    invalidate_public_pages()
