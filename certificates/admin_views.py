"""Staff screens in the Wagtail admin: revoking a certificate (trainers of the cohort, OPDC)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from certificates import issuing
from certificates.models import Certificate


def can_manage_all(user) -> bool:
    return user.is_superuser or user.groups.filter(name=Role.OPDC_STAFF).exists()


def certificates_for_user(user):
    """Certificates a staff member may see: all for OPDC, their own cohorts' for trainers."""
    certificates = Certificate.objects.select_related("enrollment__cohort")
    if can_manage_all(user):
        return certificates
    return certificates.filter(enrollment__cohort__trainers=user)


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the public verification page."),
        max_length=1000,
    )


def _get_certificate_for_user(request, pk: int) -> Certificate:
    certificate = get_object_or_404(Certificate, pk=pk)
    if not certificates_for_user(request.user).filter(pk=pk).exists():
        raise PermissionDenied
    return certificate


def revoke(request, pk: int):
    certificate = _get_certificate_for_user(request, pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if certificate.status != Certificate.Status.VALID:
            messages.error(request, _("Only a valid certificate can be revoked."))
        else:
            issuing.revoke(certificate, form.cleaned_data["reason"], by=request.user)
            messages.success(
                request, _("Certificate %(serial)s revoked.") % {"serial": certificate.serial}
            )
        return redirect("certificates_certificate:index")
    return TemplateResponse(
        request,
        "certificates/admin/revoke.html",
        {"certificate": certificate, "form": form, "page_title": _("Revoke certificate")},
    )
