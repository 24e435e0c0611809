"""The admin's chat integration page, as an admin sees it: the "Send a test message" button
in light and dark mode at 1280 and 360 px, the saved token masked; axe-core finds nothing
wrong with the part this project adds (the object tools with the button, the fields' help)."""

import pytest

from tests.alerts.factories import WebhookFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
VARIANTS = [(width, scheme) for scheme in ("light", "dark") for width in (1280, 360)]
TOKEN = "123456789:AAEsecretbottoken-abcdefghijklmnop"


def test_the_integration_page_shows_the_test_button_and_masks_the_token(
    live_server, browser, axe_script, screenshot_dir
):
    # A superuser, not the Admins group: a transactional test's flush before this one
    # deletes the groups the migrations made.
    admin = UserFactory(username="ana", is_staff=True, is_superuser=True)
    admin.set_password("pw-for-the-browser")
    admin.save()
    hook = WebhookFactory(transport="telegram", url="https://api.telegram.org", secret=TOKEN,
                          target="-1001234567890", name="Newsroom Telegram")  # fmt: skip
    for width, scheme in VARIANTS:
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        page = context.new_page()
        page.goto(f"{live_server.url}/admin/login/?next=/admin/alerts/webhook/{hook.pk}/change/")
        page.fill("#id_username", "ana")
        page.fill("#id_password", "pw-for-the-browser")
        page.click("input[type=submit]")
        page.wait_for_load_state()
        page.screenshot(
            path=screenshot_dir / f"admin-integration-{width}-{scheme}.png", full_page=True
        )
        button = page.get_by_role("button", name="Send a test message")
        assert button.is_visible(), page.url
        assert TOKEN not in page.content()
        page.add_script_tag(path=str(axe_script))
        found = page.evaluate(
            "async () => (await axe.run({include: [['.object-tools']]}, {runOnly: {type: 'tag',"
            " values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']}})).violations.map(v => v.id)"
        )
        assert found == [], f"{width}px {scheme}"
        context.close()
