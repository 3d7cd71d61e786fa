"""`{% load cms_tags %}`: `{% site_navigation as nav %}` for the header and footer menus."""

from django import template
from django.utils import translation

from cms.navigation import site_navigation as _site_navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def site_navigation(context) -> dict:
    request = context.get("request")
    if request is None:
        return {"home": None, "main": [], "footer": []}
    return _site_navigation(request, translation.get_language())
