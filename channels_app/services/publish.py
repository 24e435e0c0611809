"""Work that follows a committed change. Runs from transaction.on_commit, never inside the
transaction. (The public pages' data version is caching.version.)"""

import logging

from ..caching.version import invalidate_public_pages
from .announce import CommittedChange

logger = logging.getLogger(__name__)


def changes_committed(change: CommittedChange) -> None:
    """Subscribed to the writer's announcement (apps.py): every cached page is out of date."""
    invalidate_public_pages()
