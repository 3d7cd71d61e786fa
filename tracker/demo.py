"""Builds the scale-up tracker's demo from demo/content/tracker.yaml (parsed by
`manage.py load_demo_data`): sub-plan targets, stage histories, and adoptions with outcomes
across several agencies, provinces and fiscal years, so the OPDC dashboard tells a story on
first start. Idempotent.

The tracker is built before the demo people exist; `credit()`, run after them, names the demo
OPDC staff person (`recorded_by` in the content) as who recorded it.
"""

from django.contrib.auth import get_user_model

from cms.models import Agency, CaseStudyPage, CoursePage, Province
from cms.strategy import MasterPlan, SubPlanTarget
from tracker.models import Adoption, AdoptionOutcome, StageChange, sync_stage


def load_targets(content: dict) -> None:
    for target in content["targets"]:
        SubPlanTarget.objects.update_or_create(
            code=target["code"],
            defaults={
                "master_plan": MasterPlan.objects.get(number=target["master_plan"]),
                "sub_plan_th": target["sub_plan"]["th"],
                "sub_plan_en": target["sub_plan"]["en"],
                "name_th": target["name"]["th"],
                "name_en": target["name"]["en"],
            },
        )


def load(content: dict, actor=None) -> None:
    """Targets, stage histories and adoptions; `actor` is recorded in the history."""
    load_targets(content)
    targets = {target.code: target for target in SubPlanTarget.objects.all()}
    for prototype in content["prototypes"]:
        for page in CaseStudyPage.objects.filter(slug=prototype["slug"]):
            _link_targets(page, [targets[code] for code in prototype["targets"]])
            if page.locale.language_code != "th":
                continue
            _stage_history(page, prototype["stages"], actor)
            _adoptions(page, prototype["adoptions"], content, actor)
    for slug, codes in content["courses"].items():
        for course in CoursePage.objects.filter(slug=slug):
            _link_targets(course, [targets[code] for code in codes])


def credit(content: dict) -> None:
    """The demo's stage changes (and the history rows of them and of its adoptions) recorded
    by nobody are credited to the person named `recorded_by`, as the admin's add form records
    the staff person who adds one. Rows a person recorded are left as they are."""
    person = get_user_model().objects.filter(username=content["recorded_by"]).first()
    if person is None:
        return
    slugs = [prototype["slug"] for prototype in content["prototypes"]]
    pages = list(CaseStudyPage.objects.filter(slug__in=slugs).values_list("pk", flat=True))
    StageChange.objects.filter(prototype__in=pages, recorded_by=None).update(recorded_by=person)
    StageChange.history.filter(prototype_id__in=pages, recorded_by=None).update(recorded_by=person)
    for model in (StageChange, Adoption):
        model.history.filter(prototype_id__in=pages, history_user=None).update(  # type: ignore[attr-defined]
            history_user=person
        )


def _link_targets(page, targets) -> None:
    """Through a published revision, so a later publish by an editor keeps the links."""
    if {target.pk for target in page.strategy_targets.all()} == {t.pk for t in targets}:
        return
    page.strategy_targets.set(targets)
    page.save_revision().publish()


def _stage_history(page, stages, actor) -> None:
    for stage in stages:
        change = StageChange.objects.filter(
            prototype=page, stage=stage["stage"]
        ).first() or StageChange(prototype=page, stage=stage["stage"], recorded_by=actor)
        change.changed_on = stage["changed_on"]
        change.evidence_text = stage["evidence"]
        change._history_user = actor
        change.save()
    sync_stage(page)


def _adoptions(page, adoptions, content, actor) -> None:
    for spec in adoptions:
        agency = Agency.objects.get(name_en=spec["agency"])
        start = spec["started_on"]
        adoption = Adoption.objects.filter(
            prototype=page, agency=agency, started_on=start
        ).first() or Adoption(prototype=page, agency=agency, started_on=start)
        adoption.stage_reached = spec["stage_reached"]
        adoption.people_served = spec["people_served"]
        adoption.evidence_text = content["adoption_evidence"]
        adoption.provinces = list(Province.objects.filter(name_en__in=spec["provinces"]))
        adoption.outcomes = [_outcome(outcome, content["measures"]) for outcome in spec["outcomes"]]
        adoption._history_user = actor
        adoption.save()


def _outcome(outcome: dict, measures: dict) -> AdoptionOutcome:
    """An outcome names one of the shared `measures`, or gives its own name and unit."""
    measure = measures[outcome["measure"]] if "measure" in outcome else outcome
    unit = measure["unit"]
    if isinstance(unit, str):  # the same in both languages, e.g. "%"
        unit = {"th": unit, "en": unit}
    return AdoptionOutcome(
        name_th=measure["name"]["th"],
        name_en=measure["name"]["en"],
        unit=unit["th"],
        unit_en=unit["en"],
        before=outcome["before"],
        after=outcome["after"],
    )
