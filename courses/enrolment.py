"""The enrolment workflow: enrol, withdraw, approve, reject, and a trainer's capacity change,
promote, remove and no-show.

Called alike by the learner views, the trainer views, the demo seeder and imports.

The waitlist is first come first served, by the time of the request (`requested_at`, then id):
every operation that frees or adds a seat ends by `promote_waitlist()`, and a newcomer (or an
approved request) takes a free seat only when nobody who asked earlier is waiting, so nobody is
ever seated ahead of an older waiting request.

Capacity is never exceeded: a seat is taken only by a conditional UPDATE
(`seats_taken < capacity`) inside the same transaction that writes the enrolment, so
hundreds of simultaneous requests cannot oversell a cohort on PostgreSQL (the UPDATE
re-checks the row after waiting for its lock) nor on SQLite (write transactions are
serialised); the `cohort_not_oversold` check constraint is the last line of defence.
A double submit finds the existing enrolment, or hits the one-per-learner unique
constraint and then returns the enrolment that won.

Seat quotas (issue #16, courses/seats.py): while a quota is held, its seats go only to people
of its agency or ministry. Every seat decision is taken under a row lock on the cohort
(`seats.lock_cohort`), and checked against the seat ledger: a person is seated only when the
seats others reserved stay free for them. Somebody waiting is skipped only by someone who
can take a seat they cannot (a reserved seat of the newcomer's agency), so the waitlist stays
first come first served among those who could have had the seat.

Two-stage approval (issue #16): on a cohort with `agency_approval_required`, a learner's own
request waits first for a coordinator of their agency (AGENCY_PENDING, `agency_approve` or
`agency_decline`), then, if the cohort also wants a trainer's approval, for a trainer (PENDING,
`approve` or `reject`). A nominated learner has their agency's consent already and skips the
first stage. Each stage has a deadline (`Enrollment.decide_by`): after it nobody can decide
and `expire` closes the request (the hourly job, agencies/approvals.py). Every decision is
written as a `RequestDecision` (who, when, stage, why) in the transaction of the change.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.models import AgencyCoordinator
from courses import notifications, seats
from courses.models import Cohort, Enrollment, RequestDecision
from thai.dates import format_date
from thai.text import normalise_text

Status = Enrollment.Status

# Statuses where a new request for the same cohort simply returns the enrolment.
_ACTIVE = (
    Status.AGENCY_PENDING,
    Status.PENDING,
    Status.ENROLLED,
    Status.WAITLISTED,
    Status.COMPLETED,
)
# Statuses the learner may withdraw from.
WITHDRAWABLE = (Status.AGENCY_PENDING, Status.PENDING, Status.ENROLLED, Status.WAITLISTED)
# A trainer closed the place: the learner cannot simply ask again.
_CLOSED_BY_TRAINER = (Status.REMOVED, Status.NO_SHOW)


class EnrolmentRefused(Exception):
    """A request the learner or trainer cannot make; `message` is translated for display."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def reserved_seats_message(until: datetime.date) -> str:
    """What a learner is told who is on the waitlist although seats are free: they are
    reserved for other agencies."""
    return _(
        "The seats left are reserved for other agencies until %(date)s. You are on the"
        " waitlist and will be enrolled if a seat frees up."
    ) % {"date": format_date(until)}


def _take_seat(cohort_id: int) -> bool:
    return bool(
        Cohort.objects.filter(pk=cohort_id, seats_taken__lt=F("capacity")).update(
            seats_taken=F("seats_taken") + 1
        )
    )


def _free_seat(cohort_id: int) -> None:
    Cohort.objects.filter(pk=cohort_id, seats_taken__gt=0).update(seats_taken=F("seats_taken") - 1)


