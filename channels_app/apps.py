from django.apps import AppConfig


class ChannelsAppConfig(AppConfig):
    name = "channels_app"
    verbose_name = "Channels"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # What follows a committed change, in this order: the page cache, then news (a
        # package of this app). Alerts subscribe from their own app (AlertsConfig.ready).
        from .news import hooks as news_hooks
        from .services import announce, publish

        announce.subscribe("public-pages", publish.changes_committed)
        news_hooks.connect()
