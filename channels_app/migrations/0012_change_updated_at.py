"""StateChange.updated_at: when a change was recorded or last corrected or removed (the Atom
feeds' <updated> and order), filled for existing rows from their audits."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone


def fill(apps, schema_editor):
    StateChange = apps.get_model("channels_app", "StateChange")
    ChangeAudit = apps.get_model("channels_app", "ChangeAudit")
    latest = ChangeAudit.objects.filter(change=OuterRef("pk")).order_by("-at").values("at")[:1]
    StateChange.objects.update(updated_at=Coalesce(Subquery(latest), "recorded_at"))


class Migration(migrations.Migration):
    dependencies = [("channels_app", "0011_change_log_and_search")]

    operations = [
        migrations.AddField(
            model_name="statechange",
            name="updated_at",
            field=models.DateTimeField(default=timezone.now),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="statechange",
            index=models.Index(fields=["updated_at"], name="change_updated_idx"),
        ),
    ]
