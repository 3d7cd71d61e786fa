"""The coordinator's API (/api/v1/my-agency/): the same people, rules and refusals as the
screens under /th/my-agency/. Alice and Bob are staff of the Department of Lands, Charlie of
Royal Irrigation; each agency has its coordinator. Persona ladder for each operation; a
refusal changes nothing."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import APIToken

from accounts.models import AgencyCoordinator, ApiTokenRecord
from agencies import nominations
from agencies.models import AccessRecord, Nomination
from certificates.issuing import issue_certificate
from courses.models import Enrollment
from outbox.models import OutboxMessage
from tests.accounts.two_factor import totp_code
from tests.agencies.helpers import make_agencies
from tests.courses.helpers import make_cohort
from tests.factories import days_from_now

pytestmark = pytest.mark.django_db
API = "/api/v1/my-agency"
Status = Nomination.Status


@pytest.fixture
def world():
    return make_agencies()


@pytest.fixture
def cohort():
    return make_cohort(capacity=5)


def _token(user) -> dict:
    _made, key = APIToken.create_token(user=user, name="script")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _get(user, path, **params):
    return Client().get(f"{API}{path}", params, **_token(user))


def _post(user, path, body=None):
    return Client().post(
        f"{API}{path}", body or {}, content_type="application/json", **_token(user)
    )


def _state():
    return (
        list(Nomination.objects.order_by("pk").values_list("pk", "status", "nominee")),
        list(Enrollment.objects.order_by("pk").values_list("pk", "status")),
        OutboxMessage.objects.count(),
    )


# --- Who may ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/agencies/", "/people/", "/nominations/", "/people/1/"], ids=str)
def test_without_credentials_the_answer_is_401_and_a_learner_is_refused(world, path):
    assert Client().get(f"{API}{path}").status_code == 401
    response = _get(world.alice, path)
    assert response.status_code == 403
    assert response.json()["detail"] == "เฉพาะผู้ประสานงานหน่วยงาน"
    assert not AccessRecord.objects.exists()


def test_a_learner_cannot_nominate_or_withdraw(world, cohort):
    nomination = nominations.nominate(world.coordinator, cohort, world.lands, person=world.bob)
    before = _state()

    made = _post(world.alice, "/nominations/", {"cohort": cohort.code, "person_id": world.bob.pk})
    withdrawn = _post(world.alice, f"/nominations/{nomination.code}/withdraw/")

    assert (made.status_code, withdrawn.status_code) == (403, 403)
    assert _state() == before


def test_permission_comes_before_the_request_is_read(world):
    malformed = Client().post(
        f"{API}/nominations/", "{not json", content_type="application/json", **_token(world.alice)
    )
    not_a_number = _get(world.alice, "/people/not-a-number/")

    assert (malformed.status_code, not_a_number.status_code) == (403, 403)
    # A coordinator is told what is wrong with it instead.
    assert _get(world.coordinator, "/people/not-a-number/").status_code == 400


def test_the_coordinators_token_lists_the_agencys_staff_and_the_look_is_recorded(world):
    response = _get(world.coordinator, "/people/")

    assert response.status_code == 200
    page = response.json()
    assert page["agency"]["name_en"] == "Department of Lands"
    ids = {person["id"] for person in page["results"]}
    assert {world.alice.pk, world.bob.pk, world.coordinator.pk} == ids
    assert world.charlie.pk not in ids
    assert (page["count"], page["page"], page["pages"]) == (3, 1, 1)
    record = AccessRecord.objects.get()
    assert (record.viewer, record.agency, record.what, record.person) == (
        world.coordinator,
        world.lands,
        AccessRecord.What.STAFF_LIST,
        None,
    )


def test_the_staff_list_is_paged_and_searched(world, monkeypatch):
    monkeypatch.setattr("agencies.api.PEOPLE_PER_PAGE", 2)

    first = _get(world.coordinator, "/people/").json()
    second = _get(world.coordinator, "/people/", page=2).json()
    found = _get(world.coordinator, "/people/", q="Bob").json()

    assert (first["pages"], len(first["results"]), len(second["results"])) == (2, 2, 1)
    assert {p["id"] for p in first["results"] + second["results"]} == {
        world.alice.pk,
        world.bob.pk,
        world.coordinator.pk,
    }
    assert [p["id"] for p in found["results"]] == [world.bob.pk]


def test_a_coordinator_of_lands_cannot_see_irrigations_people(world):
    other_agency = _get(world.coordinator, "/people/", agency=world.irrigation.pk)
    other_person = _get(world.coordinator, f"/people/{world.charlie.pk}/")

    assert other_agency.status_code == 404 and other_person.status_code == 404
    assert "detail" in other_person.json()
    assert not AccessRecord.objects.exists()
    # Their own coordinator sees Charlie.
    assert _get(world.other_coordinator, f"/people/{world.charlie.pk}/").status_code == 200


def test_one_persons_record_has_their_enrolments_and_certificates(world, cohort):
    past = make_cohort(
        start_date=timezone.localdate() - datetime.timedelta(days=30),
        end_date=timezone.localdate() - datetime.timedelta(days=29),
    )
    completed = Enrollment.objects.create(
        learner=world.alice, cohort=past, status=Enrollment.Status.COMPLETED
    )
    certificate = issue_certificate(completed)
    Enrollment.objects.create(learner=world.alice, cohort=cohort, status=Enrollment.Status.ENROLLED)

    response = _get(world.coordinator, f"/people/{world.alice.pk}/")

    assert response.status_code == 200
    record = response.json()
    assert record["person"]["id"] == world.alice.pk
    assert (record["person"]["seated"], record["person"]["completed"]) == (1, 1)
    assert record["person"]["valid_certificates"] == 1
    assert [e["cohort_code"] for e in record["enrolments"]] == [cohort.code, past.code]
    assert record["enrolments"][0]["status_label"] == "ลงทะเบียนแล้ว"  # the coordinator's Thai
    assert record["enrolments"][0]["sessions_total"] is not None
    [listed] = record["certificates"]
    assert listed["serial"] == certificate.serial
    assert listed["verify_url"].endswith(f"/verify/{certificate.serial}/")
    access = AccessRecord.objects.get()
    assert (access.what, access.person) == (AccessRecord.What.PERSON, world.alice)


def test_a_coordinator_of_several_agencies_chooses_one(world):
    AgencyCoordinator.objects.create(user=world.coordinator, agency=world.irrigation)

    agencies = _get(world.coordinator, "/agencies/").json()
    irrigation = _get(world.coordinator, "/people/", agency=world.irrigation.pk).json()

    assert {a["name_en"] for a in agencies} == {
        "Department of Lands",
        "Royal Irrigation Department",
    }
    assert world.charlie.pk in {p["id"] for p in irrigation["results"]}


# --- Nominations ---------------------------------------------------------------------------


def test_the_coordinator_nominates_through_the_api_and_the_nominee_is_emailed(
    world, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(
            world.coordinator, "/nominations/", {"cohort": cohort.code, "person_id": world.alice.pk}
        )

    assert response.status_code == 201, response.content
    body = response.json()
    nomination = Nomination.objects.get()
    assert body["code"] == str(nomination.code)
    assert (body["nominee_id"], body["status"]) == (world.alice.pk, "nominated")
    assert body["respond_by"] == nominations.last_day_to_answer(cohort).isoformat()
    assert nomination.nominated_by == world.coordinator
    assert [m.to for m in mailoutbox] == [[world.alice.email]]


def test_an_email_address_without_an_account_is_invited(world, cohort):
    response = _post(
        world.coordinator,
        "/nominations/",
        {"cohort": cohort.code, "email": "Somchai@DOL.go.th", "respond_by": str(days_from_now(3))},
    )

    assert response.status_code == 201
    assert response.json()["invited_email"] == "somchai@dol.go.th"
    assert response.json()["nominee_id"] is None


def test_a_coordinator_of_lands_cannot_nominate_irrigations_people(world, cohort):
    before = _state()

    by_id = _post(
        world.coordinator, "/nominations/", {"cohort": cohort.code, "person_id": world.charlie.pk}
    )
    by_email = _post(
        world.coordinator, "/nominations/", {"cohort": cohort.code, "email": world.charlie.email}
    )
    for_irrigation = _post(
        world.coordinator,
        "/nominations/",
        {"cohort": cohort.code, "person_id": world.charlie.pk, "agency": world.irrigation.pk},
    )

    assert by_id.status_code == 400
    assert by_id.json()["detail"] == "บุคคลที่ระบุไม่ใช่บุคลากรของหน่วยงานท่าน"
    assert by_email.status_code == 400
    assert "ไม่ใช่บุคลากรของ" in by_email.json()["detail"]
    assert for_irrigation.status_code == 404
    assert _state() == before


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"person_id": "alice"}, 400, "check person_id"),
        ({}, 400, "Give either a person's id or an e-mail address."),
        ({"email": "x@dol.go.th", "person": "both"}, 201, None),
        ({"email": "not-an-address"}, 400, "is not an e-mail address"),
        ({"respond_by": "2001-01-01", "email": "x@dol.go.th"}, 400, "has passed already"),
    ],
    ids=["not a number", "nobody", "extra fields ignored", "bad address", "past date"],
)
def test_refusals_say_why_in_the_coordinators_language(world, cohort, body, status, message):
    world.coordinator.preferred_language = "en"
    world.coordinator.save()
    before = _state()

    response = _post(world.coordinator, "/nominations/", {"cohort": cohort.code, **body})

    assert response.status_code == status, response.content
    if message:
        assert message in response.json()["detail"]
        assert _state() == before


def test_the_workflows_refusals_are_400_with_nothing_changed(world, cohort):
    nominations.nominate(world.coordinator, cohort, world.lands, person=world.alice)
    closed = make_cohort(enrolment_closes_at=timezone.now() - datetime.timedelta(hours=1))
    before = _state()

    again = _post(
        world.coordinator, "/nominations/", {"cohort": cohort.code, "person_id": world.alice.pk}
    )
    shut = _post(
        world.coordinator, "/nominations/", {"cohort": closed.code, "person_id": world.bob.pk}
    )
    nowhere = _post(
        world.coordinator, "/nominations/", {"cohort": "NO-SUCH", "person_id": world.bob.pk}
    )
    both = _post(
        world.coordinator,
        "/nominations/",
        {"cohort": cohort.code, "person_id": world.bob.pk, "email": "x@dol.go.th"},
    )

    assert again.status_code == 400 and "ได้รับการเสนอชื่อ" in again.json()["detail"]
    assert shut.status_code == 400 and "ปิด" in shut.json()["detail"]
    assert nowhere.status_code == 404
    assert both.status_code == 400
    assert _state() == before


def test_the_agencys_nominations_are_listed_to_its_coordinators_only(world, cohort):
    mine = nominations.nominate(world.coordinator, cohort, world.lands, person=world.alice)
    theirs = nominations.nominate(
        world.other_coordinator, cohort, world.irrigation, person=world.charlie
    )

    listed = _get(world.coordinator, "/nominations/").json()
    other = _get(world.coordinator, "/nominations/", agency=world.irrigation.pk)

    assert [n["code"] for n in listed["results"]] == [str(mine.code)]
    assert listed["results"][0]["status_label"] == "รอคำตอบจากผู้ได้รับการเสนอชื่อ"
    assert str(theirs.code) not in other.content.decode() and other.status_code == 404
    assert AccessRecord.objects.get().what == AccessRecord.What.NOMINATIONS


def test_the_coordinator_withdraws_a_waiting_nomination_and_not_another_agencys(
    world, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    mine = nominations.nominate(world.coordinator, cohort, world.lands, person=world.alice)
    theirs = nominations.nominate(
        world.other_coordinator, cohort, world.irrigation, person=world.charlie
    )

    with django_capture_on_commit_callbacks(execute=True):
        refused = _post(world.coordinator, f"/nominations/{theirs.code}/withdraw/")
        missing = _post(world.coordinator, "/nominations/not-a-code/withdraw/")
        done = _post(world.coordinator, f"/nominations/{mine.code}/withdraw/")
        again = _post(world.coordinator, f"/nominations/{mine.code}/withdraw/")

    assert (refused.status_code, missing.status_code) == (404, 404)
    assert Nomination.objects.get(pk=theirs.pk).status == Status.NOMINATED
    assert done.status_code == 200 and done.json()["status"] == "withdrawn"
    assert again.status_code == 400 and "ไม่ได้รอคำตอบแล้ว" in again.json()["detail"]
    assert mailoutbox[-1].to == [world.alice.email]


def test_a_session_works_too_with_its_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.coordinator)

    assert client.get(f"{API}/people/").status_code == 200
    assert (
        client.post(f"{API}/nominations/", {}, content_type="application/json").status_code == 403
    )


# --- The second factor ---------------------------------------------------------------------


@pytest.fixture
def two_factor_on(settings):
    settings.ADMIN_REQUIRE_TWO_FACTOR = True


def test_a_token_made_without_the_second_factor_opens_nothing(two_factor_on, world):
    made, key = APIToken.create_token(user=world.coordinator, name="old script")
    ApiTokenRecord.objects.create(token=made, made_with_second_factor=False)

    response = Client().get(f"{API}/people/", HTTP_AUTHORIZATION=f"Bearer {key}")

    assert response.status_code == 403
    assert "/accounts/profile/" in response.json()["detail"]
    assert not AccessRecord.objects.exists()


def test_a_token_made_in_a_verified_session_opens_the_coordinators_endpoints(two_factor_on, world):
    made, key = APIToken.create_token(user=world.coordinator, name="script")
    ApiTokenRecord.objects.create(token=made, made_with_second_factor=True)

    response = Client().get(f"{API}/people/", HTTP_AUTHORIZATION=f"Bearer {key}")

    assert response.status_code == 200


def test_a_session_must_verify_the_second_factor_first(two_factor_on, world):
    device = TOTPDevice.objects.create(user=world.coordinator, name="phone", confirmed=True)
    client = Client()
    client.force_login(world.coordinator)

    refused = client.get(f"{API}/people/")
    client.post("/en/accounts/two-factor/verify/", {"token": totp_code(device.key)})
    allowed = client.get(f"{API}/people/")

    assert refused.status_code == 403
    assert "/accounts/two-factor/verify/" in refused.json()["detail"]
    assert allowed.status_code == 200


def test_a_learner_who_left_the_coordinators_is_refused_with_their_old_token(world):
    headers = _token(world.coordinator)
    AgencyCoordinator.objects.filter(user=world.coordinator).delete()

    assert Client().get(f"{API}/people/", **headers).status_code == 403


def test_the_document_lists_the_coordinators_operations(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    ids = {
        (path, method): operation["operationId"]
        for path, operations in paths.items()
        for method, operation in operations.items()
        if path.startswith("/api/v1/my-agency/")
    }

    assert ids == {
        ("/api/v1/my-agency/agencies/", "get"): "my_agency_agencies",
        ("/api/v1/my-agency/people/", "get"): "my_agency_people",
        ("/api/v1/my-agency/people/{person_id}/", "get"): "my_agency_person",
        ("/api/v1/my-agency/nominations/", "get"): "my_agency_nominations",
        ("/api/v1/my-agency/nominations/", "post"): "my_agency_nominate",
        ("/api/v1/my-agency/nominations/{code}/withdraw/", "post"): "my_agency_withdraw_nomination",
    }
    nominate = paths["/api/v1/my-agency/nominations/"]["post"]
    assert {"201", "400", "401", "403", "404"} <= {str(s) for s in nominate["responses"]}
