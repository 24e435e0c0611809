from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from channels_app.demo.loader import (
    DEMO_ADMIN_PASSWORD,
    DEMO_ADMIN_USERNAME,
    DemoRefused,
    load_demo,
)


class Command(BaseCommand):
    help = (
        "Load the demo channels and their dated history, and the demo feeds when "
        "DEMO_FEEDS_ENABLED (idempotent: a second run creates nothing). --with-admin also "
        "creates a local admin/admin login, only when DEBUG is on."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--with-admin",
            action="store_true",
            help="Create the local-only superuser admin/admin (refused unless DEBUG is on).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with_admin = options["with_admin"]
        try:
            result = load_demo(create_admin=with_admin)
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Channels: {result.channels_created} created, {result.channels_found} already there."
        )
        self.stdout.write(
            f"Changes: {result.changes_created} created, {result.changes_skipped} already there, "
            f"{len(result.refused)} refused."
        )
        for line in result.refused:
            self.stdout.write(self.style.WARNING(f"  refused: {line}"))
        self.stdout.write(
            f"Channels confirmed as still accurate as of now: {result.confirmed} (their dated "
            "history is the real one; a channel an editor changed or never assessed is left as is)."
        )
        if result.feeds_created or result.feeds_found or result.feeds_refused:
            self.stdout.write(
                f"Demo feeds: {result.feeds_created} created, {result.feeds_found} already "
                f"there, {len(result.feeds_refused)} refused."
            )
        if result.feed_items:
            self.stdout.write(
                f"Demo feed items stored for review: {result.feed_items} (fictional, the newest "
                "dated yesterday)."
            )
        for line in result.feeds_refused:
            self.stdout.write(self.style.WARNING(f"  refused: {line}"))
        if result.admin_created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Local admin login: {DEMO_ADMIN_USERNAME} / {DEMO_ADMIN_PASSWORD} "
                    "(development only)."
                )
            )
        elif with_admin:
            self.stdout.write(
                f"User '{DEMO_ADMIN_USERNAME}' already exists; its password was left unchanged."
            )
