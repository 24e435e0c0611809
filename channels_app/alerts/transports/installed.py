"""Every transport, imported once so that each registers its row (AlertsConfig.ready)."""

from . import discord, email, matrix, ntfy, slack, teams, telegram, webhook

MODULES = (email, webhook, slack, teams, discord, telegram, matrix, ntfy)
