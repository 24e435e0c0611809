"""Helpers for the data migrations that give the Editors and Admins groups permissions."""

from django.contrib.auth.management import create_permissions


def ensure_permissions(apps) -> None:
    # Permissions are normally created after all migrations (post_migrate); make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant(apps, group_names, spec) -> None:
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = [
        p
        for app_label, codenames in spec.items()
        for p in Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )
    ]
    for name in group_names:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*perms)