def _save(enrollment: Enrollment, status: str, by) -> Enrollment:
    if status != enrollment.status or status not in Enrollment.AWAITING_DECISION:
        # A new stage (or none) starts: its deciders have not been reminded of it yet.
        enrollment.reminded_at = None
    if status not in Enrollment.AWAITING_DECISION:
        enrollment.decide_by = None
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


def decision_deadline(cohort: Cohort, days: int, today: datetime.date) -> datetime.date:
    """The last day a stage may decide a request that reaches it `today`: `days` later, but
    never after the cohort's first day (and never before today)."""
    return min(today + datetime.timedelta(days=days), max(cohort.start_date, today))


def _record(enrollment: Enrollment, stage: str, decision: str, by, reason: str = "", now=None):
    RequestDecision.objects.create(
        enrollment=enrollment,
        stage=stage,
        decision=decision,
        by=by,
        reason=reason,
        at=now or timezone.now(),
    )


def enrol(learner, cohort: Cohort, *, now=None, agency_consent: bool = False) -> Enrollment:
    """Enrol `learner` in `cohort`: ENROLLED if a seat is free, WAITLISTED if full,
    AGENCY_PENDING if their agency must approve first (not with `agency_consent`: a
    nomination), PENDING if a trainer must approve. Returns the existing enrolment on a repeat
    request. Raises `EnrolmentRefused` when the window is shut or the learner was rejected."""
    now = now or timezone.now()
    existing = Enrollment.objects.filter(learner=learner, cohort=cohort).first()
    if existing and existing.status in _ACTIVE:
        return existing
    try:
        with transaction.atomic():
            return _enrol(learner, cohort, now, agency_consent)
    except IntegrityError:
        # A simultaneous request by the same learner won the unique constraint.
        winner = Enrollment.objects.filter(learner=learner, cohort=cohort).first()
        if winner is None:
            raise
        return winner


def _enrol(learner, cohort: Cohort, now, agency_consent: bool) -> Enrollment:
    enrollment = (
        Enrollment.objects.select_for_update().filter(learner=learner, cohort=cohort).first()
    )
    if enrollment and enrollment.status in _ACTIVE:
        return enrollment
    if enrollment and enrollment.status == Status.REJECTED:
        raise EnrolmentRefused(
            _("Your request for this cohort was declined. Please contact the trainer.")
        )
    if enrollment and enrollment.status in _CLOSED_BY_TRAINER:
        raise EnrolmentRefused(
            _("A trainer has closed your place in this cohort. Please contact the trainer.")
        )
    if roles.trains(learner, cohort):
        raise EnrolmentRefused(_("Trainers of a cohort cannot enrol in it."))
    _check_window(cohort, now)
    needs_agency = cohort.agency_approval_required and not agency_consent
    if needs_agency:
        _check_agency_can_decide(learner)
    if enrollment is None:
        enrollment = Enrollment(learner=learner, cohort=cohort)
    else:
        # Coming back after withdrawing: join the end of the queue.
        enrollment.requested_at = now
        enrollment.completed_at = None
    status: str
    today = timezone.localdate(now)
    enrollment.decide_by = None
    if needs_agency:
        status = Status.AGENCY_PENDING
        enrollment.decide_by = decision_deadline(cohort, cohort.agency_approval_days, today)
    elif cohort.approval_required:
        status = Status.PENDING
        if cohort.agency_approval_required:
            # Nominated: the agency consented; the trainers' stage has its deadline.
            enrollment.decide_by = decision_deadline(cohort, cohort.trainer_approval_days, today)
    else:
        # A newcomer is younger than anybody waiting: a seat only if nobody waiting can
        # take one.
        status = _seat_unless_others_wait(cohort.pk, learner, older_than=None)
    _save(enrollment, status, learner)
    if status == Status.WAITLISTED:
        # Seats are free but reserved for others: the learner is told until when.
        until = seats.ledger(seats.lock_cohort(cohort.pk)).reserved_until(seats.group_of(learner))
        enrollment.reserved_until = until  # type: ignore[attr-defined]
    notifications.enrolment_changed(enrollment)
    if status == Status.AGENCY_PENDING:
        notifications.agency_request(enrollment)
    # Seats left free by earlier data go to the queue, this newcomer last.
    if promote_waitlist(cohort.pk, None):
        enrollment.refresh_from_db()
    return enrollment


