"""`{% cohort_tools cohort as tools %}`: the tools of one cohort for its tab bar in the admin."""

from django import template

from courses import admin_tools

register = template.Library()


@register.simple_tag
def cohort_tools(cohort) -> list[admin_tools.CohortTool]:
    return admin_tools.cohort_tools([cohort])[cohort.pk]
