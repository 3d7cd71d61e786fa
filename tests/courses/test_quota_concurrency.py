"""Seat quotas under a rush (issue #16): 200 simultaneous requests from 5 agencies into a
cohort of 60 seats with quotas, on PostgreSQL (real row locks; marked `services`)."""

import pytest
from django.db import connection

from courses.models import Enrollment
from tests.courses import quota_rush

pytestmark = [
    pytest.mark.services,
    # serialized_rollback: the flush after a transactional test would drop the groups and the
    # Wagtail root page that data migrations create, which later tests rely on.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
Status = Enrollment.Status


def test_200_simultaneous_requests_never_oversell_nor_take_anothers_reserved_seats():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (make test-services)")
    rush = quota_rush.build()

    outcomes = quota_rush.run(rush)

    rush.cohort.refresh_from_db()
    seated = quota_rush.seated_by_agency(rush.cohort)
    # Never oversold, and the counter is the seats taken.
    assert rush.cohort.seats_taken == sum(seated.values()) == quota_rush.CAPACITY
    # Every reserved seat went to its own agency's staff (each asked for more than its quota).
    for name, reserved in quota_rush.AGENCIES.items():
        assert seated[name] >= reserved, f"{name}'s reserved seats were taken by others"
    # Others shared only the open seats.
    open_seats = quota_rush.CAPACITY - sum(quota_rush.AGENCIES.values())
    beyond = sum(seated[name] - reserved for name, reserved in quota_rush.AGENCIES.items())
    assert beyond == open_seats
    # Every request has one clear outcome: a seat or the waitlist, and a message saying which.
    assert len(outcomes) == 200
    assert {outcome.status for outcome in outcomes} <= {Status.ENROLLED, Status.WAITLISTED}
    assert all(outcome.message for outcome in outcomes)
    assert Enrollment.objects.filter(cohort=rush.cohort, status=Status.ENROLLED).count() == 60
    assert Enrollment.objects.filter(cohort=rush.cohort).count() == 200
