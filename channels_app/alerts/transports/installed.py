"""Every transport, imported once so that each registers its row (AlertsConfig.ready). The
order is the registry's: the fan-out queues senders in it (email first, the largest)."""

from . import email, webhook  # isort: skip  (registered first)
from . import discord, matrix, ntfy, slack, teams, telegram

MODULES = (email, webhook, slack, teams, discord, telegram, matrix, ntfy)
