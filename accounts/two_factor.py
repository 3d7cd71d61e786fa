"""Two-factor authentication (TOTP) for everyone who acts in a staff role.

Trainers and OPDC staff edit pages and see learners' personal data, so a stolen password alone
must not open the admin, the dashboard's exports, the API's staff endpoints, other people's
certificates or the check-in screens. ``StaffTwoFactorMiddleware`` sends such a person, once
logged in, to enrol an authenticator app (QR code, then a code from the app, then ten
single-use backup codes) or, if enrolled, to type a code:

- every ``/admin/`` address answers with that redirect until then;
- elsewhere the role checks themselves refuse (``accounts.roles``: a staff role counts only
  once verified) and mark the user; the middleware turns that 403 or 404 into the redirect, or
  under ``/api/`` into a 403 whose message says how to verify.

The devices are django-otp's ``TOTPDevice`` and ``StaticDevice`` (backup codes).
"""

import base64
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_ratelimit.decorators import ratelimit
from wagtail.log_actions import log

from accounts.roles import needs_second_factor
from outbox.messages import enqueue_email

ADMIN_PREFIX = "/admin/"
API_PREFIX = "/api/"
# Reachable before the second factor: logging in and out of the admin.
_EXEMPT = ("/admin/login/", "/admin/logout/")
BACKUP_CODE_COUNT = 10
# The person (their id) whose identity provider asserted a second factor when they signed in
# this session (accounts/single_sign_on.py): the session counts as verified.
PROVIDER_SECOND_FACTOR_SESSION_KEY = "sso_second_factor"


def requires_two_factor(user) -> bool:
    """Superusers, staff, Trainers, OPDC staff, anyone else who may open the admin, and the
    trainers of a cohort (``accounts.roles.needs_second_factor``)."""
    return needs_second_factor(user)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


class OTPMiddleware(DjangoOTPMiddleware):
    """django-otp's middleware (``request.user.is_verified()`` after a TOTP or backup code in
    this session), also counting a second factor that the person's identity provider asserted
    at sign-in (ThaID's ``amr``): asking for our code again would add nothing."""

    def _verify_user_sync(self, request, user):
        user = super()._verify_user_sync(request, user)
        if (
            user.is_authenticated
            and user.otp_device is None
            and request.session.get(PROVIDER_SECOND_FACTOR_SESSION_KEY) == user.pk
        ):
            user.is_verified = lambda: True
        return user


class StaffTwoFactorMiddleware:
    """After django-otp's OTPMiddleware: refuse the admin until the second factor is verified,
    and explain a refusal of any other staff surface that a missing second factor caused."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if (
            settings.ADMIN_REQUIRE_TWO_FACTOR
            and path.startswith(ADMIN_PREFIX)
            and not path.startswith(_EXEMPT)
            and requires_two_factor(request.user)
            and not request.user.is_verified()
        ):
            return _to_second_factor(request)
        response = self.get_response(request)
        # request.user may be an API token's owner by now (django-ninja's authentication).
        user = getattr(request, "user", None)
        if (
            response.status_code in (403, 404)
            and getattr(user, "second_factor_missing", False)
            and requires_two_factor(user)
        ):
            if path.startswith(API_PREFIX):
                return JsonResponse({"detail": _api_refusal(request)}, status=403)
            return _to_second_factor(request)
        return response


def _to_second_factor(request):
    target = "accounts:two_factor_verify"
    if not user_has_device(request.user, confirmed=True):
        target = "accounts:two_factor_setup"
    return redirect(_with_next(target, request.get_full_path()))


def _api_refusal(request) -> str:
    if request.headers.get("Authorization", "").lower().startswith("bearer "):
        return gettext(
            "This API token was made before its owner verified the second factor, so it "
            "cannot open staff endpoints. Verify a code from your authenticator app, then make "
            "a new token on your profile page: %(url)s"
        ) % {"url": request.build_absolute_uri(reverse("accounts:profile"))}
    return gettext(
        "Staff must verify a code from their authenticator app before using this endpoint: %(url)s"
    ) % {"url": request.build_absolute_uri(reverse("accounts:two_factor_verify"))}


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_token(self):
        return "".join(self.cleaned_data["token"].split())


def _safe_next(request) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path: anything without a slash would be read as the name of a view.
    if next_url.startswith("/") and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return ADMIN_PREFIX


def _qr_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()


def _new_backup_codes(user) -> list[str]:
    """Replace the user's backup codes with a fresh set; return them to show once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _user_rate(group, request):
    return settings.RATELIMITS["two_factor_user"]


