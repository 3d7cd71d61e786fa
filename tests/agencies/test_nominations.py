"""The nomination workflow: a coordinator nominates their agency's staff into a cohort, the
nominee accepts (enrolled through the enrolment workflow) or declines, the coordinator
withdraws; every refusal says why and changes nothing."""

import datetime

import pytest
import time_machine
from django.utils import timezone, translation

from agencies import nominations
from agencies.models import Nomination
from agencies.nominations import NominationRefused
from courses.models import Enrollment
from outbox.models import OutboxMessage
from tests.agencies.helpers import make_agencies
from tests.courses.helpers import make_cohort
from tests.factories import days_from_now, make_learner, make_trainer

pytestmark = pytest.mark.django_db
Status = Nomination.Status


@pytest.fixture
def world():
    return make_agencies()


@pytest.fixture
def cohort():
    return make_cohort(capacity=2)


def _state():
    """What a refusal must leave alone."""
    return (
        list(Nomination.objects.order_by("pk").values_list("pk", "status", "nominee", "reason")),
        list(Enrollment.objects.order_by("pk").values_list("pk", "status")),
        OutboxMessage.objects.count(),
    )


def _refused(call, *args, **kwargs) -> str:
    before = _state()
    # Read in English here; the views' tests read the Thai.
    with translation.override("en"), pytest.raises(NominationRefused) as refusal:
        call(*args, **kwargs)
    assert _state() == before
    with translation.override("en"):
        return str(refusal.value.message)


