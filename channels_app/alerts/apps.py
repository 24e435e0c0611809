from django.apps import AppConfig


class AlertsConfig(AppConfig):
    """Change alerts: subscribers, webhooks, the delivery outbox. Its own app (label
    "alerts") so its models and migrations evolve apart from the channel core."""

    name = "channels_app.alerts"
    label = "alerts"
    verbose_name = "Change alerts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import hooks

        hooks.connect()
