"""The database connection lost in the middle of a request: a clear 503 and nothing half-saved.

PostgreSQL only (marked `services`): the test really kills the request's server process with
`pg_terminate_backend` from a second connection, between the seat being taken and the
enrolment being written, the two writes of the enrol workflow.
"""

import psycopg
import pytest
from django.db import connection
from django.urls import reverse

from courses.models import Cohort, Enrollment
from tests.courses.helpers import make_cohort
from tests.factories import make_learner

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (make test-services)")


def _terminate_before(table: str):
    """An execute wrapper that kills this connection's server process before writing `table`."""
    settings = connection.settings_dict
    killer = psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        dbname=settings["NAME"],
        autocommit=True,
    )
    backend_pid = connection.connection.info.backend_pid

    def wrapper(execute, sql, params, many, context):
        if sql.startswith(f'INSERT INTO "{table}"'):
            killer.execute("SELECT pg_terminate_backend(%s)", [backend_pid])
        return execute(sql, params, many, context)

    return killer, wrapper


def test_a_lost_connection_mid_enrolment_answers_503_and_takes_no_seat(postgresql, client):
    cohort = make_cohort(capacity=5)
    learner = make_learner()
    client.force_login(learner)
    connection.ensure_connection()
    killer, wrapper = _terminate_before("courses_enrollment")
    try:
        with connection.execute_wrapper(wrapper):
            response = client.post(reverse("courses:enrol", args=[cohort.code]))
    finally:
        killer.close()
        connection.close()

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert "ระบบไม่พร้อมให้บริการชั่วคราว" in body
    assert "Temporarily unavailable" in body
    # The seat UPDATE ran before the kill; its transaction was rolled back with the connection.
    assert Cohort.objects.get(pk=cohort.pk).seats_taken == 0
    assert not Enrollment.objects.filter(learner=learner).exists()


def test_the_next_request_after_an_outage_is_served_normally(postgresql, client):
    cohort = make_cohort(capacity=5)
    learner = make_learner()
    client.force_login(learner)
    connection.ensure_connection()
    killer, wrapper = _terminate_before("courses_enrollment")
    try:
        with connection.execute_wrapper(wrapper):
            assert client.post(reverse("courses:enrol", args=[cohort.code])).status_code == 503
    finally:
        killer.close()
    # Same worker, same connection object: the middleware dropped the dead connection.
    response = client.post(reverse("courses:enrol", args=[cohort.code]))
    assert response.status_code == 302
    assert Enrollment.objects.get(learner=learner).status == Enrollment.Status.ENROLLED
