"""Authentication for the JSON API, shared by every endpoint that needs a person.

`auth=session_or_token` accepts either a logged-in browser session (unsafe methods must carry
the CSRF token, as with any form) or `Authorization: Bearer <token>`. Tokens are Wagtail's own
`wagtail.models.APIToken` (only a keyed hash is stored; the key is shown once): everyone
manages theirs on their profile page (`accounts/api_tokens.py`). A presented but invalid token never
falls back to the session.

A token expires ``API_TOKEN_MAX_AGE_DAYS`` after it was made. A token answers as its owner
with the second factor it was made with (``accounts/api_tokens.py``): a staff person's token
made before they had verified a code in that session opens no staff endpoint
(``accounts.roles``).

`Error` is the shape of every refusal the API answers (`{"detail": "..."}`); the routers name
it in their operations' responses, and the project's API (lms/api.py) adds the answers every
operation can give (400 refused input, 401 not authenticated, 403 CSRF, 503 database).
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import HttpError
from ninja.security import APIKeyCookie
from ninja.utils import check_csrf
from wagtail.api.v3.auth import BearerTokenAuth

from accounts import api_tokens


class Error(Schema):
    detail: str


class ApiTokenAuth(BearerTokenAuth):
    """`Authorization: Bearer wagtail_...`: the token's owner becomes `request.user`, verified
    by the second factor if the token was made in a verified session. An expired token is
    refused like an unknown one."""

    def authenticate(self, request, token: str):
        api_token = super().authenticate(request, token)
        if api_token is None:
            return None
        if api_tokens.is_expired(api_token):
            request.user = AnonymousUser()
            return None
        verified = api_tokens.token_record(api_token).made_with_second_factor
        request.user.otp_device = None
        request.user.is_verified = lambda: verified
        return api_token

    def _touch_last_used(self, api_token):
        if not api_tokens.is_expired(api_token):
            super()._touch_last_used(api_token)


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
