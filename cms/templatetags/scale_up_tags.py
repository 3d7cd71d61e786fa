"""The public scale-up section of a case-study page (templates/cms/includes/scale_up.html)."""

from django import template

from tracker.models import Adoption, StageChange

register = template.Library()


@register.simple_tag
def scale_up_for(page) -> dict:
    """The stage timeline and the adopting agencies and provinces of a case study (either
    language: the records belong to the Thai page and are shared through its translation key)."""
    changes = list(StageChange.objects.for_page(page).select_related("evidence_document"))
    adoptions = list(
        Adoption.objects.for_page(page)
        .select_related("agency")
        .prefetch_related("provinces")
        .order_by("started_on", "pk")
    )
    provinces = sorted(
        {province for adoption in adoptions for province in adoption.provinces.all()},
        key=lambda province: province.name,
    )
    return {"changes": changes, "adoptions": adoptions, "provinces": provinces}
