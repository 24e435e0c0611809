"""The database a benchmark may fill and then forget (ingest.py, export.py)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def throwaway_database(prefix: str) -> Iterator[str]:
    """Set Django up (test settings) on a database this run may fill and then forget;
    yields "<vendor> <name>". By default an SQLite file in a temporary folder, opened as the
    app opens its own (WAL, synchronous NORMAL). With DATABASE_URL, Django's test database
    next to it (test_<name>), created and dropped: bench rows never go into a real one."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "tracker.settings.test"
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # httpx logs every request at INFO
    with tempfile.TemporaryDirectory(prefix=f"bench-{prefix}-") as tmp:
        external = bool(os.environ.get("DATABASE_URL"))
        if not external:
            os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        if external:
            old_name = connection.settings_dict["NAME"]
            name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        else:
            call_command("migrate", verbosity=0)
            with connection.cursor() as cursor:  # as in base settings (WAL stays in the file)
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
            name = connection.settings_dict["NAME"]
        try:
            yield f"{connection.vendor} {name}"
        finally:
            if external:
                connection.creation.destroy_test_db(old_name, verbosity=0)
            connection.close()
