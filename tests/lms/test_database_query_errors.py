"""A query the database refuses is a bug (a 500), not an outage (the 503 "try again").

SQLite reports a malformed query as OperationalError, the class a lost PostgreSQL connection
is reported with: a full-text search with an unbalanced quote, an expression too deep. The
outage handler took those for a lost database, answered 503 and closed the connection: in a
test, the connection that holds the test's transaction, so every later request of the test
failed ("Cannot operate on a closed database"; about 60 of the hostile-input battery's 93
5xx). Now only a connection that no longer answers is an outage.

SQLite only: an execute wrapper sends SQLite a query it refuses (a table that does not exist)
in place of one of the request's. tests/lms/test_database_outage.py kills a real PostgreSQL
connection.
"""

import pytest
from django.db import connection
from django.test import Client

from cms.pages import HomePage
from tests.factories import make_bilingual_home, make_learner

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's OperationalError for a refused query")


def _refuse(table: str):
    def wrapper(execute, sql, params, many, context):
        if f'"{table}"' in sql:
            return execute("SELECT * FROM no_such_table", None, False, context)
        return execute(sql, params, many, context)

    return wrapper


@pytest.mark.parametrize("table", ["wagtailcore_page", "django_session"])
def test_a_refused_query_answers_500_and_the_connection_stays_open(table):
    make_bilingual_home()
    client = Client(raise_request_exception=False)
    client.force_login(make_learner())  # the session is read by a middleware, not a view
    assert client.get("/th/").status_code == 200

    with connection.execute_wrapper(_refuse(table)):
        response = client.get("/th/")

    assert response.status_code == 500
    assert "Retry-After" not in response
    # The same connection, with the test's transaction, still answers.
    assert HomePage.objects.exists()
    assert client.get("/th/").status_code == 200
