import channels_app.alerts.models
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("alerts", "0003_webhook_owner")]

    operations = [
        migrations.AddField(
            model_name="webhook",
            name="transport",
            field=models.CharField(default="webhook", max_length=16),
        ),
        migrations.AddField(
            model_name="webhook",
            name="target",
            field=models.CharField(
                blank=True,
                help_text="Where in the service: a Telegram chat id, a Matrix room (!id or #alias)",
                max_length=255,
            ),
        ),
        migrations.AlterField(
            model_name="webhook",
            name="secret",
            field=models.CharField(
                blank=True,
                default=channels_app.alerts.models.new_webhook_secret,
                help_text="Webhooks: whsec_ followed by base64 (24 to 64 bytes), the receiver "
                "verifies with it. Chat integrations: the bot or access token, if any",
                max_length=512,
            ),
        ),
        migrations.AlterField(
            model_name="delivery",
            name="transport",
            field=models.CharField(max_length=16),
        ),
    ]
