"""The enrolment workflow: enrol, withdraw, approve, reject.

Called alike by the learner views, the trainer views, the demo seeder and imports.

Capacity is never exceeded: a seat is taken only by a conditional UPDATE
(`seats_taken < capacity`) inside the same transaction that writes the enrolment, so
hundreds of simultaneous requests cannot oversell a cohort on PostgreSQL (the UPDATE
re-checks the row after waiting for its lock) nor on SQLite (write transactions are
serialised); the `cohort_not_oversold` check constraint is the last line of defence.
A double submit finds the existing enrolment, or hits the one-per-learner unique
constraint and then returns the enrolment that won.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import roles
from courses import notifications
from courses.models import Cohort, Enrollment

Status = Enrollment.Status

# Statuses where a new request for the same cohort simply returns the enrolment.
_ACTIVE = (Status.PENDING, Status.ENROLLED, Status.WAITLISTED, Status.COMPLETED)


class EnrolmentRefused(Exception):
    """A request the learner or trainer cannot make; `message` is translated for display."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _take_seat(cohort_id: int) -> bool:
    return bool(
        Cohort.objects.filter(pk=cohort_id, seats_taken__lt=F("capacity")).update(
            seats_taken=F("seats_taken") + 1
        )
    )


def _free_seat(cohort_id: int) -> None:
    Cohort.objects.filter(pk=cohort_id, seats_taken__gt=0).update(seats_taken=F("seats_taken") - 1)


def _save(enrollment: Enrollment, status: str, by) -> Enrollment:
    enrollment.status = status
    enrollment.status_changed_by = by
    # django-simple-history names the actor of this history row.
    enrollment._history_user = by  # type: ignore[attr-defined]
    enrollment.save()
    return enrollment


def _check_window(cohort: Cohort, now) -> None:
    if cohort.enrollment_not_yet_open(now):
        raise EnrolmentRefused(_("Enrolment for this cohort has not opened yet."))
    if not cohort.enrollment_is_open(now):
        raise EnrolmentRefused(_("Enrolment for this cohort has closed."))


def enrol(learner, cohort: Cohort, *, now=None) -> Enrollment:
    """Enrol `learner` in `cohort`: ENROLLED if a seat is free, WAITLISTED if full,
    PENDING if a trainer must approve. Returns the existing enrolment on a repeat request.
    Raises `EnrolmentRefused` when the window is shut or the learner was rejected."""
    now = now or timezone.now()
    existing = Enrollment.objects.filter(learner=learner, cohort=cohort).first()
    if existing and existing.status in _ACTIVE:
        return existing
    try:
        with transaction.atomic():
            return _enrol(learner, cohort, now)
    except IntegrityError:
        # A simultaneous request by the same learner won the unique constraint.
        winner = Enrollment.objects.filter(learner=learner, cohort=cohort).first()
        if winner is None:
            raise
        return winner


def _enrol(learner, cohort: Cohort, now) -> Enrollment:
    enrollment = (
        Enrollment.objects.select_for_update().filter(learner=learner, cohort=cohort).first()
    )
    if enrollment and enrollment.status in _ACTIVE:
        return enrollment
    if enrollment and enrollment.status == Status.REJECTED:
        raise EnrolmentRefused(
            _("Your request for this cohort was declined. Please contact the trainer.")
        )
    if roles.trains(learner, cohort):
        raise EnrolmentRefused(_("Trainers of a cohort cannot enrol in it."))
    _check_window(cohort, now)
    if cohort.approval_required:
        status = Status.PENDING
    elif _take_seat(cohort.pk):
        status = Status.ENROLLED
    else:
        status = Status.WAITLISTED
    if enrollment is None:
        enrollment = Enrollment(learner=learner, cohort=cohort)
    else:
        # Coming back after withdrawing: join the end of the queue.
        enrollment.requested_at = now
        enrollment.completed_at = None
    _save(enrollment, status, learner)
    notifications.enrolment_changed(enrollment)
    return enrollment


def withdraw(enrollment: Enrollment, by) -> Enrollment:
    """Withdraw an enrolment; a freed seat goes to the oldest waitlisted learner."""
    with transaction.atomic():
        enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
        if enrollment.status == Status.WITHDRAWN:
            return enrollment
        if enrollment.status not in (Status.PENDING, Status.ENROLLED, Status.WAITLISTED):
            raise EnrolmentRefused(_("This enrolment can no longer be withdrawn."))
        held_seat = enrollment.status == Status.ENROLLED
        _save(enrollment, Status.WITHDRAWN, by)
        if held_seat:
            _free_seat(enrollment.cohort_id)
            promote_waitlist(enrollment.cohort_id, by)
    return enrollment


def promote_waitlist(cohort_id: int, by) -> list[Enrollment]:
    """Give free seats to waitlisted learners, first come first served."""
    promoted: list[Enrollment] = []
    with transaction.atomic():
        while True:
            # select_for_update(skip_locked) lets two withdrawals promote two different
            # people on PostgreSQL; SQLite serialises the whole transaction anyway.
            waiting = (
                Enrollment.objects.select_for_update(skip_locked=True)
                .filter(cohort_id=cohort_id, status=Status.WAITLISTED)
                .order_by("requested_at", "id")
                .first()
            )
            if waiting is None or not _take_seat(cohort_id):
                return promoted
            promoted.append(_save(waiting, Status.ENROLLED, by))
            notifications.promoted(waiting)


def approve(enrollment: Enrollment, by) -> Enrollment:
    """A trainer accepts a pending request: a seat if one is free, else the waitlist."""
    with transaction.atomic():
        enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
        if enrollment.status != Status.PENDING:
            raise EnrolmentRefused(_("Only pending requests can be approved."))
        status = Status.ENROLLED if _take_seat(enrollment.cohort_id) else Status.WAITLISTED
        _save(enrollment, status, by)
        notifications.approved(enrollment)
        return enrollment


def reject(enrollment: Enrollment, by) -> Enrollment:
    """A trainer declines a pending or waitlisted request."""
    with transaction.atomic():
        enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
        if enrollment.status not in (Status.PENDING, Status.WAITLISTED):
            raise EnrolmentRefused(_("Only pending or waitlisted requests can be rejected."))
        return _save(enrollment, Status.REJECTED, by)
