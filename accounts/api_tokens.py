"""Personal API tokens: making one, when it expires, and whether it carries the second factor.

The tokens are Wagtail's ``APIToken`` (a keyed hash is stored; the key is shown once). A token
expires ``API_TOKEN_MAX_AGE_DAYS`` after it was made (computed from ``created``, so shortening
the setting takes effect for existing tokens too). A staff person (``needs_second_factor``) may
make one only in a session verified with the second factor, and a staff token is accepted only
if it was made so (``ApiTokenRecord.made_with_second_factor``).
"""

import datetime

from django.conf import settings
from django.utils import timezone
from wagtail.models import APIToken

from accounts.models import ApiTokenRecord


def max_age() -> datetime.timedelta:
    return datetime.timedelta(days=settings.API_TOKEN_MAX_AGE_DAYS)


def expires_at(token: APIToken) -> datetime.datetime:
    return token.created + max_age()


def is_expired(token: APIToken, now=None) -> bool:
    return expires_at(token) <= (now or timezone.now())


def unexpired(tokens):
    """The tokens of a queryset that have not expired yet."""
    return tokens.filter(created__gt=timezone.now() - max_age())


def session_is_verified(user) -> bool:
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified is not None and is_verified())


def create_token(user, name: str) -> tuple[APIToken, str]:
    """Make a token for the person logged in as ``user`` (the request's user, so that the
    session's second factor is known); return it with its key, which is never stored."""
    token, key = APIToken.create_token(user=user, name=name)
    ApiTokenRecord.objects.create(token=token, made_with_second_factor=session_is_verified(user))
    return token, key


def token_record(token: APIToken) -> ApiTokenRecord:
    """The token's record; for a token made without ``create_token`` (in a shell, by a script)
    an unsaved one that does not count as verified (a request never writes it)."""
    return ApiTokenRecord.objects.filter(token=token).first() or ApiTokenRecord(token=token)
