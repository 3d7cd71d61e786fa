"""A clear 503 page when the database goes away in the middle of a request.

Without this, a lost connection is an unhandled exception and the visitor sees the generic
500 page ("something went wrong") although nothing is wrong with what they did. Every write
that spans several rows runs in `transaction.atomic()` in its workflow function, so a
connection that dies half-way leaves nothing half-saved: the database rolls the transaction
back, and this page tells the person to try again in a moment.
"""

import logging

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger("lms.database_outage")

RETRY_AFTER_SECONDS = 30


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error(
            "Database unavailable during %s %s: %s", request.method, request.path, exception
        )
        # Drop the broken connections so the next request in this worker reconnects.
        for connection in connections.all(initialized_only=True):
            connection.close_if_unusable_or_obsolete()
        # The page is static: rendering it must not need the database that just failed.
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
