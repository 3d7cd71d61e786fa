from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from accounts.names import normalise_email


class UsernameOrEmailBackend(ModelBackend):
    """Civil servants remember their work e-mail better than a username: accept either."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and "@" in username:
            user_model = get_user_model()
            user = user_model.objects.filter(email__iexact=normalise_email(username)).first()
            if user is None:
                # Run the hasher anyway so a missing account takes as long as a wrong password.
                user_model().set_password(password)
                return None
            username = user.get_username()
        return super().authenticate(request, username=username, password=password, **kwargs)


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lock-out check, first in AUTHENTICATION_BACKENDS.

    Every web log-in (ours and the Wagtail admin's) passes the request and is checked. A call
    without a request (a management command, the test client's ``login()``) cannot come from
    an attacker over the network, so it skips the check instead of failing as axes would.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
