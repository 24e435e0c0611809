"""Chromium through Playwright's sync API for the browser suite.

No Chromium here: the tests skip with the reason, unless TRACKER_REQUIRE_ALL_SUITES=1 (CI),
where they fail, so a suite CI never runs cannot pass unnoticed."""

import os
import threading
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection
from django.test import testcases

from tests.factories import SOURCE

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are still synchronous, so Django's async-safety guard would refuse them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class _OneRequestAtATime(ThreadedWSGIServer):
    """The live server, answering one request at a time. On the in-memory SQLite of `make
    test` every thread of the live server shares the test's one connection (Django's
    documented caveat), and two requests at once (a page and the widget in its frame) could
    deadlock there: a fresh-clone run hung for 20 minutes with two request threads waiting
    inside SQLite. Requests are still read by a thread each (a browser's idle preconnection
    must not hold up the others), but the application runs, and its response is read out,
    under one lock."""

    def set_app(self, application):
        lock = threading.Lock()

        def one_at_a_time(environ, start_response):
            with lock:
                result = application(environ, start_response)
                try:
                    return list(result)
                finally:
                    if hasattr(result, "close"):
                        result.close()

        super().set_app(one_at_a_time)


if connection.vendor == "sqlite" and connection.is_in_memory_db():
    testcases.LiveServerThread.server_class = _OneRequestAtATime

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


# Package scope, not session: Playwright's sync API keeps an event loop running in this thread
# while it is open, and a later test's async view (/readyz) would then refuse to run there.
@pytest.fixture(scope="package")
def browser():
    if not CHROMIUM.exists():
        reason = f"browser suite: no Chromium at {CHROMIUM} (apt-get install -y chromium)"
        if os.environ.get("TRACKER_REQUIRE_ALL_SUITES") == "1":
            pytest.fail(f"TRACKER_REQUIRE_ALL_SUITES=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


# --- axe-core, injected into pages for the accessibility checks --------------------------

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 A and AA (target-size is only enabled through its tag), plus axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE.exists():
        reason = f"accessibility checks: no axe-core at {AXE} (run `npm ci` at the repo root)"
        if os.environ.get("TRACKER_REQUIRE_ALL_SUITES") == "1":
            pytest.fail(f"TRACKER_REQUIRE_ALL_SUITES=1 but {reason}")
        pytest.skip(reason)
    return AXE


@pytest.fixture
def axe(axe_script):
    """axe(page) -> the violations axe-core finds on the page as it is, one line each."""

    def run(page, within: str | None = None) -> list[str]:
        """within: a CSS selector to check only that part (a third party's widget around it)."""
        page.add_script_tag(path=str(axe_script))
        violations = page.evaluate(
            "async ([tags, within]) => (await axe.run(within ? {include: [within]} : document,"
            " {runOnly: {type: 'tag', values: tags}}))"
            ".violations.map(v => `${v.id} (${v.impact}): ${v.help} at `"
            " + v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', '))",
            [AXE_TAGS, within],
        )
        return violations

    return run


@pytest.fixture
def main_nav():
    """main_nav(page) -> the header's Main navigation as the visitor sees it: on a phone the
    sections are behind the Menu disclosure, which this opens first."""

    def find(page):
        menu = page.locator("summary.site-menu__toggle")
        if menu.is_visible() and page.locator("details.site-menu:not([open])").count():
            menu.click()
        return page.get_by_role("navigation", name="Main")

    return find


@pytest.fixture(autouse=True)
def empty_page_cache():
    """The page cache lives in this process (the live server is a thread of it), and its
    version is made of row ids, which come round again between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# --- the world the browser tests visit -----------------------------------------------------


def _day(y: int, m: int, d: int):
    from datetime import UTC, datetime

    return datetime(y, m, d, tzinfo=UTC)


@pytest.fixture
def world():
    """A few channels with a sourced multi-year history; returns the US-China military one."""
    from channels_app.services.changes import EvidenceInput, channel_set_state
    from channels_app.services.channels import channel_create

    military = channel_create(
        country_a="US",
        country_b="CN",
        kind="military",
        name="US–China military-to-military channels",
        description="Defence ministers, theatre commanders and working-level talks.",
        mechanisms="Defense Policy Coordination Talks\nMaritime consultations\nHotline",
    )
    for state, when, note in [
        ("open", _day(2020, 1, 1), "Channels working."),
        ("suspended", _day(2022, 8, 5), "China cancels military talks after Pelosi's visit."),
        ("limited", _day(2023, 11, 15), "Some dialogue resumes after Woodside."),
        ("open", _day(2025, 11, 1), "Agreement in Kuala Lumpur to establish channels."),
    ]:
        channel_set_state(
            channel=military,
            state=state,
            effective_at=when,
            origin="manual",
            note=note,
            evidence=[EvidenceInput(url="https://example.org/a", outlet="Reuters", title=note)],
        )
    trade = channel_create(country_a="CN", country_b="US", kind="trade")
    channel_set_state(
        evidence=SOURCE,
        channel=trade,
        state="limited",
        effective_at=_day(2025, 10, 10),
        origin="manual",
    )
    korea = channel_create(country_a="KP", country_b="KR", kind="military")
    channel_set_state(
        evidence=SOURCE,
        channel=korea,
        state="severed",
        effective_at=_day(2023, 11, 23),
        origin="manual",
    )
    japan = channel_create(country_a="CN", country_b="JP", kind="diplomatic")
    channel_set_state(
        evidence=SOURCE,
        channel=japan,
        state="open",
        effective_at=_day(2014, 11, 10),
        origin="manual",
    )
    channel_create(country_a="CN", country_b="IN", kind="trade")
    return military
