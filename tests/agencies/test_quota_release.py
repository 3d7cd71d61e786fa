"""Released reserved seats go to the staff their agency nominated first (issue #16), through
the hook agencies/wagtail_hooks.py supplies to courses.quotas."""

import pytest

from agencies.models import Nomination
from courses import enrolment, quotas
from courses.models import Enrollment
from courses.quotas import QuotaChange
from tests.courses.helpers import make_cohort
from tests.factories import days_from_now, make_agency, make_learner, make_trainer

pytestmark = pytest.mark.django_db
Status = Enrollment.Status


def test_released_seats_go_to_nominated_staff_before_older_requests():
    lands, revenue = make_agency("Department of Lands"), make_agency("Revenue Department")
    trainer = make_trainer()
    cohort = make_cohort(capacity=2, trainers=[trainer])
    quotas.reserve(cohort, QuotaChange(agency=lands, seats=1, release_on=days_from_now(1)), trainer)
    enrolment.enrol(make_learner(agency=revenue), cohort)  # the open seat
    older = enrolment.enrol(make_learner(agency=revenue), cohort)
    nominee = make_learner(agency=revenue)
    nominated = enrolment.enrol(nominee, cohort)
    Nomination.objects.create(
        cohort=cohort,
        nominee=nominee,
        agency=revenue,
        status=Nomination.Status.ACCEPTED,
        respond_by=days_from_now(1),
        enrollment=nominated,
    )
    assert (older.status, nominated.status) == (Status.WAITLISTED, Status.WAITLISTED)

    assert quotas.release_due(today=days_from_now(2)) == 1

    assert Enrollment.objects.get(pk=nominated.pk).status == Status.ENROLLED
    assert Enrollment.objects.get(pk=older.pk).status == Status.WAITLISTED
    # Run again: nothing more changes.
    assert quotas.release_due(today=days_from_now(2)) == 0
    assert Enrollment.objects.get(pk=older.pk).status == Status.WAITLISTED
