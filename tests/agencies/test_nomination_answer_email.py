"""The coordinator who nominated someone is e-mailed the nominee's answer, in the coordinator's
language, through the outbox after the answer is committed."""

import pytest
from django.utils import translation

from accounts.models import AgencyCoordinator
from agencies import nominations
from courses.models import Enrollment
from outbox.models import OutboxMessage
from tests.agencies.helpers import make_agencies
from tests.courses.helpers import make_cohort

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_agencies()


@pytest.fixture
def cohort():
    return make_cohort(capacity=2)


def _to_coordinator(world, mailoutbox):
    """The e-mails to the coordinator (accepting also e-mails the nominee their enrolment)."""
    return [m for m in mailoutbox if m.to == [world.coordinator.email]]


def _name(person, language):
    with translation.override(language):
        return person.display_name


def _nominate(world, cohort, person):
    return nominations.nominate(world.coordinator, cohort, world.lands, person=person)


def test_the_coordinator_is_told_in_thai_that_the_nominee_accepted(
    world, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = _nominate(world, cohort, world.alice)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        nominations.accept(nomination, world.alice)

    [mail] = _to_coordinator(world, mailoutbox)
    assert mail.subject.startswith(f"{_name(world.alice, 'th')} ตอบรับการเสนอชื่อ")
    with translation.override("th"):
        enrolled = str(Enrollment.Status.ENROLLED.label)
    assert f"สถานะการลงทะเบียน: {enrolled}" in mail.body
    assert str(cohort.start_date.year + 543) in mail.body  # Buddhist era
    assert f"/th/my-agency/nominations/?agency={world.lands.pk}" in mail.body
    # The outbox row names both people, for their data exports and erasure.
    row = OutboxMessage.objects.get(recipient=world.coordinator.email)
    assert row.recipient_user == world.coordinator and row.about_user == world.alice


def test_an_english_speaking_coordinator_is_told_in_english_with_the_reason(
    world, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    world.coordinator.preferred_language = "en"
    world.coordinator.save()
    nomination = _nominate(world, cohort, world.alice)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        nominations.decline(nomination, world.alice, reason="ติดราชการต่างจังหวัด")

    [mail] = mailoutbox
    assert mail.to == [world.coordinator.email]
    assert mail.subject.startswith(f"{_name(world.alice, 'en')} declined the nomination")
    assert "Reason: ติดราชการต่างจังหวัด" in mail.body
    assert "Department of Lands" in mail.body
    assert "/en/my-agency/nominations/" in mail.body


def test_an_accepted_nomination_tells_the_coordinator_what_the_enrolment_became(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    cohort = make_cohort(approval_required=True)
    world.coordinator.preferred_language = "en"
    world.coordinator.save()
    nomination = _nominate(world, cohort, world.bob)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        nominations.accept(nomination, world.bob)

    [mail] = _to_coordinator(world, mailoutbox)
    assert mail.subject.startswith("Ms Bob Lands accepted the nomination")
    assert "Enrolment: Pending approval" in mail.body


def test_nothing_is_sent_before_the_answer_is_committed(
    world, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = _nominate(world, cohort, world.alice)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        nominations.decline(nomination, world.alice)

    assert mailoutbox == []
    assert OutboxMessage.objects.filter(recipient=world.coordinator.email).count() == 1
    assert callbacks  # published once the transaction commits


def test_a_refused_answer_sends_nothing(
    world, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = _nominate(world, cohort, world.alice)
    nominations.decline(nomination, world.alice)
    before = OutboxMessage.objects.count()

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(nominations.NominationRefused),
    ):
        nominations.accept(nomination, world.alice)

    assert OutboxMessage.objects.count() == before


def test_a_coordinator_who_no_longer_coordinates_the_agency_is_not_told(
    world, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = _nominate(world, cohort, world.alice)
    AgencyCoordinator.objects.filter(user=world.coordinator).delete()
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        nominations.accept(nomination, world.alice)

    assert _to_coordinator(world, mailoutbox) == []
    assert [m.to for m in mailoutbox] == [[world.alice.email]]  # her enrolment, as ever
    assert not OutboxMessage.objects.filter(recipient=world.coordinator.email).exists()
