"""The public site in a real browser: home -> catalogue -> course -> module, in Thai and in
English, on a phone and on a desktop; axe-core on every page; screenshots in var/screenshots/.

One test walks all four combinations so the demo is loaded once (loading it is most of the time).
"""

from django.utils import translation

from cms.models import CourseIndexPage
from tests.browser.conftest import check_accessibility, log_in, open_menu, save_screenshot


def _fits_the_screen(page) -> bool:
    """No sideways scrolling: nothing wider than the viewport."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _check(page, name: str, language: str) -> None:
    assert page.locator("html").get_attribute("lang") == language, page.url
    assert page.locator("h1").first.is_visible(), page.url
    assert page.locator(f'link[rel="alternate"][hreflang="{language}"]').count() == 1, page.url
    assert page.locator('link[rel="canonical"]').count() == 1, page.url
    assert _fits_the_screen(page), f"{page.url} scrolls sideways at {page.viewport_size}"
    save_screenshot(page, name)
    check_accessibility(page)


def _walk(page, language: str, device: str) -> None:
    catalogue_url = CourseIndexPage.objects.get(locale__language_code=language).url
    page.goto(f"/{language}/")
    _check(page, f"{language}-{device}-1-home", language)

    open_menu(page)
    with page.expect_navigation():
        page.locator(f'.main-nav a[href="{catalogue_url}"]').click()
    assert page.url.endswith(catalogue_url)
    _check(page, f"{language}-{device}-2-catalogue", language)

    course_link = page.locator("ul.cards .card h2 a").first
    course_title = course_link.inner_text()
    with page.expect_navigation():
        course_link.click()
    assert page.locator("h1").inner_text() == course_title
    _check(page, f"{language}-{device}-3-course", language)

    module_link = page.locator("ol.modules a").first
    module_title = module_link.inner_text()
    with page.expect_navigation():
        module_link.click()
    assert page.locator("h1").inner_text() == module_title
    _check(page, f"{language}-{device}-4-module", language)


def test_a_visitor_walks_from_home_to_a_module_in_both_languages_on_phone_and_desktop(
    demo_data, phone_page, desktop_page
):
    for language in ("th", "en"):
        for device, page in (("phone", phone_page), ("desktop", desktop_page)):
            _walk(page, language, device)


def test_a_learner_logs_in_and_sees_how_to_enrol_on_a_course_page(demo_data, phone_page):
    log_in(phone_page, "learner")
    phone_page.goto("/th/courses/")
    with phone_page.expect_navigation():
        phone_page.locator("ul.cards .card h2 a").first.click()
    cohorts = phone_page.locator("section.cohorts")
    assert cohorts.is_visible()
    with translation.override("th"):
        assert translation.gettext("Log in to enrol") not in cohorts.inner_text()
    save_screenshot(phone_page, "th-phone-5-course-logged-in")
    check_accessibility(phone_page)
