"""The editors' admin. Every write goes through channels_app.services: the admin validates,
calls one service and shows its refusals as form errors."""

from . import changes, channels, health, news

__all__ = ["changes", "channels", "health", "news"]
