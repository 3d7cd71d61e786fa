"""Refuse, with 400, a request whose address, query or form holds a NUL character.

No text anyone types contains NUL, and PostgreSQL cannot store it: a NUL reaching a query
(`/th/%00/`, `?q=a%00b`, a form field, a JSON body with "\\u0000") ended in a database error and
the generic 500 page. Refusing it at the door answers every route the same way, before any view,
session or database work. File uploads are left to the views that read them (the participant
import refuses a NUL in a cell with the row named).

A form set's row counts (`<prefix>-TOTAL_FORMS` and the like, hidden inputs only a browser
writes) in other digits than 0-9 are refused the same way: Python's int() reads Thai digits
(๒๕๖๙ is 2569), so a form set was asked for thousands of rows that were never sent and failed
looking for the first one's fields (the adoption form's outcomes: a 500).
"""

import json

from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

from thai.numbers import LARGEST_ID, read_int

FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
JSON = "application/json"


def _has_nul(values) -> bool:
    return any("\x00" in key or any("\x00" in value for value in items) for key, items in values)


MANAGEMENT_FIELDS = ("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")


def _has_foreign_count(values) -> bool:
    return any(
        key.endswith(MANAGEMENT_FIELDS)
        and any(char.isdigit() and not char.isascii() for value in items for char in value)
        for key, items in values
    )


def _json_has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_json_has_nul(key) or _json_has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_json_has_nul(item) for item in value)
    return False


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._hostile(request):
            return self._refuse(request)
        if request.content_type == FORM and _has_foreign_count(request.POST.lists()):
            return self._refuse_count()
        return self.get_response(request)

    def _refuse_count(self):
        return HttpResponseBadRequest(
            _("The form's number of rows was not sent in the digits 0-9: reload the page.")
        )

    def process_view(self, request, view, args, kwargs):
        # A multipart form is parsed by the CSRF check anyway, except for views exempt from it
        # (the CSP report, the API), which read the body themselves: reading it for them here
        # would consume the stream they read.
        parsed = hasattr(request, "_post") or not getattr(view, "csrf_exempt", False)
        if request.content_type == MULTIPART and parsed:
            if _has_nul(request.POST.lists()):
                return self._refuse(request)
            if _has_foreign_count(request.POST.lists()):
                return self._refuse_count()
        return None

    def _refuse(self, request):
        message = _("The request contains a character that cannot be used (NUL).")
        if request.path.startswith("/api/") or request.content_type == JSON:
            return JsonResponse({"detail": message}, status=400)
        return HttpResponseBadRequest(message)

    def _hostile(self, request) -> bool:
        if "\x00" in request.path or "\x00" in request.path_info:
            return True
        if _has_nul(request.GET.lists()):
            return True
        if request.method in ("POST", "PUT", "PATCH"):
            if request.content_type == FORM:
                return _has_nul(request.POST.lists())  # the body stays readable (cached)
            if request.content_type == JSON:
                body = request.body
                if b"\x00" in body:
                    return True
                if b"\\u0000" in body:
                    try:
                        return _json_has_nul(json.loads(body))
                    except ValueError:
                        return False  # malformed JSON is the view's to refuse
        return False


class NextIsAPathMiddleware:
    """A `next` (where to go after a log-in, a form) that is not a path on this site is dropped,
    so the view goes to its default. Django's `redirect()`, which Wagtail's log-in uses, reads
    a value without a slash as the name of a view: `?next=99999` ended in NoReverseMatch, a
    500. Addresses on another site are already refused by each view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_path(request.GET.get("next")):
            request.GET = _without_next(request.GET)
        if request.method == "POST" and request.content_type == FORM:
            if not _is_path(request.POST.get("next")):
                request.POST = _without_next(request.POST)
        return self.get_response(request)


def _is_path(value) -> bool:
    return value is None or value == "" or value.startswith("/")


def _without_next(values):
    values = values.copy()
    values.pop("next", None)
    return values


class AdminQueryIdMiddleware:
    """In the admin's address query, a whole number larger than any row id can be is dropped,
    so the screen shows what it shows without that filter. Wagtail's listings filter by rows
    named by id (the page explorer's page type, owner and site, the users' group) with
    django-filter, and Django looks such a choice up before checking it: on SQLite a number
    past 64 bits raised OverflowError, a 500, where text that is no id ("abc") is answered with
    the unfiltered listing. Judged by value, not by name: the page search's `content_type` is
    "app.model", and the search text (`q`) is left as typed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/admin/") and any(
            key != "q" and any(_beyond_any_id(value) for value in values)
            for key, values in request.GET.lists()
        ):
            query = request.GET.copy()
            for key, values in request.GET.lists():
                if key != "q":
                    query.setlist(key, [value for value in values if not _beyond_any_id(value)])
            request.GET = query
        return self.get_response(request)


def _beyond_any_id(value: str) -> bool:
    """Whether `value` reads (as Django's integer fields read it: Python's int(), which takes
    Thai digits, a sign and underscores) as a whole number that no 64-bit id column holds."""
    try:  # int() refuses more than 4,300 digits (ValueError), which Django handles too
        return abs(int(value)) > LARGEST_ID
    except ValueError:
        return False


class ChosenIdMiddleware:
    """Wagtail's snippet choosers answer `.../chosen/<pk>/` by looking the pk up as sent: text
    where our snippets' whole-number ids belong (`²`, 10,000 characters) raised ValueError, a
    500. Such an address names no snippet: not found."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        match = request.resolver_match
        if match is None or match.url_name != "chosen" or "pk" not in kwargs:
            return None
        if match.namespace.startswith("wagtailsnippetchoosers"):
            if read_int(kwargs["pk"], minimum=1, maximum=2**63 - 1) is None:
                raise Http404
        return None
