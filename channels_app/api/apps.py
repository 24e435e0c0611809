from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API v1: serializers, views, tokens. Its own app (label "api") for its
    token model and migrations."""

    name = "channels_app.api"
    label = "api"
    verbose_name = "API"
    default_auto_field = "django.db.models.BigAutoField"
