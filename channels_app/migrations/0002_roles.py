"""Create the Editors and Admins groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

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


def _perms(apps, spec):
    Permission = apps.get_model("auth", "Permission")
    for app_label, codenames in spec.items():
        yield from Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate); make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*_perms(apps, EDITOR_PERMS))
    admins, _ = Group.objects.get_or_create(name="Admins")
    admins.permissions.add(*_perms(apps, EDITOR_PERMS), *_perms(apps, ADMIN_EXTRA_PERMS))


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
