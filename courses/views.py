"""Learner and trainer actions on cohorts. Permission first, state changes by POST only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cms.catalogue import in_visitors_language
from cms.models import ModulePage
from courses import calendar, completion, enrolment
from courses.models import CalendarFeed, Cohort, Enrollment, ModuleProgress


def _get_cohort_for_user(
    request, code: str | None = None, *, pk: int | None = None, to: str = "manage", cohorts=None
) -> Cohort:
    """The cohort with this public `code` (or primary key `pk`, in the certificate admin's
    addresses) if the person may do `to` with it; else Http404 or PermissionDenied.

    - ``to="manage"`` (trainer tools, decisions, certificates): a cohort they train, any for
      OPDC staff (`Cohort.objects.managed_by`). Another trainer's cohort is refused (in the
      admin Wagtail then shows its "no permission" message); an unknown code is not found.
    - ``to="join"`` (enrol): a cohort of a live course that they do not train
      (`Cohort.objects.joinable_by`). A cohort they train is refused; an unknown code or an
      unpublished course is not found.

    `cohorts` is the queryset to load it from (default: with its course), e.g. annotated.
    """
    if to not in ("manage", "join"):
        raise ValueError(f"to={to!r}: use 'manage' or 'join'")
    cohorts = cohorts if cohorts is not None else Cohort.objects.select_related("course")
    lookup = {"code": code} if pk is None else {"pk": pk}
    if to == "join":
        allowed, exists = (
            cohorts.joinable_by(request.user),
            Cohort.objects.filter(course__live=True),
        )
    else:
        allowed, exists = cohorts.managed_by(request.user), Cohort.objects.all()
    cohort = allowed.filter(**lookup).first()
    if cohort is None:
        if exists.filter(**lookup).exists():
            raise PermissionDenied
        raise Http404
    return cohort


def _get_enrollment_for_user(request, code: str) -> Enrollment:
    """The person's own enrolment in the cohort; anybody else's does not exist for them."""
    return get_object_or_404(
        Enrollment.objects.for_learner(request.user).select_related("cohort"), cohort__code=code
    )


def _safe_next(request, default: str) -> str:
    """The `next` address a form or link carries, if it is on this site; else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path: `redirect()` reads anything without a slash as the name of a view
    # ("99999" ended in NoReverseMatch, a 500).
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _back(request, default: str):
    return redirect(_safe_next(request, default))


def course_and_cohort(cohort) -> str:
    """The cohort named with its course, in the reader's language ("Public Service Design,
    Cohort 1"): a trainer runs cohorts of the same name in several courses."""
    course = in_visitors_language([cohort.course]).get(cohort.course.translation_key, cohort.course)
    return _("%(course)s, %(cohort)s") % {"course": course.title, "cohort": cohort.display_title}


_ENROL_MESSAGES = {
    Enrollment.Status.ENROLLED: lambda: _("You are enrolled in %(cohort)s."),
    Enrollment.Status.WAITLISTED: lambda: _(
        "%(cohort)s is full. You are on the waitlist and will be enrolled when a seat frees up."
    ),
    Enrollment.Status.PENDING: lambda: _(
        "Your request to join %(cohort)s is waiting for a trainer's approval."
    ),
    Enrollment.Status.COMPLETED: lambda: _("You have already completed %(cohort)s."),
    Enrollment.Status.AGENCY_PENDING: lambda: _(
        "Your request to join %(cohort)s is waiting for your agency's approval."
    ),
}


@require_POST
@login_required
def enrol(request, code: str):
    cohort = _get_cohort_for_user(request, code, to="join")
    try:
        enrollment = enrolment.enrol(request.user, cohort)
    except enrolment.EnrolmentRefused as refusal:
        messages.error(request, str(refusal.message))
    else:
        reserved_until = getattr(enrollment, "reserved_until", None)
        if reserved_until:
            # Seats are free, but reserved for other agencies (courses/seats.py).
            message = enrolment.reserved_seats_message(reserved_until)
        else:
            message = _ENROL_MESSAGES[Enrollment.Status(enrollment.status)]() % {
                "cohort": course_and_cohort(cohort)
            }
        messages.success(request, message)
    return _back(request, reverse("my_learning"))


