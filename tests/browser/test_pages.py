"""The visitor's paths in a real Chromium, at desktop and phone widths, with screenshots:
read the dashboard, filter it, open a channel, go back in time, open a country."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = [1280, 360]


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def page(request, browser):
    context = browser.new_context(viewport={"width": request.param, "height": 900})
    page = context.new_page()
    page.width = request.param
    yield page
    context.close()


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def open_controls(page) -> None:
    """On a phone the dashboard's filters, finder and date fold into a disclosure."""
    summary = page.locator("summary.controls__summary")
    if summary.is_visible() and page.locator("details.controls:not([open])").count():
        summary.click()


def shot(page, directory, name: str) -> None:
    assert no_horizontal_scroll(page), f"{name} scrolls sideways at {page.width}px"
    page.screenshot(path=directory / f"{name}-{page.width}.png", full_page=True)


def test_the_dashboard_shows_each_channels_state(live_server, page, world, screenshot_dir):
    page.goto(live_server.url + "/")
    matrix = page.locator("table.matrix")
    assert matrix.is_visible()
    labels = matrix.locator(".cell .state__label")
    assert labels.all_inner_texts() == ["Unknown", "Open", "Open", "Limited", "Severed"]
    assert all(label.is_visible() for label in labels.all())
    assert matrix.locator("th[scope=row]", has_text="North Korea").is_visible()
    assert matrix.get_by_text("since 23 Nov 2023").is_visible()
    assert page.locator(".summary").first.inner_text().split("\n")[0].strip()
    shot(page, screenshot_dir, "dashboard")


def test_a_visitor_filters_the_dashboard_and_shares_the_url(
    live_server, page, world, screenshot_dir
):
    page.goto(live_server.url + "/")
    open_controls(page)
    page.get_by_label("Kind", exact=True).select_option("military")
    page.get_by_label("State", exact=True).select_option("severed")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"/\?kind=military&state=severed$"))
    heading = page.get_by_role("heading", name="Showing 1 severed military channel")
    assert heading.is_visible()
    assert page.locator("table.matrix .cell .state__label").all_inner_texts() == ["Severed"]
    assert page.locator("table.matrix thead th").all_inner_texts() == ["COUNTRY PAIR", "MILITARY"]
    shot(page, screenshot_dir, "dashboard-filtered")
    page.get_by_role("link", name="List", exact=True).click()
    page.wait_for_url(re.compile(r"view=list"))
    assert page.locator("table.list tbody tr").count() == 1
    page.get_by_role("link", name=re.compile("^Reset")).click()
    page.wait_for_url(re.compile(r"/\?view=list$"))
    assert page.locator("table.list tbody tr").count() == 5
    shot(page, screenshot_dir, "dashboard-list")


def test_a_visitor_opens_a_channel_and_reads_its_timeline(live_server, page, world, screenshot_dir):
    page.goto(live_server.url + "/")
    page.locator(f'table.matrix a[href="{world.get_absolute_url()}"]').click()
    assert page.locator("h1").inner_text() == "US–China military-to-military channels"
    assert page.locator(".current .state__label").inner_text() == "Open"
    svg = page.locator("svg.timeline__svg")
    assert svg.is_visible() and svg.bounding_box()["width"] > page.width * 0.6
    assert page.locator("a.tl-period").count() == 4
    assert page.locator(".change").count() == 4
    assert page.locator(".facts").get_by_text("Longest suspension").is_visible()
    assert page.locator("table.shares tbody tr").count() >= 3
    shot(page, screenshot_dir, "channel")

    page.locator("a.tl-period rect.tl-seg").nth(1).hover()
    tip = page.locator("g.tl-tip").nth(1)
    assert tip.is_visible()
    assert "China cancels military talks" in tip.text_content()
    assert no_horizontal_scroll(page)
    page.locator("section.panel", has=page.locator("figure.timeline")).screenshot(
        path=screenshot_dir / f"channel-timeline-hover-{page.width}.png"
    )


