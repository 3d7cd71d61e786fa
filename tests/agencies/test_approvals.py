"""Two-stage approval of self-requests (issue #16): the agency's coordinator decides first,
then a trainer; each stage has a deadline, a request nobody decided is reminded and then
expires; every decision is recorded with who and why. Every refusal says why and changes
nothing."""

import datetime

import pytest
import time_machine
from django.utils import timezone, translation

from agencies import approvals, nominations
from courses import enrolment
from courses.enrolment import EnrolmentRefused
from courses.models import Enrollment, RequestDecision
from outbox.models import OutboxMessage
from tests.agencies.helpers import make_agencies
from tests.courses.helpers import make_cohort
from tests.factories import days_from_now, make_learner, make_trainer

pytestmark = pytest.mark.django_db
Status = Enrollment.Status
Decision = RequestDecision.Decision
Stage = RequestDecision.Stage


@pytest.fixture
def world():
    return make_agencies()


@pytest.fixture
def trainer():
    return make_trainer(first_name_th="วิทยา", last_name_th="กร")


@pytest.fixture
def cohort(trainer):
    """Both stages: the agency, then a trainer."""
    return make_cohort(
        capacity=2,
        agency_approval_required=True,
        approval_required=True,
        agency_approval_days=3,
        trainer_approval_days=2,
        trainers=[trainer],
    )


def _state():
    """What a refusal must leave alone."""
    return (
        list(
            Enrollment.objects.order_by("pk").values_list(
                "pk", "status", "decide_by", "reminded_at"
            )
        ),
        list(RequestDecision.objects.order_by("pk").values_list("pk", "decision")),
        OutboxMessage.objects.count(),
    )


def _refused(call, *args, **kwargs) -> str:
    before = _state()
    with translation.override("en"), pytest.raises(EnrolmentRefused) as refusal:
        call(*args, **kwargs)
    assert _state() == before
    with translation.override("en"):
        return str(refusal.value.message)


def _history(enrollment):
    return list(
        enrollment.decisions.order_by("at", "pk").values_list("stage", "decision", "by", "reason")
    )


