"""Two-stage approval of self-requests (issue #16), the agency's side and the deadlines.

On a cohort with `agency_approval_required`, a learner's own request waits first for a
coordinator of their agency (`Enrollment.Status.AGENCY_PENDING`, stage 1), then for a trainer
when the cohort wants one's approval too (PENDING, stage 2: the roster's approve and reject).
The decisions themselves are `courses.enrolment.agency_approve` / `agency_decline` (they
touch seats and the waitlist) and write the request's history (`RequestDecision`).

This module holds what the coordinator's screen lists and the hourly deadline job: remind the
deciders of the stage once, the day before its deadline (or at once when it is nearer), and
expire requests nobody decided by it, e-mailing the learner. The job selects "waiting and due"
(never "deadline == today + N"), claims each reminder with a conditional UPDATE, and expires
through the enrolment workflow, which re-checks the row under its lock: run twice, in
parallel, or after a missed hour, nobody is reminded twice and nothing expires early.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from courses import enrolment, notifications
from courses.models import Enrollment

# The deciders are reminded once, this many days before the last day to decide.
REMIND_DAYS_BEFORE = 1

Status = Enrollment.Status


def requests_to_approve(agencies):
    """Requests waiting for the agency's decision (stage 1) of people of `agencies`, the
    soonest deadline first."""
    return (
        Enrollment.objects.filter(status=Status.AGENCY_PENDING, learner__agency__in=agencies)
        .select_related("learner", "learner__agency", "cohort", "cohort__course")
        .order_by("decide_by", "requested_at", "pk")
    )


def remind_due(now=None) -> int:
    """Remind the deciders of every request whose deadline is near and whose stage was not
    reminded yet. Returns how many requests were reminded."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = Enrollment.objects.filter(
        status__in=Enrollment.AWAITING_DECISION,
        decide_by__gte=today,
        decide_by__lte=today + datetime.timedelta(days=REMIND_DAYS_BEFORE),
        reminded_at__isnull=True,
    ).values_list("pk", "status")
    reminded = 0
    for pk, status in list(due):
        with transaction.atomic():
            # The claim and the e-mails commit together: a parallel run claims nothing.
            if not Enrollment.objects.filter(pk=pk, status=status, reminded_at__isnull=True).update(
                reminded_at=now
            ):
                continue
            enrollment = Enrollment.objects.select_related(
                "learner", "cohort", "cohort__course", "cohort__course__locale"
            ).get(pk=pk)
            notifications.remind_deciders(enrollment)
            reminded += 1
    return reminded


def expire_overdue(now=None) -> int:
    """Close every request past its stage's deadline with nobody's decision, telling the
    learner. Returns how many expired."""
    now = now or timezone.now()
    overdue = Enrollment.objects.filter(
        status__in=Enrollment.AWAITING_DECISION, decide_by__lt=timezone.localdate(now)
    ).values_list("pk", flat=True)
    return sum(enrolment.expire(Enrollment(pk=pk), now=now) for pk in list(overdue))


def run_deadlines(now=None) -> dict[str, int]:
    """The hourly job: expire what is overdue, then remind what is due."""
    now = now or timezone.now()
    return {"expired": expire_overdue(now), "reminded": remind_due(now)}