def _get_enrolling_user(request):
    """The logged-in person who needs a second factor and has not enrolled one yet."""
    user = request.user
    if not requires_two_factor(user):
        raise Http404
    return user


def _wait_after_wrong_codes(devices) -> str | None:
    """django-otp refuses every code, even the right one, for a moment after a wrong one (one
    second, doubling with each wrong code in a row). While it does, say so: "check the time on
    your phone" would send the person after a fault they do not have."""
    now = timezone.now()
    waits = []
    for device in devices:
        allowed, details = device.verify_is_allowed()
        if allowed:
            return None
        locked_until = (details or {}).get("locked_until")
        if locked_until is not None:
            waits.append(max(1, int((locked_until - now).total_seconds() + 0.999)))
    if not waits:
        return None
    seconds = min(waits)
    return ngettext(
        "After a wrong code, codes are refused for a moment: wait %(seconds)d second and type"
        " the code your app shows then.",
        "After a wrong code, codes are refused for a moment: wait %(seconds)d seconds and type"
        " the code your app shows then.",
        seconds,
    ) % {"seconds": seconds}


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate=_user_rate, method="POST", block=False)
def setup(request):
    user = _get_enrolling_user(request)
    if user_has_device(user, confirmed=True):
        # Enrolling another device needs the first one: a stolen password alone cannot.
        return redirect(_with_next("accounts:two_factor_verify", _safe_next(request)))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and getattr(request, "limited", False):
        form.is_valid()
        form.add_error(None, _("Too many attempts. Wait a minute and try again."))
    elif request.method == "POST" and form.is_valid():
        paused = _wait_after_wrong_codes([device])  # asked before this try changes it
        if device.verify_token(form.cleaned_data["token"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                codes = _new_backup_codes(user)
            request.session.cycle_key()
            otp_login(request, device)
            return render(
                request,
                "accounts/two_factor_backup_codes.html",
                {"codes": codes, "next": _safe_next(request)},
            )
        form.add_error(
            "token", paused or _("That code is not right. Check the time on your phone.")
        )
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr_code": _qr_data_uri(device.config_url),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "next": _safe_next(request),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate=_user_rate, method="POST", block=False)
def verify(request):
    user = request.user
    if not requires_two_factor(user):
        raise Http404
    if not user_has_device(user, confirmed=True):
        return redirect(_with_next("accounts:two_factor_setup", _safe_next(request)))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and getattr(request, "limited", False):
        form.is_valid()
        form.add_error(None, _("Too many attempts. Wait a minute and try again."))
    elif request.method == "POST" and form.is_valid():
        paused = _wait_after_wrong_codes(TOTPDevice.objects.filter(user=user, confirmed=True))
        # Tries the authenticator app, then the backup codes (each works once).
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            request.session.cycle_key()
            otp_login(request, device)
            return redirect(_safe_next(request))
        form.add_error("token", paused or _("That code is not right."))
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _safe_next(request)}
    )


# Reset by an administrator ------------------------------------------------------------------

TWO_FACTOR_RESET = "accounts.two_factor_reset"


def has_second_factor(person) -> bool:
    """An authenticator app or backup codes on file."""
    return (
        TOTPDevice.objects.filter(user=person).exists()
        or StaticDevice.objects.filter(user=person).exists()
    )


def reset_second_factor(person, *, by, reason: str) -> int:
    """Remove every second factor of ``person`` (a lost phone): their next staff log-in asks them
    to enrol a new authenticator app, and a session verified with the old one is verified no
    more (django-otp finds its device gone). Recorded in Wagtail's audit log on the person (who,
    when, why) and told to the person by e-mail in their language, in one transaction. Returns
    how many devices were removed."""
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=person).delete()[0]
        removed += StaticDevice.objects.filter(user=person).delete()[0]
        log(person, TWO_FACTOR_RESET, user=by, data={"reason": reason})
        if person.email:
            _tell_of_reset(person, reason)
    return removed


def _tell_of_reset(person, reason: str) -> None:
    language = person.preferred_language if person.preferred_language in ("th", "en") else "th"
    with translation.override(language):
        text = render_to_string(
            f"emails/two_factor_reset.{language}.txt",
            {
                "name": person.display_name,
                "reason": reason,
                "when": timezone.now(),
                "login_url": settings.PUBLIC_BASE_URL + reverse("wagtailadmin_login"),
            },
        )
    subject, _sep, body = text.strip().partition("\n")
    enqueue_email(subject.strip(), body.strip(), person.email, person=person)
