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


# --- /api/v1/prototypes/: the scale-up tracker for national monitoring (eMENSCR) ---------

from django.db.models import Prefetch  # noqa: E402

from cms.models import CaseStudyPage, SubPlanTarget  # noqa: E402
from tracker.models import Adoption, StageChange, is_opdc_staff, prototypes  # noqa: E402


def _require_opdc_staff(request) -> None:
    """After authentication (session or API token): only OPDC staff and superusers."""
    if not is_opdc_staff(request.user):
        raise HttpError(403, _("OPDC staff only."))


class StageChangeOut(Schema):
    stage: str
    date: datetime.date
    evidence: str
    evidence_url: str
    evidence_document: str | None


class TargetOut(Schema):
    code: str
    name_th: str
    name_en: str
    master_plan: int
    national_strategies: list[int]


class OutcomeOut(Schema):
    name_th: str
    name_en: str
    unit: str
    before: float
    after: float


class AdoptionOut(Schema):
    agency_th: str
    agency_en: str
    provinces: list[str]
    start_date: datetime.date
    stage_reached: str
    people_served: int
    outcomes: list[OutcomeOut]
    evidence: str
    evidence_url: str


class PrototypeOut(Schema):
    id: int
    translation_key: str
    title: str
    url: str | None
    lead_agency: str | None
    theme: str | None
    stage: str
    stage_history: list[StageChangeOut]
    strategy_targets: list[TargetOut]
    adoptions: list[AdoptionOut]


@api.get(
    "/prototypes/",
    response=list[PrototypeOut],
    auth=session_or_token,
    tags=["scale-up tracker"],
    summary="Prototypes with their stage, history, strategy links and adoptions",
)
def list_prototypes(request):
    """Every Gov Lab prototype (case study, Thai page) with its current stage (`idea`,
    `prototype`, `pilot`, `scaling`, `institutionalised`), its dated stage history with
    evidence, the National Strategy sub-plan targets it serves (with master plan Y and
    strategies Z, as in eMENSCR), and the agencies that adopted it, where, and with what
    measured outcomes. For OPDC staff only: a logged-in session or an API token
    (`Authorization: Bearer ...`) of an OPDC staff member."""
    _require_opdc_staff(request)
    pages = (
        prototypes()
        .select_related("lead_agency", "theme")
        .prefetch_related(
            Prefetch(
                "stage_changes",
                queryset=StageChange.objects.select_related("evidence_document").order_by(
                    "changed_on", "pk"
                ),
            ),
            Prefetch(
                "strategy_targets",
                queryset=SubPlanTarget.objects.select_related("master_plan").prefetch_related(
                    "master_plan__strategies"
                ),
            ),
            Prefetch(
                "adoptions",
                queryset=Adoption.objects.select_related("agency")
                .prefetch_related("provinces", "outcomes")
                .order_by("started_on", "pk"),
            ),
        )
        .order_by("path")
    )
    return [_prototype_out(request, page) for page in pages]


def _prototype_out(request, page: CaseStudyPage) -> dict:
    return {
        "id": page.id,
        "translation_key": str(page.translation_key),
        "title": page.title,
        "url": page.get_full_url(request),
        "lead_agency": page.lead_agency.name_en if page.lead_agency else None,
        "theme": page.theme.slug if page.theme else None,
        "stage": page.stage,
        "stage_history": [
            {
                "stage": change.stage,
                "date": change.changed_on,
                "evidence": change.evidence_text,
                "evidence_url": change.evidence_url,
                "evidence_document": (
                    request.build_absolute_uri(change.evidence_document.url)
                    if change.evidence_document
                    else None
                ),
            }
            for change in page.stage_changes.all()
        ],
        "strategy_targets": [
            {
                "code": target.code,
                "name_th": target.name_th,
                "name_en": target.name_en,
                "master_plan": target.master_plan.number,
                "national_strategies": sorted(
                    strategy.number for strategy in target.master_plan.strategies.all()
                ),
            }
            for target in page.strategy_targets.all()
        ],
        "adoptions": [
            {
                "agency_th": adoption.agency.name_th,
                "agency_en": adoption.agency.name_en,
                "provinces": [province.name_en for province in adoption.provinces.all()],
                "start_date": adoption.started_on,
                "stage_reached": adoption.stage_reached,
                "people_served": adoption.people_served,
                "outcomes": [
                    {
                        "name_th": outcome.name_th,
                        "name_en": outcome.name_en,
                        "unit": outcome.unit,
                        "before": float(outcome.before),
                        "after": float(outcome.after),
                    }
                    for outcome in adoption.outcomes.all()
                ],
                "evidence": adoption.evidence_text,
                "evidence_url": adoption.evidence_url,
            }
            for adoption in page.adoptions.all()
        ],
    }
