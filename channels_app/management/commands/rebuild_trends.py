from typing import Any

from django.core.management.base import BaseCommand

from channels_app.caching.version import invalidate_public_pages
from channels_app.services.trend_days import rebuild_trend_days


class Command(BaseCommand):
    help = (
        "Recompute the trends' daily summary (TrendDay) from the history of changes. The "
        "change writer keeps it up to date; run this after loading changes that bypassed it "
        "(a bulk load straight into the tables)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        rows = rebuild_trend_days()
        invalidate_public_pages()
        self.stdout.write(f"Trends summary rebuilt from the history: {rows} rows.")
