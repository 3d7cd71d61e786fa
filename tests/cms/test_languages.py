"""Both languages: hreflang alternates, canonical and Open Graph tags, and what a visitor sees
when a page exists in one language only."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from cms.demo import bilingual_child, load_sections, load_site
from cms.models import CourseIndexPage, CoursePage
from demo import loading
from tests.factories import make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(settings):
    settings.PUBLIC_BASE_URL = "https://govlab.example"
    pages = loading.read("pages.yaml")
    home, _english = load_site(pages)
    load_sections(home, pages)
    return home


def _links(html: str, rel: str) -> dict[str, str]:
    found = re.findall(rf'<link rel="{rel}" hreflang="([^"]+)" href="([^"]+)">', html)
    return dict(found)


def test_a_translated_page_lists_both_languages_and_x_default_as_alternates(client, site):
    index = CourseIndexPage.objects.child_of(site).get()
    bilingual_child(
        index,
        CoursePage,
        "design",
        th={"title": "การออกแบบบริการ", "summary": "ออกแบบบริการโดยยึดประชาชนเป็นศูนย์กลาง"},
        en={"title": "Service design", "summary": "Design services around citizens."},
    )

    html = client.get("/en/courses/design/").content.decode()

    assert _links(html, "alternate") == {
        "th": "https://govlab.example/th/courses/design/",
        "en": "https://govlab.example/en/courses/design/",
        "x-default": "https://govlab.example/th/courses/design/",
    }
    assert '<link rel="canonical" href="https://govlab.example/en/courses/design/">' in html
    assert '<meta property="og:title" content="Service design">' in html
    assert '<meta property="og:description" content="Design services around citizens.">' in html
    assert '<meta property="og:locale" content="en_US">' in html
    assert '<meta property="og:locale:alternate" content="th_TH">' in html
    assert '<meta name="twitter:card" content="summary">' in html


def test_a_page_in_thai_only_lists_no_english_alternate_and_says_so(client, site):
    course = make_course(
        parent=CourseIndexPage.objects.child_of(site).get(), slug="thai-only", english=None
    )

    html = client.get(course.url).content.decode()

    assert set(_links(html, "alternate")) == {"th", "x-default"}
    # Thai visitors get no English notice on the Thai site (issue #14)...
    assert "This page is not available in English yet." not in html
    assert 'class="notice"' not in html
    # ...and the switcher leads to the English catalogue, not to a missing page.
    assert 'href="/en/courses/" lang="en" hreflang="en" class="missing-translation"' in html


def _notice(page, path: str, language: str) -> str:
    """The missing-translation notice as base.html renders it for `page` at `path`."""
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    with translation.override(language):
        return Template("{% load lms_tags %}{% missing_translation_notice %}").render(
            Context({"page": page, "request": request})
        )


def test_the_notice_is_shown_on_the_english_site_in_english(site):
    course = make_course(
        parent=CourseIndexPage.objects.child_of(site).get(), slug="thai-only", english=None
    )

    english = _notice(course, "/en/courses/thai-only/", "en")
    thai = _notice(course, course.url, "th")

    assert "This page is not available in English yet." in english
    assert '<a href="/en/courses/" hreflang="en">Continue in English</a>' in english
    assert thai.strip() == ""


def test_on_the_thai_site_the_notice_is_in_thai(site):
    index = CourseIndexPage.objects.child_of(site).get()
    english_index = index.get_translations().get()
    english_only = make_course(
        parent=english_index, slug="english-only", title="English only", english=None
    )

    notice = _notice(english_only, "/th/courses/english-only/", "th")

    with translation.override("th"):
        expected = translation.gettext("This page is not available in %(name)s yet.") % {
            "name": "ไทย"
        }
    assert expected in notice and expected != "This page is not available in ไทย yet."
    assert "not available in" not in notice


def test_the_address_of_a_missing_translation_points_to_the_language_that_has_it(client, site):
    course = make_course(
        parent=CourseIndexPage.objects.child_of(site).get(),
        slug="thai-only",
        title="เฉพาะไทย",
        english=None,
    )

    response = client.get("/en/courses/thai-only/")

    assert response.status_code == 404
    html = response.content.decode()
    assert f'<a href="{course.url}" hreflang="th" lang="th">เฉพาะไทย</a>' in html
    assert '<html lang="en">' in html


def test_pages_that_are_not_wagtail_pages_list_both_language_addresses(client, site):
    html = client.get("/th/search/").content.decode()

    assert _links(html, "alternate")["en"] == "https://govlab.example/en/search/"
    assert '<meta property="og:locale" content="th_TH">' in html