@require_http_methods(["GET", "POST"])
@login_required
def withdraw(request, code: str):
    """GET: what withdrawing means for this enrolment, and a button to confirm (changes
    nothing). POST: withdraw, through the enrolment workflow."""
    enrollment = _get_enrollment_for_user(request, code)
    if request.method == "GET":
        return _confirm_withdrawal(request, enrollment)
    was = enrollment.status
    try:
        enrolment.withdraw(enrollment, request.user)
    except enrolment.EnrolmentRefused as refusal:
        messages.error(request, str(refusal.message))
    else:
        message = _WITHDRAWN_MESSAGES.get(
            Enrollment.Status(was), _WITHDRAWN_MESSAGES[Enrollment.Status.ENROLLED]
        )
        messages.success(request, message() % {"cohort": course_and_cohort(enrollment.cohort)})
    return _back(request, reverse("my_learning"))


# What the learner gave up: a seat, a request not yet decided, or a place in the queue.
_WITHDRAWN_MESSAGES = {
    Enrollment.Status.ENROLLED: lambda: _("You have withdrawn from %(cohort)s."),
    Enrollment.Status.PENDING: lambda: _("You have cancelled your request to join %(cohort)s."),
    Enrollment.Status.AGENCY_PENDING: lambda: _(
        "You have cancelled your request to join %(cohort)s."
    ),
    Enrollment.Status.WAITLISTED: lambda: _("You have left the waiting list of %(cohort)s."),
}


