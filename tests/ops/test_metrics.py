from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from channels_app.alerts.models import Delivery
from channels_app.models import Article, Feed, Kind, Proposal, State
from channels_app.services.health import WORKER_HEARTBEAT, record_heartbeat
from channels_app.tasks import heartbeat
from tests.alerts.factories import SubscriberFactory, WebhookFactory
from tests.factories import ChannelFactory, StateChangeFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 11, 2, 12, 0, tzinfo=UTC)


def scrape(client) -> dict[tuple[str, tuple], float]:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def value(samples, name: str, **labels: str) -> float:
    return samples[name, tuple(sorted(labels.items()))]


def feed(path: str, **fields) -> Feed:
    return Feed.objects.create(url=f"https://93.184.215.14/{path}", **fields)


def some_rows() -> None:
    """Two channels open, one suspended, one never assessed; feeds in each condition; a
    pending proposal two hours old; articles; deliveries."""
    channels = ChannelFactory.create_batch(4)
    for channel, state in zip(channels[:3], [State.OPEN, State.OPEN, State.SUSPENDED], strict=True):
        StateChangeFactory(channel=channel, state=state, effective_at=NOW - timedelta(days=3))
    Proposal.objects.create(
        channel=channels[0], state=State.SEVERED, first_seen_at=NOW - timedelta(hours=2)
    )
    Proposal.objects.create(channel=channels[1], state=State.OPEN, status=Proposal.Status.REJECTED)
    feed("on-time", next_poll_at=NOW + timedelta(minutes=5))
    feed("due", next_poll_at=NOW - timedelta(minutes=2))
    lagging = feed("lagging", next_poll_at=NOW - timedelta(minutes=30), error_count=3)
    feed("gone", enabled=False, disabled_reason="410 Gone")
    for n in range(3):
        Article.objects.create(feed=lagging, dedup_key=f"k{n}", content_hash=f"h{n}")
    change = StateChangeFactory(
        channel=channels[2], state=State.SEVERED, effective_at=NOW - timedelta(hours=1)
    )
    Delivery.objects.create(
        change=change, subscriber=SubscriberFactory(), transport="email", status="sent"
    )
    Delivery.objects.create(
        change=change,
        webhook=WebhookFactory(),
        transport="webhook",
        next_attempt_at=NOW - timedelta(minutes=20),
    )
    record_heartbeat(name=WORKER_HEARTBEAT, now=NOW - timedelta(seconds=42))


@time_machine.travel(NOW, tick=False)
def test_product_gauges_count_what_the_database_holds(client):
    some_rows()
    samples = scrape(client)
    assert [
        value(samples, "tracker_channels", state=s)
        for s in ("open", "suspended", "unknown", "severed")
    ] == [2, 0, 1, 1]
    assert value(samples, "tracker_state_changes", origin="manual") == 4
    assert value(samples, "tracker_proposals_pending") == 1
    assert value(samples, "tracker_proposal_oldest_pending_age_seconds") == 7200
    feeds = {
        name: value(samples, f"tracker_feeds_{name}")
        for name in ("enabled", "due", "lagging", "failing", "disabled")
    }
    assert feeds == {"enabled": 3, "due": 2, "lagging": 1, "failing": 1, "disabled": 1}
    assert value(samples, "tracker_feed_oldest_due_age_seconds") == 1800
    assert value(samples, "tracker_articles") == 3
    assert value(samples, "tracker_deliveries", transport="email", status="sent") == 1
    assert value(samples, "tracker_deliveries", transport="webhook", status="pending") == 1
    assert value(samples, "tracker_outbox_deliveries_due") == 1
    assert value(samples, "tracker_worker_heartbeat_age_seconds") == 42
    assert value(samples, "tracker_metrics_database_up") == 1


@time_machine.travel(NOW, tick=False)
def test_the_oldest_undelivered_item_and_the_changes_not_fanned_out_are_reported(client):
    some_rows()
    samples = scrape(client)
    # The severed change (alerting, not fanned out: no worker ran) was recorded at NOW, the
    # webhook delivery has been due for 20 minutes.
    assert value(samples, "tracker_outbox_changes_pending") == 1
    assert value(samples, "tracker_outbox_oldest_undelivered_age_seconds") == 1200


def test_an_empty_database_reports_zeros_and_no_heartbeat_age(client):
    samples = scrape(client)
    assert value(samples, "tracker_channels", state="open") == 0
    assert value(samples, "tracker_proposal_oldest_pending_age_seconds") == 0
    assert not any(name == "tracker_worker_heartbeat_age_seconds" for name, _ in samples)


def test_the_product_figures_cost_the_same_queries_however_many_rows(
    client, django_assert_num_queries
):
    with django_assert_num_queries(9):
        client.get("/metrics")
    some_rows()
    ChannelFactory.create_batch(20, kind=Kind.TRADE)
    with django_assert_num_queries(9):
        client.get("/metrics")


def test_requests_are_counted_and_timed_by_view_name(client):
    labels = {"view": "countries", "method": "GET", "status": "200"}
    before = REGISTRY.get_sample_value("tracker_http_requests_total", labels) or 0
    count_before = (
        REGISTRY.get_sample_value(
            "tracker_http_request_duration_seconds_count", {"view": "countries", "method": "GET"}
        )
        or 0
    )
    client.get("/countries/")
    samples = scrape(client)
    assert value(samples, "tracker_http_requests_total", **labels) == before + 1
    assert (
        value(
            samples, "tracker_http_request_duration_seconds_count", view="countries", method="GET"
        )
        == count_before + 1
    )


def test_unmatched_urls_share_one_label(client):
    labels = {"view": "<unmatched>", "method": "GET", "status": "404"}
    before = REGISTRY.get_sample_value("tracker_http_requests_total", labels) or 0
    client.get("/no/such/page/1"), client.get("/no/such/page/2")
    assert REGISTRY.get_sample_value("tracker_http_requests_total", labels) == before + 2


def test_tasks_are_counted_by_name_and_state(client):
    labels = {"task": "channels_app.heartbeat", "state": "SUCCESS"}
    before = REGISTRY.get_sample_value("tracker_celery_tasks_total", labels) or 0
    heartbeat.delay()  # eager in the unit suite; a real worker in tests/ops/test_worker.py
    assert value(scrape(client), "tracker_celery_tasks_total", **labels) == before + 1
