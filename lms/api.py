"""The JSON API at /api/v1/, with its OpenAPI description at /api/v1/openapi.json.

django-ninja, because Wagtail 8 already brings it (its own API v3 is built on it): one API
framework in the project, typed schemas, and the OpenAPI document generated from them. This
NinjaAPI object mounts each app's router (courses/api.py, tracker/api.py) and answers a missing log-in for all.

The document lists every answer an operation gives. Each router names its own refusals (403
wrong role, 404, 400 refused by the workflow); the answers that come from the project rather
than from an endpoint are added here to every operation they apply to (`_COMMON_ANSWERS`):
400 for input the site refuses at the door (a NUL, lms/input_guard.py; each text parameter
says so with a pattern) or that the document's schema refuses (a field missing or of the
wrong type: `_invalid_input`), 401 where a person is
needed, 403 for a session POST without its CSRF token, 503 with Retry-After when the database
is down (lms/database_outage.py). tests/lms/test_api_document.py calls every operation in the
document and checks that each answer it got is listed.
"""

from django.utils import translation
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, ValidationError

from accounts.api_auth import Error, session_or_token
from agencies.api import coordinators_only
from agencies.api import router as agencies_router
from courses.api import router as courses_router
from tracker.api import router as tracker_router


class DatabaseUnavailable(Schema):
    detail: str
    code: str


_ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
_UNSAFE = {"post", "put", "patch", "delete"}
_NO_NUL = "^[^\\x00]*$"


def _common_answers(method: str, operation: dict) -> dict:
    answers = {
        400: {
            "description": "Refused input: a NUL character in the address or query, or a"
            " parameter or body the schema refuses.",
            "content": _ERROR,
        },
        503: {
            "description": "The database is not answering; nothing was saved. Try again later.",
            "headers": {
                "Retry-After": {
                    "description": "Seconds to wait before trying again.",
                    "schema": {"type": "integer"},
                }
            },
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/DatabaseUnavailable"}}
            },
        },
    }
    security = {name for scheme in operation.get("security", []) for name in scheme}
    if security:
        answers[401] = {
            "description": "No log-in session and no valid API token.",
            "content": _ERROR,
        }
    if "SessionAuth" in security and method in _UNSAFE:
        answers[403] = {
            "description": "A session request without its CSRF token.",
            "content": _ERROR,
        }
    return answers


class LmsApi(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema["components"].setdefault("schemas", {}).update(
            {
                "Error": Error.model_json_schema(),
                "DatabaseUnavailable": DatabaseUnavailable.model_json_schema(),
            }
        )
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                for parameter in operation.get("parameters", []):
                    if parameter["schema"].get("type") == "string":
                        # What the NUL guard lets through: the document says so, and clients
                        # generated from it (and Schemathesis) know a NUL is refused input.
                        parameter["schema"].setdefault("pattern", _NO_NUL)
                for status, answer in _common_answers(method, operation).items():
                    # A router's own description of the same status stays first.
                    operation["responses"].setdefault(status, answer)
        return schema


api = LmsApi(
    title="Gov Lab LMS API",
    version="1",
    description="Courses and cohorts of Thailand's Government Innovation Lab (OPDC).",
    urls_namespace="api",
)
# Each app's router, in the order of the OpenAPI document: courses (the catalogue with seats,
# my enrolments, enrol, withdraw), then the tracker's /prototypes/ for OPDC staff, then
# /my-agency/ for agency coordinators (their staff, nominations).
api.add_router("", courses_router)
api.add_router("/", tracker_router, auth=session_or_token)
api.add_router("/", agencies_router, auth=coordinators_only)


@api.exception_handler(AuthenticationError)
def _not_authenticated(request, exc):
    return api.create_response(
        request,
        {"detail": _("Log in, or send an API token: Authorization: Bearer <token>.")},
        status=401,
    )


@api.exception_handler(ValidationError)
def _invalid_input(request, exc):
    """A parameter or body the document's schema refuses: a 400 in the shape of every other
    refusal (the operations document it as refused input), naming the fields, in the
    person's own language as the endpoints' refusals are."""
    fields = []
    for error in exc.errors:
        # ("body", "payload", "person_id") or ("query", "page"): the field's own name.
        where = [str(part) for part in error.get("loc", ())[1:]]
        if where and where[0] == "payload":
            where = where[1:]
        fields.append(".".join(where) or "body")
    user = getattr(request, "user", None)
    language = getattr(user, "preferred_language", "") or translation.get_language() or "th"
    with translation.override(language):
        detail = _("The request is not valid: check %(fields)s.") % {"fields": ", ".join(fields)}
    return api.create_response(request, {"detail": detail}, status=400)
