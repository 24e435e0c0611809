"""The writer's one announcement: a change was committed.

The writer (services.changes) announces each change it records, corrects or removes, once,
after the transaction commits. Whatever follows from it subscribes here from its app's
ready(): the page cache (apps.py), news (news/hooks.py), alerts (alerts/hooks.py). The writer
imports none of them. Receivers run in the order they subscribed, outside any transaction;
one that raises stops the rest, as an exception from any after-commit callback does."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.db import transaction

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CommittedChange:
    channel_id: int
    change_id: int


Receiver = Callable[[CommittedChange], None]
_receivers: dict[str, Receiver] = {}


def subscribe(name: str, receiver: Receiver) -> None:
    """Run `receiver` after every committed change. Subscribing a name again replaces its
    receiver in place, so a ready() that runs twice subscribes once."""
    _receivers[name] = receiver


def receivers() -> list[str]:
    return list(_receivers)


def announce_on_commit(*, channel_id: int, change_id: int) -> None:
    transaction.on_commit(partial(announce, CommittedChange(channel_id, change_id)))


def announce(change: CommittedChange) -> None:
    for receiver in list(_receivers.values()):
        receiver(change)
    logger.debug("channel %s: change %s committed", change.channel_id, change.change_id)
