"""A NUL character anywhere a person or a script can put one answers 400, never 500.

PostgreSQL refuses NUL in text (the services suite runs this file on it too); SQLite stores it.
"""

import pytest

from tests.courses.helpers import make_cohort
from tests.factories import (
    make_bilingual_home,
    make_course,
    make_learner,
    make_opdc_staff,
    make_trainer,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    make_bilingual_home()


@pytest.mark.parametrize(
    "address",
    [
        "/th/%00/",
        "/th/search/?q=a%00b",
        "/th/search/?q%00=x",
        "/th/me/calendar/abc%00def.ics",
        "/verify/GL-%00/",
        "/checkin/%00/",
    ],
)
def test_a_nul_in_an_address_or_query_is_refused_with_400(client, site, address):
    response = client.get(address)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_a_nul_in_the_admin_rosters_search_is_refused(client, site):
    trainer = make_trainer()
    cohort = make_cohort(trainers=[trainer])
    client.force_login(trainer)
    response = client.get(f"/admin/cohorts/{cohort.code}/roster/", {"q": "a\x00b"})
    assert response.status_code == 400


def test_a_nul_in_a_form_changes_nothing(client, site):
    learner = make_learner()
    client.force_login(learner)
    before = learner.first_name_th
    response = client.post("/th/accounts/profile/", {"first_name_th": "สม\x00ชาย"})
    assert response.status_code == 400
    learner.refresh_from_db()
    assert learner.first_name_th == before


def test_the_api_refuses_a_nul_with_json(client, site):
    client.force_login(make_learner())
    response = client.post("/api/v1/cohorts/%00/enrol/")
    assert response.status_code == 400
    assert response.json()["detail"]
    response = client.post(
        "/api/v1/cohorts/ABC/enrol/", '{"note": "a\\u0000b"}', content_type="application/json"
    )
    assert response.status_code == 400


def test_ordinary_thai_input_passes(client, site):
    assert client.get("/th/search/", {"q": "ที่ดิน"}).status_code == 200


def test_a_next_that_is_not_a_path_is_dropped_not_a_server_error(client, site):
    """Wagtail's log-in followed `?next=99999` with redirect(), which read it as the name of a
    view (NoReverseMatch, a 500) for staff already logged in."""
    client.force_login(make_trainer())
    response = client.get("/admin/login/", {"next": "99999999999999999999999"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    response = client.get("/admin/login/", {"next": "/admin/cohorts/"})
    assert response["Location"] == "/admin/cohorts/"


@pytest.mark.parametrize("pk", ["%C2%B2", "ก" * 50, "1e309"])
def test_a_snippet_chooser_address_whose_id_is_text_is_not_found(client, site, pk):
    """Wagtail's chooser looked the text up as an id: ValueError, a 500."""
    client.force_login(make_opdc_staff())
    response = client.get(f"/admin/snippets/choose/cms/agency/chosen/{pk}/")
    assert response.status_code == 404


HUGE = "99999999999999999999999"


@pytest.fixture
def superuser(client, db):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_superuser("editor", "editor@opdc.go.th", "pw")
    client.force_login(user)
    return user


def test_a_huge_number_in_the_page_explorers_filters_shows_the_pages_unfiltered(client, superuser):
    # django-filter looked the page type up first: OverflowError on SQLite, a 500.
    course = make_course(title="ออกแบบบริการด้านที่ดินใหม่")
    index = course.get_parent()
    for parameter in ("content_type", "owner", "site", "edited_by"):
        response = client.get(f"/admin/pages/{index.pk}/", {parameter: HUGE})
        assert response.status_code == 200, parameter
        assert course.title in response.content.decode()
    response = client.get(f"/admin/pages/{index.pk}/", {"content_type": f"-{HUGE}"})
    assert response.status_code == 200


def test_a_huge_number_in_the_users_filter_shows_the_users(client, superuser):
    response = client.get("/admin/users/", {"group": HUGE})
    assert response.status_code == 200
    assert list(response.context["object_list"]) == [superuser]


def test_the_page_search_still_filters_by_a_page_type_named_by_app_and_model(client, superuser):
    course = make_course(title="ออกแบบบริการด้านที่ดินใหม่")
    response = client.get("/admin/pages/search/", {"q": "ที่ดิน", "content_type": "cms.coursepage"})
    assert course.title in response.content.decode()
    response = client.get("/admin/pages/search/", {"q": "ที่ดิน", "content_type": "cms.homepage"})
    assert course.title not in response.content.decode()
