import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone, translation

from cms.models import CoursePage
from courses.enrolment import EnrolmentRefused, approve, enrol, reject, withdraw
from courses.models import Cohort, Enrollment
from tests.courses.helpers import make_cohort
from tests.factories import days_from_now, make_learner, make_opdc_staff, make_trainer

pytestmark = pytest.mark.django_db
Status = Enrollment.Status


@pytest.fixture(autouse=True)
def _english():
    """Refusals are matched in English: without this, they came out in whatever language an
    earlier test in the same process left active (Thai, the default, when run alone)."""
    with translation.override("en"):
        yield


def test_it_enrols_a_learner_and_takes_a_seat():
    cohort = make_cohort(capacity=2)
    enrollment = enrol(make_learner(), cohort)
    cohort.refresh_from_db()
    assert enrollment.status == Status.ENROLLED
    assert cohort.seats_taken == 1
    assert cohort.seats_left == 1


def test_a_double_submit_returns_the_same_enrolment():
    cohort = make_cohort()
    learner = make_learner()
    first = enrol(learner, cohort)
    second = enrol(learner, cohort)
    cohort.refresh_from_db()
    assert first.pk == second.pk
    assert Enrollment.objects.filter(learner=learner).count() == 1
    assert cohort.seats_taken == 1


def test_it_waitlists_when_the_cohort_is_full():
    cohort = make_cohort(capacity=1)
    enrol(make_learner(), cohort)
    late = enrol(make_learner(), cohort)
    cohort.refresh_from_db()
    assert late.status == Status.WAITLISTED
    assert cohort.seats_taken == 1


def test_it_refuses_before_the_window_opens():
    cohort = make_cohort(enrolment_opens_at=timezone.now() + datetime.timedelta(days=1))
    with pytest.raises(EnrolmentRefused, match="not opened yet"):
        enrol(make_learner(), cohort)
    assert not Enrollment.objects.exists()


