"""A clear 503 "try again" when the database goes away in the middle of a request.

Without this, a lost connection is an unhandled exception and the visitor sees the generic
500 page ("something went wrong") although nothing is wrong with what they did. Every write
that spans several rows runs in `transaction.atomic()` in its workflow function, so a
connection that dies half-way leaves nothing half-saved: the database rolls the transaction
back, and the answer tells the person (or the API client) to try again in a moment.

Two doors, one answer (`outage_response`):

- `DatabaseUnavailableMiddleware.process_exception` for a view that raises (the API's too:
  django-ninja hands exceptions it has no handler for back to Django);
- `server_error`, the project's `handler500`, for everything raised outside a view: a
  middleware (the session read, the site lookup, a redirect lookup on a 404) or a response
  rendered after the view returned. Django turns those into the 500 handler's answer at the
  middleware that raised, before any outer middleware could see the exception.

Pages get the static bilingual 503 page; /api/ gets the API's JSON error shape with
`"code": "database_unavailable"`. Both carry Retry-After.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults

logger = logging.getLogger("lms.database_outage")

RETRY_AFTER_SECONDS = 30
API_PREFIX = "/api/"


# SQLite's code for an SQL error (a malformed query, a missing table): the query's fault.
_SQLITE_QUERY_ERROR = "SQLITE_ERROR"
# PostgreSQL's class of "program limit exceeded" (a query too deep or too large).
_POSTGRESQL_QUERY_LIMIT = "54"


def is_outage(exception: BaseException | None) -> bool:
    """A lost or refused connection (psycopg's OperationalError/InterfaceError as Django
    wraps them), as opposed to a bad query, which stays a 500 and a bug to fix.

    SQLite reports a malformed query as OperationalError too (a full-text search with an
    unbalanced quote, an expression tree too deep), with the code SQLITE_ERROR; PostgreSQL a
    query beyond its limits (class 54). Taking those for an outage answered 503 and closed the
    connection: inside a test, the one holding the test's transaction (the hostile-input
    battery's "Cannot operate on a closed database")."""
    if not isinstance(exception, OperationalError | InterfaceError):
        return False
    cause = exception.__cause__
    if getattr(cause, "sqlite_errorname", None) == _SQLITE_QUERY_ERROR:
        return False
    sqlstate = getattr(cause, "sqlstate", None) or ""
    return not sqlstate.startswith(_POSTGRESQL_QUERY_LIMIT)


def _close_lost_connections() -> None:
    """Drop the connections that no longer answer, so the next request in this worker
    reconnects. One that answers keeps its transaction (Django's own
    close_if_unusable_or_obsolete() also closes a connection inside a transaction: in a test,
    the test's)."""
    for connection in connections.all(initialized_only=True):
        if not connection.is_usable():
            connection.close()


def outage_response(request, exception: BaseException) -> HttpResponse:
    logger.error("Database unavailable during %s %s: %s", request.method, request.path, exception)
    _close_lost_connections()
    if request.path.startswith(API_PREFIX):
        response = JsonResponse(
            {
                "detail": _("The database is not answering. Nothing was saved; try again."),
                "code": "database_unavailable",
            },
            status=503,
        )
    else:
        # The page is static: rendering it must not need the database that just failed.
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_outage(exception):
            return None
        return outage_response(request, exception)


def server_error(request):
    """`handler500`: Django calls it while handling the exception, so `sys.exc_info()` says
    what went wrong. A database outage answers 503; anything else Django's own 500 page."""
    exception = sys.exc_info()[1]
    if is_outage(exception):
        return outage_response(request, exception)
    return defaults.server_error(request)
