"""News tasks: thin wrappers that take ids, load rows and call one service."""

from datetime import datetime

from celery import shared_task

from .services import polling


@shared_task(name="channels_app.dispatch_feeds", ignore_result=True, time_limit=60)
def dispatch_feeds() -> int:
    """Every minute (beat): queue one poll per due feed, with jitter."""
    return len(polling.dispatch_due_feeds(enqueue=_enqueue_poll))


def _enqueue_poll(feed_id: int, countdown: float, claim: datetime) -> None:
    poll_feed.apply_async((feed_id, claim.isoformat()), countdown=countdown)


@shared_task(name="channels_app.poll_feed", ignore_result=True, soft_time_limit=60, time_limit=90)
def poll_feed(feed_id: int, claim: str | None = None) -> None:
    """`claim` (ISO time) comes from the dispatcher; "poll now" sends none and always polls."""
    polling.poll_feed(feed_id=feed_id, claim=datetime.fromisoformat(claim) if claim else None)
