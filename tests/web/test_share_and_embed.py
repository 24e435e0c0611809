"""What travels (issue #13, item 6): a channel page's Open Graph and Twitter metadata, its
share card PNG, the embeddable widget with its live fragment, and the snippets to copy."""

import io
import re
from datetime import UTC, datetime
from html import unescape

import pytest
import time_machine
from django.test import Client
from PIL import Image

from channels_app.services.changes import EvidenceInput, channel_set_state
from channels_app.services.channels import channel_create

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 1, 1, tzinfo=UTC)
PAGE = "/channels/cn-us/military/"
CARD = "/channels/cn-us/military/card.png"
WIDGET = "/embed/channels/cn-us/military/"


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def channel():
    channel = channel_create(
        country_a="US",
        country_b="CN",
        kind="military",
        name="US–China military-to-military channels",
        description="Defence ministers and theatre commanders.",
    )
    for state, when in [
        ("suspended", datetime(2022, 8, 5, tzinfo=UTC)),
        ("open", datetime(2025, 11, 1, tzinfo=UTC)),
    ]:
        channel_set_state(
            channel=channel,
            state=state,
            effective_at=when,
            origin="manual",
            evidence=[EvidenceInput(url="https://example.org/a")],
        )
    return channel


def meta(html: str) -> dict[str, str]:
    head = html[: html.index("</head>")]
    found = re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', head)
    return {key: unescape(value) for key, value in found}


def test_a_channel_page_has_open_graph_and_twitter_metadata(channel):
    tags = meta(Client().get(PAGE).content.decode())
    assert tags["og:title"] == "US–China military-to-military channels: open"
    assert tags["og:description"] == (
        "US–China military-to-military channels is open since 1 Nov 2025. "
        "Defence ministers and theatre commanders."
    )
    assert tags["og:url"] == "http://testserver/channels/cn-us/military/"
    assert tags["og:image"] == "http://testserver/channels/cn-us/military/card.png"
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    assert (
        tags["og:image:alt"] == "US–China military-to-military channels is open since 1 Nov 2025."
    )
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["twitter:image"] == tags["og:image"]
    assert tags["twitter:title"] == tags["og:title"]


def test_a_past_page_shares_the_state_of_its_date(channel):
    tags = meta(Client().get(PAGE + "?at=2023-01-01").content.decode())
    assert tags["og:title"] == "US–China military-to-military channels: suspended"
    assert tags["og:image"].endswith("/card.png?at=2023-01-01")
    assert tags["og:url"].endswith("/channels/cn-us/military/?at=2023-01-01")


def test_the_share_card_is_a_1200_by_630_png_cached_like_the_pages(channel):
    client = Client()
    response = client.get(CARD)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert (image.format, image.size) == ("PNG", (1200, 630))
    assert response["ETag"]
    assert client.get(CARD, headers={"if-none-match": response["ETag"]}).status_code == 304


def test_the_share_card_shows_the_state_in_its_colour(channel):
    from channels_app.views.badges import COLOURS

    current = Image.open(io.BytesIO(Client().get(CARD).content)).convert("RGB")
    past = Image.open(io.BytesIO(Client().get(CARD + "?at=2023-01-01").content)).convert("RGB")
    bottom = (600, 625)  # the band along the bottom edge

    def rgb(colour: str) -> tuple[int, int, int]:
        return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]

    assert current.getpixel(bottom) == rgb(COLOURS["open"])
    assert past.getpixel(bottom) == rgb(COLOURS["suspended"])


@pytest.mark.parametrize(
    ("path", "status"),
    [
        (CARD + "?at=not-a-date", 400),
        (CARD + "?at=1700-01-01", 400),
        ("/channels/cn-us/naval/card.png", 404),
        ("/channels/xx-us/military/card.png", 404),
    ],
)
def test_a_card_for_bad_input_is_a_clear_error(channel, path, status):
    response = Client().get(path)
    assert response.status_code == status


def test_a_card_under_another_spelling_of_the_pair_redirects(channel):
    response = Client().get("/channels/us-cn/military/card.png?at=2023-01-01")
    assert response.status_code == 301
    assert response["Location"] == CARD + "?at=2023-01-01"


def test_the_widget_shows_the_live_state_and_links_to_the_channel(channel):
    html = Client().get(WIDGET).content.decode()
    assert "state--open" in html and "Open" in html
    assert '<time datetime="2025-11-01">1 Nov 2025</time>' in html
    assert f'href="{PAGE}" target="_blank" rel="noopener"' in html
    assert 'data-live-url="/live/embed/channels/cn-us/military/"' in html
    assert 'name="robots" content="noindex"' in html
    assert '<header class="site-header">' not in html  # the widget alone, not the site


def test_the_widgets_live_fragment_follows_a_new_change(
    channel, django_capture_on_commit_callbacks
):
    client = Client()
    assert "state--open" in client.get("/live/embed/channels/cn-us/military/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the writer moves the version
        channel_set_state(
            channel=channel,
            state="severed",
            effective_at=datetime(2025, 12, 1, tzinfo=UTC),
            origin="manual",
            evidence=[EvidenceInput(url="https://example.org/b")],
        )
    fragment = client.get("/live/embed/channels/cn-us/military/").content.decode()
    assert "state--severed" in fragment and "<html" not in fragment


def test_the_widget_under_another_spelling_redirects_and_an_unknown_one_is_a_404(channel):
    assert Client().get("/embed/channels/us-cn/MILITARY/")["Location"] == WIDGET
    assert Client().get("/embed/channels/cn-us/naval/").status_code == 404


def test_the_channel_page_offers_the_widget_and_badge_snippets_to_copy(channel):
    html = Client().get(PAGE).content.decode()
    section = unescape(html[html.index('<section class="panel share"') :])
    assert (
        '<iframe src="http://testserver/embed/channels/cn-us/military/" '
        'title="US–China military-to-military channels: live state (Channel Tracker)"'
    ) in section
    assert (
        '<a data-channel-tracker-widget href="http://testserver/channels/cn-us/military/">'
        '<img src="http://testserver/badge/cn-us/military.svg"'
    ) in section
    assert '<script async src="http://testserver/static/js/embed.js"></script>' in section
    assert "[![US–China military-to-military channels: state (Channel Tracker)]" in section
    assert (
        "http://testserver/channels/cn-us/military/?at=2026-01-01 (retrieved 1 January 2026)"
        in section
    )
    assert 'data-copy="share-widget" hidden' in html  # the buttons need JavaScript
    assert "/static/js/share.js" in html