def test_a_request_waits_for_the_agency_first_and_its_coordinator_is_told(
    world, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enrollment = enrolment.enrol(world.alice, cohort)

    assert enrollment.status == Status.AGENCY_PENDING
    assert enrollment.decide_by == days_from_now(3)
    assert cohort.seats_left == 2  # no seat is held while the agency decides
    to = {mail.to[0]: mail for mail in mailoutbox}
    assert set(to) == {world.alice.email, world.coordinator.email}  # not the other agency's
    assert to[world.alice.email].subject.startswith("ได้รับคำขอลงทะเบียนแล้ว รอหน่วยงานอนุมัติ")
    assert str(days_from_now(3).year + 543) in to[world.alice.email].body  # Buddhist era
    assert "/th/my-agency/requests/" in to[world.coordinator.email].body


def test_the_trainer_cannot_approve_before_the_agency(world, cohort, trainer):
    enrollment = enrolment.enrol(world.alice, cohort)

    message = _refused(enrolment.approve, enrollment, trainer)

    assert "still waiting for the learner's agency" in message


def test_approved_by_the_agency_it_goes_to_the_trainer_with_a_new_deadline(
    world, cohort, trainer, mailoutbox, django_capture_on_commit_callbacks
):
    enrollment = enrolment.enrol(world.alice, cohort)
    mailoutbox.clear()

    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        with django_capture_on_commit_callbacks(execute=True):
            enrollment = enrolment.agency_approve(enrollment, world.coordinator, "ส่งไปได้")
        tomorrow = timezone.localdate()

        assert enrollment.status == Status.PENDING
        assert enrollment.decide_by == tomorrow + datetime.timedelta(days=2)
        [mail] = mailoutbox
        assert mail.to == [world.alice.email]
        assert mail.subject.startswith("หน่วยงานอนุมัติคำขอของท่านแล้ว")

        enrollment = enrolment.approve(enrollment, trainer)

    assert enrollment.status == Status.ENROLLED
    assert enrollment.decide_by is None
    assert _history(enrollment) == [
        (Stage.AGENCY, Decision.APPROVED, world.coordinator.pk, "ส่งไปได้"),
        (Stage.TRAINER, Decision.APPROVED, trainer.pk, ""),
    ]


def test_without_a_trainers_approval_the_agencys_approval_seats_the_learner(world):
    cohort = make_cohort(capacity=1, agency_approval_required=True)
    alice = enrolment.enrol(world.alice, cohort)
    bob = enrolment.enrol(world.bob, cohort)

    alice = enrolment.agency_approve(alice, world.coordinator)
    bob = enrolment.agency_approve(bob, world.coordinator)

    assert (alice.status, bob.status) == (Status.ENROLLED, Status.WAITLISTED)
    cohort.refresh_from_db()
    assert cohort.seats_taken == 1  # never oversold

    enrolment.withdraw(alice, world.alice)
    bob.refresh_from_db()
    assert bob.status == Status.ENROLLED  # the waitlist still moves up


def test_the_agency_declines_with_a_reason_the_learner_reads_in_their_language(
    world, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    enrollment = enrolment.enrol(world.bob, cohort)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        enrollment = enrolment.agency_decline(enrollment, world.coordinator, "  ติดราชการ  ")

    assert enrollment.status == Status.REJECTED
    [mail] = mailoutbox
    assert mail.subject.startswith("Your agency declined your request")
    assert "Reason: ติดราชการ" in mail.body
    assert _history(enrollment) == [
        (Stage.AGENCY, Decision.DECLINED, world.coordinator.pk, "ติดราชการ")
    ]
    assert "declined" in _refused(enrolment.enrol, world.bob, cohort)  # cannot simply ask again


def test_a_coordinator_of_another_agency_cannot_decide(world, cohort):
    enrollment = enrolment.enrol(world.alice, cohort)

    for call in (enrolment.agency_approve, enrolment.agency_decline):
        message = _refused(call, enrollment, world.other_coordinator)
        assert "Only a coordinator of the learner's agency" in message
    # Nor the learner themselves, nor a trainer.
    assert "Only a coordinator" in _refused(enrolment.agency_approve, enrollment, world.alice)


def test_a_decided_request_cannot_be_decided_again(world, cohort):
    enrollment = enrolment.enrol(world.alice, cohort)
    enrolment.agency_decline(enrollment, world.coordinator)

    message = _refused(enrolment.agency_approve, enrollment, world.coordinator)

    assert "no longer waiting for the agency's decision: Rejected" in message


def test_a_decision_after_the_deadline_is_refused(world, cohort, trainer):
    enrollment = enrolment.enrol(world.alice, cohort)

    with time_machine.travel(timezone.now() + datetime.timedelta(days=4)):
        message = _refused(enrolment.agency_approve, enrollment, world.coordinator)
        assert "has passed" in message

    enrollment = enrolment.agency_approve(enrollment, world.coordinator)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        assert "has passed" in _refused(enrolment.approve, enrollment, trainer)
        assert "has passed" in _refused(enrolment.reject, enrollment, trainer)


def test_the_deadline_is_never_after_the_cohorts_first_day(world):
    cohort = make_cohort(
        agency_approval_required=True,
        agency_approval_days=30,
        start_date=days_from_now(2),
        end_date=days_from_now(3),
    )

    assert enrolment.enrol(world.alice, cohort).decide_by == days_from_now(2)


def test_a_nominee_skips_the_agencys_stage(world, cohort, trainer):
    nomination = nominations.nominate(world.coordinator, cohort, world.lands, person=world.alice)

    nomination = nominations.accept(nomination, world.alice)

    enrollment = nomination.enrollment
    assert enrollment.status == Status.PENDING  # straight to the trainers
    assert enrollment.decide_by == days_from_now(2)


def test_a_learner_without_an_agency_or_coordinator_is_told_what_to_do(world, cohort):
    nobody = make_learner(first_name_th="ไร้", last_name_th="สังกัด")
    assert "name your agency in your profile" in _refused(enrolment.enrol, nobody, cohort)

    from tests.factories import make_agency

    lonely = make_learner(agency=make_agency("Department of Nowhere"))
    assert "has no coordinator" in _refused(enrolment.enrol, lonely, cohort)


def test_a_learner_can_withdraw_while_the_agency_decides(world, cohort):
    enrollment = enrolment.enrol(world.alice, cohort)

    enrollment = enrolment.withdraw(enrollment, world.alice)

    assert enrollment.status == Status.WITHDRAWN
    assert "no longer waiting" in _refused(enrolment.agency_approve, enrollment, world.coordinator)


# --- The deadline job ----------------------------------------------------------------------


def _later(days: int):
    return time_machine.travel(timezone.now() + datetime.timedelta(days=days))


def test_the_coordinators_are_reminded_once_the_day_before_the_deadline(
    world, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    enrolment.enrol(world.alice, cohort)  # decide by: in three days
    mailoutbox.clear()

    with _later(1), django_capture_on_commit_callbacks(execute=True):
        assert approvals.run_deadlines() == {"expired": 0, "reminded": 0}  # not due yet
    with _later(2), django_capture_on_commit_callbacks(execute=True):
        assert approvals.run_deadlines() == {"expired": 0, "reminded": 1}
        assert approvals.run_deadlines() == {"expired": 0, "reminded": 0}  # idempotent
    with _later(3), django_capture_on_commit_callbacks(execute=True):
        assert approvals.run_deadlines() == {"expired": 0, "reminded": 0}  # once per stage

    [mail] = mailoutbox
    assert mail.to == [world.coordinator.email]
    assert mail.subject.startswith("เตือน: คำขอรอหน่วยงานอนุมัติ")
    assert "อลิส" in mail.body


def test_the_trainers_stage_is_reminded_on_its_own(
    world, cohort, trainer, mailoutbox, django_capture_on_commit_callbacks
):
    enrollment = enrolment.enrol(world.alice, cohort)
    with _later(2), django_capture_on_commit_callbacks(execute=True):
        approvals.run_deadlines()  # the coordinator is reminded
        enrolment.agency_approve(enrollment, world.coordinator)  # trainers: two days
        assert approvals.run_deadlines()["reminded"] == 0
    mailoutbox.clear()
    with _later(3), django_capture_on_commit_callbacks(execute=True):
        assert approvals.run_deadlines()["reminded"] == 1

    [mail] = mailoutbox
    assert mail.to == [trainer.email]
    assert "/admin/" in mail.body and cohort.code in mail.body


def test_an_undecided_request_expires_after_its_deadline_and_the_learner_is_told(
    world, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    enrollment = enrolment.enrol(world.bob, cohort)
    mailoutbox.clear()

    with _later(3), django_capture_on_commit_callbacks(execute=True):
        assert approvals.expire_overdue() == 0  # the last day to decide is today
    with _later(4), django_capture_on_commit_callbacks(execute=True):
        assert approvals.run_deadlines()["expired"] == 1
        assert approvals.run_deadlines()["expired"] == 0  # twice changes nothing more

    enrollment.refresh_from_db()
    assert enrollment.status == Status.EXPIRED
    assert _history(enrollment) == [(Stage.AGENCY, Decision.EXPIRED, None, "")]
    expired = [mail for mail in mailoutbox if mail.to == [world.bob.email]]
    assert len(expired) == 1
    assert expired[0].subject.startswith("Your request has expired")
    assert "by your agency" in expired[0].body
    # An expired request may be made again, at the end of the queue.
    with _later(4):
        assert enrolment.enrol(world.bob, cohort).status == Status.AGENCY_PENDING


def test_a_request_decided_meanwhile_does_not_expire(world, cohort, trainer):
    enrollment = enrolment.enrol(world.alice, cohort)
    enrollment = enrolment.agency_approve(enrollment, world.coordinator)
    enrolment.approve(enrollment, trainer)

    with _later(30):
        assert approvals.run_deadlines() == {"expired": 0, "reminded": 0}

    enrollment.refresh_from_db()
    assert enrollment.status == Status.ENROLLED


def test_a_plain_pending_request_has_no_deadline(world, trainer):
    cohort = make_cohort(approval_required=True, trainers=[trainer])
    enrollment = enrolment.enrol(world.alice, cohort)

    with _later(30):
        assert approvals.run_deadlines() == {"expired": 0, "reminded": 0}

    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.decide_by) == (Status.PENDING, None)


def test_the_job_is_registered_hourly(settings):
    [entry] = [
        e
        for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "agencies.tasks.approval_deadlines"
    ]
    assert entry["schedule"] == 3600.0
    from agencies import tasks

    assert tasks.approval_deadlines() == {"expired": 0, "reminded": 0}


# --- Personal data -------------------------------------------------------------------------


def test_the_learner_and_the_coordinator_find_the_decision_in_their_data(world, cohort):
    from privacy import registry

    enrollment = enrolment.enrol(world.alice, cohort)
    enrolment.agency_decline(enrollment, world.coordinator, "ติดราชการ")

    for person in (world.alice, world.coordinator):
        [section] = [
            s
            for s in registry.export_person(person)["sections"]
            if s["model"] == "courses.requestdecision"
        ]
        assert [row["reason"] for row in section["rows"]] == ["ติดราชการ"]


def test_erasing_the_learner_keeps_the_decision_without_its_reason(world, cohort):
    from privacy import registry

    enrollment = enrolment.enrol(world.alice, cohort)
    enrolment.agency_decline(enrollment, world.coordinator, "ติดราชการ")

    registry.handler_for_label("courses.requestdecision").erase(world.alice)

    [decision] = RequestDecision.objects.all()
    assert (decision.decision, decision.by, decision.reason) == (
        Decision.DECLINED,
        world.coordinator,
        "",
    )
