"""Redis going away, with a real Redis process of the test's own (never the shared one on
6379) that it stops and starts: pages still render from the database, the outage is logged
once and its end once, and an alert queued while the broker was down is sent once it is back.

"Work queued meanwhile runs when Redis returns" means, for this app: the change row is the
alert outbox (alerts=True, alert_processed_at=NULL). Its post-commit delay() fails while
Redis is down (logged, never raised into the writer); the sweeper, which beat runs every
minute, queues the fan-out again once the broker answers, and a worker runs it.
"""

import logging
import time
from datetime import UTC, datetime

import pytest
import redis
from django.core.cache import cache

from channels_app.alerts import tasks as alert_tasks
from channels_app.alerts.models import Delivery, Subscriber, SubscriberScope
from channels_app.models import StateChange
from channels_app.services.changes import channel_set_state
from channels_app.services.channels import channel_create
from tests.factories import SOURCE
from tests.integration.conftest import Worker

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
RETRY_AFTER = 0.2


@pytest.fixture
def redis_cache(settings, redis_server):
    """The app's cache backend, at the test's Redis, retrying soon after a failure."""
    settings.CACHES = {
        "default": {
            "BACKEND": "tracker.cache.ResilientRedisCache",
            "LOCATION": redis_server.url(0),
            "OPTIONS": {"RETRY_AFTER": RETRY_AFTER, "LOCAL_COPY_PREFIXES": ["page:"]},
        }
    }
    yield
    cache.clear()


def day(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, tzinfo=UTC)


@pytest.fixture
def channel():
    channel = channel_create(country_a="US", country_b="CN", kind="military")
    channel_set_state(
        channel=channel, state="suspended", effective_at=day(2025, 1, 1), origin="import"
    )
    return channel


def outage_records(caplog, word: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "tracker.cache" and word in r.getMessage()]


def test_pages_render_while_redis_is_down_and_the_outage_is_logged_once(
    client, redis_cache, redis_server, channel, caplog
):
    caplog.set_level(logging.INFO, logger="tracker.cache")
    urls = ["/", channel.get_absolute_url()]
    for url in urls:
        assert client.get(url).status_code == 200
    assert redis.Redis(port=redis_server.port).dbsize() == 2 * len(urls)  # plain and gzipped

    redis_server.stop()
    for url in urls:  # pages served before: from this process's copy
        assert client.get(url).status_code == 200
    started = time.monotonic()
    for n in range(40):  # new pages each time, about 1.2 s: Redis is probed again and again
        assert client.get(f"{urls[n % 2]}?n={n}").status_code == 200
        time.sleep(0.03)
    assert time.monotonic() - started > 4 * RETRY_AFTER
    # A change made meanwhile shows at once: the version comes from the database.
    channel_set_state(
        evidence=SOURCE,
        channel=channel,
        state="open",
        effective_at=day(2025, 6, 1),
        origin="manual",
    )
    assert "state--open" in client.get(urls[1]).content.decode()
    assert len(outage_records(caplog, "unavailable")) == 1
    assert not outage_records(caplog, "back")

    redis_server.start()  # empty
    time.sleep(RETRY_AFTER * 1.5)
    assert client.get("/?after=1").status_code == 200
    assert len(outage_records(caplog, "back")) == 1
    assert len(outage_records(caplog, "unavailable")) == 1
    assert redis.Redis(port=redis_server.port).dbsize() == 2  # caching in Redis again


def test_a_request_while_redis_is_down_does_not_wait_on_it(client, redis_cache, redis_server):
    redis_server.stop()
    client.get("/")  # the failure that opens the outage
    started = time.monotonic()
    for _ in range(20):
        cache.get("anything")
        cache.set("anything", 1)
    assert time.monotonic() - started < 0.1


def test_an_alert_queued_while_redis_is_down_is_sent_once_it_is_back(
    redis_server, broker, channel, tmp_path, caplog
):
    subscriber = Subscriber.objects.create(email="reader@example.org", confirmed_at=day(2025, 1, 2))
    SubscriberScope.objects.create(subscriber=subscriber, key="all", confirmed_at=day(2025, 1, 2))
    redis_server.stop()
    # The writer commits; its post-commit delay() fails, is logged, and raises nothing.
    change = channel_set_state(
        evidence=SOURCE,
        channel=channel,
        state="open",
        effective_at=day(2025, 6, 1),
        origin="manual",
    )
    assert change.alerts
    assert "could not queue fanout_change" in caplog.text
    assert StateChange.objects.get(pk=change.pk).alert_processed_at is None

    redis_server.start()  # empty: nothing of the failed delay() survives in Redis
    worker = Worker(
        "celery",  # the default queue, where the sweeper queues: this Redis is the test's own
        tmp_path / "worker.log",
        {
            "CELERY_BROKER_URL": broker,
            "REDIS_URL": redis_server.url(0),
            "ALERTS_SWEEP_GRACE_SECONDS": "0",
        },
    )
    worker.start()
    try:
        alert_tasks.sweep.delay()  # what beat does every minute
        sent = worker.wait_for(
            lambda: Delivery.objects.filter(
                change=change, subscriber=subscriber, status=Delivery.Status.SENT
            ).exists()
        )
        assert sent, worker.log.read_text()[-3000:]
    finally:
        worker.stop()
    assert StateChange.objects.get(pk=change.pk).alert_processed_at is not None
