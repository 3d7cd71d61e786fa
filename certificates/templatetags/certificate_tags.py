"""Certificate data for pages owned by lower apps (my learning, cohort pages): `{% load %}` it."""

from django import template
from django.urls import reverse

from certificates.models import Certificate

register = template.Library()


@register.simple_tag
def certificate_for(enrollment) -> Certificate | None:
    """The enrolment's valid certificate, or None: `{% certificate_for e as cert %}`."""
    return Certificate.objects.valid().filter(enrollment=enrollment).first()


@register.simple_tag
def certificate_download_url(certificate: Certificate) -> str:
    return reverse("certificates:download", args=[certificate.serial])
