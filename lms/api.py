"""The JSON API at /api/v1/, with its OpenAPI description at /api/v1/openapi.json.

django-ninja, because Wagtail 8 already brings it (its own API v3 is built on it): one API
framework in the project, typed schemas, and the OpenAPI document generated from them. This
NinjaAPI object mounts each app's router (courses/api.py, tracker/api.py) and answers a missing log-in for all.
"""

from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from accounts.api_auth import session_or_token
from courses.api import router as courses_router
from tracker.api import router as tracker_router

api = NinjaAPI(
    title="Gov Lab LMS API",
    version="1",
    description="Courses and cohorts of Thailand's Government Innovation Lab (OPDC).",
    urls_namespace="api",
)
# Each app's router, in the order of the OpenAPI document: courses (the catalogue with seats,
# my enrolments, enrol, withdraw), then the tracker's /prototypes/ for OPDC staff.
api.add_router("", courses_router)
api.add_router("/", tracker_router, auth=session_or_token)


@api.exception_handler(AuthenticationError)
def _not_authenticated(request, exc):
    return api.create_response(
        request,
        {"detail": _("Log in, or send an API token: Authorization: Bearer <token>.")},
        status=401,
    )
