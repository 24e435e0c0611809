"""The 404 page fits a 360 px phone, whatever address or reason it shows: no sideways scroll
(document.scrollWidth <= 360), in light and dark, with no axe violation; with DEBUG on too
(as `make run` serves it), where Django's own technical page was 840 px wide."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTH = 360
NOT_FOUND = {
    "not-found-page": "/no-such-page/",
    "not-found-country": "/countries/zz/",
    "not-found-kind": "/channels/cn-us/naval/",
    "not-found-pair": "/channels/cn-xx/military/",
    "not-found-long": "/channels/" + "a" * 120 + "/military/",
    "not-found-long-kind": "/channels/cn-us/" + "navalwarfarechannelswithoutanybreak" * 3 + "/",
}


@pytest.mark.parametrize("name", NOT_FOUND)
@pytest.mark.parametrize(("scheme", "debug"), [("light", False), ("dark", False), ("light", True)])
def test_the_404_page_fits_a_phone(
    live_server, browser, axe, world, screenshot_dir, settings, name, scheme, debug
):
    settings.DEBUG = debug
    context = browser.new_context(viewport={"width": WIDTH, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    response = page.goto(live_server.url + NOT_FOUND[name])
    assert response.status == 404
    assert page.get_by_role("heading", name="Page not found").is_visible()
    page.screenshot(
        path=screenshot_dir / f"{name}-{WIDTH}-{scheme}{'-debug' if debug else ''}.png",
        full_page=True,
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    assert page.evaluate("document.body.scrollWidth") <= WIDTH
    assert axe(page) == []
    context.close()
