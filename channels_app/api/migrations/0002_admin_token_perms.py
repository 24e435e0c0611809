"""Admins manage API tokens in the admin (issue, view, revoke)."""

from django.db import migrations

from channels_app.migrations._roles import grant

TOKEN_PERMS = {"api": ["view_apitoken", "add_apitoken", "change_apitoken"]}


def add_token_perms(apps, schema_editor):
    grant(apps, ["Admins"], TOKEN_PERMS)


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial"), ("channels_app", "0002_roles")]
    operations = [migrations.RunPython(add_token_perms, migrations.RunPython.noop)]