def test_a_visitor_goes_back_in_time(live_server, page, world, screenshot_dir):
    page.goto(live_server.url + world.get_absolute_url())
    page.get_by_label("Date", exact=True).fill("2023-01-01")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"\?at=2023-01-01$"))
    assert page.locator(".current .state__label").inner_text() == "Suspended"
    assert page.locator(".change").count() == 2
    assert page.get_by_role("heading", name="As of 1 January 2023").is_visible()

    page.get_by_role("link", name=re.compile("Previous change")).click()
    page.wait_for_url(re.compile(r"\?at=2022-08-05$"))
    assert page.locator(".current .state__label").inner_text() == "Suspended"
    page.get_by_role("link", name=re.compile("Previous change")).click()
    page.wait_for_url(re.compile(r"\?at=2020-01-01$"))
    assert page.locator(".current .state__label").inner_text() == "Open"
    page.get_by_role("link", name=re.compile("Next change")).click()
    page.wait_for_url(re.compile(r"\?at=2022-08-05$"))
    shot(page, screenshot_dir, "channel-past")

    page.get_by_role("link", name="Dashboard", exact=True).first.click()
    assert page.locator("table.matrix .cell .state__label").first.is_visible()
    page.goto(live_server.url + "/?at=2023-01-01")
    labels = page.locator("table.matrix .cell .state__label").all_inner_texts()
    assert labels == ["Unknown", "Open", "Suspended", "Unknown", "Unknown"]
    shot(page, screenshot_dir, "dashboard-past")
    page.get_by_role("link", name="Back to today").click()
    page.wait_for_url(live_server.url + "/")


def test_a_visitor_finds_and_opens_a_country(live_server, page, world, screenshot_dir):
    page.goto(live_server.url + "/")
    open_controls(page)
    page.get_by_label("Country name or code").fill("China")
    page.get_by_role("button", name="Go").click()
    page.wait_for_url(re.compile(r"/countries/cn/$"))
    assert page.locator("h1").inner_text().endswith("China")
    partners = page.locator(".partner__title").all_inner_texts()
    assert [p.split(" ", 1)[1] for p in partners] == ["India", "Japan", "United States"]
    assert page.locator(".partner").last.locator(".chan").count() == 2
    shot(page, screenshot_dir, "country")

    page.get_by_role("link", name="Countries", exact=True).first.click()
    page.wait_for_url(re.compile(r"/countries/$"))
    page.get_by_label("Country name or code").fill("korea")
    page.get_by_role("button", name="Go").click()
    # count() does not wait: under load it once ran before the results page had loaded.
    page.wait_for_url(re.compile(r"/countries/\?q=korea$"))
    expect(page.locator(".country-card")).to_have_count(2)
    shot(page, screenshot_dir, "countries-search")
    page.get_by_role("link", name=re.compile("North Korea")).click()
    page.wait_for_url(re.compile(r"/countries/kp/$"))


def test_a_visitor_finds_a_country_by_its_code_or_its_peoples_name(
    live_server, page, world, screenshot_dir
):
    page.goto(live_server.url + "/")
    for typed, path, heading in [("kr", "kr", "South Korea"), ("Chinese", "cn", "China")]:
        open_controls(page)
        page.get_by_label("Country name or code").fill(typed)
        page.get_by_role("button", name="Go").click()
        page.wait_for_url(re.compile(rf"/countries/{path}/$"))
        assert page.locator("h1").inner_text().endswith(heading)
        page.go_back()

    page.goto(live_server.url + "/countries/")
    page.get_by_label("Country name or code").fill("Korean")
    page.get_by_role("button", name="Go").click()
    names = page.locator(".country-card__name").all_inner_texts()
    assert [n.split(" ", 1)[1] for n in names] == ["North Korea", "South Korea"]
    shot(page, screenshot_dir, "countries-finder")


def test_bad_input_gets_a_page_in_the_sites_style(live_server, page, world, screenshot_dir):
    response = page.goto(live_server.url + "/?at=2023-02-30&kind=naval")
    assert response.status == 400
    assert page.get_by_role("alert").is_visible()
    assert "not a date" in page.get_by_role("alert").inner_text()
    shot(page, screenshot_dir, "bad-input")
    response = page.goto(live_server.url + "/countries/zz/")
    assert response.status == 404
    assert page.get_by_role("heading", name="Page not found").is_visible()
    shot(page, screenshot_dir, "not-found")
