"""Queueing alert tasks. Always called after commit; a broker that is down is logged, never
raised into the caller: the outbox rows stay and the sweeper queues them again."""

import logging

from kombu.exceptions import KombuError

from ..models import Delivery

logger = logging.getLogger(__name__)


def _send(task_name: str, *args: object) -> bool:
    from .. import tasks  # tasks import the services: import late

    try:
        getattr(tasks, task_name).delay(*args)
    except (KombuError, OSError):  # the broker; a task's own errors propagate (eager tests)
        logger.exception("alerts: could not queue %s%s; the sweeper will", task_name, args)
        return False
    return True


def queue_fanout(change_id: int) -> None:
    _send("fanout_change", change_id)


SENDER_TASKS: dict[str, str] = {
    Delivery.Transport.EMAIL: "send_email_batch",
    Delivery.Transport.WEBHOOK: "send_webhook_batch",
    Delivery.Transport.DIGEST: "send_digest_batch",
}


def queue_senders(transport: str, count: int) -> None:
    """`count` sender tasks for `transport`; each claims one batch of due rows."""
    for _ in range(count):
        if not _send(SENDER_TASKS[transport]):
            return


def queue_confirmation(subscriber_id: int, keys: list[str]) -> None:
    _send("send_confirmation", subscriber_id, keys)


def queue_manage_link_request(address: str) -> None:
    _send("request_manage_link", address)


def queue_manage_link(subscriber_id: int) -> None:
    _send("send_manage_link", subscriber_id)