def test_a_coordinator_nominates_their_staff_who_is_emailed_in_thai(
    world, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        nomination = nominations.nominate(
            world.coordinator, cohort, world.lands, person=world.alice
        )

    assert nomination.status == Status.NOMINATED
    assert nomination.respond_by == cohort.start_date  # the last day of enrolment
    [mail] = mailoutbox
    assert mail.to == [world.alice.email]
    assert mail.subject.startswith("หน่วยงานของท่านเสนอชื่อท่านเข้ารับการอบรม")
    assert "กรมที่ดิน" in mail.body
    assert str(cohort.start_date.year + 543) in mail.body  # Buddhist era
    assert "/th/me/" in mail.body
    assert not Enrollment.objects.exists()  # nothing is enrolled before the nominee accepts


def test_an_english_speaker_is_told_in_english(
    world, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        nominations.nominate(world.coordinator, cohort, world.lands, person=world.bob)

    [mail] = mailoutbox
    assert mail.subject.startswith("Your agency has nominated you")
    assert "Department of Lands" in mail.body and "/en/me/" in mail.body


def test_accepting_enrols_the_nominee(world, cohort):
    nomination = nominations.nominate(world.coordinator, cohort, world.lands, person=world.alice)

    nomination = nominations.accept(nomination, world.alice)

    assert nomination.status == Status.ACCEPTED and nomination.decided_at
    enrollment = Enrollment.objects.get(learner=world.alice, cohort=cohort)
    assert enrollment.status == Enrollment.Status.ENROLLED
    assert nomination.enrollment == enrollment
    assert nomination.history.first().history_user == world.alice


def test_accepting_a_cohort_that_needs_approval_leaves_the_request_pending(world):
    cohort = make_cohort(approval_required=True)
    nomination = nominations.nominate(world.coordinator, cohort, world.lands, person=world.alice)

    nominations.accept(nomination, world.alice)

    assert Enrollment.objects.get(learner=world.alice).status == Enrollment.Status.PENDING


def test_declining_records_the_reason_and_enrols_nobody(world, cohort):
    nomination = nominations.nominate(world.coordinator, cohort, world.lands, person=world.alice)

    nomination = nominations.decline(nomination, world.alice, reason="  ติดราชการ  ")

    assert nomination.status == Status.DECLINED and nomination.reason == "ติดราชการ"
    assert not Enrollment.objects.exists()


def test_a_declined_person_can_be_nominated_again(world, cohort):
    first = nominations.nominate(world.coordinator, cohort, world.lands, person=world.alice)
    nominations.decline(first, world.alice)

    again = nominations.nominate(world.coordinator, cohort, world.lands, person=world.alice)

    assert again.status == Status.NOMINATED and again.pk != first.pk


def test_someone_of_another_agency_cannot_be_nominated(world, cohort):
    message = _refused(
        nominations.nominate, world.coordinator, cohort, world.lands, person=world.charlie
    )
    assert "not on the staff" in message


def test_a_coordinator_cannot_nominate_for_an_agency_they_do_not_coordinate(world, cohort):
    message = _refused(
        nominations.nominate, world.coordinator, cohort, world.irrigation, person=world.charlie
    )
    assert "do not coordinate" in message


def test_a_learner_who_coordinates_nothing_cannot_nominate(world, cohort):
    _refused(nominations.nominate, world.alice, cohort, world.lands, person=world.bob)


def test_a_duplicate_nomination_is_refused(world, cohort):
    nominations.nominate(world.coordinator, cohort, world.lands, person=world.alice)

    message = _refused(
        nominations.nominate, world.coordinator, cohort, world.lands, person=world.alice
    )
    assert "already nominated" in message


def test_an_accepted_nomination_blocks_another(world, cohort):
    nomination = nominations.nominate(world.coordinator, cohort, world.lands, person=world.alice)
    nominations.accept(nomination, world.alice)

    message = _refused(
        nominations.nominate, world.coordinator, cohort, world.lands, person=world.alice
    )
    assert "already nominated" in message


def test_someone_enrolled_already_cannot_be_nominated(world, cohort):
    Enrollment.objects.create(learner=world.alice, cohort=cohort, status="waitlisted")

    message = _refused(
        nominations.nominate, world.coordinator, cohort, world.lands, person=world.alice
    )
    assert "already enrolled" in message


def test_a_trainer_of_the_cohort_cannot_be_nominated_to_it(world):
    trainer = make_trainer(agency=world.lands)
    cohort = make_cohort(trainers=[trainer])

    _refused(nominations.nominate, world.coordinator, cohort, world.lands, person=trainer)


def test_a_closed_cohort_is_refused(world):
    cohort = make_cohort(enrolment_closes_at=timezone.now() - datetime.timedelta(hours=1))

    message = _refused(
        nominations.nominate, world.coordinator, cohort, world.lands, person=world.alice
    )
    assert "closed" in message


def test_a_full_cohort_is_refused(world):
    cohort = make_cohort(capacity=1)
    Enrollment.objects.create(learner=make_learner(), cohort=cohort, status="enrolled")
    type(cohort).objects.filter(pk=cohort.pk).update(seats_taken=1)

    message = _refused(
        nominations.nominate, world.coordinator, cohort, world.lands, person=world.alice
    )
    assert "full" in message


def test_an_answer_date_after_enrolment_closes_is_refused(world, cohort):
    message = _refused(
        nominations.nominate,
        world.coordinator,
        cohort,
        world.lands,
        person=world.alice,
        respond_by=cohort.start_date + datetime.timedelta(days=1),
    )
    assert "on or before" in message


def test_a_decision_after_the_date_is_refused_and_changes_nothing(world, cohort):
    nomination = nominations.nominate(
        world.coordinator, cohort, world.lands, person=world.alice, respond_by=days_from_now(3)
    )

    with time_machine.travel(timezone.now() + datetime.timedelta(days=4)):
        assert "has passed" in _refused(nominations.accept, nomination, world.alice)
        assert "has passed" in _refused(nominations.decline, nomination, world.alice)
        assert "has passed" in _refused(nominations.withdraw, nomination, world.coordinator)


def test_only_the_nominee_can_answer(world, cohort):
    nomination = nominations.nominate(world.coordinator, cohort, world.lands, person=world.alice)

    _refused(nominations.accept, nomination, world.bob)
    _refused(nominations.decline, nomination, world.coordinator)


def test_an_answered_nomination_cannot_be_answered_again(world, cohort):
    nomination = nominations.nominate(world.coordinator, cohort, world.lands, person=world.alice)
    nominations.decline(nomination, world.alice)

    assert "no longer waiting" in _refused(nominations.accept, nomination, world.alice)


def test_a_refused_enrolment_refuses_the_acceptance(world, cohort):
    nomination = nominations.nominate(world.coordinator, cohort, world.lands, person=world.alice)
    # The enrolment window shuts before the nominee answers.
    cohort.enrolment_closes_at = timezone.now() - datetime.timedelta(minutes=1)
    cohort.save()

    assert "closed" in _refused(nominations.accept, nomination, world.alice)
    assert Nomination.objects.get().status == Status.NOMINATED


def test_the_coordinator_withdraws_and_the_nominee_is_told(
    world, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = nominations.nominate(world.coordinator, cohort, world.lands, person=world.alice)

    with django_capture_on_commit_callbacks(execute=True):
        nomination = nominations.withdraw(nomination, world.coordinator)

    assert nomination.status == Status.WITHDRAWN
    assert mailoutbox[-1].subject.startswith("หน่วยงานถอนการเสนอชื่อ")
    assert "no longer waiting" in _refused(nominations.accept, nomination, world.alice)


def test_another_agencys_coordinator_cannot_withdraw(world, cohort):
    nomination = nominations.nominate(world.coordinator, cohort, world.lands, person=world.alice)

    assert "do not coordinate" in _refused(
        nominations.withdraw, nomination, world.other_coordinator
    )


def test_an_accepted_nomination_cannot_be_withdrawn(world, cohort):
    nomination = nominations.nominate(world.coordinator, cohort, world.lands, person=world.alice)
    nominations.accept(nomination, world.alice)

    _refused(nominations.withdraw, nomination, world.coordinator)


def test_overdue_nominations_expire_once(world, cohort):
    nominations.nominate(
        world.coordinator, cohort, world.lands, person=world.alice, respond_by=days_from_now(1)
    )
    answered = nominations.nominate(world.coordinator, cohort, world.lands, person=world.bob)
    nominations.decline(answered, world.bob)

    assert nominations.expire_overdue(today=days_from_now(1)) == 0
    assert nominations.expire_overdue(today=days_from_now(2)) == 1
    assert nominations.expire_overdue(today=days_from_now(2)) == 0
    assert Nomination.objects.get(nominee=world.alice).status == Status.EXPIRED
    assert Nomination.objects.get(nominee=world.bob).status == Status.DECLINED


def test_an_email_with_an_account_nominates_the_account(world, cohort):
    nomination = nominations.nominate(
        world.coordinator, cohort, world.lands, email=world.alice.email.upper()
    )
    assert nomination.nominee == world.alice and nomination.invited_email == ""


def test_an_email_of_another_agencys_account_is_refused(world, cohort):
    _refused(
        nominations.nominate, world.coordinator, cohort, world.lands, email=world.charlie.email
    )


def test_an_invalid_email_is_refused(world, cohort):
    assert "not an e-mail" in _refused(
        nominations.nominate, world.coordinator, cohort, world.lands, email="somchai@"
    )
