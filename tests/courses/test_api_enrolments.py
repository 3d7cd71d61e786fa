"""The JSON API for a learner's own enrolments: session (with CSRF) or API token."""

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import APIToken

from courses.enrolment import enrol
from courses.models import Enrollment
from tests.courses.helpers import make_cohort
from tests.factories import make_learner, make_trainer

pytestmark = pytest.mark.django_db


def _bearer(user) -> dict:
    _token, key = APIToken.create_token(user=user, name="script")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _in(language: str, message: str) -> str:
    with translation.override(language):
        return gettext(message)


def test_a_token_lists_only_my_enrolments_with_progress(client):
    learner = make_learner()
    mine = make_cohort(title="Mine")
    enrol(learner, mine)
    enrol(make_learner(), make_cohort(title="Someone else's"))

    response = client.get("/api/v1/me/enrolments/", **_bearer(learner))

    assert response.status_code == 200
    [row] = response.json()
    assert row["cohort_code"] == mine.code
    assert row["status"] == "enrolled"
    assert row["at_risk"] is False
    assert row["attendance_percent"] == 100  # no sessions planned yet


def test_enrol_and_withdraw_with_a_token_need_no_csrf(client):
    learner = make_learner()
    cohort = make_cohort()
    headers = _bearer(learner)

    enrolled = client.post(f"/api/v1/cohorts/{cohort.code}/enrol/", **headers)
    withdrawn = client.post(f"/api/v1/cohorts/{cohort.code}/withdraw/", **headers)

    assert (enrolled.status_code, enrolled.json()["status"]) == (200, "enrolled")
    assert (withdrawn.status_code, withdrawn.json()["status"]) == (200, "withdrawn")
    assert Enrollment.objects.get().status == Enrollment.Status.WITHDRAWN


def test_a_session_post_without_the_csrf_token_is_refused_and_changes_nothing():
    learner = make_learner()
    cohort = make_cohort()
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)

    response = client.post(f"/api/v1/cohorts/{cohort.code}/enrol/")

    assert response.status_code == 403
    assert not Enrollment.objects.exists()


def test_a_session_post_with_the_csrf_token_enrols():
    learner = make_learner()
    cohort = make_cohort()
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    client.get("/th/me/")  # sets the CSRF cookie, as a page of the site would
    token = client.cookies["csrftoken"].value

    response = client.post(f"/api/v1/cohorts/{cohort.code}/enrol/", HTTP_X_CSRFTOKEN=token)

    assert response.status_code == 200
    assert Enrollment.objects.get().learner == learner


def test_anonymous_and_revoked_or_forged_tokens_get_401_and_nothing_changes(client):
    learner = make_learner()
    cohort = make_cohort()
    token, key = APIToken.create_token(user=learner, name="old")
    token.revoke()

    for headers in (
        {},
        {"HTTP_AUTHORIZATION": f"Bearer {key}"},
        {"HTTP_AUTHORIZATION": "Bearer x"},
    ):
        response = client.post(f"/api/v1/cohorts/{cohort.code}/enrol/", **headers)
        assert response.status_code == 401
        assert response.json()["detail"]
    assert not Enrollment.objects.exists()


def test_a_bad_token_does_not_fall_back_to_the_session(client):
    learner = make_learner()
    client.force_login(learner)
    response = client.get("/api/v1/me/enrolments/", HTTP_AUTHORIZATION="Bearer wagtail_nope")
    assert response.status_code == 401


def test_refusals_are_clear_json_in_the_learners_language(client):
    learner = make_learner(preferred_language="en")
    trainer = make_trainer(preferred_language="th")
    closed = make_cohort(enrolment_closes_at="2020-01-01T00:00:00Z")
    trained = make_cohort(trainers=[trainer])

    refused = client.post(f"/api/v1/cohorts/{closed.code}/enrol/", **_bearer(learner))
    missing = client.post("/api/v1/cohorts/NOPE/enrol/", **_bearer(learner))
    not_mine = client.post(f"/api/v1/cohorts/{closed.code}/withdraw/", **_bearer(learner))
    trainer_own = client.post(f"/api/v1/cohorts/{trained.code}/enrol/", **_bearer(trainer))

    assert refused.status_code == 400
    assert refused.json() == {"detail": "Enrolment for this cohort has closed."}
    assert missing.status_code == 404
    assert missing.json() == {"detail": "There is no cohort with this code."}
    assert not_mine.status_code == 404
    assert trainer_own.status_code == 403
    assert trainer_own.json() == {"detail": _in("th", "Trainers of a cohort cannot enrol in it.")}
    assert not Enrollment.objects.exists()


def test_the_openapi_schema_describes_the_learner_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/me/enrolments/", "/api/v1/cohorts/{code}/enrol/"} <= set(schema["paths"])
    assert "/api/v1/cohorts/{code}/withdraw/" in schema["paths"]
    schemes = schema["components"]["securitySchemes"]
    assert {scheme["type"] for scheme in schemes.values()} == {"http", "apiKey"}
