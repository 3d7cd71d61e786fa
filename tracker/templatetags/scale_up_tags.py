"""`{% load scale_up_tags %}`: the tracker's part of a public case-study page.

`{% scale_up page %}` renders the section "From prototype to practice"
(templates/tracker/includes/scale_up.html): cms's page template asks for it, the tracker
supplies it, so cms never reads tracker records itself.
"""

from django import template

from tracker.models import Adoption, StageChange

register = template.Library()


@register.inclusion_tag("tracker/includes/scale_up.html")
def scale_up(page) -> dict:
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
        key=lambda province: province.sort_key(),
    )
    return {"scale": {"changes": changes, "adoptions": adoptions, "provinces": provinces}}
