import pytest

from cms.models import Theme
from tests.factories import make_course, make_course_index

pytestmark = pytest.mark.django_db


def _titles(response):
    return [course.title for course in response.context["courses"]]


def test_the_catalogue_filters_by_theme_delivery_mode_and_teaching_language(client):
    theme = Theme.objects.create(slug="land-services", name_th="บริการที่ดิน", name_en="Land services")
    land = make_course(title="ที่ดิน", delivery_mode="onsite")
    land.themes.add(theme)
    land.save_revision().publish()
    make_course(title="ออนไลน์", delivery_mode="online")
    make_course(title="สองภาษา", teaching_language="th-en")
    url = make_course_index().get_url()

    assert _titles(client.get(url, {"theme": "land-services"})) == ["ที่ดิน"]
    assert _titles(client.get(url, {"delivery_mode": "online"})) == ["ออนไลน์"]
    assert _titles(client.get(url, {"language": "th-en"})) == ["สองภาษา"]
    assert len(_titles(client.get(url, {"theme": "no-such-theme"}))) == 3  # bad filter: ignored


def test_the_catalogue_sorts_by_title_newest_and_duration(client):
    make_course(title="ข", duration_hours=3)
    make_course(title="ก", duration_hours=12)
    make_course(title="ค", duration_hours=6)
    url = make_course_index().get_url()

    assert _titles(client.get(url)) == ["ก", "ข", "ค"]
    assert _titles(client.get(url, {"sort": "newest"})) == ["ค", "ก", "ข"]
    assert _titles(client.get(url, {"sort": "duration"})) == ["ข", "ค", "ก"]


def test_the_catalogue_shows_twelve_courses_a_page_with_links_keeping_the_filters(client):
    for number in range(14):
        make_course(title=f"หลักสูตร {number:02}", delivery_mode="online")
    url = make_course_index().get_url()

    first = client.get(url, {"delivery_mode": "online"})
    assert len(_titles(first)) == 12
    assert "delivery_mode=online&amp;page=2" in first.content.decode()
    assert len(_titles(client.get(url, {"delivery_mode": "online", "page": 2}))) == 2


def test_the_catalogue_query_count_does_not_grow_with_the_number_of_courses(
    client, django_assert_max_num_queries
):
    theme = Theme.objects.create(slug="data", name_th="ข้อมูล", name_en="Data")
    for number in range(50):
        course = make_course(title=f"หลักสูตร {number:02}")
        course.themes.add(theme)
        course.save_revision().publish()
    url = make_course_index().get_url()
    client.get(url)  # warm the site and locale caches like any running server

    with django_assert_max_num_queries(15):
        response = client.get(url, {"sort": "duration", "page": 2})
    assert response.status_code == 200
    assert len(_titles(response)) == 12
