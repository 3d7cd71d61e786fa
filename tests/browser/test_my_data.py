"""'My data' on a 375 px phone: everything readable without scrolling sideways, in Thai and
English, on the demo data."""

import pytest

from tests.browser.conftest import check_accessibility, log_in, save_screenshot

NARROW_PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def narrow_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, **NARROW_PHONE)
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("language", ["th", "en"])
def test_my_data_fits_a_375_px_phone(narrow_page, demo_data, language):
    page = narrow_page
    log_in(page, "learner", demo_data, language=language)

    page.goto(f"/{language}/me/data/")

    assert page.locator("section.data-section").count() >= 5
    width = page.evaluate("document.documentElement.scrollWidth")
    save_screenshot(page, f"my-data-375-{language}")
    assert width <= 375, f"the page is {width} px wide on a 375 px screen"
    check_accessibility(page)

    page.goto(f"/{language}/me/data/erase/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    check_accessibility(page)
