import pytest

from courses.models import Cohort
from tests.factories import days_from_now, make_course

pytestmark = pytest.mark.django_db


def test_the_api_lists_published_courses_with_seats_left(client):
    course = make_course(title="การออกแบบบริการภาครัฐ", duration_hours=18)
    Cohort.objects.create(
        course=course,
        title="รุ่นที่ 1",
        start_date=days_from_now(10),
        end_date=days_from_now(12),
        capacity=30,
        seats_taken=12,
    )
    Cohort.objects.create(
        course=course,
        title="รุ่นที่เก่า",
        start_date=days_from_now(-30),
        end_date=days_from_now(-28),
        capacity=30,
    )
    draft = make_course(title="ร่าง")
    draft.unpublish()

    response = client.get("/api/v1/courses/")

    assert response.status_code == 200
    [listed] = response.json()
    assert listed["title"] == "การออกแบบบริการภาครัฐ"
    assert listed["duration_hours"] == 18
    assert [(c["title"], c["seats_left"]) for c in listed["cohorts"]] == [("รุ่นที่ 1", 18)]


def test_the_api_has_an_openapi_description(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/courses/" in response.json()["paths"]


def test_the_courses_operations_keep_the_ids_the_document_published(client):
    # Clients generated from /api/v1/openapi.json name their methods after these ids: moving
    # the endpoints into courses/api.py must not rename them.
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    ids = {
        (path, method): operation["operationId"]
        for path, operations in paths.items()
        for method, operation in operations.items()
        if not path.startswith(("/api/v1/prototypes/", "/api/v1/my-agency/"))
    }
    assert ids == {
        ("/api/v1/courses/", "get"): "lms_api_list_courses",
        ("/api/v1/me/enrolments/", "get"): "lms_api_my_enrolments",
        ("/api/v1/cohorts/{code}/enrol/", "post"): "lms_api_enrol",
        ("/api/v1/cohorts/{code}/withdraw/", "post"): "lms_api_withdraw",
    }
