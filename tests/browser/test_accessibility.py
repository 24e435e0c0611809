"""axe-core on every public page, in light and dark mode, at 1280 and 360 px: no violation of
WCAG 2.2 A/AA or of axe's best practices. Each variant is saved as a screenshot."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
VARIANTS = [(width, scheme) for scheme in ("light", "dark") for width in (1280, 360)]
PAGES = {
    "dashboard": "/",
    "dashboard-list": "/?view=list",
    "dashboard-filtered": "/?kind=military&state=open",
    "dashboard-past": "/?at=2023-01-01",
    "dashboard-bad-input": "/?kind=naval&at=2023-02-30",
    "channel": "/channels/cn-us/military/",
    "channel-past": "/channels/cn-us/military/?at=2023-01-01",
    "channel-unassessed": "/channels/cn-in/trade/",
    "country": "/countries/cn/",
    "countries": "/countries/",
    "countries-search": "/countries/?q=korea",
    "countries-search-demonym": "/countries/?q=korean",
    "not-found": "/channels/cn-us/naval/",
}


@pytest.mark.parametrize("name", PAGES)
def test_a_public_page_has_no_axe_violations(
    live_server, browser, axe, world, screenshot_dir, name
):
    found = {}
    for width, scheme in VARIANTS:
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        page = context.new_page()
        page.goto(live_server.url + PAGES[name])
        page.screenshot(path=screenshot_dir / f"{name}-{width}-{scheme}.png", full_page=True)
        found[f"{width}px {scheme}"] = axe(page)
        context.close()
    assert found == {variant: [] for variant in found}


@pytest.mark.parametrize(("width", "scheme"), VARIANTS)
def test_a_focused_timeline_period_and_its_tooltip_have_no_axe_violations(
    live_server, browser, axe, world, screenshot_dir, width, scheme
):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(live_server.url + world.get_absolute_url())
    page.locator("a.tl-period").nth(2).focus()
    page.locator("section.panel", has=page.locator("figure.timeline")).screenshot(
        path=screenshot_dir / f"channel-timeline-focus-{width}-{scheme}.png"
    )
    assert axe(page) == []
    context.close()
