"""The dashboard on a phone leads with the states (counts, latest changes, then the channels),
never scrolls sideways, and its paged and filtered views pass axe-core too; screenshots at
360 and 1280 px, light and dark, for each."""

from datetime import timedelta

import pytest

from tests.factories import SOURCE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
VARIANTS = [(width, scheme) for scheme in ("light", "dark") for width in (1280, 360)]
FIRST_SCREEN = 800  # px: what a phone shows before any scrolling, give or take
FIRST_STATE = ".results table .state__label"  # a channel's state in the matrix or the list


@pytest.fixture
def lively(world):
    """The world, plus three changes in the last days: the latest-changes summary is full,
    which is the most it can push the channels down."""
    from django.utils import timezone

    from channels_app.models import Channel
    from channels_app.services.changes import channel_set_state

    now = timezone.now()
    for (a, b, kind), state, days in [
        (("KP", "KR", "military"), "suspended", 1),
        (("CN", "US", "trade"), "open", 2),
        (("CN", "JP", "diplomatic"), "limited", 3),
    ]:
        channel = Channel.objects.for_pair(a, b).get(kind=kind)
        when = now - timedelta(days=days)
        channel_set_state(
            channel=channel, state=state, effective_at=when, origin="manual", evidence=SOURCE
        )
    return world


def visit(browser, url: str, width: int, scheme: str = "light"):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(url)
    return context, page


def sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


@pytest.mark.parametrize("view", ["", "?view=list"])
def test_on_a_phone_the_first_channel_state_is_on_the_first_screen(
    live_server, browser, axe, lively, screenshot_dir, view
):
    context, page = visit(browser, live_server.url + "/" + view, 360)
    page.screenshot(path=screenshot_dir / f"dashboard-phone{view and '-list'}-first-screen.png")
    assert page.locator(".latest__item").count() == 3
    first = page.locator(FIRST_STATE).first
    assert first.is_visible()
    top = first.evaluate("e => e.getBoundingClientRect().top + window.scrollY")
    assert top + first.bounding_box()["height"] <= FIRST_SCREEN, f"first state at {top}px"
    assert not sideways(page)
    assert axe(page) == []
    context.close()


def test_on_a_wide_screen_the_filters_are_shown_without_a_click(live_server, browser, lively):
    context, page = visit(browser, live_server.url + "/", 1280)
    assert page.get_by_label("Kind", exact=True).is_visible()
    assert not page.locator("summary.controls__summary").is_visible()
    context.close()
    context, page = visit(browser, live_server.url + "/", 360)
    assert not page.get_by_label("Kind", exact=True).is_visible()
    page.locator("summary.controls__summary").click()
    assert page.get_by_label("Kind", exact=True).is_visible()
    context.close()


@pytest.fixture
def paged(settings):
    """Pages of two channels, so that the world's five are on three pages."""
    settings.TRACKER_DASHBOARD_ONE_PAGE_MAX = 2
    settings.TRACKER_DASHBOARD_PAGE_SIZE = 2


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("dashboard-paged", "/"),
        ("dashboard-paged-2", "/?page=2"),
        ("dashboard-kind", "/?kind=military&country=cn"),
    ],
)
def test_the_paged_and_filtered_dashboard_reads_well_everywhere(
    live_server, browser, axe, lively, paged, screenshot_dir, name, path
):
    found = {}
    for width, scheme in VARIANTS:
        context, page = visit(browser, live_server.url + path, width, scheme)
        assert not sideways(page), f"{name} scrolls sideways at {width}px"
        assert page.locator(FIRST_STATE).first.is_visible()
        page.screenshot(path=screenshot_dir / f"{name}-{width}-{scheme}.png", full_page=True)
        found[f"{width}px {scheme}"] = axe(page)
        context.close()
    assert found == {variant: [] for variant in found}


def test_a_visitor_pages_through_every_channel(live_server, browser, lively, paged):
    context, page = visit(browser, live_server.url + "/", 360)
    seen = []
    for _ in range(3):
        seen += page.locator(".results table tbody th a").all_inner_texts()
        following = page.get_by_role("link", name="Next")
        if not following.count():
            break
        following.click()
        page.wait_for_load_state()
    assert len(seen) == len(set(seen)) == 5
    context.close()
