"""The JSON API at /api/v1/, with its OpenAPI description at /api/v1/openapi.json.

django-ninja, because Wagtail 8 already brings it (its own API v3 is built on it): one API
framework in the project, typed schemas, and the OpenAPI document generated from them. This
NinjaAPI object mounts each app's router (courses/api.py) and answers a missing log-in for all.
"""

import datetime

from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError

from accounts.api_auth import session_or_token
from courses.api import router as courses_router

api = NinjaAPI(
    title="Gov Lab LMS API",
    version="1",
    description="Courses and cohorts of Thailand's Government Innovation Lab (OPDC).",
    urls_namespace="api",
)
# Each app's router: courses (the catalogue with seats, my enrolments, enrol, withdraw).
api.add_router("", courses_router)


@api.exception_handler(AuthenticationError)
def _not_authenticated(request, exc):
    return api.create_response(
        request,
        {"detail": _("Log in, or send an API token: Authorization: Bearer <token>.")},
        status=401,
    )


# --- /api/v1/prototypes/: the scale-up tracker for national monitoring (eMENSCR) ---------

from django.db.models import Prefetch  # noqa: E402

from cms.models import CaseStudyPage, SubPlanTarget  # noqa: E402
from cms.tracker import Adoption, StageChange, is_opdc_staff, prototypes  # noqa: E402


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
