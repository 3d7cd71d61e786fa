"""Authentication for the JSON API, shared by every endpoint that needs a person.

`auth=session_or_token` accepts either a logged-in browser session (unsafe methods must carry
the CSRF token, as with any form) or `Authorization: Bearer <token>`. Tokens are Wagtail's own
`wagtail.models.APIToken` (only a keyed hash is stored; the key is shown once): learners manage
theirs on their profile page, staff in the Wagtail admin. A presented but invalid token never
falls back to the session.

`Error` is the shape of every refusal the API answers (`{"detail": "..."}`); the routers name
it in their operations' responses, and the project's API (lms/api.py) adds the answers every
operation can give (400 refused input, 401 not authenticated, 403 CSRF, 503 database).
"""

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import HttpError
from ninja.security import APIKeyCookie
from ninja.utils import check_csrf
from wagtail.api.v3.auth import BearerTokenAuth


class Error(Schema):
    detail: str


class ApiTokenAuth(BearerTokenAuth):
    """`Authorization: Bearer wagtail_...`: the token's owner becomes `request.user`."""


class SessionAuth(APIKeyCookie):
    """The browser's log-in session; POST, PUT and DELETE must pass Django's CSRF check."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request):
        if not request.user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, _("The form has expired (CSRF check failed). Reload the page."))
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        return request.user if request.user.is_authenticated else None


session_or_token = [ApiTokenAuth(), SessionAuth()]
