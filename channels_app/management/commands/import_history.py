from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from channels_app.services.history_import import import_history_file


class Command(BaseCommand):
    help = (
        "Import a change history exported as CSV or JSON (/api/v1/export/changes.csv or "
        ".json). All or nothing: every row is checked first and each problem is printed with "
        "its line number (exit code 1, nothing written). Changes are recorded as imports, "
        "which never alert; removed changes in the file are skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="A .csv or .json export file.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file against the database and write nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
        result = import_history_file(data=data, filename=path, dry_run=options["dry_run"])
        for line, message in result.errors:
            self.stderr.write(f"{path}:{line}: {message}")
        if result.errors:
            raise CommandError(
                f"{len(result.errors)} problem(s) in {path}; nothing was imported.", returncode=1
            )
        verb = "would be imported (dry run, nothing written)" if result.dry_run else "imported"
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.changes_created} changes {verb}; "
                f"{result.channels_created} new channels; "
                f"{result.skipped_removed} removed changes skipped."
            )
        )
