"""Whole public pages for anonymous visitors come from the cache, and never anything personal
(cms/page_cache.py). On the demo's bilingual page tree."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.models import CoursePage, StandardPage
from cms.page_cache import HEADER
from courses.models import Cohort, Enrollment
from tests.factories import make_learner

pytestmark = pytest.mark.django_db


def _course(language="th") -> CoursePage:
    return CoursePage.objects.live().filter(locale__language_code=language).first()


def _get(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, len(queries)


def test_the_second_anonymous_visit_of_a_page_costs_no_query(demo_site):
    client = Client()
    for url in ("/th/", "/en/", _course("th").url, _course("en").url, "/th/about/"):
        first, _ = _get(client, url)
        second, queries = _get(client, url)

        assert first[HEADER] == "miss", url
        assert second[HEADER] == "hit", url
        assert queries == 0, url
        assert second.content == first.content
        assert second["Content-Language"] == first["Content-Language"]
        # The middlewares outside the cache still answer for the stored page.
        assert "Content-Security-Policy" in second
        assert second["X-Request-ID"] != first["X-Request-ID"]


def test_each_language_has_its_own_page(demo_site):
    client = Client()
    client.get("/th/")
    thai, english = client.get("/th/"), client.get("/en/")

    assert '<html lang="th"' in thai.content.decode()
    assert '<html lang="en"' in english.content.decode()


def test_logged_in_visitors_neither_get_nor_fill_the_cache(demo_site):
    anonymous = Client()
    anonymous.get("/th/")
    signed_in = Client()
    signed_in.force_login(make_learner())

    for _ in range(2):
        response = signed_in.get("/th/")
        assert HEADER not in response
        assert "/th/me/" in response.content.decode()  # their own menu: My learning, Log out
    # The learner's page was not stored: the next anonymous visitor gets the anonymous menu.
    again = anonymous.get("/th/")
    assert again[HEADER] == "hit"
    assert "/th/me/" not in again.content.decode()
    assert "/th/accounts/login/" in again.content.decode()


def test_a_visitor_with_a_session_cookie_is_answered_fresh(demo_site):
    client = Client()
    client.get("/th/")
    client.cookies["sessionid"] = "anything"

    assert HEADER not in client.get("/th/")


def test_publishing_retires_the_stored_page_at_once(demo_site):
    client = Client()
    page = StandardPage.objects.live().filter(locale__language_code="th").first()
    client.get(page.url)
    assert client.get(page.url)[HEADER] == "hit"

    page.title = "เกี่ยวกับห้องปฏิบัติการนวัตกรรมภาครัฐ (แก้ไขแล้ว)"
    page.save_revision().publish()
    response = client.get(page.url)

    assert response[HEADER] == "miss"
    assert "(แก้ไขแล้ว)" in response.content.decode()


def test_seats_left_follow_an_enrolment_without_a_publish(demo_site):
    client = Client()
    course = _course("th")
    today = timezone.localdate()
    cohort = Cohort.objects.create(
        course=course,
        code="CACHE-1",
        title="รุ่นทดสอบแคช",
        start_date=today + datetime.timedelta(days=30),
        end_date=today + datetime.timedelta(days=31),
        delivery_mode="onsite",
        capacity=2,
    )
    client.get(course.url)
    before = client.get(course.url)
    assert before[HEADER] == "hit"
    assert "รุ่นทดสอบแคช" in before.content.decode()

    from courses import enrolment

    enrolment.enrol(make_learner(username="first"), cohort)
    enrolment.enrol(make_learner(username="second"), cohort)
    after = client.get(course.url)

    assert after[HEADER] == "miss"
    assert Enrollment.objects.filter(cohort=cohort, status="enrolled").count() == 2
    assert after.content != before.content


def test_pages_with_live_figures_are_kept_briefly(demo_site, settings):
    from django.core.cache import cache

    client = Client()
    client.get("/th/")
    keys = [key for key in cache._cache if ":cms:page:" in key]  # noqa: SLF001 - locmem's store
    expiry = max(cache._expire_info[key] for key in keys)  # noqa: SLF001
    assert expiry - timezone.now().timestamp() <= settings.FULL_PAGE_CACHE_LIVE_SECONDS + 1


def test_a_page_with_a_form_for_the_visitor_is_not_stored(demo_site):
    # The Thai check-in page carries a CSRF token: it is this visitor's.
    client = Client()
    first = client.get("/th/accounts/login/")
    second = client.get("/th/accounts/login/")

    assert HEADER not in first and HEADER not in second


def test_a_made_up_query_is_not_stored_until_asked_twice(demo_site):
    client = Client()
    catalogue = "/th/courses/"

    first = client.get(catalogue + "?q=zz-unlikely")
    second = client.get(catalogue + "?q=zz-unlikely")
    third = client.get(catalogue + "?q=zz-unlikely")

    assert HEADER not in first
    assert second[HEADER] == "miss"
    assert third[HEADER] == "hit"


def test_unknown_query_parameters_are_answered_fresh(demo_site):
    client = Client()
    for _ in range(3):
        response = client.get("/th/?utm_source=line")
    assert HEADER not in response
    assert response.status_code == 200


def test_search_results_for_a_common_query_are_stored(demo_site):
    client = Client()
    client.get("/th/search/?q=ที่ดิน")
    client.get("/th/search/?q=ที่ดิน")
    response = client.get("/th/search/?q=ที่ดิน")

    assert response[HEADER] == "hit"
    assert "ที่ดิน" in response.content.decode()


def test_off_when_the_setting_is_zero(demo_site, settings):
    settings.FULL_PAGE_CACHE_SECONDS = 0
    client = Client()
    client.get("/th/")

    assert HEADER not in client.get("/th/")
