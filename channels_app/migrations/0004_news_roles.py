"""Editors manage feeds and review proposals."""

from django.db import migrations

from channels_app.migrations._roles import grant

NEWS_PERMS = {
    "channels_app": [
        "view_feed",
        "add_feed",
        "change_feed",
        "view_article",
        "view_detection",
        "view_proposal",
        "change_proposal",
    ]
}


def add_news_perms(apps, schema_editor):
    grant(apps, ["Editors", "Admins"], NEWS_PERMS)


class Migration(migrations.Migration):
    dependencies = [("channels_app", "0003_news")]
    operations = [migrations.RunPython(add_news_perms, migrations.RunPython.noop)]
