"""/api/v1/prototypes/: the scale-up tracker for national monitoring (eMENSCR).

A django-ninja router; lms/api.py mounts it on the project's API with `auth=session_or_token`,
so every endpoint here has a person (a logged-in session or an API token) before it runs.
The operation id keeps the name it had when the endpoint was written in lms/api.py, so the
OpenAPI document is unchanged for clients generated from it.
"""

import datetime

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from accounts.api_auth import Error
from accounts.roles import is_opdc_staff
from cms.models import CaseStudyPage, SubPlanTarget
from tracker.models import Adoption, StageChange, prototypes

router = Router()


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
    unit_en: str
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


@router.get(
    "/prototypes/",
    response={200: list[PrototypeOut], 403: Error},
    tags=["scale-up tracker"],
    summary="Prototypes with their stage, history, strategy links and adoptions",
    operation_id="lms_api_list_prototypes",
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
                        "unit_en": outcome.unit_en or outcome.unit,
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
