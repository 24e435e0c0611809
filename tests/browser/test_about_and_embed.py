"""/about/, the channel widget and the channel page's sharing in a real Chromium (issue #13,
items 5 and 6; issue #12, item 10): at 360 and 1280 px, light and dark, axe-core clean, no
sideways scroll, with screenshots; and Chromium itself enforcing frame-ancestors: another
site can frame the widget and nothing else."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDGET = "/embed/channels/cn-us/military/"
VARIANTS = [(width, scheme) for scheme in ("light", "dark") for width in (1280, 360)]


@pytest.fixture
def other_site():
    """A real server on another origin (127.0.0.1, another port; the live server is
    localhost): serve(html) makes it answer every GET with that page, and returns its URL.
    A page faked with Playwright's routing would have no address, and Chromium's Local
    Network Access checks would refuse its frames onto localhost for that reason instead."""
    pages: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(pages[-1])

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def serve(html: str) -> str:
        pages.append(html.encode())
        return f"http://127.0.0.1:{server.server_address[1]}/another-site/"

    yield serve
    server.shutdown()
    server.server_close()


def open_page(browser, width: int, scheme: str, url: str):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(url)
    return context, page


def sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


@pytest.mark.parametrize(("width", "scheme"), VARIANTS)
def test_the_about_page_reads_well_and_has_no_axe_violations(
    live_server, browser, axe, world, screenshot_dir, width, scheme
):
    context, page = open_page(browser, width, scheme, live_server.url + "/about/")
    page.screenshot(path=screenshot_dir / f"about-{width}-{scheme}.png", full_page=True)
    assert page.locator("h1").inner_text() == "About and methodology"
    assert page.locator(".states-table tbody tr").count() == 5
    assert not sideways(page)
    assert axe(page) == []
    context.close()


@pytest.mark.parametrize(("width", "scheme"), VARIANTS)
def test_the_channel_page_offers_its_share_snippets_without_axe_violations(
    live_server, browser, axe, world, screenshot_dir, width, scheme
):
    context, page = open_page(browser, width, scheme, live_server.url + world.get_absolute_url())
    share = page.locator("section.share")
    share.scroll_into_view_if_needed()
    share.screenshot(path=screenshot_dir / f"channel-share-{width}-{scheme}.png")
    assert page.locator('meta[property="og:image"]').get_attribute("content") == (
        f"{live_server.url}/channels/cn-us/military/card.png"
    )
    assert page.locator('meta[name="twitter:card"]').get_attribute("content") == (
        "summary_large_image"
    )
    assert page.locator("[data-copy]").first.is_visible()  # shown once the script ran
    assert not sideways(page)
    assert axe(page) == []
    context.close()


def test_the_copy_button_copies_the_widget_snippet(live_server, browser, world):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(live_server.url + world.get_absolute_url())
    page.locator('[data-copy="share-widget"]').click()
    expect(page.locator('[data-copy-status="share-widget"]')).to_have_text("Copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(f'<iframe src="{live_server.url}/embed/channels/cn-us/military/"')
    context.close()


def test_the_share_card_opens_as_an_image(live_server, browser, world, screenshot_dir):
    context = browser.new_context(viewport={"width": 1200, "height": 630})
    page = context.new_page()
    response = page.goto(live_server.url + "/channels/cn-us/military/card.png")
    assert response.status == 200 and response.headers["content-type"] == "image/png"
    size = page.evaluate("[document.images[0].naturalWidth, document.images[0].naturalHeight]")
    assert size == [1200, 630]
    (screenshot_dir / "channel-card.png").write_bytes(response.body())
    context.close()


@pytest.mark.parametrize(("width", "scheme"), [(400, "light"), (400, "dark"), (280, "light")])
def test_the_widget_in_another_sites_frame(
    live_server, browser, world, screenshot_dir, other_site, width, scheme
):
    """A page of another origin frames the widget (Chromium loads it) and the channel page
    (Chromium refuses it: frame-ancestors 'none')."""
    context = browser.new_context(viewport={"width": 900, "height": 700}, color_scheme=scheme)
    host = (
        "<!doctype html><html lang='en'><title>Another site</title><body>"
        f"<iframe id='widget' src='{live_server.url}/embed/channels/cn-us/military/' "
        f"title='Channel widget' width='{width}' height='180' style='border:0'></iframe>"
        f"<iframe id='page' src='{live_server.url}/channels/cn-us/military/' "
        "title='Channel page' width='400' height='180'></iframe></body></html>"
    )
    page = context.new_page()
    page.goto(other_site(host))
    page.wait_for_load_state("load")
    widget = page.frame_locator("#widget")
    assert widget.locator("h1").inner_text().startswith("US–China military-to-military channels")
    assert widget.locator(".state__label").inner_text() == "Open"
    page.locator("#widget").screenshot(path=screenshot_dir / f"widget-{width}-{scheme}.png")
    urls = sorted(frame.url for frame in page.frames[1:])
    # The channel page's frame holds Chromium's error page ("refused to connect"), not ours.
    assert urls == ["chrome-error://chromewebdata/", f"{live_server.url}{WIDGET}"]
    assert page.frame_locator("#page").locator(".channel-head").count() == 0
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_widget_page_has_no_axe_violations(
    live_server, browser, axe, world, screenshot_dir, scheme
):
    context = browser.new_context(viewport={"width": 400, "height": 180}, color_scheme=scheme)
    page = context.new_page()
    page.goto(live_server.url + "/embed/channels/cn-us/military/")
    assert not sideways(page)
    assert axe(page) == []
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_the_api_docs_follow_the_colour_scheme_and_lead_back(
    live_server, browser, world, screenshot_dir, scheme, path
):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(live_server.url + path)
    if path == "/api/docs/":
        page.wait_for_selector(".swagger-ui .info")
        dark = page.evaluate("document.documentElement.classList.contains('dark-mode')")
        assert dark == (scheme == "dark")
    else:
        page.wait_for_selector("#redoc-container h1")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert (background == "rgb(255, 255, 255)") == (scheme == "light")
    name = path.strip("/").replace("/", "-")
    page.screenshot(path=screenshot_dir / f"{name}-1280-{scheme}.png")
    page.locator(".docs-bar__brand").click()
    assert page.url == live_server.url + "/"
    context.close()


def test_try_it_out_leaves_the_date_empty(live_server, browser, world):
    page = browser.new_page()
    page.goto(live_server.url + "/api/docs/")
    operation = page.locator("#operations-channels-channels_list")
    operation.locator(".opblock-summary").click()
    operation.locator("button.try-out__btn").click()
    assert operation.locator('tr[data-param-name="at"] input').input_value() == ""
    page.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_script_snippet_becomes_the_widget_or_leaves_the_badge(
    live_server, browser, world, screenshot_dir, other_site, javascript
):
    """The snippet the channel page offers, pasted on another site: with JavaScript the
    badge link becomes the live widget's frame; without, the badge is what shows."""
    page = browser.new_page()
    page.goto(live_server.url + world.get_absolute_url())
    snippet = page.locator("#share-script").input_value()
    page.close()
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(other_site(f"<!doctype html><html lang='en'><title>Another site</title>{snippet}"))
    page.wait_for_load_state("load")
    if javascript:
        frame = page.frame_locator("iframe")
        expect(frame.locator(".state__label")).to_have_text("Open")
        assert page.locator("a[data-channel-tracker-widget]").count() == 0
    else:
        badge = page.locator("a[data-channel-tracker-widget] img")
        expect(badge).to_be_visible()
        assert page.evaluate("document.images[0].naturalWidth") > 0  # the SVG badge loaded
        assert page.locator("iframe").count() == 0
    page.screenshot(path=screenshot_dir / f"widget-script-{'js' if javascript else 'no-js'}.png")
    context.close()
