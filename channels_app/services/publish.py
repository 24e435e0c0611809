"""Work that follows a committed change. Runs from transaction.on_commit, never inside the
transaction. The public-pages version lets caches and ETags notice any change at once."""

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)
PUBLIC_VERSION_KEY = "public-pages-version"


def public_pages_version() -> int:
    return int(cache.get_or_set(PUBLIC_VERSION_KEY, 1, timeout=None) or 1)


def invalidate_public_pages() -> None:
    try:
        cache.incr(PUBLIC_VERSION_KEY)
    except ValueError:
        cache.set(PUBLIC_VERSION_KEY, 2, timeout=None)


def changes_committed(channel_id: int, change_id: int) -> None:
    from .proposals import supersede_fulfilled  # proposals records changes: import late

    invalidate_public_pages()
    supersede_fulfilled(channel_id=channel_id)
    logger.debug("channel %s: change %s committed", channel_id, change_id)
