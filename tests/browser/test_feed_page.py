"""An Atom feed opened in Chromium reads as a page (static/feeds/atom.xsl), not raw XML: at
1280 and 360 px, light and dark, with no axe violation and no sideways scroll.

Chromium 156 puts its own banner on any page made by XSLT ("that functionality is being
removed from this browser very soon"): it shows in the screenshots, and axe checks the page
without it (its contrast and landmark are the browser's, not ours)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
VARIANTS = [(width, scheme) for scheme in ("light", "dark") for width in (1280, 360)]
FEEDS = {"feed-all": "/feeds/changes.atom", "feed-channel": "/feeds/channels/cn-us/military.atom"}


@pytest.mark.parametrize("name", FEEDS)
def test_a_feed_opened_in_a_browser_is_a_readable_page(
    live_server, browser, axe, world, screenshot_dir, name
):
    found = {}
    for width, scheme in VARIANTS:
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        page = context.new_page()
        response = page.goto(live_server.url + FEEDS[name])
        assert response.headers["content-type"] == "application/xml; charset=utf-8"
        text = page.locator("body").inner_text()
        assert "This is a web feed." in text
        assert "<feed" not in text and "&lt;" not in text and "<p>" not in text
        heading = page.get_by_role("heading", level=1)
        assert "Channel Tracker" in heading.inner_text()
        entry = page.locator("li.entry").first
        assert " → " in entry.get_by_role("heading", level=2).inner_text()
        assert "Recorded 20" in entry.inner_text() and "effective" in entry.inner_text()
        assert page.get_by_role(
            "link",
            name="US–China military-to-military channels: unknown → open (effective 2020-01-01)",
        ).is_visible()
        assert page.locator("li.entry .summary a[href^='https://']").count() >= 1
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=screenshot_dir / f"{name}-{width}-{scheme}.png", full_page=True)
        page.evaluate("document.querySelector('xslt-warning-banner')?.remove()")
        found[f"{width}px {scheme}"] = axe(page)
        context.close()
    assert found == {variant: [] for variant in found}
