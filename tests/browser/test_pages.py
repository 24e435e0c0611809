"""The public pages in a real Chromium, at desktop and phone widths, with screenshots."""

from datetime import UTC, datetime

import pytest

from channels_app.services.changes import EvidenceInput, channel_set_state
from channels_app.services.channels import channel_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = [1280, 360]


def day(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, tzinfo=UTC)


@pytest.fixture
def channels():
    military = channel_create(
        country_a="US",
        country_b="CN",
        kind="military",
        name="US–China military-to-military channels",
        description="Defence ministers, theatre commanders and working-level talks.",
        mechanisms="Defense Policy Coordination Talks\nMaritime consultations\nHotline",
    )
    for state, when, note in [
        ("open", day(2020, 1, 1), "Channels working."),
        ("suspended", day(2022, 8, 5), "China cancels military talks after Pelosi's visit."),
        ("limited", day(2023, 11, 15), "Some dialogue resumes after Woodside."),
        ("open", day(2025, 11, 1), "Agreement in Kuala Lumpur to establish channels."),
    ]:
        channel_set_state(
            channel=military,
            state=state,
            effective_at=when,
            origin="manual",
            note=note,
            evidence=[EvidenceInput(url="https://example.org/a", outlet="Reuters", title=note)],
        )
    trade = channel_create(country_a="CN", country_b="US", kind="trade")
    channel_set_state(
        channel=trade, state="limited", effective_at=day(2025, 10, 10), origin="manual"
    )
    korea = channel_create(country_a="KP", country_b="KR", kind="military")
    channel_set_state(
        channel=korea, state="severed", effective_at=day(2023, 11, 23), origin="manual"
    )
    return military


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def page(request, browser):
    context = browser.new_context(viewport={"width": request.param, "height": 900})
    page = context.new_page()
    page.width = request.param
    yield page
    context.close()


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_dashboard_shows_each_channels_state(live_server, page, channels, screenshot_dir):
    page.goto(live_server.url + "/")
    matrix = page.locator("table.matrix")
    assert matrix.is_visible()
    labels = matrix.locator(".cell .state__label")
    assert labels.all_inner_texts() == ["Open", "Limited", "Severed"]
    assert all(label.is_visible() for label in labels.all())
    assert matrix.locator("th[scope=row]", has_text="North Korea").is_visible()
    assert matrix.get_by_text("since 23 Nov 2023").is_visible()
    assert no_horizontal_scroll(page)
    page.screenshot(path=screenshot_dir / f"dashboard-{page.width}.png", full_page=True)


def test_the_channel_page_shows_its_state_and_timeline(live_server, page, channels, screenshot_dir):
    page.goto(live_server.url + "/")
    page.locator(f'a[href="{channels.get_absolute_url()}"]').click()
    assert page.locator("h1").inner_text() == "US–China military-to-military channels"
    assert page.locator(".current .state__label").inner_text() == "Open"
    svg = page.locator("svg.timeline__svg")
    assert svg.is_visible() and svg.bounding_box()["width"] > page.width * 0.6
    assert page.locator("rect.tl-seg").count() == 4
    assert page.locator(".change").count() == 4
    assert no_horizontal_scroll(page)
    page.screenshot(path=screenshot_dir / f"channel-{page.width}.png", full_page=True)
