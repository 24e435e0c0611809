"""A corrected change says so in public: "corrected on DATE" with the editor's reason, on
the channel page and in the API."""

from datetime import UTC, datetime

import pytest
import time_machine

from channels_app.services.changes import (
    EvidenceInput,
    change_correct,
    change_correct_evidence,
    channel_set_state,
)
from channels_app.services.channels import channel_create
from tests.factories import SOURCE, UserFactory

pytestmark = pytest.mark.django_db
RECORDED = datetime(2025, 11, 1, 12, tzinfo=UTC)
CORRECTED = datetime(2025, 11, 3, 8, 15, tzinfo=UTC)
SOURCED = datetime(2025, 11, 4, 9, 0, tzinfo=UTC)


@pytest.fixture
def change():
    channel = channel_create(country_a="US", country_b="CN", kind="military")
    change = channel_set_state(
        channel=channel,
        state="open",
        effective_at=datetime(2025, 10, 31, tzinfo=UTC),
        origin="manual",
        evidence=SOURCE,
        now=RECORDED,
    )
    editor = UserFactory()
    change_correct(
        change=change,
        actor=editor,
        reason="Agreed on 1 November, not 31 October.",
        effective_at=datetime(2025, 11, 1, tzinfo=UTC),
        now=CORRECTED,
    )
    change_correct_evidence(
        change=change,
        actor=editor,
        reason="The ministry's own statement <added>",
        add=[EvidenceInput(url="https://mod.example/statement")],
        now=SOURCED,
    )
    return change


def test_the_channel_page_shows_each_correction_with_its_date_and_reason(client, change):
    with time_machine.travel(datetime(2025, 12, 1, tzinfo=UTC), tick=False):
        html = client.get("/channels/cn-us/military/").content.decode()
    item = html[html.index(f'id="change-{change.pk}"') :]
    item = item[: item.index("</ol>")]
    assert (
        '<strong>Corrected on <time datetime="2025-11-03T08:15:00+00:00">3 Nov 2025</time>:'
        "</strong> Agreed on 1 November, not 31 October."
    ) in item
    assert (
        "Corrected on <time" in item and "The ministry&#x27;s own statement &lt;added&gt;" in item
    )


def test_the_api_lists_the_corrections_of_a_change(client, change):
    body = client.get(f"/api/v1/changes/{change.pk}/").json()
    assert body["corrections"] == [
        {
            "action": "correct",
            "at": "2025-11-03T08:15:00Z",
            "reason": "Agreed on 1 November, not 31 October.",
        },
        {
            "action": "correct",
            "at": "2025-11-04T09:00:00Z",
            "reason": "The ministry's own statement <added>",
        },
    ]
    history = client.get("/api/v1/channels/cn-us/military/").json()["history"]
    assert [c["at"] for c in history[0]["corrections"]] == [
        "2025-11-03T08:15:00Z",
        "2025-11-04T09:00:00Z",
    ]


def test_an_uncorrected_change_has_no_corrections(client):
    channel = channel_create(country_a="US", country_b="CN", kind="trade")
    plain = channel_set_state(
        channel=channel,
        state="open",
        effective_at=RECORDED,
        origin="manual",
        evidence=SOURCE,
        now=RECORDED,
    )
    assert client.get(f"/api/v1/changes/{plain.pk}/").json()["corrections"] == []
    assert "Corrected on" not in client.get("/channels/cn-us/trade/").content.decode()