def _confirm_withdrawal(request, enrollment: Enrollment):
    enrollment = (
        Enrollment.objects.with_waitlist_position()
        .select_related("cohort__course")
        .get(pk=enrollment.pk)
    )
    cohort = enrollment.cohort
    course = cohort.course
    course_page = in_visitors_language([course]).get(course.translation_key, course)
    Status = Enrollment.Status
    return render(
        request,
        "courses/withdraw_confirm.html",
        {
            "enrollment": enrollment,
            "cohort": enrollment.cohort,
            "course_page": course_page,
            "can_withdraw": enrollment.status in enrolment.WITHDRAWABLE,
            "waiting": Enrollment.objects.filter(cohort=cohort).waitlisted().count(),
            "next": _safe_next(request, reverse("my_learning")),
            "Status": Status,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def decide(request, code: str, enrollment_id: int, decision: str, back_to: str = "my_learning"):
    """A trainer of the cohort (or OPDC staff) approves or rejects a request to join it, through
    the enrolment workflow. Served at two addresses: `courses:decide` (then back to "My
    learning") and the roster's `courses_admin_decide` in the admin (``back_to="roster"``);
    both return to a safe `next` when the form sends one. A rejection may carry a `reason`,
    which the learner is e-mailed. Only a POST decides: opening the public address (a link
    followed, a prefetch) shows what the decision will do, with the button that makes it."""
    cohort = _get_cohort_for_user(request, code)
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("learner"), pk=enrollment_id, cohort=cohort
    )
    if decision not in ("approve", "reject"):
        raise Http404
    if request.method != "POST":
        if back_to == "roster" and decision == "reject":
            # The roster's button posts to this confirmation; reloading it or opening its
            # address shows the same confirmation, with the roster to go back to.
            return _confirm_reject(request, cohort, enrollment)
        if back_to == "roster":  # the roster's approve button posts; never a link
            return HttpResponseNotAllowed(["POST"])
        return _confirm_decision(request, cohort, enrollment, decision)
    if (
        decision == "reject"
        and back_to == "roster"
        and not request.POST.get("confirmed")
        and enrollment.status in (Enrollment.Status.PENDING, Enrollment.Status.WAITLISTED)
    ):
        # In the admin a rejection is confirmed first, as promote and remove are: the learner
        # is e-mailed at once and cannot undo it. Nothing changes until the confirmed POST.
        return _confirm_reject(request, cohort, enrollment)
    try:
        if decision == "approve":
            enrollment = enrolment.approve(enrollment, request.user)
        else:
            reason = request.POST.get("reason", "")
            enrollment = enrolment.reject(enrollment, request.user, reason=reason)
    except enrolment.EnrolmentRefused as refusal:
        messages.error(request, str(refusal.message))
    else:
        messages.success(
            request,
            _("%(learner)s: %(status)s")
            % {
                "learner": enrollment.learner.display_name,
                "status": enrollment.get_status_display(),
            },
        )
    if back_to == "roster":
        return _back(request, reverse("courses_admin_roster", args=[cohort.code]))
    return _back(request, reverse("my_learning"))


def _confirm_decision(request, cohort: Cohort, enrollment: Enrollment, decision: str):
    course = cohort.course
    Status = Enrollment.Status
    waiting = (Status.PENDING,) if decision == "approve" else (Status.PENDING, Status.WAITLISTED)
    return render(
        request,
        "courses/decide_confirm.html",
        {
            "cohort": cohort,
            "course_page": in_visitors_language([course]).get(course.translation_key, course),
            "enrollment": enrollment,
            "decision": decision,
            "can_decide": enrollment.status in waiting,
            "next": _safe_next(request, reverse("my_learning")),
        },
    )


def _confirm_reject(request, cohort: Cohort, enrollment: Enrollment) -> TemplateResponse:
    roster_url = _safe_next(request, reverse("courses_admin_roster", args=[cohort.code]))
    return TemplateResponse(
        request,
        "courses/admin/reject_confirm.html",
        {
            "cohort": cohort,
            "enrollment": enrollment,
            "reason": request.POST.get("reason", ""),
            "roster_url": roster_url,
            "can_reject": enrollment.status
            in (Enrollment.Status.PENDING, Enrollment.Status.WAITLISTED),
            "page_title": _("Reject a request"),
            "tab": "roster",
        },
    )


def _get_module_enrollment_for_user(request, key) -> tuple[ModulePage, ModulePage, Enrollment]:
    """The module (every language version shares its translation key), the person's seated
    enrolment in a cohort of its course (an active one before a completed one), and the module
    page to go back to; 404 for anybody not enrolled.

    Progress is recorded against the version in the language of the cohort's course, so marking
    the Thai and the English page records the module once."""
    versions = list(
        ModulePage.objects.live().public().filter(translation_key=key).select_related("locale")
    )
    if not versions:
        raise Http404
    course = versions[0].get_parent()
    enrollment = (
        Enrollment.objects.for_learner(request.user)
        .filter(cohort__course__translation_key=course.translation_key)
        .filter(status__in=Enrollment.SEATED)
        .select_related("cohort", "cohort__course")
        .annotate(
            active_first=Case(
                When(status=Enrollment.Status.ENROLLED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("active_first", "-cohort__start_date")
        .first()
    )
    if enrollment is None:
        raise Http404
    course_locale = enrollment.cohort.course.locale_id
    recorded = next((page for page in versions if page.locale_id == course_locale), versions[0])
    language = translation.get_language() or ""
    shown = next((page for page in versions if page.locale.language_code == language), recorded)
    return recorded, shown, enrollment


@require_POST
@login_required
def complete_module(request, key):
    """ "Mark as complete" on a module page, in either language; doing it twice (or once per
    language) records it once."""
    module, page, enrollment = _get_module_enrollment_for_user(request, key)
    created = False
    if not ModuleProgress.objects.filter(
        enrollment=enrollment, module__translation_key=key
    ).exists():
        try:
            with transaction.atomic():
                _progress, created = ModuleProgress.objects.get_or_create(
                    enrollment=enrollment, module=module
                )
        except IntegrityError:
            created = False  # a double click recorded it a moment ago
    if completion.update_completion(enrollment, by=request.user):
        messages.success(
            request,
            _("Congratulations! You have completed %(cohort)s.")
            % {"cohort": course_and_cohort(enrollment.cohort)},
        )
    elif created:
        messages.success(request, _("Module marked as complete."))
    return _back(request, page.url or reverse("my_learning"))


def _calendar_response(user, *, download: bool) -> HttpResponse:
    text = calendar.render(calendar.sessions_for(user), name=_("Gov Lab: my sessions"))
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    if download:
        response["Content-Disposition"] = 'attachment; filename="govlab-sessions.ics"'
    return response


@require_GET
@login_required
def my_calendar(request):
    """Download my sessions as an .ics file."""
    return _calendar_response(request.user, download=True)


@require_GET
def calendar_feed(request, token: str):
    """The subscribed feed: calendar apps send no session, the secret address is the key."""
    feed = get_object_or_404(
        CalendarFeed.objects.select_related("user"), token=token, user__is_active=True
    )
    return _calendar_response(feed.user, download=False)


@require_POST
@login_required
def reset_calendar_feed(request):
    """A new secret address; calendars subscribed to the old one stop receiving sessions."""
    CalendarFeed.objects.filter(user=request.user).delete()
    CalendarFeed.objects.create(user=request.user)
    messages.success(request, _("Your calendar address has been changed."))
    return _back(request, reverse("my_learning"))
