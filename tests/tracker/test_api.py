"""/api/v1/prototypes/: the scale-up tracker for national monitoring systems."""

import datetime

import pytest
from wagtail.models import APIToken

from cms.models import MasterPlan, Province, SubPlanTarget
from tests.certificates.factories import make_cohort
from tests.factories import (
    make_agency,
    make_case_study,
    make_learner,
    make_opdc_staff,
    make_trainer,
)
from tracker.models import Adoption, AdoptionOutcome, record_stage_change

pytestmark = pytest.mark.django_db
URL = "/api/v1/prototypes/"


@pytest.fixture
def prototype():
    page = make_case_study(stage="idea", title="นัดหมายล่วงหน้าที่สำนักงานที่ดิน")
    record_stage_change(page, "prototype", datetime.date(2020, 7, 15), evidence_text="ทดสอบ")
    record_stage_change(
        page, "pilot", datetime.date(2021, 3, 1), evidence_url="https://www.dol.go.th/report"
    )
    target = SubPlanTarget.objects.create(
        code="200101",
        master_plan=MasterPlan.objects.get(number=20),
        name_th="บริการดิจิทัล",
        name_en="Digital services",
    )
    page.strategy_targets.add(target)
    page.save()
    adoption = Adoption(
        prototype=page,
        agency=make_agency("Department of Lands"),
        started_on=datetime.date(2021, 3, 1),
        stage_reached="pilot",
        people_served=8200,
    )
    adoption.provinces = [Province.objects.get(name_en="Nakhon Ratchasima")]
    adoption.outcomes = [
        AdoptionOutcome(
            name_th="จำนวนครั้ง",
            name_en="Trips",
            unit="ครั้ง",
            unit_en="trips",
            before=2.6,
            after=1.2,
        )
    ]
    adoption.save()
    return page


def test_opdc_staff_read_each_prototype_with_its_history_targets_and_adoptions(client, prototype):
    client.force_login(make_opdc_staff())

    response = client.get(URL)

    assert response.status_code == 200
    [item] = response.json()
    assert item["title"] == "นัดหมายล่วงหน้าที่สำนักงานที่ดิน"
    assert item["stage"] == "pilot"
    assert [(c["stage"], c["date"]) for c in item["stage_history"]] == [
        ("prototype", "2020-07-15"),
        ("pilot", "2021-03-01"),
    ]
    assert item["stage_history"][1]["evidence_url"] == "https://www.dol.go.th/report"
    assert item["strategy_targets"] == [
        {
            "code": "200101",
            "name_th": "บริการดิจิทัล",
            "name_en": "Digital services",
            "master_plan": 20,
            "national_strategies": [6],
        }
    ]
    [adoption] = item["adoptions"]
    assert adoption["agency_en"] == "Department of Lands"
    assert adoption["provinces"] == ["Nakhon Ratchasima"]
    assert adoption["people_served"] == 8200
    assert adoption["outcomes"][0]["before"] == 2.6
    assert (adoption["outcomes"][0]["unit"], adoption["outcomes"][0]["unit_en"]) == ("ครั้ง", "trips")


def test_anonymous_callers_are_refused(client, prototype):
    assert client.get(URL).status_code == 401


def test_learners_and_trainers_are_refused(client, prototype):
    client.force_login(make_learner())
    assert client.get(URL).status_code == 403
    trainer = make_trainer()
    cohort = make_cohort()
    cohort.trainers.add(trainer)
    cohort.co_designed_prototypes.add(prototype)
    client.force_login(trainer)
    assert client.get(URL).status_code == 403


def test_the_openapi_description_documents_the_endpoint_and_its_security(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"][URL]["get"]
    assert "stage" in operation["description"]
    assert operation["security"]
    assert "PrototypeOut" in schema["components"]["schemas"]


def test_an_opdc_staff_api_token_reads_the_tracker_and_a_learners_token_does_not(client, prototype):
    _token, staff_key = APIToken.create_token(user=make_opdc_staff(), name="eMENSCR")
    _token, learner_key = APIToken.create_token(user=make_learner(), name="mine")

    allowed = client.get(URL, HTTP_AUTHORIZATION=f"Bearer {staff_key}")
    refused = client.get(URL, HTTP_AUTHORIZATION=f"Bearer {learner_key}")
    invalid = client.get(URL, HTTP_AUTHORIZATION="Bearer wagtail_not-a-real-token")

    assert allowed.status_code == 200
    assert [item["stage"] for item in allowed.json()] == ["pilot"]
    assert refused.status_code == 403
    assert invalid.status_code == 401
