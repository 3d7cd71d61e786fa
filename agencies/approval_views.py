"""Stage 1 of two-stage approval on the public site (issue #16): the coordinator's "Requests to
approve" under /th/my-agency/requests/ (their agency's people's requests waiting for the
agency, and the agency's recent decisions), and the confirmation page where they approve or
decline one with a reason. Permission first (another agency's request is not found); state
changes by POST only, through courses.enrolment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from agencies import approvals
from agencies.models import AccessRecord
from agencies.nomination_views import _chosen_agency
from agencies.views import _agencies_or_refuse
from cms.catalogue import in_visitors_language
from courses import enrolment
from courses.models import Enrollment, RequestDecision
from courses.views import course_and_cohort

REQUESTS_SHOWN = 200
DECISIONS_SHOWN = 50


@login_required
def requests_to_approve(request):
    """The requests waiting for the agency's decision, soonest deadline first, and the
    agency's latest decisions (who decided, when, why)."""
    agencies = _agencies_or_refuse(request)
    agency = _chosen_agency(request, agencies)
    waiting = list(approvals.requests_to_approve([agency])[:REQUESTS_SHOWN])
    courses = in_visitors_language({e.cohort.course for e in waiting})
    today = timezone.localdate()
    for enrollment in waiting:
        course = enrollment.cohort.course
        enrollment.course_page = courses.get(course.translation_key, course)
        enrollment.overdue = enrollment.is_overdue(today)
    decisions = list(
        RequestDecision.objects.filter(
            enrollment__learner__agency=agency, stage=RequestDecision.Stage.AGENCY
        )
        .select_related("by", "enrollment__learner", "enrollment__cohort")
        .order_by("-at", "-pk")[:DECISIONS_SHOWN]
    )
    AccessRecord.objects.create(viewer=request.user, agency=agency, what=AccessRecord.What.REQUESTS)
    return render(
        request,
        "agencies/requests.html",
        {"agencies": agencies, "agency": agency, "waiting": waiting, "decisions": decisions},
    )


def _get_request_for_coordinator(request, pk: int) -> Enrollment:
    """A request of a person of an agency the coordinator coordinates; 403 for someone who
    coordinates none, and another agency's does not exist for them."""
    agencies = _agencies_or_refuse(request)
    return get_object_or_404(
        Enrollment.objects.select_related(
            "learner", "learner__agency", "cohort", "cohort__course", "cohort__course__locale"
        ),
        pk=pk,
        learner__agency__in=agencies,
    )


@require_http_methods(["GET", "POST"])
@login_required
def decide(request, pk: int, decision: str):
    """GET: the request, its history, what the decision will do, a reason and the button
    (changes nothing). POST: approve or decline it for the agency."""
    enrollment = _get_request_for_coordinator(request, pk)
    agency = enrollment.learner.agency
    assert agency is not None  # noqa: S101  (the loader asks for one the person coordinates)
    back = f"{reverse('agencies:requests')}?{urlencode({'agency': agency.pk})}"
    if request.method == "GET":
        AccessRecord.objects.create(
            viewer=request.user,
            person=enrollment.learner,
            agency=agency,
            what=AccessRecord.What.REQUESTS,
        )
        course = enrollment.cohort.course
        return render(
            request,
            "agencies/decide_confirm.html",
            {
                "enrollment": enrollment,
                "decision": decision,
                "course_page": in_visitors_language([course]).get(course.translation_key, course),
                "decisions": enrollment.decisions.select_related("by"),
                "can_decide": enrollment.status == Enrollment.Status.AGENCY_PENDING
                and not enrollment.is_overdue(),
                "reason_limit": enrolment.REJECTION_REASON_MAX_LENGTH,
                "back": back,
            },
        )
    reason = request.POST.get("reason", "")
    try:
        if decision == "approve":
            enrollment = enrolment.agency_approve(enrollment, request.user, reason)
        else:
            enrollment = enrolment.agency_decline(enrollment, request.user, reason)
    except enrolment.EnrolmentRefused as refusal:
        messages.error(request, str(refusal.message))
        return redirect(back)
    done = (
        _("You approved the request of %(learner)s to join %(cohort)s: %(status)s.")
        if decision == "approve"
        else _("You declined the request of %(learner)s to join %(cohort)s.")
    )
    messages.success(
        request,
        done
        % {
            "learner": enrollment.learner.display_name,
            "cohort": course_and_cohort(enrollment.cohort),
            "status": enrollment.get_status_display(),
        },
    )
    return redirect(back)
