"""Staff screens in the Wagtail admin (trainers of the cohort, OPDC staff): revoking and
reissuing a certificate, issuing for a cohort with its progress, a cohort's ZIP."""

import datetime
import re
import tempfile
import zipfile

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.roles import is_opdc_staff
from certificates import issuing
from certificates.models import Certificate, CertificateBatch
from courses import completion
from courses.models import Cohort, Enrollment
from courses.views import _get_cohort_for_user
from thai.dates import format_date


def certificates_for_user(user):
    """Certificates a staff member may see: all for OPDC, their own cohorts' for trainers."""
    certificates = Certificate.objects.select_related("enrollment__cohort")
    if is_opdc_staff(user):
        return certificates
    return certificates.filter(enrollment__cohort__in=Cohort.objects.managed_by(user))


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the public verification page."),
        max_length=1000,
        error_messages={"required": _("Say why the certificate is revoked.")},
    )
    # Set by the confirmation step: the first valid POST only shows what will happen.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


def _get_certificate_for_user(request, pk: int) -> Certificate:
    certificate = get_object_or_404(Certificate, pk=pk)
    if not certificates_for_user(request.user).filter(pk=pk).exists():
        raise PermissionDenied
    return certificate


def revoke(request, pk: int):
    """Reason (GET, then POST), confirmation (POST), revocation (POST with ``confirmed``). A
    certificate no longer valid gets no form: the page says when, by whom and why it was
    revoked, and a POST to it changes nothing."""
    certificate = _get_certificate_for_user(request, pk)
    context = {"certificate": certificate, "page_title": _("Revoke certificate")}
    if certificate.status != Certificate.Status.VALID:
        if request.method == "POST":
            messages.info(
                request,
                _("Nothing changed: this certificate was already revoked.")
                if certificate.status == Certificate.Status.REVOKED
                else _("Nothing changed: only a valid certificate can be revoked."),
            )
            return redirect("certificates_revoke", pk=certificate.pk)
        return TemplateResponse(request, "certificates/admin/revoke.html", context)
    form = RevokeForm(request.POST or None)
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        if not form.cleaned_data["confirmed"]:
            confirm = RevokeForm(initial={**form.cleaned_data, "confirmed": True})
            context.update(confirm_form=confirm, reason=form.cleaned_data["reason"])
            return TemplateResponse(request, "certificates/admin/revoke_confirm.html", context)
        issuing.revoke(certificate, form.cleaned_data["reason"], by=request.user)
        messages.success(
            request, _("Certificate %(serial)s revoked.") % {"serial": certificate.serial}
        )
        return redirect("certificates_certificate:index")
    return TemplateResponse(request, "certificates/admin/revoke.html", context)


class ReissueForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for reissuing"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the certificate's history with your name; not shown publicly."),
        max_length=1000,
        error_messages={"required": _("Say why the certificate is reissued.")},
    )
    reinstate = forms.BooleanField(
        label=_("Reinstate: issue a valid certificate to a learner whose certificate was revoked"),
        required=False,
    )
    # Set by the confirmation step: the first valid POST only shows what will happen.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, certificate: Certificate, **kwargs):
        super().__init__(*args, **kwargs)
        self.certificate = certificate
        if certificate.status != Certificate.Status.REVOKED:
            del self.fields["reinstate"]

    def clean(self):
        cleaned = super().clean()
        if self.certificate.status == Certificate.Status.REVOKED and not cleaned.get("reinstate"):
            self.add_error(
                "reinstate",
                _(
                    "This certificate was revoked. Reissuing it gives the learner a valid "
                    "certificate again: tick Reinstate if that is what you mean."
                ),
            )
        return cleaned


def can_reissue(certificate: Certificate) -> bool:
    return certificate.superseded_by_id is None and certificate.status in (
        Certificate.Status.VALID,
        Certificate.Status.REVOKED,
    )


