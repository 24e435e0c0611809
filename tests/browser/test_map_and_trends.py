"""The world map and the trends page in a real Chromium, at 1280 and 360 px, light and dark:
axe-core finds nothing, nothing scrolls sideways, a country's name and state show on hover and
on keyboard focus, and a date on the trends chart opens the dashboard on that date."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
VARIANTS = [(width, scheme) for scheme in ("light", "dark") for width in (1280, 360)]
PAGES = {
    "map": "/map/",
    "map-partners-past": "/map/?country=cn&at=2023-01-01",
    "map-kind": "/map/?kind=military",
    "map-bad-input": "/map/?kind=naval&country=zz",
    "country-map": "/countries/us/",
    "trends": "/trends/",
    "trends-kind": "/trends/?kind=military",
    "trends-bad-input": "/trends/?kind=naval&period=x",
}


def open_page(browser, url: str, width: int, scheme: str = "light"):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    return context, context.new_page()


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("name", PAGES)
def test_the_page_has_no_axe_violations_and_fits_the_screen(
    live_server, browser, axe, world, screenshot_dir, name
):
    found = {}
    for width, scheme in VARIANTS:
        context, page = open_page(browser, live_server.url, width, scheme)
        page.goto(live_server.url + PAGES[name])
        page.screenshot(path=screenshot_dir / f"{name}-{width}-{scheme}.png", full_page=True)
        found[f"{width}px {scheme}"] = axe(page)
        assert no_horizontal_scroll(page), f"{name} scrolls sideways at {width}px"
        context.close()
    assert found == {variant: [] for variant in found}


@pytest.mark.parametrize("width", [1280, 360])
def test_a_country_shows_its_name_and_state_on_hover_and_on_focus(
    live_server, browser, axe, world, screenshot_dir, width
):
    context, page = open_page(browser, live_server.url, width)
    page.goto(live_server.url + "/map/?at=2023-01-01")
    tip = page.locator("#wm-tip-kp")
    assert not tip.is_visible()
    page.locator("#wm-cn path").hover()
    china = page.locator("#wm-tip-cn")
    assert china.is_visible()
    assert china.inner_text().split("\n")[:2] == ["China", "Suspended"]
    page.locator(".worldmap").screenshot(path=screenshot_dir / f"map-hover-{width}.png")

    page.mouse.move(0, 0)
    page.locator("#map-kind").focus()
    page.keyboard.press("Shift+Tab")  # back through the form, then into the map by keyboard
    page.locator("#wm-us").focus()
    us = page.locator("#wm-tip-us")
    assert us.is_visible() and not china.is_visible()
    assert "Suspended" in us.inner_text()
    assert page.locator("#wm-us").get_attribute("aria-label").startswith("United States: ")
    page.locator(".worldmap").screenshot(path=screenshot_dir / f"map-focus-{width}.png")
    assert axe(page) == []
    box = us.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    context.close()


def test_a_country_on_the_map_opens_its_page(live_server, browser, world):
    context, page = open_page(browser, live_server.url, 1280)
    page.goto(live_server.url + "/map/?at=2023-01-01")
    page.locator("#wm-cn path").click()  # the middle of Japan's box is the sea: China's is not
    page.wait_for_url(re.compile(r"/countries/cn/\?at=2023-01-01$"))
    assert page.locator("h1").inner_text().endswith("China")
    assert page.locator(".worldmap__svg .wm-shape--selected").count() == 1
    context.close()


def test_the_map_table_says_each_state_in_words(live_server, browser, world):
    context, page = open_page(browser, live_server.url, 360)
    page.goto(live_server.url + "/map/?at=2023-01-01")
    rows = page.locator("table.wm-table tbody tr")
    assert rows.count() == 6
    kp = rows.filter(has_text="North Korea")
    assert kp.locator(".state__label").inner_text() == "Unknown"
    china = rows.filter(has_text="China")
    assert china.locator(".state__label").inner_text() == "Suspended"
    context.close()


@pytest.mark.parametrize("width", [1280, 360])
def test_a_date_on_the_trends_chart_opens_the_dashboard_on_it(
    live_server, browser, world, screenshot_dir, width
):
    context, page = open_page(browser, live_server.url, width)
    page.goto(live_server.url + "/trends/")
    columns = page.locator("a.tr-col")
    visible = [c for c in columns.all() if c.is_visible()]
    assert len(visible) == (30 if width == 1280 else 10)
    last = visible[-1]
    last.hover()
    tip = last.locator("xpath=following-sibling::*[1]")  # the column's tooltip
    assert tip.is_visible()
    assert "Open: 2" in tip.text_content()
    page.locator(".panel", has=page.locator("figure.trends")).screenshot(
        path=screenshot_dir / f"trends-hover-{width}.png"
    )
    href = last.get_attribute("href")
    assert re.fullmatch(r"/\?at=\d{4}-\d{2}-\d{2}", href)
    last.click()
    page.wait_for_url(re.compile(re.escape(href) + "$"))
    assert page.locator("table.matrix").is_visible()
    context.close()


def test_the_dashboard_shows_the_trends_panel(live_server, browser, world, screenshot_dir):
    context, page = open_page(browser, live_server.url, 360)
    page.goto(live_server.url + "/")
    panel = page.locator("section.trends-panel")
    assert panel.locator("svg.trends__svg").is_visible()
    panel.screenshot(path=screenshot_dir / "dashboard-trends-panel-360.png")
    panel.get_by_role("link", name=re.compile("Trends in full")).click()
    page.wait_for_url(re.compile(r"/trends/$"))
    context.close()
