"""Create the Editors and Admins groups with their permissions."""

from django.db import migrations

from channels_app.migrations._roles import grant

EDITOR_PERMS = {
    "channels_app": [
        "view_channel",
        "change_channel",
        "add_channel",
        "record_change",
        "view_statechange",
        "view_evidence",
        "add_evidence",
        "view_changeaudit",
        "view_heartbeat",
    ],
}
ADMIN_EXTRA_PERMS = {
    "auth": ["add_user", "change_user", "view_user", "view_group", "change_group"],
    "django_celery_beat": [
        "view_periodictask",
        "change_periodictask",
        "add_periodictask",
        "view_intervalschedule",
        "view_crontabschedule",
    ],
}


def create_roles(apps, schema_editor):
    grant(apps, ["Editors", "Admins"], EDITOR_PERMS)
    grant(apps, ["Admins"], ADMIN_EXTRA_PERMS)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Admins"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("channels_app", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(create_roles, remove_roles)]
