"""Learner and trainer actions on cohorts. Permission first, state changes by POST only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses import enrolment
from courses.models import Cohort, Enrollment


def _get_cohort_for_user(request, code: str) -> Cohort:
    """A cohort the person may ask to join: its course page is live and they do not train it."""
    cohort = get_object_or_404(
        Cohort.objects.select_related("course"), code=code, course__live=True
    )
    if cohort.is_trained_by(request.user):
        raise PermissionDenied
    return cohort


def _get_enrollment_for_user(request, code: str) -> Enrollment:
    """The person's own enrolment in the cohort; anybody else's does not exist for them."""
    return get_object_or_404(
        Enrollment.objects.for_learner(request.user).select_related("cohort"), cohort__code=code
    )


def _get_enrollment_for_trainer(request, code: str, enrollment_id: int) -> Enrollment:
    cohort = get_object_or_404(Cohort, code=code)
    if not Cohort.objects.for_trainer(request.user).filter(pk=cohort.pk).exists():
        raise PermissionDenied
    return get_object_or_404(Enrollment, pk=enrollment_id, cohort=cohort)


def _back(request, default: str):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


_ENROL_MESSAGES = {
    Enrollment.Status.ENROLLED: lambda: _("You are enrolled in %(cohort)s."),
    Enrollment.Status.WAITLISTED: lambda: _(
        "%(cohort)s is full. You are on the waitlist and will be enrolled when a seat frees up."
    ),
    Enrollment.Status.PENDING: lambda: _(
        "Your request to join %(cohort)s is waiting for a trainer's approval."
    ),
    Enrollment.Status.COMPLETED: lambda: _("You have already completed %(cohort)s."),
}


@require_POST
@login_required
def enrol(request, code: str):
    cohort = _get_cohort_for_user(request, code)
    try:
        enrollment = enrolment.enrol(request.user, cohort)
    except enrolment.EnrolmentRefused as refusal:
        messages.error(request, str(refusal.message))
    else:
        message = _ENROL_MESSAGES[Enrollment.Status(enrollment.status)]() % {"cohort": cohort.title}
        messages.success(request, message)
    return _back(request, reverse("my_learning"))


@require_POST
@login_required
def withdraw(request, code: str):
    enrollment = _get_enrollment_for_user(request, code)
    try:
        enrolment.withdraw(enrollment, request.user)
    except enrolment.EnrolmentRefused as refusal:
        messages.error(request, str(refusal.message))
    else:
        messages.success(
            request,
            _("You have withdrawn from %(cohort)s.") % {"cohort": enrollment.cohort.title},
        )
    return _back(request, reverse("my_learning"))


@require_POST
@login_required
def decide(request, code: str, enrollment_id: int, decision: str):
    """A trainer approves or rejects a request to join their cohort."""
    enrollment = _get_enrollment_for_trainer(request, code, enrollment_id)
    action = {"approve": enrolment.approve, "reject": enrolment.reject}.get(decision)
    if action is None:
        raise Http404
    try:
        enrollment = action(enrollment, request.user)
    except enrolment.EnrolmentRefused as refusal:
        messages.error(request, str(refusal.message))
    else:
        messages.success(
            request,
            _("%(learner)s: %(status)s")
            % {"learner": enrollment.learner, "status": enrollment.get_status_display()},
        )
    return _back(request, reverse("my_learning"))
