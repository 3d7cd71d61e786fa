"""The demo content. Loading it takes seconds, so each test checks several things at once."""

import pytest
from django.utils.html import escape
from wagtail.models import Page

from cms.demo import site_address
from cms.models import CaseStudyPage, CoursePage, ModulePage
from demo import loading

pytestmark = pytest.mark.django_db


def test_the_demo_has_courses_modules_and_case_studies_in_both_languages_and_reloads_cleanly(
    demo_site, demo_content
):
    for language in ("th", "en"):
        courses = CoursePage.objects.filter(locale__language_code=language).live()
        assert courses.count() >= 6
        for course in courses:
            assert 3 <= ModulePage.objects.child_of(course).live().count() <= 6
        cases = CaseStudyPage.objects.filter(locale__language_code=language).live()
        assert cases.count() >= 6
        for case in cases:
            assert case.lead_agency and case.theme and case.provinces.exists()
            assert len(case.figures) >= 1
            assert case.lessons_learned
            assert case.related_courses.exists()
            assert all(course.locale_id == case.locale_id for course in case.related_courses.all())

    before = Page.objects.count()
    loading.load(demo_content, parts=loading.SITE_PARTS)
    assert Page.objects.count() == before


def test_every_demo_page_renders_in_thai_and_english_with_case_study_details(demo_site, client):
    pages = Page.objects.live().exclude(depth=1).specific()
    assert (
        pages.filter(locale__language_code="en").count()
        == pages.filter(locale__language_code="th").count()
    )
    for page in pages:
        response = client.get(page.get_url())
        assert response.status_code == 200, page.get_url()
        assert escape(page.title) in response.content.decode(), page.get_url()

    case = CaseStudyPage.objects.get(slug="land-office-appointments", locale__language_code="en")
    html = client.get(case.get_url()).content.decode()
    for text in (
        "Department of Lands",
        "Pilot",
        "Trips per citizen (average)",
        "Illustrative demo figure",
        'href="/en/courses/redesigning-land-services/"',
    ):
        assert text in html

    course = CoursePage.objects.get(slug="redesigning-land-services", locale__language_code="en")
    html = client.get(course.get_url()).content.decode()
    assert 'href="/en/case-studies/land-office-appointments/"' in html

    case = CaseStudyPage.objects.get(slug="land-office-appointments", locale__language_code="th")
    html = client.get(case.get_url()).content.decode()
    for text in ("กรมที่ดิน", "นครราชสีมา", "ตัวเลขสมมติเพื่อการสาธิต", "นำร่อง"):
        assert text in html


def test_the_demo_site_takes_the_host_and_port_of_the_public_base_url():
    assert site_address("http://127.0.0.1:8123") == ("127.0.0.1", 8123)
    assert site_address("https://govlab.opdc.go.th") == ("govlab.opdc.go.th", 443)
    assert site_address("http://localhost") == ("localhost", 80)
