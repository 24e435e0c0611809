"""The transport registry: one row per way an alert goes out (email, digest, Standard
Webhooks, Slack, ...). The outbox, the fan-out, the one sender task, the sweeper, the admin
and the API read it instead of branching on transport names. Rows are registered by the
transport modules (alerts/transports/*.py, imported once by AlertsConfig.ready), so this
module imports none of them: the services below it read the registry without a cycle."""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings

from ...models import StateChange
from ..models import Delivery

# How the fan-out finds one transport's recipients of a change: given the change, the scope
# keys it matches and the time, unsaved Delivery rows.
Recipients = Callable[[StateChange, Sequence[str], datetime], list[Delivery]]


@dataclass(frozen=True)
class RateLimit:
    """At most one request per `interval` to one endpoint (the service's documented pace);
    the endpoint's later rows wait that long."""

    interval: timedelta


@dataclass(frozen=True)
class Transport:
    name: str
    label: str
    send_batch: Callable[[], int]  # claims one batch of due rows and sends it
    recipients: Recipients
    batch_setting: str  # the settings name of its batch size (read at each use)
    concurrency_setting: str = ""  # the settings name of requests in flight per batch
    # Due rows are counted per this field for the number of sender tasks (digest: one task
    # per batch of subscribers, not of rows); "" counts rows.
    count_per: str = ""
    # Sender tasks queued right after the fan-out (False: the rows wait for their hour).
    send_at_once: bool = True
    # An HTTP transport's services.endpoints.HttpTransport: request building, settings
    # checks, secrets (None: email). Typed loosely: the services import this module.
    endpoint: Any = None
    templates: str = ""  # the folder of its message templates, under templates/alerts/
    rate_limit: RateLimit | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def batch_size(self) -> int:
        return int(getattr(settings, self.batch_setting))

    @property
    def concurrency(self) -> int:
        return int(getattr(settings, self.concurrency_setting)) if self.concurrency_setting else 1


_REGISTRY: dict[str, Transport] = {}


def register(transport: Transport) -> Transport:
    if transport.name in _REGISTRY and _REGISTRY[transport.name] != transport:
        raise ValueError(f"a transport named {transport.name!r} is registered already")
    _REGISTRY[transport.name] = transport
    return transport


def get(name: str) -> Transport:
    """The row of `name`; KeyError names the registered ones."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(f"no transport {name!r}; registered: {', '.join(_REGISTRY)}") from None


def all_transports() -> Iterator[Transport]:
    return iter(list(_REGISTRY.values()))


def endpoint_transports() -> list[Transport]:
    """The HTTP transports (a Webhook row names one of them)."""
    return [t for t in _REGISTRY.values() if t.endpoint is not None]


def endpoint_choices(*, include_webhook: bool = True) -> list[tuple[str, str]]:
    return [
        (t.name, t.label) for t in endpoint_transports() if include_webhook or t.name != "webhook"
    ]
