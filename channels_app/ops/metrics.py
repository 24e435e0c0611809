"""Prometheus metrics: requests by view, Celery tasks by name and state (counted in the
process that runs them), and the product's figures read from the database at scrape time.

Processes share their counters through prometheus-client's multiprocess mode: with
PROMETHEUS_MULTIPROC_DIR set in the environment of every process on a host (gunicorn and its
workers, the Celery worker and its pool), each writes its own file there and /metrics adds
them up. Without it, /metrics shows the serving process only (runserver, tests).
"""

import logging
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Count, Min
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from ..alerts.models import Delivery
from ..alerts.services.outbox import backlog
from ..models import Article, Channel, Origin, Proposal, State, StateChange
from ..news.services.health import FEED_LAG_LIMIT, feed_figures
from ..services import health

logger = logging.getLogger(__name__)
# The *_created series double the output and no dashboard reads them.
disable_created_metrics()

METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
REQUESTS = Counter(
    "tracker_http_requests",
    "HTTP requests answered, by view (URL name), method and status code.",
    ["view", "method", "status"],
)
REQUEST_SECONDS = Histogram(
    "tracker_http_request_duration_seconds",
    "Time to answer an HTTP request, by view and method.",
    ["view", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
TASKS = Counter(
    "tracker_celery_tasks",
    "Celery tasks finished, by task name and state (SUCCESS, FAILURE, RETRY...).",
    ["task", "state"],
)
TASK_SECONDS = Histogram(
    "tracker_celery_task_duration_seconds",
    "Run time of Celery tasks, by task name.",
    ["task"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120),
)
TASKS_QUEUED = Counter(
    "tracker_celery_tasks_queued", "Celery tasks sent to the broker, by task name.", ["task"]
)


def view_label(request: HttpRequest) -> str:
    """The URL name (bounded, unlike paths); unmatched URLs share one label."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unmatched>"
    return match.view_name or match._func_path


class RequestMetricsMiddleware:
    """Near the top of MIDDLEWARE, so the time covers the other middleware too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        method = request.method if request.method in METHODS else "other"
        view = view_label(request)
        REQUESTS.labels(view, method, str(response.status_code)).inc()
        REQUEST_SECONDS.labels(view, method).observe(time.perf_counter() - started)
        return response


# Celery signal receivers (connected in tracker/celery.py). A pool process runs one task at
# a time per thread; the start times are keyed by task id all the same.
_started: dict[str, float] = {}


def task_started(task_id: str | None = None, **kwargs: Any) -> None:
    if task_id:
        _started[task_id] = time.perf_counter()


def task_finished(
    task_id: str | None = None, task: Any = None, state: str | None = None, **kwargs: Any
) -> None:
    started = _started.pop(task_id, None) if task_id else None
    name = getattr(task, "name", None) or "unknown"
    TASKS.labels(name, state or "UNKNOWN").inc()
    if started is not None:
        TASK_SECONDS.labels(name).observe(time.perf_counter() - started)


def task_queued(sender: str | None = None, **kwargs: Any) -> None:
    """after_task_publish: `sender` is the task name."""
    TASKS_QUEUED.labels(sender or "unknown").inc()


def _gauge(name: str, doc: str, value: float, **labels: str) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, doc, labels=list(labels))
    family.add_metric(list(labels.values()), value)
    return family


def _by(name: str, doc: str, label: str, counts: dict[str, int], known: list[str]) -> Metric:
    """One sample per known value (zero included, so a series does not vanish), plus any
    value found in the database that the code does not know."""
    family = GaugeMetricFamily(name, doc, labels=[label])
    for value in dict.fromkeys([*known, *counts]):
        family.add_metric([value], counts.get(value, 0))
    return family


def _age(now: datetime, since: datetime | None) -> float:
    return max((now - since).total_seconds(), 0.0) if since else 0.0


class ProductCollector(Collector):
    """The product's figures, read at scrape time in a fixed number of queries (nine), however
    many rows there are. If the database does not answer, only tracker_metrics_database_up
    (0) is reported and the request and task metrics are still served."""

    def collect(self) -> Iterator[Metric]:
        now = timezone.now()
        try:
            families = list(self._families(now))
        except DatabaseError:
            logger.warning("metrics: the database did not answer", exc_info=True)
            families = []
        up = "Whether the product figures could be read from the database (1) or not (0)."
        yield _gauge("tracker_metrics_database_up", up, 1 if families else 0)
        yield from families

    def _families(self, now: datetime) -> Iterator[Metric]:
        yield from self._channels()
        yield from self._proposals(now)
        yield from self._feeds(now)
        yield from self._alerts(now)
        age = health.worker_heartbeat_age(now)
        if age is not None:
            yield _gauge(
                "tracker_worker_heartbeat_age_seconds",
                "Seconds since a Celery worker last ran the heartbeat task (absent: never).",
                age.total_seconds(),
            )

    def _channels(self) -> Iterator[Metric]:
        yield _by(
            "tracker_channels",
            "Channels by current state.",
            "state",
            _counts(Channel.objects.all(), "state"),
            list(State.values),
        )
        yield _by(
            "tracker_state_changes",
            "State changes recorded, by origin (history is never pruned).",
            "origin",
            _counts(StateChange.objects.all(), "origin"),
            list(Origin.values),
        )

    def _proposals(self, now: datetime) -> Iterator[Metric]:
        pending = Proposal.objects.filter(status=Proposal.Status.PENDING).aggregate(
            n=Count("id"), oldest=Min("first_seen_at")
        )
        yield _gauge("tracker_proposals_pending", "Proposals waiting for review.", pending["n"])
        yield _gauge(
            "tracker_proposal_oldest_pending_age_seconds",
            "Age of the oldest proposal waiting for review (0: none).",
            _age(now, pending["oldest"]),
        )

    def _feeds(self, now: datetime) -> Iterator[Metric]:
        feeds = feed_figures(now)
        docs = {
            "enabled": "Feeds enabled.",
            "due": "Enabled feeds whose next poll time has passed.",
            "lagging": f"Feeds due for longer than {health.duration(FEED_LAG_LIMIT)}.",
            "failing": "Enabled feeds whose last poll failed.",
            "disabled": "Feeds the poller disabled (gone, or failing for days).",
        }
        for name, doc in docs.items():
            yield _gauge(f"tracker_feeds_{name}", doc, getattr(feeds, name))
        yield _gauge(
            "tracker_feed_oldest_due_age_seconds",
            "How late the most overdue feed is (0: none due).",
            _age(now, feeds.oldest_due),
        )
        yield _gauge("tracker_articles", "Articles stored from feeds.", Article.objects.count())

    def _alerts(self, now: datetime) -> Iterator[Metric]:
        b = backlog(now)
        yield _gauge(
            "tracker_outbox_changes_pending", "Alerting changes not fanned out yet.", b.changes
        )
        yield _gauge("tracker_outbox_deliveries_due", "Deliveries due now or being sent.", b.due)
        yield _gauge(
            "tracker_outbox_deliveries_waiting",
            "Deliveries waiting for a retry or the digest hour.",
            b.waiting,
        )
        yield _gauge(
            "tracker_outbox_oldest_undelivered_age_seconds",
            "How long the oldest change or delivery has been due (0: none).",
            _age(now, b.oldest),
        )
        rows = Delivery.objects.values_list("transport", "status").annotate(n=Count("id"))
        family = GaugeMetricFamily(
            "tracker_deliveries",
            "Alert deliveries by transport and status.",
            labels=["transport", "status"],
        )
        for transport, status, n in rows.order_by():
            family.add_metric([transport, status], n)
        yield family


def _counts(queryset: Any, field: str) -> dict[str, int]:
    rows = queryset.order_by().values_list(field).annotate(n=Count("id"))
    return dict(rows)


def exposition() -> bytes:
    """The text a scrape returns."""
    product = CollectorRegistry()
    product.register(ProductCollector())
    if settings.PROMETHEUS_MULTIPROC_DIR:
        MultiProcessCollector(product, path=settings.PROMETHEUS_MULTIPROC_DIR)
        return generate_latest(product)
    return generate_latest(REGISTRY) + generate_latest(product)
