"""The public site in a real browser: home -> catalogue -> course -> module, both languages."""

from tests.browser.conftest import check_accessibility, log_in, save_screenshot


def test_the_home_page_opens_on_a_phone_and_a_learner_can_log_in(demo_data, phone_page):
    phone_page.goto("/th/")
    assert phone_page.locator("html").get_attribute("lang") == "th"
    save_screenshot(phone_page, "smoke-home-th-phone")
    check_accessibility(phone_page)
    log_in(phone_page, "learner")
    phone_page.goto("/th/me/")
    assert phone_page.url.endswith("/th/me/")
