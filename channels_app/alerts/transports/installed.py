"""Every transport, imported once so that each registers its row (AlertsConfig.ready)."""

from . import email, webhook

MODULES = (email, webhook)
