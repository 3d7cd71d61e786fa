"""The coordinator's "Requests to approve" under /th/my-agency/requests/ and its confirmation
page (stage 1 of two-stage approval), and what the learner sees on My learning. Persona
ladder for each address; a refusal changes nothing."""

import datetime

import pytest
from django.utils import timezone

from agencies.models import AccessRecord
from courses import enrolment
from courses.models import Enrollment, RequestDecision
from tests.agencies.helpers import make_agencies
from tests.courses.helpers import make_cohort
from tests.factories import make_home, make_learner

pytestmark = pytest.mark.django_db
LIST = "/th/my-agency/requests/"
Status = Enrollment.Status


@pytest.fixture(autouse=True)
def site():
    return make_home()


@pytest.fixture
def world():
    return make_agencies()


@pytest.fixture
def cohort():
    return make_cohort(title="รุ่นที่ 7", agency_approval_required=True, approval_required=True)


@pytest.fixture
def alices(world, cohort):
    """Alice (Department of Lands) asks to join: waiting for her agency."""
    return enrolment.enrol(world.alice, cohort)


@pytest.fixture
def charlies(world, cohort):
    """Charlie (Royal Irrigation) asks to join: waiting for his agency."""
    return enrolment.enrol(world.charlie, cohort)


def _approve(enrollment):
    return f"{LIST}{enrollment.pk}/approve/"


def _decline(enrollment):
    return f"{LIST}{enrollment.pk}/decline/"


def _state():
    return (
        list(Enrollment.objects.order_by("pk").values_list("pk", "status")),
        RequestDecision.objects.count(),
    )


def test_the_list_shows_only_the_agencys_requests_and_is_recorded(client, world, alices, charlies):
    client.force_login(world.coordinator)

    html = client.get(LIST).content.decode()

    assert "คำขอที่รออนุมัติ" in html  # Thai first
    assert "อลิส" in html and "รุ่นที่ 7" in html
    assert "ชาลี" not in html  # another agency's person
    assert _approve(alices) in html and _approve(charlies) not in html
    record = AccessRecord.objects.get(viewer=world.coordinator)
    assert (record.what, record.agency) == ("requests", world.lands)


@pytest.mark.parametrize("address", [LIST, "approve", "decline"])
def test_the_persona_ladder(client, world, alices, address):
    url = {"approve": _approve(alices), "decline": _decline(alices)}.get(address, address)
    before = _state()

    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    client.force_login(world.alice)  # staff of the agency, not a coordinator
    assert client.get(url).status_code == 403
    if url != LIST:
        assert client.post(url).status_code == 403

    client.force_login(world.other_coordinator)  # another agency's coordinator
    expected = 200 if url == LIST else 404
    assert client.get(url).status_code == expected
    if url != LIST:
        assert client.post(url, {"reason": "x"}).status_code == 404
    assert _state() == before

    client.force_login(world.coordinator)
    assert client.get(url).status_code == 200


def test_the_confirmation_changes_nothing_and_approving_sends_it_to_the_trainers(
    client, world, alices
):
    client.force_login(world.coordinator)

    html = client.get(_approve(alices)).content.decode()

    assert "อนุมัติคำขอนี้หรือไม่" in html
    assert "วิทยากร" in html  # what happens next: the trainers decide
    alices.refresh_from_db()
    assert alices.status == Status.AGENCY_PENDING

    response = client.post(_approve(alices), {"reason": "เหมาะสม"}, follow=True)

    alices.refresh_from_db()
    assert alices.status == Status.PENDING
    [decision] = alices.decisions.all()
    assert (decision.by, decision.reason) == (world.coordinator, "เหมาะสม")
    assert "อนุมัติคำขอของ" in response.content.decode()


def test_declining_with_a_reason_shows_in_the_agencys_history(client, world, alices):
    client.force_login(world.coordinator)

    client.post(_decline(alices), {"reason": "ติดภารกิจ"})

    alices.refresh_from_db()
    assert alices.status == Status.REJECTED
    html = client.get(LIST).content.decode()
    assert "ติดภารกิจ" in html and "ปฏิเสธแล้ว" in html


def test_a_decision_after_the_deadline_is_refused_with_a_message(client, world, alices):
    # Its last day to decide was yesterday; the hourly job has not expired it yet.
    Enrollment.objects.filter(pk=alices.pk).update(
        decide_by=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(world.coordinator)
    before = _state()

    page = client.get(_approve(alices)).content.decode()
    response = client.post(_approve(alices), follow=True)

    assert "เลยกำหนด" in page
    assert "เลยกำหนด" in response.content.decode()
    assert _state() == before


def test_a_request_decided_already_says_so(client, world, alices):
    enrolment.agency_decline(alices, world.coordinator)
    client.force_login(world.coordinator)
    before = _state()

    page = client.get(_approve(alices)).content.decode()
    response = client.post(_approve(alices), follow=True)

    assert "ไม่ได้รอการพิจารณาของหน่วยงานแล้ว" in page
    assert "ไม่ได้รอการพิจารณาของหน่วยงานแล้ว" in response.content.decode()
    assert _state() == before


def test_my_learning_shows_the_wait_and_the_history(client, world, alices):
    client.force_login(world.alice)

    html = client.get("/th/me/").content.decode()
    assert "รอหน่วยงานอนุมัติ" in html
    assert "ผู้ประสานงานหน่วยงานของท่านจะพิจารณาภายใน" in html

    enrolment.agency_approve(alices, world.coordinator, "ไปได้")
    html = client.get("/th/me/").content.decode()
    assert "หน่วยงานของผู้เรียน" in html and "ไปได้" in html and "ประสาน" in html


def test_the_staff_page_links_to_the_requests(client, world):
    client.force_login(world.coordinator)

    assert LIST in client.get("/th/my-agency/").content.decode()


def test_a_coordinator_of_two_agencies_switches(client, world, alices, charlies):
    from accounts.models import AgencyCoordinator

    both = make_learner(first_name_th="สอง", last_name_th="หน่วย", agency=world.lands)
    AgencyCoordinator.objects.create(user=both, agency=world.lands)
    AgencyCoordinator.objects.create(user=both, agency=world.irrigation)
    client.force_login(both)

    html = client.get(LIST, {"agency": world.irrigation.pk}).content.decode()

    assert "ชาลี" in html and "อลิส" not in html


def test_the_trainers_roster_shows_the_agencys_decision(client, world, cohort, alices):
    from django.urls import reverse

    from tests.factories import make_trainer

    trainer = make_trainer()
    cohort.trainers.add(trainer)
    enrolment.agency_approve(alices, world.coordinator, "เหมาะสมกับงาน")
    client.force_login(trainer)

    html = client.get(reverse("courses_admin_roster", args=[cohort.code])).content.decode()

    assert "หน่วยงานของผู้เรียน" in html and "เหมาะสมกับงาน" in html
    assert "ประสาน" in html  # who decided
