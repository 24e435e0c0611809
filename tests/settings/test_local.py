"""The embedded default: one SQLite file shared by web, worker and beat."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READ_PRAGMAS = """
import json, django
django.setup()
from django.db import connection
with connection.cursor() as c:
    print(json.dumps([c.execute(f"PRAGMA {p}").fetchone()[0] for p in
                      ("journal_mode", "synchronous", "busy_timeout")]))
"""


def test_the_sqlite_default_is_wal_without_a_flush_per_commit_and_waits_for_locks(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tracker.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", READ_PRAGMAS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    # WAL; synchronous NORMAL (1) is safe in WAL mode; a 20 s wait for a writer's lock.
    assert json.loads(result.stdout.splitlines()[-1]) == ["wal", 1, 20000]
