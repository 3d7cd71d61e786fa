"""The JSON API at /api/v1/, with its OpenAPI description at /api/v1/openapi.json.

django-ninja, because Wagtail 8 already brings it (its own API v3 is built on it): one API
framework in the project, typed schemas, and the OpenAPI document generated from them.
"""

import datetime

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from wagtail.models import Locale

from cms.models import CoursePage
from courses import completion, enrolment
from courses.models import Cohort, Enrollment
from lms.api_auth import session_or_token
from tracker.api import router as tracker_router

api = NinjaAPI(
    title="Gov Lab LMS API",
    version="1",
    description="Courses and cohorts of Thailand's Government Innovation Lab (OPDC).",
    urls_namespace="api",
)


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


@api.get("/courses/", response=list[CourseOut], tags=["catalogue"], summary="Published courses")
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


@api.exception_handler(AuthenticationError)
def _not_authenticated(request, exc):
    return api.create_response(
        request,
        {"detail": _("Log in, or send an API token: Authorization: Bearer <token>.")},
        status=401,
    )


class Error(Schema):
    detail: str


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


@api.get(
    "/me/enrolments/",
    response={200: list[EnrolmentOut], 401: Error},
    auth=session_or_token,
    tags=["my learning"],
    summary="My enrolments",
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


def _get_cohort_for_user(request, code: str) -> Cohort:
    """The same rule as the web form: a cohort of a live course that the person does not train."""
    cohort = Cohort.objects.select_related("course").filter(code=code, course__live=True).first()
    if cohort is None:
        raise HttpError(404, _("There is no cohort with this code."))
    if cohort.is_trained_by(request.user):
        raise HttpError(403, _("Trainers of a cohort cannot enrol in it."))
    return cohort


@api.post(
    "/cohorts/{code}/enrol/",
    response={200: EnrolmentOut, 400: Error, 401: Error, 403: Error, 404: Error},
    auth=session_or_token,
    tags=["my learning"],
    summary="Enrol in a cohort",
)
def enrol(request, code: str):
    """Enrol, join the waitlist if the cohort is full, or ask for approval; `status` says which.
    Asking again returns the same enrolment."""
    with _learner_language(request.user):
        cohort = _get_cohort_for_user(request, code)
        try:
            enrollment = enrolment.enrol(request.user, cohort)
        except enrolment.EnrolmentRefused as refusal:
            return Status(400, {"detail": str(refusal.message)})
        return Status(200, _one(enrollment))


@api.post(
    "/cohorts/{code}/withdraw/",
    response={200: EnrolmentOut, 400: Error, 401: Error, 404: Error},
    auth=session_or_token,
    tags=["my learning"],
    summary="Withdraw from a cohort",
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


# Each app's endpoints, mounted after the project's own so the OpenAPI document keeps its order.
api.add_router("/", tracker_router, auth=session_or_token)
