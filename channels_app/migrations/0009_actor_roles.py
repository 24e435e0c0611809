"""Editors keep the actor dictionary: they add rows and change or end them; nobody but a
superuser deletes one (an ended row still reads old articles)."""

from django.db import migrations

from channels_app.migrations._roles import grant

ACTOR_PERMS = {"channels_app": ["view_actor", "add_actor", "change_actor"]}


def add_actor_perms(apps, schema_editor):
    grant(apps, ["Editors", "Admins"], ACTOR_PERMS)


class Migration(migrations.Migration):
    dependencies = [("channels_app", "0008_actor")]
    operations = [migrations.RunPython(add_actor_perms, migrations.RunPython.noop)]
