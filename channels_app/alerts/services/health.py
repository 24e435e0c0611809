"""The alert outbox's lines on the admin's health page (registered in alerts/hooks.py)."""

from datetime import datetime, timedelta

from ...services.health import HealthLine, counted, duration
from .outbox import backlog

# Alerts go out within seconds and the sweeper runs every minute.
OUTBOX_LAG_LIMIT = timedelta(minutes=15)


def outbox_health(now: datetime) -> list[HealthLine]:
    """What waits to be fanned out or sent, and how late the oldest is (items waiting for a
    retry or the digest hour are not late)."""
    b = backlog(now)
    late = now - b.oldest if b.oldest else timedelta(0)
    return [
        HealthLine(
            "Alert outbox backlog",
            late < OUTBOX_LAG_LIMIT,
            f"{counted(b.changes, 'change', 'changes')} to fan out, "
            f"{counted(b.due, 'delivery', 'deliveries')} due",
            f"Plus {b.waiting} waiting for a retry or the daily digest. Changes that alert "
            "are fanned out after commit; the sweeper re-queues any the workers lost.",
        ),
        HealthLine(
            "Oldest undelivered alert",
            late < OUTBOX_LAG_LIMIT,
            duration(late) if b.oldest else "none",
            f"How long the oldest change or delivery has been due. Expected under "
            f"{duration(OUTBOX_LAG_LIMIT)}; more means no worker, beat or SMTP server.",
        ),
    ]
