"""The database connection lost in the middle of a request: a clear 503 and nothing half-saved.

PostgreSQL only (marked `services`): the tests really kill the request's server process with
`pg_terminate_backend` from a second connection, just before a chosen statement: between the
seat being taken and the enrolment being written (the two writes of the enrol workflow), at
the session read of an error page, at a middleware's own query, at the API's token lookup, and
half-way through a roster export. Pages answer the bilingual 503 page, /api/ the API's JSON
error with 503, a download is whole or not sent, never a 200 with half a file.

The clients here do not re-raise what Django logs as a request exception
(`raise_request_exception=False`): the answer is what a browser would get.
"""

import csv
import io

import psycopg
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from wagtail.models import APIToken

from accounts.models import User
from courses.models import Cohort, Enrollment
from tests.courses.helpers import make_cohort
from tests.factories import make_learner, make_trainer

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
    return _terminate_when(lambda sql: sql.startswith(f'INSERT INTO "{table}"'))


def _terminate_when(kill_here, after: int = 0):
    """An execute wrapper that kills this connection's server process just before the
    statement for which `kill_here(sql)` is true, letting `after` such statements run first."""
    settings = connection.settings_dict
    killer = psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        dbname=settings["NAME"],
        autocommit=True,
    )
    backend_pid = connection.connection.info.backend_pid

    seen = 0

    def wrapper(execute, sql, params, many, context):
        nonlocal seen
        if kill_here(sql):
            seen += 1
            if seen > after:
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


def _answer_while_killed(client, kill_here, url, *, method="get", after=0, **extra):
    connection.ensure_connection()
    killer, wrapper = _terminate_when(kill_here, after=after)
    try:
        with connection.execute_wrapper(wrapper):
            response = getattr(client, method)(url, **extra)
            # A streamed body is produced here, still inside the outage.
            body = b"".join(response.streaming_content) if response.streaming else None
    finally:
        killer.close()
        connection.close()
    return response, body


def _assert_the_503_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert "ระบบไม่พร้อมให้บริการชั่วคราว" in body
    assert "Temporarily unavailable" in body


def _session_read(sql: str) -> bool:
    return sql.startswith("SELECT") and 'FROM "django_session"' in sql


def test_a_session_read_failing_while_the_404_page_renders_answers_503(postgresql):
    # The view raised Http404; Django renders the 404 page outside any view, and its menu reads
    # the session (who is logged in) for the first time there.
    client = Client(raise_request_exception=False)
    client.force_login(make_learner())

    response, _body = _answer_while_killed(client, _session_read, "/th/no-such-page-anywhere/")

    _assert_the_503_page(response)


def test_a_middleware_query_failing_after_the_view_answers_503(postgresql):
    # Wagtail's RedirectMiddleware looks a 404 up among the editors' redirects, after the view.
    client = Client(raise_request_exception=False)

    response, _body = _answer_while_killed(
        client,
        lambda sql: 'FROM "wagtailredirects_redirect"' in sql,
        "/th/no-such-page-anywhere/",
    )

    _assert_the_503_page(response)


def _bearer(user) -> dict:
    _token, key = APIToken.create_token(user=user, name="script")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.mark.parametrize(
    ("method", "url", "kill_at"),
    [
        ("get", "/api/v1/courses/", 'FROM "wagtailcore_locale"'),
        ("get", "/api/v1/me/enrolments/", 'FROM "wagtailcore_apitoken"'),
        ("post", "/api/v1/cohorts/{code}/enrol/", 'INSERT INTO "courses_enrollment"'),
    ],
)
def test_the_api_answers_a_lost_database_with_its_json_error_and_503(
    postgresql, method, url, kill_at
):
    cohort = make_cohort(capacity=5)
    learner = make_learner()
    client = Client(raise_request_exception=False)

    response, _body = _answer_while_killed(
        client,
        lambda sql: kill_at in sql,
        url.format(code=cohort.code),
        method=method,
        **_bearer(learner),
    )

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "30"
    assert response.json()["code"] == "database_unavailable"
    assert response.json()["detail"]
    assert not Enrollment.objects.filter(learner=learner).exists()


def test_a_roster_export_cut_by_a_lost_database_is_refused_not_sent_half(postgresql):
    # More learners than one chunk of the export (1000): the second chunk's query is killed,
    # after the first thousand rows were written.
    trainer = make_trainer()
    cohort = make_cohort(trainers=[trainer], capacity=2000)
    learners = User.objects.bulk_create(
        User(username=f"bulk{n}", email=f"bulk{n}@agency.go.th", first_name_th=f"ผู้เรียน{n:04}")
        for n in range(1001)
    )
    Enrollment.objects.bulk_create(
        Enrollment(learner=learner, cohort=cohort, status="enrolled") for learner in learners
    )
    client = Client(raise_request_exception=False)
    client.force_login(trainer)
    url = reverse("courses_admin_export", args=[cohort.code, "roster", "csv"])

    response, body = _answer_while_killed(
        client,
        lambda sql: sql.startswith("SELECT") and 'FROM "courses_enrollment"' in sql,
        url,
        after=1,  # the first chunk is read; the second is not
    )

    _assert_the_503_page(response)
    assert "attachment" not in response.get("Content-Disposition", "")

    # The database is back: the same export is whole, and says how long it is.
    response = client.get(url)
    body = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert int(response["Content-Length"]) == len(body)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == 1 + 1001
