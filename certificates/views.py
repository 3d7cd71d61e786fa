"""Public verification of certificates, and the holder's own download.

Anyone can check a serial: the page shows only what is printed on the certificate (name, course,
dates, hours, issuer) and its status. An unknown serial and a malformed one get the same 404, so
the page cannot be used to learn anything about how serials are made. The PDF itself is only for
the holder, the cohort's trainers and OPDC staff.

The public views are rate-limited per IP address (django-ratelimit, counted in the default
cache): looking serials up (page and JSON together) and checking uploaded files each have their
own budget. Over budget, every request gets the same bilingual 429 and nothing else, whether
the serial exists or not.
"""

import copy
import hashlib

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.core import is_ratelimited

from accounts.roles import can_manage_cohort
from certificates import issuing
from certificates.forms import CheckFileForm, SerialForm
from certificates.models import Certificate
from certificates.serials import normalise_serial
from thai.dates import format_date

_CERTIFICATES = Certificate.objects.select_related("superseded_by")

# Generous for a person or an HR office checking a list by hand, useless for guessing serials
# (64 random bits) or hashing uploads for someone else.
LOOKUP_RATE = "30/m"
CHECK_FILE_RATE = "10/m"


def _over_limit(request, group: str, rate: str) -> bool:
    return is_ratelimited(request, group=group, key="ip", rate=rate, increment=True)


def _too_many(request) -> HttpResponse:
    response = render(request, "certificates/rate_limited.html", status=429)
    response["Retry-After"] = "60"
    return response


def _json_too_many(request) -> JsonResponse:
    response = JsonResponse({"error": "rate_limited"}, status=429)
    response["Retry-After"] = "60"
    return response


def _get_certificate(serial: str) -> Certificate | None:
    canonical = normalise_serial(serial)
    if canonical is None:
        return None
    return _CERTIFICATES.filter(serial=canonical).first()


def _not_found(request) -> HttpResponse:
    # The site's header links "log in" back to the page shown: rendered as if for the search
    # form's address, the answer is the same for every unknown or malformed serial.
    same_for_every_serial = copy.copy(request)
    same_for_every_serial.path = same_for_every_serial.path_info = reverse(
        "certificates:verify_form"
    )
    return render(same_for_every_serial, "certificates/not_found.html", status=404)


def _json_not_found(request) -> JsonResponse:
    return JsonResponse({"error": "not_found"}, status=404)


def _both_dates(value) -> dict[str, str]:
    return {"th": format_date(value, language="th"), "en": format_date(value, language="en")}


def _context(certificate: Certificate) -> dict:
    return {
        "certificate": certificate,
        "start_date": _both_dates(certificate.start_date),
        "end_date": _both_dates(certificate.end_date),
        "issued_on": _both_dates(certificate.issued_at),
        "revoked_on": _both_dates(certificate.revoked_at),
        "erased_on": _both_dates(certificate.holder_erased_at),
        "check_form": CheckFileForm(),
    }


@require_GET
def verify_form(request):
    if request.GET and _over_limit(request, "certificates.lookup", LOOKUP_RATE):
        return _too_many(request)
    form = SerialForm(request.GET or None)
    if form.is_valid():
        return redirect("certificates:verify", serial=form.cleaned_data["serial"])
    return render(request, "certificates/verify_form.html", {"form": form})


@require_GET
def verify(request, serial: str):
    if _over_limit(request, "certificates.lookup", LOOKUP_RATE):
        return _too_many(request)
    certificate = _get_certificate(serial)
    if certificate is None:
        return _not_found(request)
    if certificate.serial != serial:
        return redirect("certificates:verify", serial=certificate.serial)
    return render(request, "certificates/verify.html", _context(certificate))


@require_POST
def check_file(request, serial: str):
    if _over_limit(request, "certificates.check_file", CHECK_FILE_RATE):
        return _too_many(request)
    certificate = _get_certificate(serial)
    if certificate is None:
        return _not_found(request)
    form = CheckFileForm(request.POST, request.FILES)
    context = _context(certificate)
    context["check_form"] = form
    if form.is_valid():
        digest = hashlib.sha256()
        for chunk in form.cleaned_data["file"].chunks():
            digest.update(chunk)
        context["file_matches"] = certificate.matches_digest(digest.hexdigest())
        context["original_file"] = certificate.is_original_file(digest.hexdigest())
    return render(request, "certificates/verify.html", context)


@require_GET
def verify_json(request, serial: str):
    if _over_limit(request, "certificates.lookup", LOOKUP_RATE):
        return _json_too_many(request)
    certificate = _get_certificate(serial)
    if certificate is None:
        return _json_not_found(request)
    superseded_by = certificate.superseded_by
    data = {
        "serial": certificate.serial,
        "status": certificate.status,
        "holder": {"th": certificate.holder_name_th, "en": certificate.holder_name_en},
        "course": {"th": certificate.course_title_th, "en": certificate.course_title_en},
        "cohort": certificate.cohort_code,
        "cohort_name": {"th": certificate.cohort_name_th, "en": certificate.cohort_name_en},
        "start_date": certificate.start_date.isoformat(),
        "end_date": certificate.end_date.isoformat(),
        "hours": certificate.hours_text,
        "issuer": {"th": certificate.issuer_th, "en": certificate.issuer_en},
        "issued_at": certificate.issued_at.isoformat(),
        "revoked_at": certificate.revoked_at.isoformat() if certificate.revoked_at else None,
        "revocation_reason": certificate.revocation_reason or None,
        "superseded_by": (
            request.build_absolute_uri(reverse("certificates:verify", args=[superseded_by.serial]))
            if superseded_by
            else None
        ),
        "sha256": certificate.sha256,
        "holder_erased_at": (
            certificate.holder_erased_at.isoformat() if certificate.holder_erased_at else None
        ),
        "original_sha256": certificate.original_sha256 or None,
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def _get_certificate_for_user(request, serial: str) -> Certificate:
    """The certificate if this user may download it, else 404 (whose it is stays private)."""
    certificate = _get_certificate(serial)
    if certificate is None:
        raise Http404
    user = request.user
    if can_manage_cohort(user, certificate.enrollment.cohort):
        return certificate
    is_holder = certificate.enrollment.learner_id == user.pk
    if is_holder and certificate.status == Certificate.Status.VALID:
        return certificate
    raise Http404


@login_required
@require_GET
def download(request, serial: str):
    try:
        certificate = _get_certificate_for_user(request, serial)
    except Http404:
        return _not_found(request)
    data = issuing.ensure_pdf(certificate)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate.serial}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
