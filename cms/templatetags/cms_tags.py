"""`{% load cms_tags %}`: `{% site_navigation as nav %}` for the header and footer menus."""

from django import template
from django.conf import settings
from django.utils import translation

from cms.navigation import site_navigation as _site_navigation
from thai.dates import format_year_month

register = template.Library()


@register.simple_tag(takes_context=True)
def site_navigation(context) -> dict:
    request = context.get("request")
    if request is None:
        return {"home": None, "main": [], "footer": []}
    return _site_navigation(request, translation.get_language())


@register.inclusion_tag("cms/privacy_notice_details.html")
def privacy_notice_details() -> dict:
    """Under the privacy notice: the data protection officer's address and the notice's
    version as the month it names (พฤศจิกายน 2569), both from the settings the sign-up
    records, so the page cannot drift from them."""
    return {
        "email": settings.DATA_PROTECTION_OFFICER_EMAIL,
        "version": format_year_month(settings.PRIVACY_NOTICE_VERSION),
    }
