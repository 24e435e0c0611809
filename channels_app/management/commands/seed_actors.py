from typing import Any

from django.core.management.base import BaseCommand, CommandError

from channels_app.news.detect.actors import ActorFileError
from channels_app.news.services.actors import seed_actors


class Command(BaseCommand):
    help = (
        "Copy the shipped actor file (news/detect/lang/en/actors.csv) into the actor table the "
        "editors see in the admin (idempotent). Rows editors changed or ended keep their "
        "version; file rows no longer in the file are removed. Run after each deploy."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = seed_actors()
        except ActorFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Actors from the file: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged, {result.removed} removed; {result.kept} changed "
            "by editors, kept."
        )
