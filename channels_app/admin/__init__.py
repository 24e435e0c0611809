"""The editors' admin. Every write goes through channels_app.services: the admin validates,
calls one service and shows its refusals as form errors."""

from ..news import admin as news
from . import changes, channels, health

__all__ = ["changes", "channels", "health", "news"]