def _check_agency_can_decide(learner) -> None:
    if learner.agency_id is None:
        raise EnrolmentRefused(
            _(
                "This cohort needs your agency's approval: name your agency in your profile"
                " first, then ask again."
            )
        )
    if not AgencyCoordinator.objects.filter(agency_id=learner.agency_id).exists():
        raise EnrolmentRefused(
            _(
                "This cohort needs your agency's approval, but your agency has no coordinator on"
                " this site yet. Please ask your agency's training unit or Gov Lab."
            )
        )


def _waiting(cohort_id: int):
    return Enrollment.objects.filter(cohort_id=cohort_id, status=Status.WAITLISTED)


def _seat_unless_others_wait(cohort_id: int, learner, older_than: Enrollment | None) -> str:
    """ENROLLED (a seat taken) if `learner` can take a seat (courses/seats.py) and nobody
    waiting who asked before `older_than` (anybody, for a newcomer) could take one;
    WAITLISTED otherwise."""
    ledger = seats.ledger(seats.lock_cohort(cohort_id))
    if not ledger.can_seat([seats.group_of(learner)]):
        return Status.WAITLISTED
    waiting = _waiting(cohort_id)
    if older_than is not None:
        waiting = waiting.filter(
            Q(requested_at__lt=older_than.requested_at)
            | Q(requested_at=older_than.requested_at, pk__lt=older_than.pk)
        ).exclude(pk=older_than.pk)
    if ledger.quotas:
        # Whom somebody waiting could be seated: each kind of person once.
        if any(ledger.can_seat([group]) for group in seats.groups_of(waiting)):
            return Status.WAITLISTED
    elif waiting.exists():
        return Status.WAITLISTED
    if _take_seat(cohort_id):
        return Status.ENROLLED
    return Status.WAITLISTED


def withdraw(enrollment: Enrollment, by) -> Enrollment:
    """Withdraw an enrolment; a freed seat goes to the oldest waitlisted learner."""
    with transaction.atomic():
        enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
        if enrollment.status == Status.WITHDRAWN:
            return enrollment
        if enrollment.status not in WITHDRAWABLE:
            raise EnrolmentRefused(_("This enrolment can no longer be withdrawn."))
        held_seat = enrollment.status == Status.ENROLLED
        _save(enrollment, Status.WITHDRAWN, by)
        if held_seat:
            _free_seat(enrollment.cohort_id)
        promote_waitlist(enrollment.cohort_id, by)
    return enrollment


def promote_waitlist(cohort_id: int, by, *, first=()) -> list[Enrollment]:
    """Give free seats to waitlisted learners, first come first served among those who can
    take them: a seat reserved for an agency goes to the first of its people waiting.
    `first` (enrolment ids) go before everybody else, in their order of request: the
    nominated staff when reserved seats are released (courses/quotas.py)."""
    promoted: list[Enrollment] = []
    first = set(first)
    with transaction.atomic():
        ledger = seats.ledger(seats.lock_cohort(cohort_id))
        if ledger.seats_taken >= ledger.capacity:
            return promoted
        queue = list(
            _waiting(cohort_id)
            .order_by(*Enrollment.WAITLIST_ORDER)
            .values_list("pk", "learner__agency", "learner__agency__ministry")
        )
        queue.sort(key=lambda row: row[0] not in first)  # stable: the order of request stays
        # Only those who fit now can be seated in this run (seating others only takes room):
        # while the free seats are reserved, the rest of the queue is neither locked nor read.
        queue = [row for row in queue if ledger.can_seat([row[1:]])]
        if not queue:
            return promoted
        # select_for_update(skip_locked) lets two withdrawals promote two different people on
        # PostgreSQL; SQLite serialises the whole transaction anyway.
        unlocked = set(
            Enrollment.objects.select_for_update(skip_locked=True)
            .filter(pk__in=[pk for pk, _agency, _ministry in queue])
            .values_list("pk", flat=True)
        )
        for pk, agency, ministry in queue:
            if ledger.seats_taken >= ledger.capacity:
                break
            # Someone ahead is still waiting, their row locked by another transaction (a
            # promotion under way, their own withdrawal): skipping them would seat a younger
            # request first. That transaction promotes, or ends with promote_waitlist, itself.
            if pk not in unlocked:
                break
            if not ledger.can_seat([(agency, ministry)]):
                continue
            if not _take_seat(cohort_id):
                break
            ledger.seat((agency, ministry))
            waiting = Enrollment.objects.get(pk=pk)
            promoted.append(_save(waiting, Status.ENROLLED, by))
            notifications.promoted(waiting)
    return promoted


