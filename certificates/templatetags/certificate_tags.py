"""Certificate data for pages owned by lower apps (my learning, cohort pages): `{% load %}` it.

`{% my_certificates %}` lists the signed-in learner's certificates on "My learning".
"""

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


@register.inclusion_tag("certificates/my_certificates.html", takes_context=True)
def my_certificates(context) -> dict:
    """The learner's certificates, newest first; superseded ones are replaced by their successor."""
    user = context["request"].user
    certificates = []
    if user.is_authenticated:
        certificates = list(
            Certificate.objects.filter(enrollment__learner=user)
            .exclude(status=Certificate.Status.SUPERSEDED)
            .order_by("-issued_at")
        )
    return {"certificates": certificates, "Status": Certificate.Status}
