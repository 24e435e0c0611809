""" "Recent changes" and the live line's "latest change" mean recorded recently: a backdated
change is news the day it is recorded, shown with the date it took effect."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from channels_app.models import Proposal
from channels_app.news.services.ingest import ingest_entries
from channels_app.news.services.proposals import proposal_accept
from channels_app.services.changes import channel_set_state
from channels_app.services.channels import channel_create
from tests.factories import SOURCE, UserFactory
from tests.news.feeds import SUSPENDS, FeedFactory, entry

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)
A_YEAR_AGO = NOW - timedelta(days=365)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world(any_calibrated_confidence):
    """Korea's line severed three days ago (recorded then); then, today, an editor accepts
    a proposal about the US-China line for an article published a year ago."""
    korea = channel_create(country_a="KP", country_b="KR", kind="military")
    three_days_ago = NOW - timedelta(days=3)
    channel_set_state(
        channel=korea,
        state="severed",
        effective_at=three_days_ago,
        origin="manual",
        evidence=SOURCE,
        now=three_days_ago,
    )
    us_china = channel_create(country_a="US", country_b="CN", kind="military")
    ingest_entries(
        feed=FeedFactory(),
        entries=[entry(SUSPENDS, link="https://a.example/1", published_at=A_YEAR_AGO)],
    )
    proposal_accept(proposal=Proposal.objects.get(), reviewer=UserFactory(), now=timezone.now())
    return us_china


def recent_panel(client):
    html = client.get("/").content.decode()
    return html[
        html.index('class="recent"') : html.index("</section>", html.index('class="recent"'))
    ]


def test_a_backdated_change_accepted_today_leads_recent_changes_with_its_effective_date(
    client, world
):
    recent = recent_panel(client)
    items = re.findall(r'<li class="recent__item">(.*?)</li>', recent, re.S)
    assert len(items) == 2
    assert world.name in items[0]
    assert f'<time class="recent__date" datetime="{NOW:%Y-%m-%d}"' in items[0]
    assert f'effective <time datetime="{A_YEAR_AGO:%Y-%m-%d}">15 Jun 2025</time>' in items[0]
    assert "<strong>2</strong> recorded in the last 7 days" in recent


def test_the_live_line_names_the_channel_recorded_last(client, world):
    body = client.get("/live/dashboard/").content.decode()
    assert (
        f'data-announce="The dashboard was updated. Latest change: {world.name}, '
        'suspended since 15 Jun 2025 (recorded 15 Jun 2026)."'
    ) in body


def test_on_a_past_date_recent_changes_count_by_when_they_took_effect(client, world):
    html = client.get("/?at=2025-06-20").content.decode()
    recent = html[html.index('class="recent"') :]
    assert world.name in recent[: recent.index("</section>")]
    assert "effective <time" not in recent[: recent.index("</section>")]
