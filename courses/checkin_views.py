"""Check-in screens: the trainer's rotating QR and the learner's scan or typed code.

Served without a language prefix because the QR code must stay short (and the same code
works whatever language the learner reads); lms.locale.ReaderLanguageMiddleware picks the
page's language: the one the person chose, else their account's. The scan is also served at
/th/checkin/<token>/ and /en/checkin/<token>/ (`courses:checkin_scan`), answered in the
address's language.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited
from wagtail.users.models import UserProfile

from accounts.roles import can_manage_cohort
from cms.catalogue import in_visitors_language
from courses import checkin
from courses.models import Attendance, Session


def _get_session_for_trainer(request, code: str) -> Session:
    session = get_object_or_404(Session.objects.select_related("cohort__course"), code=code)
    if not can_manage_cohort(request.user, session.cohort):
        raise PermissionDenied
    return session


def _screen_language(request) -> str:
    """The projector screen is opened from the admin: without a language the trainer chose on
    the screen itself (its switcher), it speaks the trainer's admin language."""
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) in dict(settings.LANGUAGES):
        return translation.get_language()
    return UserProfile.get_for_user(request.user).get_preferred_language()


def _screen_state(request, session: Session) -> dict:
    """What the projector shows now: this period's QR and typed code, and the head count."""
    url = request.build_absolute_uri(reverse("checkin:scan", args=[checkin.qr_token(session)]))
    checked_in = session.attendances.exclude(status=Attendance.Status.ABSENT).count()
    return {
        "qr_svg": checkin.qr_svg(url),
        "typed_code": checkin.typed_code(session),
        "checked_in": checked_in,
        # Everyone here, however recorded: by scan, by code or marked by the trainer.
        "checked_in_text": ngettext(
            "%(people)s person present", "%(people)s people present", checked_in
        )
        % {"people": checked_in},
    }


@login_required
def trainer_screen(request, code: str):
    """The projector screen. A small script (lms/static/courses/checkin_screen.js) fetches a new
    code from screen_state as each one expires, without reloading the page: a page that
    reloads itself (meta refresh) is an accessibility failure and flickers on a projector."""
    session = _get_session_for_trainer(request, code)
    typed_url = settings.PUBLIC_BASE_URL + reverse("checkin:typed")
    language = _screen_language(request)
    translation.activate(language)
    request.LANGUAGE_CODE = language
    response = render(
        request,
        "courses/checkin_screen.html",
        {
            "session": session,
            "course": in_visitors_language([session.cohort.course]).get(
                session.cohort.course.translation_key, session.cohort.course
            ),
            # Short enough to read off a projector and type: no "https://".
            "typed_address": typed_url.split("://", 1)[-1],
            "typed_url": typed_url,
            **_screen_state(request, session),
            "refresh_seconds": checkin.ROTATE_SECONDS,
        },
    )
    response.headers["Content-Language"] = language
    return response


@login_required
def screen_state(request, code: str):
    session = _get_session_for_trainer(request, code)
    with translation.override(_screen_language(request)):
        response = JsonResponse(_screen_state(request, session))
    response["Cache-Control"] = "no-store"
    return response


def _result(request, *, attendance=None, error=None, status=200, earlier=False, outside=None):
    """The outcome: who is checked in to what, when and how (present or late), or why not.
    `outside`: the cohort of a session the learner holds no seat in (a link to its course)."""
    course = None
    cohort = attendance.session.cohort if attendance is not None else outside
    if cohort is not None:
        course = cohort.course
        course = in_visitors_language([course]).get(course.translation_key, course)
    return render(
        request,
        "courses/checkin_result.html",
        {
            "attendance": attendance,
            "course": course,
            "error": error,
            "earlier": earlier,
            "outside": outside,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def scan(request, token: str):
    """GET shows who and what is being checked in; POST (the button) records it.

    A valid QR is held for this browser when it is scanned (before the learner is sent to log
    in, if they are logged out), so the time spent logging in, or reloading the page in the other
    language, does not expire it (courses.checkin.hold_scan)."""
    if not request.user.is_authenticated:
        if request.method == "GET":
            try:
                session = checkin.session_for_qr_token(token)
            except checkin.CheckInRefused as refusal:
                return _result(request, error=refusal.message, status=400)
            checkin.hold_scan(request.session, token, session)
        return redirect_to_login(request.get_full_path())
    if request.method == "GET":
        earlier = checkin.earlier_check_in(request.user, token)
        if earlier is not None:
            return _result(request, attendance=earlier, earlier=True)
    try:
        if request.method == "POST":
            # The QR was valid when scanned (GET); the confirmation is bound to this person.
            session, scanned_at = checkin.session_for_confirmation(
                request.POST.get("confirm", ""), request.user
            )
            attendance = checkin.check_in(
                request.user, session, Attendance.Method.QR, now=scanned_at
            )
            checkin.forget_scan(request.session)
            return _result(request, attendance=attendance)
        session, scanned_at = checkin.session_for_scan(request.session, token)
    except checkin.CheckInRefused as refusal:
        return _result(request, error=refusal.message, status=400)
    if checkin.seated_enrollment(request.user, session) is None:
        # Said at once, not after "Check me in": the way in is the course's cohorts.
        not_seated = _("You are not enrolled in the cohort of this session.")
        return _result(request, error=not_seated, status=400, outside=session.cohort)
    return render(
        request,
        "courses/checkin_confirm.html",
        {
            "session": session,
            "confirm": checkin.confirmation_token(session, request.user, scanned_at),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def typed(request):
    if request.method == "POST":
        if _typed_code_limited(request):
            return _typed_form(
                request,
                _("Too many codes tried. Please wait a minute and try again, or scan the QR code."),
                status=429,
            )
        try:
            session = checkin.session_for_typed_code(request.user, request.POST.get("code", ""))
            attendance = checkin.check_in(request.user, session, Attendance.Method.TYPED_CODE)
        except checkin.CheckInRefused as refusal:
            # The form again, with why: the person corrects the code where they typed it.
            return _typed_form(request, refusal.message, status=400)
        return _result(request, attendance=attendance)
    return _typed_form(request)


def _typed_form(request, error: str = "", status: int = 200):
    return render(
        request,
        "courses/checkin_typed.html",
        {"error": error, "code": request.POST.get("code", "")[:6] if error else ""},
        status=status,
    )


def _typed_code_limited(request) -> bool:
    """Typed codes are short, so guessing is capped per person and per address. Every
    attempt counts, and a limited attempt records nothing."""
    by_user = is_ratelimited(
        request,
        group="checkin-typed-user",
        key="user",
        rate=checkin.TYPED_CODE_RATE_PER_USER,
        increment=True,
    )
    by_ip = is_ratelimited(
        request,
        group="checkin-typed-ip",
        key="ip",
        rate=checkin.TYPED_CODE_RATE_PER_IP,
        increment=True,
    )
    return by_user or by_ip
