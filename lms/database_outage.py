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


def is_outage(exception: BaseException | None) -> bool:
    """A lost or refused connection (psycopg's OperationalError/InterfaceError as Django
    wraps them), as opposed to a bad query, which stays a 500 and a bug to fix."""
    return isinstance(exception, OperationalError | InterfaceError)


def outage_response(request, exception: BaseException) -> HttpResponse:
    logger.error("Database unavailable during %s %s: %s", request.method, request.path, exception)
    # Drop the broken connections so the next request in this worker reconnects.
    for connection in connections.all(initialized_only=True):
        connection.close_if_unusable_or_obsolete()
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