def reissue(request, pk: int):
    """Reason (GET, then POST), confirmation (POST), reissue (POST with ``confirmed``)."""
    certificate = _get_certificate_for_user(request, pk)
    if not can_reissue(certificate):
        messages.error(request, _("This certificate was already replaced: it cannot be reissued."))
        return redirect("certificates_certificate:inspect", certificate.pk)
    form = ReissueForm(request.POST or None, certificate=certificate)
    context = {"certificate": certificate, "form": form, "page_title": _("Reissue certificate")}
    if request.method == "POST" and form.is_valid():
        if not form.cleaned_data["confirmed"]:
            confirm = ReissueForm(
                initial={**form.cleaned_data, "confirmed": True}, certificate=certificate
            )
            context.update(confirm_form=confirm, reason=form.cleaned_data["reason"])
            context["reinstate"] = form.cleaned_data.get("reinstate", False)
            return TemplateResponse(request, "certificates/admin/reissue_confirm.html", context)
        try:
            new = issuing.reissue(
                certificate,
                by=request.user,
                reason=form.cleaned_data["reason"],
                reinstate=form.cleaned_data.get("reinstate", False),
            )
        except issuing.CertificateNotIssuable as error:
            messages.error(
                request, _("The certificate was not reissued: %(error)s") % {"error": error}
            )
            return redirect("certificates_certificate:inspect", certificate.pk)
        messages.success(
            request,
            _("Certificate %(old)s was replaced by %(new)s.")
            % {"old": certificate.serial, "new": new.serial},
        )
        return redirect("certificates_certificate:inspect", new.pk)
    return TemplateResponse(request, "certificates/admin/reissue.html", context)


def not_issuable_yet(cohort: Cohort, ends_at: datetime.datetime | None = None) -> str:
    """Why the cohort's certificates cannot be issued now ("" once it is over): nobody
    completes a cohort before its end (courses.completion), and a certificate says the
    training ran to its last day. `ends_at` from `completion.ends_at_by_cohort`, if known."""
    if ends_at is None:
        ends_at = completion.ends_at_by_cohort([cohort])[cohort.pk]
    if timezone.now() >= ends_at:
        return ""
    # The day it ends: a cohort without sessions ends at midnight after its end date.
    ends_on = timezone.localdate(ends_at - datetime.timedelta(microseconds=1))
    return _("Can be issued once the cohort ends on %(date)s") % {"date": format_date(ends_on)}


def issue_for_cohort(request, cohort_id: int):
    """Confirm (GET) then start (POST) issuing every completed enrolment's certificate; both
    refuse, with the reason, until the cohort is over."""
    cohort = _get_cohort_for_user(request, pk=cohort_id)
    not_yet = not_issuable_yet(cohort)
    if request.method == "POST" and not_yet:
        messages.error(request, _("No certificates were issued. %(reason)s.") % {"reason": not_yet})
        return redirect("certificates_issue_for_cohort", cohort_id=cohort.pk)
    if request.method == "POST":
        batch = issuing.issue_for_cohort(cohort, by=request.user)
        if batch is None:
            already = Certificate.objects.valid().filter(enrollment__cohort=cohort).count()
            revoked = issuing.revoked_in(cohort)
            if revoked:
                # "All 20 have one" read wrong beside the page's "21 completed": say who not.
                message = ngettext(
                    "No new certificates: %(already)s of the %(completed)s learners who"
                    " completed have one; %(revoked)s revoked certificate stays revoked.",
                    "No new certificates: %(already)s of the %(completed)s learners who"
                    " completed have one; %(revoked)s revoked certificates stay revoked.",
                    revoked,
                ) % {"already": already, "completed": already + revoked, "revoked": revoked}
            elif already:
                message = ngettext(
                    "No new certificates: the %(count)s learner already has one.",
                    "No new certificates: all %(count)s learners already have one.",
                    already,
                ) % {"count": already}
            else:
                message = str(
                    _("No new certificates: no learner of this cohort is waiting for one.")
                )
            messages.info(request, message)
            return redirect("certificates_issue_for_cohort", cohort_id=cohort.pk)
        return redirect("certificates_batch", batch_id=batch.pk)
    completed = cohort.enrollments.filter(status=Enrollment.Status.COMPLETED)
    return TemplateResponse(
        request,
        "certificates/admin/issue_for_cohort.html",
        {
            "cohort": cohort,
            "completed": completed.count(),
            "revoked": issuing.revoked_in(cohort),
            "already": Certificate.objects.valid().filter(enrollment__cohort=cohort).count(),
            "batches": cohort.certificate_batches.all()[:10],
            "not_yet": not_yet,
            "page_title": _("Issue certificates"),
        },
    )


def _get_batch_for_user(request, batch_id: int) -> CertificateBatch:
    """The batch if this person may manage its cohort (its trainers, OPDC staff)."""
    batch = get_object_or_404(
        CertificateBatch.objects.select_related("cohort__course"), pk=batch_id
    )
    _get_cohort_for_user(request, pk=batch.cohort_id)
    return batch


