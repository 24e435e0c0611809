"""News tasks: thin wrappers that take ids, load rows and call one service; the dispatcher's
task queues the polls it claimed."""

from datetime import datetime

from celery import shared_task

from ..queueing import enqueue_on_commit
from .services import polling


# celery ships no type hints: its decorator is untyped.
@shared_task(  # type: ignore[untyped-decorator]
    name="channels_app.dispatch_feeds", ignore_result=True, time_limit=60
)
def dispatch_feeds() -> int:
    """Every minute (beat): queue one poll per due feed, with jitter."""
    claims = polling.dispatch_due_feeds()
    for c in claims:
        enqueue_on_commit(poll_feed, c.feed_id, c.claimed_at.isoformat(), countdown=c.countdown)
    return len(claims)


@shared_task(  # type: ignore[untyped-decorator]
    name="channels_app.poll_feed", ignore_result=True, soft_time_limit=60, time_limit=90
)
def poll_feed(feed_id: int, claim: str | None = None) -> None:
    """`claim` (ISO time) comes from the dispatcher; "poll now" sends none and always polls."""
    polling.poll_feed(feed_id=feed_id, claim=datetime.fromisoformat(claim) if claim else None)
