"""What #12 made visible, in Chromium at 1280 and 360 px, light and dark, with screenshots
and axe: recent changes by recording time with their effective date, "corrected on" on the
channel page, and the editor's evidence correction with its readable audit trail."""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.factories import SOURCE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
VARIANTS = [(width, scheme) for scheme in ("light", "dark") for width in (1280, 360)]


@pytest.fixture
def corrected(world):
    """A year-old suspension recorded today on the Korean line, and a correction of the
    US-China line's latest change."""
    from channels_app.models import Channel
    from channels_app.services.changes import change_correct, channel_set_state
    from tests.factories import UserFactory

    korea = Channel.objects.get(country_a="KP")
    channel_set_state(
        channel=korea,
        state="open",
        effective_at=datetime.now(UTC) - timedelta(days=365),
        origin="manual",
        evidence=SOURCE,
    )
    latest = world.changes.order_by("-effective_at").first()
    change_correct(
        change=latest,
        actor=UserFactory(),
        reason="Talks were agreed on 1 November, confirmed by both ministries.",
        note="Agreement in Kuala Lumpur to establish military-to-military channels.",
    )
    return latest


def each_variant(browser, live_server, path, screenshot_dir, name, axe, check):
    found = {}
    for width, scheme in VARIANTS:
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        page = context.new_page()
        page.goto(live_server.url + path)
        check(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=screenshot_dir / f"{name}-{width}-{scheme}.png", full_page=True)
        found[f"{width}px {scheme}"] = axe(page)
        context.close()
    assert found == {variant: [] for variant in found}


def test_recent_changes_lead_with_the_backdated_change_and_its_effective_date(
    live_server, browser, axe, corrected, screenshot_dir
):
    def check(page):
        first = page.locator(".recent__item").first
        assert "North Korea" in first.inner_text() or "Korea" in first.inner_text()
        assert first.locator(".recent__effective").inner_text().startswith("effective ")
        assert first.locator(".recent__effective").is_visible()

    each_variant(browser, live_server, "/", screenshot_dir, "dashboard-recent", axe, check)


def test_a_corrected_change_says_so_on_the_channel_page(
    live_server, browser, axe, corrected, screenshot_dir
):
    def check(page):
        note = page.locator(f"#change-{corrected.pk} .change__corrected")
        assert note.is_visible()
        assert note.inner_text().startswith("Corrected on ")
        assert "confirmed by both ministries" in note.inner_text()

    each_variant(
        browser,
        live_server,
        "/channels/cn-us/military/",
        screenshot_dir,
        "channel-corrected",
        axe,
        check,
    )


@pytest.mark.parametrize("width", [1280, 360])
def test_an_editor_corrects_the_sources_of_a_change_in_the_admin(
    live_server, browser, world, screenshot_dir, width
):
    from tests.factories import UserFactory, editor

    user = editor(UserFactory(is_staff=True, username="ed"))
    change = world.changes.order_by("-effective_at").first()
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    page.goto(live_server.url + f"/admin/channels_app/statechange/{change.pk}/")
    page.get_by_role("link", name="Correct sources").click()
    page.get_by_label("Add sources").fill("javascript:alert(1)")
    page.get_by_label("Reason").fill("A first-hand report")
    page.get_by_role("button", name="Correct the sources").click()
    expect(page.locator(".errorlist").first).to_contain_text("is not a valid http(s) URL")
    page.screenshot(path=screenshot_dir / f"admin-sources-error-{width}.png", full_page=True)
    page.get_by_label("Add sources").fill("https://mod.example/statement | Ministry | Statement")
    page.get_by_label("https://example.org/a").check()
    page.get_by_role("button", name="Correct the sources").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "Sources corrected. The change now cites 1 source."
    )
    expect(page.locator(".audit-diff").first).to_have_text(
        "Sources: https://example.org/a → https://mod.example/statement"
    )
    page.screenshot(path=screenshot_dir / f"admin-sources-corrected-{width}.png", full_page=True)
    context.close()
