"""Hundreds of people press "Enrol" in the same second: real threads, real transactions."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from courses.enrolment import enrol, withdraw
from courses.models import Cohort, Enrollment
from tests.courses.helpers import make_cohort
from tests.factories import make_learner

Status = Enrollment.Status


def _enrol_in_own_connection(learner, cohort_id):
    try:
        return enrol(learner, Cohort.objects.get(pk=cohort_id)).status
    finally:
        connection.close()


# serialized_rollback: the flush after a transactional test would drop the groups and
# the Wagtail root page that data migrations create, which later tests rely on.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_200_simultaneous_requests_fill_30_seats_and_waitlist_the_rest():
    cohort = make_cohort(capacity=30)
    learners = [make_learner() for _ in range(200)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(_enrol_in_own_connection, learners, [cohort.pk] * 200))

    cohort.refresh_from_db()
    assert statuses.count(Status.ENROLLED) == 30
    assert statuses.count(Status.WAITLISTED) == 170
    assert cohort.seats_taken == 30
    assert Enrollment.objects.filter(cohort=cohort, status=Status.ENROLLED).count() == 30
    assert Enrollment.objects.filter(cohort=cohort, status=Status.WAITLISTED).count() == 170
    assert Enrollment.objects.values("learner").distinct().count() == 200


# serialized_rollback: the flush after a transactional test would drop the groups and
# the Wagtail root page that data migrations create, which later tests rely on.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_learner_submitting_many_times_at_once_gets_one_enrolment():
    cohort = make_cohort(capacity=5)
    learner = make_learner()
    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(_enrol_in_own_connection, [learner] * 20, [cohort.pk] * 20))

    cohort.refresh_from_db()
    assert set(statuses) == {Status.ENROLLED}
    assert Enrollment.objects.filter(learner=learner).count() == 1
    assert cohort.seats_taken == 1


def _withdraw_in_own_connection(enrollment_id):
    try:
        enrollment = Enrollment.objects.get(pk=enrollment_id)
        return withdraw(enrollment, enrollment.learner).status
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_withdrawals_and_requests_give_freed_seats_to_the_oldest_waiting():
    cohort = make_cohort(capacity=10)
    seated = [enrol(make_learner(), cohort) for _ in range(10)]
    waiting = [enrol(make_learner(), cohort) for _ in range(10)]
    newcomers = [make_learner() for _ in range(10)]

    with ThreadPoolExecutor(max_workers=10) as pool:
        withdrawals = [pool.submit(_withdraw_in_own_connection, e.pk) for e in seated[:5]]
        requests = [pool.submit(_enrol_in_own_connection, p, cohort.pk) for p in newcomers]
        results = [future.result() for future in withdrawals + requests]

    cohort.refresh_from_db()
    assert results[:5] == [Status.WITHDRAWN] * 5
    assert cohort.seats_taken == 10
    assert Enrollment.objects.filter(cohort=cohort, status=Status.ENROLLED).count() == 10
    promoted = [Enrollment.objects.get(pk=e.pk).status for e in waiting]
    assert promoted == [Status.ENROLLED] * 5 + [Status.WAITLISTED] * 5
    assert set(results[5:]) == {Status.WAITLISTED}
