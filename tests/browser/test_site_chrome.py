"""The site's chrome and how the pages fit together, as a visitor on a phone sees them: every
public page fits 360 px (no sideways scroll) and passes axe-core in light and dark mode
(screenshots site-<page>-360-<scheme>.png); the header is one short row on a phone, its
sections one tap away behind a Menu that needs no JavaScript and the search page behind a
search button; each header link leads to its section at desktop and phone widths."""

from contextlib import contextmanager

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = 360
PAGES = {
    "dashboard": "/",
    "dashboard-military": "/?kind=military",
    "countries": "/countries/",
    "country": "/countries/cn/",
    "channel": "/channels/cn-us/military/",
    "changes": "/changes/",
    "map": "/map/",
    "trends": "/trends/",
    "search": "/search/?q=china",
    "about": "/about/",
    "embed": "/embed/channels/cn-us/military/",
    "alerts-subscribe": "/alerts/subscribe/",
    "feed": "/feeds/changes.atom",
    "not-found": "/no/such/page/",
    "api-docs": "/api/docs/",
}
# Swagger UI draws the API docs with JavaScript, and its own markup has axe findings we do not
# own (nested buttons, headings): axe checks our bar above it, the sideways check the page.
READY = {"api-docs": ".swagger-ui .info"}
AXE_WITHIN = {"api-docs": ".docs-bar"}
# The header's sections, in order.
SECTIONS = {
    "Dashboard": "/",
    "Countries": "/countries/",
    "Changes": "/changes/",
    "Map": "/map/",
    "Trends": "/trends/",
    "About": "/about/",
}
HEADER_ON_A_PHONE = 64  # px: the brand, the search link and the Menu on one row


@contextmanager
def visit(browser, url: str, width: int, scheme: str = "light", javascript: bool = True):
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        color_scheme=scheme,
        java_script_enabled=javascript,
    )
    page = context.new_page()
    page.goto(url)
    try:
        yield page
    finally:
        context.close()


def sideways(page) -> int:
    """How many px the page is wider than the window (0: no sideways scroll)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("name", PAGES)
def test_every_public_page_fits_a_phone_and_passes_axe(
    live_server, browser, axe, world, screenshot_dir, name
):
    found = {}
    for scheme in ("light", "dark"):
        with visit(browser, live_server.url + PAGES[name], PHONE, scheme) as page:
            if name in READY:
                page.wait_for_selector(READY[name])
            shot = screenshot_dir / f"site-{name}-{PHONE}-{scheme}.png"
            page.screenshot(path=shot, full_page=True)
            assert sideways(page) == 0, f"{name} is wider than {PHONE}px in {scheme} mode"
            # Chromium's own banner on pages made by XSLT (see test_feed_page.py).
            page.evaluate("document.querySelector('xslt-warning-banner')?.remove()")
            found[scheme] = axe(page, AXE_WITHIN.get(name))
    assert found == {"light": [], "dark": []}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_phone_the_header_is_short_and_its_menu_opens_without_javascript(
    live_server, browser, main_nav, world, screenshot_dir, scheme
):
    url = live_server.url + "/countries/cn/"
    with visit(browser, url, PHONE, scheme, javascript=False) as page:
        header = page.locator("header.site-header")
        assert header.bounding_box()["height"] <= HEADER_ON_A_PHONE
        assert not page.get_by_label("Search countries, channels and changes").is_visible()
        search = page.get_by_role("banner").get_by_role("link", name="Search", exact=True)
        assert search.is_visible() and search.get_attribute("href") == "/search/"
        assert not page.locator("nav.site-nav").is_visible()
        assert page.get_by_role("navigation", name="Main").count() == 0  # closed

        links = main_nav(page).get_by_role("link")
        assert links.all_inner_texts() == list(SECTIONS)
        assert all(link.is_visible() for link in links.all())
        assert links.filter(has_text="Countries").get_attribute("aria-current") == "true"
        assert sideways(page) == 0
        page.screenshot(
            path=screenshot_dir / f"site-menu-open-{PHONE}-{scheme}.png",
            clip={"x": 0, "y": 0, "width": PHONE, "height": 420},
        )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_open_phone_menu_has_no_axe_violations(
    live_server, browser, axe, main_nav, world, scheme
):
    with visit(browser, live_server.url + "/", PHONE, scheme) as page:
        main_nav(page)
        assert page.locator("details.site-menu[open]").count() == 1
        assert axe(page) == []


@pytest.mark.parametrize("width", [721, 800, 1280])
def test_on_wider_screens_the_sections_show_without_a_menu(live_server, browser, world, width):
    with visit(browser, live_server.url + "/changes/", width) as page:
        nav = page.get_by_role("navigation", name="Main")
        assert nav.get_by_role("link").all_inner_texts() == list(SECTIONS)
        assert nav.get_by_role("link", name="Changes").get_attribute("aria-current") == "page"
        assert not page.locator("summary.site-menu__toggle").is_visible()
        assert not page.locator("a.site-search-link").is_visible()
        assert page.get_by_label("Search countries, channels and changes").is_visible()
        assert sideways(page) == 0


@pytest.mark.parametrize("section", list(SECTIONS))
def test_each_header_link_leads_to_its_section(live_server, browser, main_nav, world, section):
    for width in (1280, PHONE):
        with visit(browser, live_server.url + "/countries/cn/", width) as page:
            with page.expect_navigation() as navigation:
                main_nav(page).get_by_role("link", name=section, exact=True).click()
            assert navigation.value.status == 200, f"{SECTIONS[section]} at {width}px"
            assert page.url == live_server.url + SECTIONS[section]
            here = main_nav(page).get_by_role("link", name=section, exact=True)
            assert here.get_attribute("aria-current") == "page"