def approve(enrollment: Enrollment, by) -> Enrollment:
    """A trainer accepts a pending request: a seat if one is free and nobody who asked earlier
    is waiting for it, else the waitlist (in the order of the request)."""
    with transaction.atomic():
        enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
        if enrollment.status == Status.AGENCY_PENDING:
            raise EnrolmentRefused(
                _("This request is still waiting for the learner's agency to approve it.")
            )
        if enrollment.status != Status.PENDING:
            raise EnrolmentRefused(_("Only pending requests can be approved."))
        _check_deadline(enrollment)
        status = _seat_unless_others_wait(
            enrollment.cohort_id, enrollment.learner, older_than=enrollment
        )
        _save(enrollment, status, by)
        _record(enrollment, RequestDecision.Stage.TRAINER, RequestDecision.Decision.APPROVED, by)
        notifications.approved(enrollment)
        promote_waitlist(enrollment.cohort_id, by)
        enrollment.refresh_from_db()
        return enrollment


# The longest reason a trainer may give for declining a request (it goes into the e-mail).
REJECTION_REASON_MAX_LENGTH = 500


def reject(enrollment: Enrollment, by, reason: str = "") -> Enrollment:
    """A trainer declines a pending or waitlisted request; the learner is e-mailed the decision
    and `reason`, if the trainer gave one."""
    reason = _checked_reason(reason)
    with transaction.atomic():
        enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
        if enrollment.status not in (Status.PENDING, Status.WAITLISTED):
            raise EnrolmentRefused(_("Only pending or waitlisted requests can be rejected."))
        if enrollment.status == Status.PENDING:
            _check_deadline(enrollment)
        _save(enrollment, Status.REJECTED, by)
        _record(
            enrollment, RequestDecision.Stage.TRAINER, RequestDecision.Decision.DECLINED, by, reason
        )
        notifications.rejected(enrollment, reason)
        # Whoever was behind moves up: a seat left free by earlier data goes to them now.
        promote_waitlist(enrollment.cohort_id, by)
        return enrollment


def _check_deadline(enrollment: Enrollment, today=None) -> None:
    if enrollment.is_overdue(today):
        raise EnrolmentRefused(
            _(
                "The deadline to decide this request, %(date)s, has passed: it can no longer be"
                " approved or declined."
            )
            % {"date": format_date(enrollment.decide_by)}
        )


def _lock_at_agency(enrollment: Enrollment, by, now) -> Enrollment:
    """The request, locked, if `by` may decide it for the agency now."""
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("learner", "learner__agency", "cohort", "cohort__course")
        .get(pk=enrollment.pk)
    )
    agency = enrollment.learner.agency
    if agency is None or not roles.coordinates(by, agency):
        raise EnrolmentRefused(_("Only a coordinator of the learner's agency can decide this."))
    if enrollment.status != Status.AGENCY_PENDING:
        raise EnrolmentRefused(
            _("This request is no longer waiting for the agency's decision: %(status)s.")
            % {"status": enrollment.get_status_display()}
        )
    _check_deadline(enrollment, timezone.localdate(now))
    return enrollment


