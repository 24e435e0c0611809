"""Work that follows a committed change. Runs from transaction.on_commit, never inside the
transaction. (The public pages' data version is caching.version.)"""

import logging

from ..caching.version import invalidate_public_pages

logger = logging.getLogger(__name__)


def changes_committed(channel_id: int, change_id: int) -> None:
    from ..alerts.services import fanout  # the alerts app builds on the core: import late
    from .proposals import supersede_fulfilled  # proposals records changes: import late

    invalidate_public_pages()
    supersede_fulfilled(channel_id=channel_id)
    fanout.changes_committed(change_id=change_id)  # queues the alert fan-out if it alerts
    logger.debug("channel %s: change %s committed", channel_id, change_id)
