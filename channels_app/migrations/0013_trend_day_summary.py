"""TrendDay: the daily summary of moves between states behind the trends page and panel,
filled from the existing history (the change writer keeps it from then on)."""

from collections import Counter
from datetime import UTC

from django.db import migrations, models


def fill(apps, schema_editor):
    """Each channel's active changes in history order, one pass: the moves the writer would
    have counted (services.trend_days.moves_of), for the channel's kind and for all kinds."""
    StateChange = apps.get_model("channels_app", "StateChange")
    TrendDay = apps.get_model("channels_app", "TrendDay")
    changes = (
        StateChange.objects.filter(removed_at=None)
        .order_by("channel_id", "effective_at", "recorded_at", "id")
        .values_list("channel_id", "channel__kind", "effective_at", "new_state")
    )
    totals = Counter()
    channel, before = None, ""
    for channel_id, kind, effective_at, state in changes.iterator(chunk_size=5000):
        if channel_id != channel:
            channel, before = channel_id, ""
        if state != before:
            day = effective_at.astimezone(UTC).date()
            totals[(kind, day, before, state)] += 1
            totals[("", day, before, state)] += 1
        before = state
    TrendDay.objects.bulk_create(
        (
            TrendDay(kind=kind, day=day, before=before, after=after, channels=n)
            for (kind, day, before, after), n in sorted(totals.items())
        ),
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("channels_app", "0012_change_updated_at"),
    ]

    operations = [
        migrations.CreateModel(
            name="TrendDay",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("", "All"),
                            ("military", "Military"),
                            ("trade", "Trade"),
                            ("diplomatic", "Diplomatic"),
                        ],
                        max_length=16,
                    ),
                ),
                ("day", models.DateField()),
                (
                    "before",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("open", "Open"),
                            ("limited", "Limited"),
                            ("suspended", "Suspended"),
                            ("severed", "Severed"),
                            ("unknown", "Unknown"),
                        ],
                        max_length=16,
                    ),
                ),
                (
                    "after",
                    models.CharField(
                        choices=[
                            ("open", "Open"),
                            ("limited", "Limited"),
                            ("suspended", "Suspended"),
                            ("severed", "Severed"),
                            ("unknown", "Unknown"),
                        ],
                        max_length=16,
                    ),
                ),
                ("channels", models.IntegerField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "day", "before", "after"), name="trend_day_unique_move"
                    )
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
