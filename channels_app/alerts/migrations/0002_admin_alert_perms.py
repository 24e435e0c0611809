"""Admins manage subscribers and webhooks and read the delivery outbox in the admin."""

from django.db import migrations

from channels_app.migrations._roles import grant

ALERT_PERMS = {
    "alerts": [
        "view_subscriber",
        "change_subscriber",
        "delete_subscriber",
        "view_subscriberscope",
        "add_subscriberscope",
        "change_subscriberscope",
        "delete_subscriberscope",
        "view_webhook",
        "add_webhook",
        "change_webhook",
        "delete_webhook",
        "view_webhookattempt",
        "view_delivery",
    ]
}


def add_alert_perms(apps, schema_editor):
    grant(apps, ["Admins"], ALERT_PERMS)


class Migration(migrations.Migration):
    dependencies = [("alerts", "0001_initial"), ("channels_app", "0002_roles")]
    operations = [migrations.RunPython(add_alert_perms, migrations.RunPython.noop)]
