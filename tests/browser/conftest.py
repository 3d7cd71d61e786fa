"""Browser tests: Playwright drives Debian's chromium against pytest-django's live server.

Fixtures (names are stable; other suites rely on them):

- `browser`: one headless chromium for the whole session (skips when /usr/bin/chromium is missing).
- `demo_data`: the full `load_demo_data` content (pages in Thai and English, people, cohorts,
  certificates) in the live server's database; returns the demo password.
- `phone_page` / `desktop_page`: a fresh page whose relative addresses go to the live server,
  390x844 touch phone or 1366x900 desktop.
- `thai_desktop_page`: a desktop page whose browser asks for Thai (the admin and the unprefixed
  addresses, /checkin/ and /verify/, follow the browser's language; the demo staff choose none).

Helpers to import (`from tests.browser.conftest import log_in, check_accessibility, save_screenshot`):

- `log_in(page, username, password=DEMO_PASSWORD, language="th")` through the real log-in form.
- `log_in_to_admin(page, username, password=DEMO_PASSWORD)` through the admin's log-in form; lands on
  the admin home (the test settings turn the second factor off, tests/accounts covers it).
- `check_accessibility(page)` runs axe-core and fails listing every serious or critical violation.
- `save_screenshot(page, name)` writes var/screenshots/<name>.png (var/ is git-ignored).

Every test in this folder is marked `browser` and runs transactional with serialized rollback
(the live server sees only committed data; a plain flush breaks PostgreSQL).
"""

import io
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse ORM
# calls made from the test body.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
DEMO_PASSWORD = "govlab-demo"  # noqa: S105 - demo/content/people.yaml, the documented log-in
BLOCKING_IMPACTS = ("serious", "critical")

_HERE = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.fspath)).is_relative_to(_HERE):
            item.add_marker(pytest.mark.browser)
            if item.get_closest_marker("django_db") is None:
                item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium to run the browser tests")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install -e '.[dev]')")
    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def demo_data(live_server):
    """Everything `manage.py load_demo_data` builds, committed so the live server sees it."""
    with translation.override("th"):
        call_command("load_demo_data", force=True, stdout=io.StringIO())
    return DEMO_PASSWORD


def _new_page(browser, live_server, options):
    context = browser.new_context(base_url=live_server.url, **options)
    context.set_default_timeout(20_000)
    page = context.new_page()
    return context, page


@pytest.fixture
def phone_page(browser, live_server):
    context, page = _new_page(browser, live_server, PHONE)
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser, live_server):
    context, page = _new_page(browser, live_server, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def thai_desktop_page(browser, live_server):
    context, page = _new_page(browser, live_server, {**DESKTOP, "locale": "th-TH"})
    yield page
    context.close()


def open_menu(page) -> None:
    """On a phone the header's links fold behind the Menu button: open it, as a person would
    (on a desktop the button is not shown and this does nothing)."""
    toggle = page.locator(".menu-toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
        assert page.locator("#site-menu").is_visible()


def log_in(page, username: str, password: str = DEMO_PASSWORD, language: str = "th") -> None:
    """Log in through the real form; fails if the form comes back instead of the next page."""
    page.goto(f"/{language}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "/accounts/login/" not in page.url, f"log-in as {username!r} failed: {page.url}"


def log_in_to_admin(page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in on the admin's own form; fails unless the admin home comes next."""
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url.endswith("/admin/"), f"admin log-in as {username!r} failed: {page.url}"


def check_accessibility(page, context=None) -> None:
    """Run axe-core on the page once it has settled; fail on any serious or critical violation.

    "Settled" means every short CSS transition and animation has finished (a long, decorative one
    such as the admin's 25-second "ping" on its notification badge is not waited for): Wagtail fades its
    messages in over half a second, and axe measuring contrast halfway through the fade sees
    the message's colour blended with the page behind it, a failure no reader ever sees.
    """
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_function(
        """() => document.getAnimations().every(animation =>
            animation.playState !== "running"
            || animation.effect?.getComputedTiming().endTime > 2000)""",
        timeout=5000,
    )
    results = Axe().run(page, context=context)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        lines = [f"{len(blocking)} serious/critical accessibility violation(s) on {page.url}:"]
        for violation in blocking:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"][:5]:
                lines.append(f"    {' '.join(node['target'])}: {node['failureSummary']!r}"[:400])
        pytest.fail("\n".join(lines), pytrace=False)


def save_screenshot(page, name: str, full_page: bool = True) -> Path:
    """var/screenshots/<name>.png, for a person to look at; never compared by a test."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
