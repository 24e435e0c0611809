"""Live updates without a reload, announced politely; and the pages used by keyboard alone."""

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from channels_app.services.changes import channel_set_state
from tests.factories import SOURCE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
POLL_MS = 10_000


@pytest.fixture(params=[1280, 360], ids=lambda w: f"{w}px")
def page(request, browser):
    context = browser.new_context(viewport={"width": request.param, "height": 900})
    page = context.new_page()
    page.width = request.param
    page.clock.install()  # the poller's setTimeout runs when the test moves the clock
    yield page
    context.close()


def test_an_open_dashboard_shows_a_new_change_and_announces_it(
    live_server, page, world, screenshot_dir
):
    page.goto(live_server.url + "/")
    status = page.locator("[data-live-status]")
    expect(page.locator(".live-status")).to_be_visible()
    cell = page.locator(f'td:has(a[href="{world.get_absolute_url()}"]) .state__label')
    expect(cell).to_have_text("Open")

    page.clock.run_for(POLL_MS + 500)  # nothing changed: no swap, nothing said
    page.wait_for_timeout(500)
    expect(status).to_have_text("")

    channel_set_state(
        evidence=SOURCE,
        channel=world,
        state="severed",
        effective_at=datetime.now(UTC),
        origin="manual",
    )
    page.clock.run_for(POLL_MS + 500)
    expect(cell).to_have_text("Severed", timeout=5000)
    expect(status).to_contain_text("Updated at")
    expect(status).to_contain_text("Latest change: US–China military-to-military channels, severed")
    assert status.get_attribute("aria-live") == "polite"
    page.screenshot(path=screenshot_dir / f"dashboard-live-update-{page.width}.png", full_page=True)


def test_an_open_channel_page_shows_a_new_change(live_server, page, world):
    page.goto(live_server.url + world.get_absolute_url())
    channel_set_state(
        evidence=SOURCE,
        channel=world,
        state="suspended",
        effective_at=datetime.now(UTC),
        origin="manual",
    )
    page.clock.run_for(POLL_MS + 500)
    expect(page.locator(".current .state__label")).to_have_text("Suspended", timeout=5000)
    expect(page.locator(".change")).to_have_count(5)
    expect(page.locator("[data-live-status]")).to_contain_text("is suspended since")


def test_a_page_in_the_past_does_not_poll(live_server, page, world):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(live_server.url + "/?at=2023-01-01")
    page.clock.run_for(POLL_MS * 3)
    page.wait_for_timeout(300)
    assert not [url for url in requests if "/live/" in url]
    assert not page.locator(".live-status").is_visible()


def test_the_skip_link_is_the_first_stop_and_shows_when_focused(live_server, page, world):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box["x"] >= 0 and box["width"] > 20  # on screen, not parked off it
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#content$"))  # waits: the jump is not instant


def test_the_filters_work_from_the_keyboard(live_server, page, world):
    page.goto(live_server.url + "/")
    summary = page.locator("summary.controls__summary")
    if summary.is_visible():  # a phone: the filters fold into a disclosure
        summary.focus()
        page.keyboard.press("Enter")
    page.get_by_label("Kind", exact=True).focus()
    page.keyboard.press("ArrowDown")  # Any kind -> Military
    for _ in range(3):  # State, Confirmation, Apply
        page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Apply")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/\?kind=military$"))


def test_timeline_periods_take_focus_show_their_tooltip_and_lead_to_their_change(
    live_server, page, world, screenshot_dir
):
    page.goto(live_server.url + world.get_absolute_url())
    page.get_by_role("link", name="Previous change").first.focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('tl-period')"):
            break
    first = page.locator("a.tl-period").first
    expect(first).to_be_focused()
    tip = page.locator("g.tl-tip").first
    expect(tip).to_be_visible()
    assert "Channels working." in tip.text_content()
    stroke = first.locator("rect").evaluate("r => getComputedStyle(r).strokeWidth")
    assert stroke == "4px"  # the focus indicator

    page.keyboard.press("Escape")  # dismissible without moving focus (WCAG 1.4.13)
    expect(tip).to_be_hidden()
    page.keyboard.press("Tab")
    expect(page.locator("g.tl-tip").nth(1)).to_be_visible()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#change-\d+$"))  # the fragment is set after the keypress
    target = page.url.rsplit("#", 1)[1]
    assert page.evaluate("document.querySelector(':target').id") == target


def test_every_link_and_control_shows_a_focus_outline(live_server, page, world):
    page.goto(live_server.url + "/")
    for _ in range(12):
        page.keyboard.press("Tab")
        outline = page.evaluate(
            "(() => { const s = getComputedStyle(document.activeElement);"
            " return [document.activeElement.tagName, s.outlineStyle, s.outlineWidth]; })()"
        )
        assert outline[1] != "none" and outline[2] != "0px", outline
