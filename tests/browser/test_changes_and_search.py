"""The changes log and the search in a real Chromium: at 1280 and 360 px, light and dark,
axe-core clean, screenshots in test-artifacts/screenshots/ (changes-*, search-*)."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
VARIANTS = [(width, scheme) for scheme in ("light", "dark") for width in (1280, 360)]
PAGES = {
    "changes": "/changes/",
    "changes-filtered": "/changes/?country=cn&kind=military",
    "changes-bad-input": "/changes/?kind=naval&since=2023-02-30&cursor=tampered",
    "search": "/search/?q=china",
    "search-changes": "/search/?q=talks",
    "search-nothing": "/search/?q=%22*NEAR%27",
    "search-empty": "/search/",
}


@pytest.fixture
def corrected(world):
    """The world's military channel with its 2022 change corrected by an editor."""
    from channels_app.models import StateChange
    from channels_app.services.changes import change_correct
    from tests.factories import UserFactory

    change = StateChange.objects.get(channel=world, effective_at__year=2022)
    change_correct(
        change=change,
        actor=UserFactory(is_staff=True),
        reason="Source says 5 August",
        note="China cancels theatre-commander talks, DPCT and MMCA after Pelosi's visit.",
    )
    return world


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("name", PAGES)
def test_the_pages_have_no_axe_violations(
    live_server, browser, axe, corrected, screenshot_dir, name
):
    found = {}
    for width, scheme in VARIANTS:
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        page = context.new_page()
        page.goto(live_server.url + PAGES[name])
        assert no_horizontal_scroll(page), f"{name} scrolls sideways at {width}px"
        page.screenshot(path=screenshot_dir / f"{name}-{width}-{scheme}.png", full_page=True)
        found[f"{width}px {scheme}"] = axe(page)
        context.close()
    assert found == {variant: [] for variant in found}


@pytest.fixture(params=[1280, 360], ids=lambda w: f"{w}px")
def page(request, browser):
    context = browser.new_context(viewport={"width": request.param, "height": 900})
    page = context.new_page()
    page.width = request.param
    yield page
    context.close()


def test_a_visitor_filters_the_log_and_pages_through_it(
    live_server, page, corrected, screenshot_dir, monkeypatch, main_nav
):
    monkeypatch.setattr("channels_app.views.changes.PAGE_SIZE", 3)
    page.goto(live_server.url + "/")
    main_nav(page).get_by_role("link", name="Changes").click()
    page.wait_for_url(re.compile(r"/changes/$"))
    sizes, corrected = [page.locator(".log__change").count()], page.locator(".corrected").count()
    for _ in range(2):
        page.get_by_role("link", name=re.compile("Older changes")).click()
        sizes.append(page.locator(".log__change").count())
        corrected += page.locator(".corrected").count()
    assert sizes == [3, 3, 1]  # 7 changes in all
    assert corrected == 1
    assert page.get_by_role("link", name=re.compile("Older changes")).count() == 0
    page.get_by_role("link", name=re.compile("Newer changes")).click()
    page.get_by_role("link", name="Newest").click()
    page.wait_for_url(re.compile(r"/changes/$"))

    page.get_by_label("Country", exact=True).select_option("cn")
    page.get_by_label("Kind", exact=True).select_option("military")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"/changes/\?country=cn&kind=military$"))
    assert page.get_by_role("heading", name=re.compile("4 changes match the filters")).is_visible()
    feed = page.get_by_role("link", name="Atom feed of these changes")
    assert feed.get_attribute("href") == "/feeds/changes.atom?country=cn&kind=military"
    assert no_horizontal_scroll(page)
    page.screenshot(path=screenshot_dir / f"changes-walk-{page.width}.png", full_page=True)


def test_a_bad_filter_shows_the_form_with_the_error(live_server, page, corrected, screenshot_dir):
    response = page.goto(live_server.url + "/changes/?pair=cn-cn&until=1700-01-01")
    assert response.status == 400
    assert "two different countries" in page.get_by_role("alert").inner_text()
    assert page.locator("#log-pair").get_attribute("aria-invalid") == "true"
    assert page.locator("#log-pair").input_value() == "cn-cn"
    page.screenshot(path=screenshot_dir / f"changes-form-error-{page.width}.png", full_page=True)


def test_a_visitor_searches_from_the_header_and_moves_with_the_keyboard(
    live_server, page, corrected, screenshot_dir
):
    page.goto(live_server.url + "/countries/")
    box = page.get_by_label("Search countries, channels and changes")
    if not box.is_visible():  # a phone: the header's search button opens the search page
        page.get_by_role("banner").get_by_role("link", name="Search", exact=True).click()
        box = page.get_by_label("Search words")
    box.fill("burma")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=burma$"))
    assert page.get_by_role("heading", name=re.compile("Countries")).is_visible()
    assert "Myanmar" in page.locator("#found-countries + ul").inner_text()

    page.goto(live_server.url + "/search/?q=talks")
    results = page.locator(".search-list a")
    assert results.count() >= 2
    results.first.focus()
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == results.nth(1).get_attribute("href")
    page.keyboard.press("ArrowUp")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == results.first.get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/channels/"))
    page.go_back()
    assert no_horizontal_scroll(page)
    page.screenshot(path=screenshot_dir / f"search-talks-{page.width}.png", full_page=True)


def test_search_works_without_javascript(live_server, browser, corrected):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_label("Search countries, channels and changes").fill("hotline")
    page.get_by_role("search", name="Site").get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/search/\?q=hotline$"))
    assert page.locator("#found-channels + ul a").count() == 1
    context.close()