def agency_approve(enrollment: Enrollment, by, reason: str = "", *, now=None) -> Enrollment:
    """A coordinator of the learner's agency approves the request (stage 1): it goes on to the
    trainers when the cohort wants their approval too (with their deadline), else it takes a
    seat or joins the waitlist in the order of the request, as a trainer's approval does."""
    now = now or timezone.now()
    reason = _checked_reason(reason)
    with transaction.atomic():
        enrollment = _lock_at_agency(enrollment, by, now)
        cohort = enrollment.cohort
        status: str
        if cohort.approval_required:
            enrollment.decide_by = decision_deadline(
                cohort, cohort.trainer_approval_days, timezone.localdate(now)
            )
            status = Status.PENDING
        else:
            status = _seat_unless_others_wait(cohort.pk, enrollment.learner, older_than=enrollment)
        _save(enrollment, status, by)
        _record(
            enrollment,
            RequestDecision.Stage.AGENCY,
            RequestDecision.Decision.APPROVED,
            by,
            reason,
            now,
        )
        notifications.agency_approved(enrollment)
        promote_waitlist(cohort.pk, by)
        enrollment.refresh_from_db()
        return enrollment


def agency_decline(enrollment: Enrollment, by, reason: str = "", *, now=None) -> Enrollment:
    """A coordinator of the learner's agency declines the request (stage 1); the learner is
    e-mailed the decision and the reason."""
    now = now or timezone.now()
    reason = _checked_reason(reason)
    with transaction.atomic():
        enrollment = _lock_at_agency(enrollment, by, now)
        _save(enrollment, Status.REJECTED, by)
        _record(
            enrollment,
            RequestDecision.Stage.AGENCY,
            RequestDecision.Decision.DECLINED,
            by,
            reason,
            now,
        )
        notifications.agency_declined(enrollment, reason)
        return enrollment


def expire(enrollment: Enrollment, *, now=None) -> bool:
    """Close a request nobody decided by its stage's deadline, and tell the learner (who may
    ask again while enrolment is open). False, changing nothing, if it was decided meanwhile
    or is not overdue: the deadline job may run twice."""
    now = now or timezone.now()
    with transaction.atomic():
        enrollment = (
            Enrollment.objects.select_for_update(of=("self",))
            .select_related("learner", "cohort", "cohort__course")
            .get(pk=enrollment.pk)
        )
        if enrollment.status not in Enrollment.AWAITING_DECISION or not enrollment.is_overdue(
            timezone.localdate(now)
        ):
            return False
        stage = (
            RequestDecision.Stage.AGENCY
            if enrollment.status == Status.AGENCY_PENDING
            else RequestDecision.Stage.TRAINER
        )
        _save(enrollment, Status.EXPIRED, None)
        _record(enrollment, stage, RequestDecision.Decision.EXPIRED, None, now=now)
        notifications.request_expired(enrollment, stage)
        return True


def _checked_reason(reason: str) -> str:
    reason = normalise_text(reason)
    if len(reason) > REJECTION_REASON_MAX_LENGTH:
        raise EnrolmentRefused(
            _("The reason is too long: at most %(limit)d characters.")
            % {"limit": REJECTION_REASON_MAX_LENGTH}
        )
    return reason


