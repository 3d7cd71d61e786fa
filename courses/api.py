"""The courses part of the JSON API (/api/v1/): published courses with their cohorts and seats
left, my enrolments with progress, enrol, withdraw.

A django-ninja Router, mounted by the project's NinjaAPI (`lms/api.py`), which also answers a
missing log-in. The operation ids are the ones the OpenAPI document published when these lived
in lms/api.py (`lms_api_...`): clients generated from it keep their method names.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from wagtail.models import Locale

from accounts.api_auth import Error, session_or_token
from cms.models import CoursePage
from courses import completion, enrolment
from courses.models import Cohort, Enrollment
from courses.views import _get_cohort_for_user

router = Router()


class CohortOut(Schema):
    code: str
    title: str
    start_date: datetime.date
    end_date: datetime.date
    delivery_mode: str
    capacity: int
    seats_left: int
    approval_required: bool


class CourseOut(Schema):
    id: int
    language: str
    title: str
    summary: str
    url: str
    duration_hours: int
    delivery_mode: str
    level: str
    translation_key: str
    cohorts: list[CohortOut]


@router.get(
    "/courses/",
    response=list[CourseOut],
    tags=["catalogue"],
    summary="Published courses",
    operation_id="lms_api_list_courses",
)
def list_courses(request, language: str = "th"):
    """Published courses in one language (`th` or `en`) with their upcoming cohorts and seats left."""
    language = "en" if language == "en" else "th"
    locale = Locale.objects.filter(language_code=language).first()
    courses = list(CoursePage.objects.live().public().filter(locale=locale).order_by("title"))
    today = datetime.date.today()
    # Cohorts belong to the Thai course page; look them up once for every course.
    cohorts_by_key: dict = {}
    for cohort in (
        Cohort.objects.filter(end_date__gte=today).select_related("course").order_by("start_date")
    ):
        cohorts_by_key.setdefault(str(cohort.course.translation_key), []).append(cohort)
    with translation.override(language):
        return [
            {
                "id": course.id,
                "language": language,
                "title": course.title,
                "summary": course.summary,
                "url": course.get_full_url(request),
                "duration_hours": course.duration_hours,
                "delivery_mode": course.delivery_mode,
                "level": course.level,
                "translation_key": str(course.translation_key),
                "cohorts": [
                    {
                        "code": cohort.code,
                        "title": cohort.title,
                        "start_date": cohort.start_date,
                        "end_date": cohort.end_date,
                        "delivery_mode": cohort.delivery_mode,
                        "capacity": cohort.capacity,
                        "seats_left": cohort.seats_left,
                        "approval_required": cohort.approval_required,
                    }
                    for cohort in cohorts_by_key.get(str(course.translation_key), [])
                ],
            }
            for course in courses
        ]


class EnrolmentOut(Schema):
    cohort_code: str
    cohort_title: str
    course_title: str
    status: str
    status_label: str
    start_date: datetime.date
    end_date: datetime.date
    requested_at: datetime.datetime
    completed_at: datetime.datetime | None
    attendance_percent: int | None
    sessions_attended: int | None
    sessions_total: int | None
    modules_done: int | None
    modules_required: int | None
    at_risk: bool


def _learner_language(user):
    """Refusals and labels in the learner's own language, whatever the request asked for."""
    return translation.override(getattr(user, "preferred_language", None) or "th")


def _enrolment_out(enrollment: Enrollment, state) -> dict:
    return {
        "cohort_code": enrollment.cohort.code,
        "cohort_title": enrollment.cohort.title,
        "course_title": enrollment.cohort.course.title,
        "status": enrollment.status,
        "status_label": str(enrollment.get_status_display()),
        "start_date": enrollment.cohort.start_date,
        "end_date": enrollment.cohort.end_date,
        "requested_at": enrollment.requested_at,
        "completed_at": enrollment.completed_at,
        "attendance_percent": state.attendance_percent if state else None,
        "sessions_attended": state.sessions_attended if state else None,
        "sessions_total": state.sessions_total if state else None,
        "modules_done": state.modules_done if state else None,
        "modules_required": state.modules_required if state else None,
        "at_risk": bool(
            state and enrollment.status == Enrollment.Status.ENROLLED and state.at_risk
        ),
    }


def _one(enrollment: Enrollment) -> dict:
    enrollment = Enrollment.objects.select_related("cohort", "cohort__course").get(pk=enrollment.pk)
    state = completion.progress(enrollment) if enrollment.status in Enrollment.SEATED else None
    return _enrolment_out(enrollment, state)


@router.get(
    "/me/enrolments/",
    response=list[EnrolmentOut],
    auth=session_or_token,
    tags=["my learning"],
    summary="My enrolments",
    operation_id="lms_api_my_enrolments",
)
def my_enrolments(request):
    """The enrolments of the person authenticated (session or API token), with progress."""
    enrollments = list(
        Enrollment.objects.for_learner(request.user)
        .select_related("cohort", "cohort__course")
        .order_by("cohort__start_date", "pk")
    )
    states = completion.progress_for(
        [e for e in enrollments if e.status in Enrollment.SEATED], timezone.now()
    )
    with _learner_language(request.user):
        return [_enrolment_out(e, states.get(e.pk)) for e in enrollments]


def _get_cohort_to_join(request, code: str) -> Cohort:
    """The web form's rule (`courses.views._get_cohort_for_user`), with the API's messages."""
    try:
        return _get_cohort_for_user(request, code, to="join")
    except Http404:
        raise HttpError(404, _("There is no cohort with this code.")) from None
    except PermissionDenied:
        raise HttpError(403, _("Trainers of a cohort cannot enrol in it.")) from None


@router.post(
    "/cohorts/{code}/enrol/",
    response={200: EnrolmentOut, 400: Error, 403: Error, 404: Error},
    auth=session_or_token,
    tags=["my learning"],
    summary="Enrol in a cohort",
    operation_id="lms_api_enrol",
)
def enrol(request, code: str):
    """Enrol, join the waitlist if the cohort is full, or ask for approval; `status` says which.
    Asking again returns the same enrolment."""
    with _learner_language(request.user):
        cohort = _get_cohort_to_join(request, code)
        try:
            enrollment = enrolment.enrol(request.user, cohort)
        except enrolment.EnrolmentRefused as refusal:
            return Status(400, {"detail": str(refusal.message)})
        return Status(200, _one(enrollment))


@router.post(
    "/cohorts/{code}/withdraw/",
    response={200: EnrolmentOut, 400: Error, 404: Error},
    auth=session_or_token,
    tags=["my learning"],
    summary="Withdraw from a cohort",
    operation_id="lms_api_withdraw",
)
def withdraw(request, code: str):
    """Withdraw my enrolment; a freed seat goes to the first person on the waitlist."""
    with _learner_language(request.user):
        enrollment = Enrollment.objects.for_learner(request.user).filter(cohort__code=code).first()
        if enrollment is None:
            raise HttpError(404, _("You are not enrolled in this cohort."))
        try:
            enrollment = enrolment.withdraw(enrollment, request.user)
        except enrolment.EnrolmentRefused as refusal:
            return Status(400, {"detail": str(refusal.message)})
        return Status(200, _one(enrollment))
