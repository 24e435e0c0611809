"""The manage-link form must not tell a known address from an unknown one by its answer's
time (a timing oracle: 17.2 ms against 14.3 ms in a hostile review). This is the suite's one
test that measures time, as the issue asks: medians of interleaved requests, on a broker
that queues for real (kombu's in-memory transport) so that what a request queues costs
what it costs, and one more round before it fails, so that a burst of load on a shared
machine does not fail it."""

import statistics
import time

import pytest
from django.urls import reverse

from tracker.celery import app as celery_app

from .factories import SubscriberFactory

pytestmark = pytest.mark.django_db(transaction=True)  # so on_commit queues, as in production
REQUESTS = 50
LIMIT_MS = 1.0


@pytest.fixture
def queueing_broker(monkeypatch):
    """Tasks are queued on an in-memory broker, not run: the page's own work is measured."""
    monkeypatch.setenv("CELERY_BROKER_URL", "memory://")
    monkeypatch.setattr(celery_app.conf, "task_always_eager", False)
    _reset_producers()
    yield
    celery_app.pool.force_close_all()
    monkeypatch.undo()
    _reset_producers()


def _reset_producers() -> None:
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def median_gap_ms(client, known: str, unknown: str) -> float:
    """The median, over REQUESTS pairs of requests one right after the other (which goes
    first alternating), of the known address's time minus the unknown one's: both of a
    pair see the same load, which a machine shared with other work changes by the second."""
    url = reverse("alerts:manage-request")
    gaps = []
    for n in range(REQUESTS):
        pair = (known, unknown) if n % 2 else (unknown, known)
        took = {}
        for address in pair:
            started = time.perf_counter()
            response = client.post(url, {"email": address})
            took[address] = time.perf_counter() - started
            assert response.status_code == 302
        gaps.append(took[known] - took[unknown])
    return 1000 * statistics.median(gaps)


def test_a_known_and_an_unknown_address_take_the_same_time(client, settings, queueing_broker):
    settings.ALERTS_RATE_PER_CLIENT = settings.ALERTS_RATE_PER_ADDRESS = 10**6
    known = SubscriberFactory(email="ana@example.org").email
    unknown = "nobody@example.org"
    median_gap_ms(client, known, unknown)  # warm-up: templates, connections, imports

    gaps = [median_gap_ms(client, known, unknown)]
    if abs(gaps[0]) > LIMIT_MS:  # once more before failing: a burst of load elsewhere
        gaps.append(median_gap_ms(client, known, unknown))

    assert min(abs(gap) for gap in gaps) <= LIMIT_MS, f"known minus unknown: {gaps} ms"