def change_capacity(cohort: Cohort, capacity: int, by) -> Cohort:
    """Set the cohort's capacity; added seats go to the waitlist, oldest request first. Refused
    below the seats already taken."""
    with transaction.atomic():
        ledger = seats.ledger(seats.lock_cohort(cohort.pk))
        check_capacity(ledger, capacity)
        if not Cohort.objects.filter(pk=cohort.pk, seats_taken__lte=capacity).update(
            capacity=capacity
        ):
            raise EnrolmentRefused(
                _("%(taken)d seats are already taken; the capacity cannot be lower.")
                % {"taken": Cohort.objects.get(pk=cohort.pk).seats_taken}
            )
        promote_waitlist(cohort.pk, by)
    cohort.refresh_from_db()
    return cohort


def check_capacity(ledger: "seats.SeatLedger", capacity: int) -> None:
    """Refuse a capacity below the seats taken plus the reserved seats not yet filled."""
    if capacity < ledger.seats_taken:
        raise EnrolmentRefused(
            _("%(taken)d seats are already taken; the capacity cannot be lower.")
            % {"taken": ledger.seats_taken}
        )
    if capacity < ledger.seats_taken + ledger.reserved_unfilled:
        raise EnrolmentRefused(
            _(
                "%(taken)d seats are taken and %(reserved)d more are reserved for agencies;"
                " the capacity cannot be lower than %(least)d. Change the seat quotas first."
            )
            % {
                "taken": ledger.seats_taken,
                "reserved": ledger.reserved_unfilled,
                "least": ledger.seats_taken + ledger.reserved_unfilled,
            }
        )


def promote(enrollment: Enrollment, by) -> Enrollment:
    """A trainer seats the learner who has waited longest now, adding a seat for them if the
    cohort is full. Someone further back in the queue cannot be promoted ahead of them (reject
    or raise the capacity instead): the waitlist stays first come first served."""
    with transaction.atomic():
        enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
        if enrollment.status != Status.WAITLISTED:
            raise EnrolmentRefused(_("Only a waitlisted learner can be promoted."))
        first = _waiting(enrollment.cohort_id).order_by(*Enrollment.WAITLIST_ORDER).first()
        if first is None or first.pk != enrollment.pk:
            raise EnrolmentRefused(
                _("Learners who asked earlier are still waiting: promote them first.")
            )
        ledger = seats.ledger(seats.lock_cohort(enrollment.cohort_id))
        if not ledger.can_seat([seats.group_of(enrollment.learner)]) or not _take_seat(
            enrollment.cohort_id
        ):
            # A seat added for them: the seats reserved for others stay free.
            Cohort.objects.filter(pk=enrollment.cohort_id).update(
                capacity=F("capacity") + 1, seats_taken=F("seats_taken") + 1
            )
        _save(enrollment, Status.ENROLLED, by)
        notifications.promoted(enrollment)
        return enrollment


def remove(enrollment: Enrollment, by) -> Enrollment:
    """A trainer takes an enrolled learner out of the cohort; the seat goes to the waitlist."""
    return _close_seat(
        enrollment,
        Status.REMOVED,
        by,
        refusal=_("Only an enrolled learner can be removed; reject a request instead."),
    )


def mark_no_show(enrollment: Enrollment, by, *, today=None) -> Enrollment:
    """A trainer records that an enrolled learner did not come: once the cohort has started,
    the seat goes to the waitlist."""
    today = today or timezone.localdate()
    if today < enrollment.cohort.start_date:
        raise EnrolmentRefused(
            _("A learner can be marked as a no-show once the cohort has started.")
        )
    return _close_seat(
        enrollment,
        Status.NO_SHOW,
        by,
        refusal=_("Only an enrolled learner can be marked as a no-show."),
    )


def _close_seat(enrollment: Enrollment, status: str, by, *, refusal) -> Enrollment:
    with transaction.atomic():
        enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
        if enrollment.status == status:
            return enrollment
        if enrollment.status != Status.ENROLLED:
            raise EnrolmentRefused(refusal)
        _save(enrollment, status, by)
        _free_seat(enrollment.cohort_id)
        notifications.seat_closed(enrollment)
        promote_waitlist(enrollment.cohort_id, by)
        return enrollment