def _batch_status(batch: CertificateBatch) -> dict:
    """What the progress page shows; the same for the page and its JSON."""
    if not batch.is_finished and batch.resumed:
        state = _(
            "Still running. Its worker stopped midway, so the certificates not yet issued were "
            "queued again automatically."
        )
    elif not batch.is_finished:
        state = _("Still running.")
    elif batch.failed:
        state = _("Finished. Run it again to retry the failed certificates.")
    else:
        state = _("Finished: every certificate was issued.")
    return {
        "total": batch.total,
        "done": batch.done,
        "failed": batch.failed,
        "processed": batch.processed,
        "finished": batch.is_finished,
        "summary": _("Issued %(done)s of %(total)s; %(failed)s failed.")
        % {"done": batch.done, "total": batch.total, "failed": batch.failed},
        "state": state,
        "failures": batch.failures(),
    }


def batch_progress(request, batch_id: int):
    batch = _get_batch_for_user(request, batch_id)
    return TemplateResponse(
        request,
        "certificates/admin/batch.html",
        {"batch": batch, "status": _batch_status(batch), "page_title": _("Certificate batch")},
    )


def batch_status(request, batch_id: int):
    """The progress page's figures as JSON, polled by certificates/batch_progress.js."""
    batch = _get_batch_for_user(request, batch_id)
    response = JsonResponse(_batch_status(batch), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


# One name in a ZIP (and on the disk it is unpacked to) is at most 255 bytes; a Thai letter
# takes three. What the names may use: the serial, the extension and the separators fit beside.
_ZIP_NAME_BYTES = 200


def _safe_file_name_part(name: str) -> str:
    # Drop what a file system or an unzip tool could read as a path or a control; keep Thai
    # (its vowel and tone marks are not "word" characters, so no allow-list of \w).
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f\x7f]', "", name)
    return re.sub(r"\s+", " ", name).strip()


def _truncated(text: str, limit: int) -> str:
    """At most ``limit`` bytes of UTF-8, cut between characters."""
    return text.encode()[:limit].decode(errors="ignore").strip()


def _zip_member_name(certificate: Certificate) -> str:
    """``GL-7Q2M-K9TB-4XWE-HR35 นางสาวศักดิ์สิทธิ์ ฟ้าใส (Ms Saksit Fasai).pdf``: the serial
    (unique, so the names are), then the holder's name in Thai and, if any, in English."""
    thai = _safe_file_name_part(certificate.holder_name_th)
    english = _safe_file_name_part(certificate.holder_name_en)
    if english == thai:  # a holder without a Thai name is named in English in both fields
        english = ""
    if english:
        thai = _truncated(thai, _ZIP_NAME_BYTES * 2 // 3)
        english = _truncated(english, _ZIP_NAME_BYTES - len(thai.encode()))
    name = (
        f"{thai} ({english})" if thai and english else _truncated(thai or english, _ZIP_NAME_BYTES)
    )
    return f"{certificate.serial} {name}.pdf" if name else f"{certificate.serial}.pdf"


def _zip_file_name(cohort: Cohort) -> str:
    """``certificates-9HT5RZTZ.zip``: the cohort's code as every screen shows it."""
    code = re.sub(r"[^A-Za-z0-9_-]", "", cohort.code)
    return f"certificates-{code or cohort.pk}.zip"


def cohort_zip(request, cohort_id: int):
    """Every valid certificate of a cohort as one ZIP, built in a temporary file.

    Lost PDFs are rendered again first (``ensure_pdf``). The archive is written to a temporary
    file on disk and streamed from there, so memory holds one certificate at a time however big
    the cohort.
    """
    cohort = _get_cohort_for_user(request, pk=cohort_id)
    certificates = (
        Certificate.objects.valid().filter(enrollment__cohort=cohort).order_by("holder_name_th")
    )
    archive = tempfile.TemporaryFile(suffix=".zip")
    # PDFs are already compressed: storing them is as small and much faster.
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as zip_file:
        for certificate in certificates.iterator(chunk_size=200):
            zip_file.writestr(_zip_member_name(certificate), issuing.ensure_pdf(certificate))
    archive.seek(0)
    response = FileResponse(archive, as_attachment=True, filename=_zip_file_name(cohort))
    response["Content-Type"] = "application/zip"
    response["Cache-Control"] = "private, no-store"
    return response
