"""Every list endpoint runs the same number of queries for 5 channels as for 50 (with
their changes, evidence, feeds, articles, proposals, webhooks and subscribers): no query
per row."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from channels_app.alerts.models import WebhookAttempt
from channels_app.models import Proposal
from channels_app.services.changes import EvidenceInput
from tests.alerts.factories import SubscriberFactory, WebhookFactory
from tests.factories import ChannelFactory, StateChangeFactory, UserFactory

from .conftest import at, make_proposal

pytestmark = pytest.mark.django_db
LISTS = [
    "/api/v1/channels/",
    "/api/v1/channels/?at=2021-01-01",
    "/api/v1/changes/",
    "/api/v1/changes/?updated_since=2000-01-01T00:00:00Z",
    "/api/v1/countries/",
    "/api/v1/countries/?at=2021-01-01",
    "/api/v1/summary.json",
    "/api/v1/summary.json?at=2021-01-01",
    "/api/v1/feeds/",
    "/api/v1/articles/",
    "/api/v1/proposals/",
    "/api/v1/webhooks/",
    "/api/v1/subscribers/",
    "/api/v1/subscribers/?scope=all&confirmed=true",
]


def add_channels(start: int, stop: int) -> None:
    for n in range(start, stop):
        channel = ChannelFactory()
        for day, state in (("2020-01-01", "open"), ("2022-08-05", "severed")):
            StateChangeFactory(
                channel=channel,
                state=state,
                effective_at=at(day),
                evidence=[
                    EvidenceInput(url=f"https://news.example/{n}/{day}/{i}") for i in range(2)
                ],
            )
        make_proposal(channel, state="open", n=n)
        WebhookFactory(owner=UserFactory(), scopes=["all", f"kind:{channel.kind}"])
        SubscriberFactory(scopes=["all", f"pair:{channel.pair_code}"])


def queries(client, path: str) -> int:
    cache.clear()  # summary.json would otherwise come from the cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return len(captured)


def page(path: str) -> str:
    """Every row on one page (summary.json is not paginated)."""
    if "summary" in path:
        return path
    return path + ("&" if "?" in path else "?") + "page_size=100"


def test_every_list_costs_the_same_for_5_and_50_channels(client_for):
    client = client_for("admin")  # admins read every list, subscribers and all webhooks too
    add_channels(0, 5)
    queries(client, LISTS[0])  # warm up: the token's last use is written once
    five = {path: queries(client, page(path)) for path in LISTS}
    add_channels(5, 50)
    fifty = {path: queries(client, page(path)) for path in LISTS}
    assert fifty == five
    assert len(client.get(page(LISTS[2])).json()["results"]) == 100


def record(channel, day: int) -> None:
    StateChangeFactory(
        channel=channel,
        state=("open", "limited")[day % 2],
        effective_at=at(f"2020-01-{day + 1:02}"),
        evidence=[EvidenceInput(url=f"https://a.example/{day}/{i}") for i in range(2)],
    )


def test_a_channel_costs_the_same_for_a_short_and_a_long_history(client_for, cn_us):
    client = client_for("editor")
    for day in range(2):
        record(cn_us, day)
    queries(client, "/api/v1/channels/cn-us/military/")
    short = queries(client, "/api/v1/channels/cn-us/military/")
    for day in range(2, 30):
        record(cn_us, day)
    assert queries(client, "/api/v1/channels/cn-us/military/") == short


def add_detections(proposal, start: int, stop: int) -> None:
    for n in range(start, stop):
        other = make_proposal(proposal.channel, state="open", n=1000 + n)
        other.detections.update(proposal=proposal)
        Proposal.objects.filter(pk=other.pk).update(status="superseded")


def test_a_proposal_costs_the_same_for_few_and_many_detections(client_for, cn_us):
    client = client_for("editor")
    proposal = make_proposal(cn_us, n=0)
    path = f"/api/v1/proposals/{proposal.pk}/"
    queries(client, path)
    few = queries(client, path)
    add_detections(proposal, 0, 20)
    assert queries(client, path) == few
    assert len(client.get(path).json()["detections"]) == 21


def test_a_webhook_s_attempts_cost_the_same_for_few_and_many(client_for):
    client = client_for("viewer")
    hook = WebhookFactory(owner=client.user)
    path = f"/api/v1/webhooks/{hook.pk}/attempts/?page_size=100"
    WebhookAttempt.objects.create(webhook=hook, ok=True, status_code=200)
    queries(client, path)
    few = queries(client, path)
    WebhookAttempt.objects.bulk_create(
        WebhookAttempt(webhook=hook, ok=False, error="timeout") for _ in range(40)
    )
    assert queries(client, path) == few


def test_your_subscription_costs_the_same_for_few_and_many_scopes(client_for):
    client = client_for("viewer")
    channels = ChannelFactory.create_batch(10)
    first = f"channel:{channels[0].pair_code}:{channels[0].kind}"
    subscriber = SubscriberFactory(email=client.user.email, scopes=["all", first])
    queries(client, "/api/v1/subscription/")
    few = queries(client, "/api/v1/subscription/")
    for channel in channels[1:]:
        subscriber.scopes.create(key=f"channel:{channel.pair_code}:{channel.kind}")
    assert queries(client, "/api/v1/subscription/") == few