def test_it_refuses_after_the_window_closes():
    cohort = make_cohort(enrolment_closes_at=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(EnrolmentRefused, match="closed"):
        enrol(make_learner(), cohort)
    assert not Enrollment.objects.exists()


def test_without_a_closing_time_enrolment_closes_when_the_cohort_starts():
    cohort = make_cohort(start_date=days_from_now(-1), end_date=days_from_now(2))
    with pytest.raises(EnrolmentRefused):
        enrol(make_learner(), cohort)
    assert cohort not in Cohort.objects.open_for_enrollment()


def test_open_for_enrollment_lists_only_cohorts_with_an_open_window():
    now = timezone.now()
    open_ = make_cohort()
    make_cohort(enrolment_opens_at=now + datetime.timedelta(days=1))
    make_cohort(enrolment_closes_at=now - datetime.timedelta(days=1))
    assert list(Cohort.objects.open_for_enrollment()) == [open_]


def test_approval_required_makes_a_pending_request_without_a_seat():
    cohort = make_cohort(approval_required=True)
    enrollment = enrol(make_learner(), cohort)
    cohort.refresh_from_db()
    assert enrollment.status == Status.PENDING
    assert cohort.seats_taken == 0


def test_a_trainer_approves_into_a_seat_or_the_waitlist():
    trainer = make_trainer()
    cohort = make_cohort(approval_required=True, capacity=1, trainers=[trainer])
    first = enrol(make_learner(), cohort)
    second = enrol(make_learner(), cohort)
    assert approve(first, trainer).status == Status.ENROLLED
    assert approve(second, trainer).status == Status.WAITLISTED
    cohort.refresh_from_db()
    assert cohort.seats_taken == 1


def test_a_trainer_rejects_a_pending_request_and_the_learner_cannot_resubmit():
    trainer = make_trainer()
    cohort = make_cohort(approval_required=True)
    learner = make_learner()
    enrollment = reject(enrol(learner, cohort), trainer)
    assert enrollment.status == Status.REJECTED
    with pytest.raises(EnrolmentRefused, match="declined"):
        enrol(learner, cohort)


def test_only_pending_requests_can_be_approved():
    cohort = make_cohort()
    enrollment = enrol(make_learner(), cohort)
    with pytest.raises(EnrolmentRefused):
        approve(enrollment, make_trainer())
    enrollment.refresh_from_db()
    assert enrollment.status == Status.ENROLLED


def test_withdrawing_frees_the_seat_for_the_oldest_waitlisted_learner():
    cohort = make_cohort(capacity=1)
    seated = enrol(make_learner(), cohort)
    first_waiting = enrol(make_learner(), cohort)
    second_waiting = enrol(make_learner(), cohort)
    withdraw(seated, seated.learner)
    for enrollment in (seated, first_waiting, second_waiting):
        enrollment.refresh_from_db()
    cohort.refresh_from_db()
    assert seated.status == Status.WITHDRAWN
    assert first_waiting.status == Status.ENROLLED
    assert second_waiting.status == Status.WAITLISTED
    assert cohort.seats_taken == 1


def test_the_waitlist_is_first_in_first_out_across_several_withdrawals():
    cohort = make_cohort(capacity=2)
    seated = [enrol(make_learner(), cohort) for _ in range(2)]
    waiting = [enrol(make_learner(), cohort) for _ in range(3)]
    for enrollment in seated:
        withdraw(enrollment, enrollment.learner)
    statuses = [Enrollment.objects.get(pk=e.pk).status for e in waiting]
    assert statuses == [Status.ENROLLED, Status.ENROLLED, Status.WAITLISTED]


def test_withdrawing_twice_is_harmless_and_frees_one_seat_only():
    cohort = make_cohort(capacity=3)
    enrollment = enrol(make_learner(), cohort)
    enrol(make_learner(), cohort)
    withdraw(enrollment, enrollment.learner)
    withdraw(enrollment, enrollment.learner)
    cohort.refresh_from_db()
    assert cohort.seats_taken == 1


def test_withdrawing_from_the_waitlist_keeps_the_seats():
    cohort = make_cohort(capacity=1)
    enrol(make_learner(), cohort)
    waiting = enrol(make_learner(), cohort)
    withdraw(waiting, waiting.learner)
    cohort.refresh_from_db()
    assert cohort.seats_taken == 1


def test_a_learner_who_withdrew_can_come_back_at_the_end_of_the_queue():
    cohort = make_cohort(capacity=1)
    learner = make_learner()
    first = enrol(learner, cohort)
    withdraw(first, learner)
    again = enrol(learner, cohort)
    assert again.pk == first.pk
    assert again.status == Status.ENROLLED
    assert Enrollment.objects.count() == 1


def test_a_trainer_of_the_cohort_cannot_enrol_in_it():
    trainer = make_trainer()
    cohort = make_cohort(trainers=[trainer])
    with pytest.raises(EnrolmentRefused):
        enrol(trainer, cohort)
    assert not Enrollment.objects.exists()


def test_history_rows_name_the_actor():
    trainer = make_trainer()
    cohort = make_cohort(approval_required=True, trainers=[trainer])
    learner = make_learner()
    enrollment = approve(enrol(learner, cohort), trainer)
    withdraw(enrollment, learner)
    history = list(enrollment.history.order_by("history_date", "history_id"))
    assert [(row.status, row.history_user) for row in history] == [
        (Status.PENDING, learner),
        (Status.ENROLLED, trainer),
        (Status.WITHDRAWN, learner),
    ]
    enrollment.refresh_from_db()
    assert enrollment.status_changed_by == learner


def test_managed_by_shows_trained_cohorts_and_everything_to_opdc_staff():
    trainer = make_trainer()
    mine = make_cohort(trainers=[trainer])
    other = make_cohort(trainers=[make_trainer()])
    assert list(Cohort.objects.managed_by(trainer)) == [mine]
    assert set(Cohort.objects.managed_by(make_opdc_staff())) == {mine, other}
    assert not Cohort.objects.managed_by(make_learner()).exists()
    assert not Cohort.objects.managed_by(AnonymousUser()).exists()


def test_joinable_by_leaves_out_unpublished_courses_and_the_persons_own_cohorts():
    trainer = make_trainer()
    open_cohort = make_cohort()
    trained = make_cohort(trainers=[trainer, make_trainer()])
    unpublished = make_cohort()
    CoursePage.objects.filter(pk=unpublished.course_id).update(live=False)

    assert set(Cohort.objects.joinable_by(make_learner())) == {open_cohort, trained}
    assert set(Cohort.objects.joinable_by(trainer)) == {open_cohort}
    # OPDC staff take courses too; they may join any cohort they are not a trainer of.
    assert set(Cohort.objects.joinable_by(make_opdc_staff())) == {open_cohort, trained}


def test_for_learner_shows_only_my_enrolments():
    cohort = make_cohort()
    learner = make_learner()
    mine = enrol(learner, cohort)
    enrol(make_learner(), cohort)
    assert list(Enrollment.objects.for_learner(learner)) == [mine]
