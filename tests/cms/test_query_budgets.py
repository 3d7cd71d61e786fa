"""SQL queries per public page on a site of 50+ courses, and proof that they do not grow.

The site is built once for the module (5 courses first, measured, then grown to 50 with more
modules, cohorts and case studies on the measured pages); each test then runs inside it.

Budgets are checked as a running server sees pages: its cache warm (menus and page parts that
change only on publish are cached, cms/navigation.py). Growth is checked warm and cold (cache
cleared), so an N+1 cannot hide inside a cached part.
"""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from cms.models import CoursePage
from tests.cms.site_at_scale import build_site, grow_site

# The site is built once per test process: keep the module on one xdist worker (`--dist loadgroup`).
pytestmark = pytest.mark.xdist_group("query_budgets")

# The budgets: course and case-study pages 12, catalogue and home 15.
BUDGETS = {
    "home": 15,
    "home_en": 15,
    "catalogue": 15,
    "catalogue_filtered": 15,
    "course": 12,
    "course_en": 12,
    "case_study": 12,
    "module": 12,
}


def _urls(site) -> dict[str, str]:
    english_course = CoursePage.objects.get(
        translation_key=site.course.translation_key, locale__language_code="en"
    )
    return {
        "home": "/th/",
        "home_en": "/en/",
        "catalogue": site.catalogue.url,
        "catalogue_filtered": site.catalogue.url + "?delivery_mode=online&sort=newest&page=2",
        "course": site.course.url,
        "course_en": english_course.url,
        "case_study": site.case_study.url,
        "module": site.module.url,
    }


def _count(client: Client, url: str, cold: bool = False) -> int:
    assert client.get(url).status_code == 200  # warm the caches, as on a running server
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.fixture(scope="module")
def scale(django_db_setup, django_db_blocker, tmp_path_factory):
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        transaction.atomic(),
    ):
        site = build_site(courses=5)
        site.course.hero_image.get_rendition("width-960|format-webp")
        site.course.hero_image.get_rendition("fill-1200x630|format-jpeg")
        client = Client()
        small = {
            (name, cold): _count(client, url, cold)
            for name, url in _urls(site).items()
            for cold in (False, True)
        }
        grow_site(site, courses=45)
        yield site, small
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_measured_site_has_fifty_courses_with_modules_cohorts_and_case_studies(scale):
    site, _small = scale
    assert CoursePage.objects.filter(locale__language_code="th").count() >= 50
    assert site.course.get_children().count() == 8
    assert site.course.cohorts.count() == 5
    assert site.course.case_studies.count() >= 40


@pytest.mark.django_db
@pytest.mark.parametrize("name", BUDGETS)
def test_each_public_page_stays_within_its_query_budget(
    scale, client, name, django_assert_max_num_queries
):
    site, _small = scale
    url = _urls(site)[name]
    client.get(url)
    with django_assert_max_num_queries(BUDGETS[name]):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("cold", [False, True], ids=["warm", "cold"])
@pytest.mark.parametrize("name", BUDGETS)
def test_the_query_count_is_the_same_at_5_and_at_50_courses(scale, client, name, cold):
    site, small = scale
    assert _count(client, _urls(site)[name], cold) == small[(name, cold)]
