"""Uploading a participant list in the Wagtail admin, and the page that shows how the import went.

Every upload becomes a `ParticipantImport` (the file kept in Django storage). The request
parses nothing but an XLSX file's zip directory (`importing.check_workbook`, which refuses a
workbook that would expand beyond the limits). Small files are then run at once; files whose
text (a CSV file, or the parts an XLSX file declares) is over `BACKGROUND_BYTES` go to a
Celery worker, which counts and checks their rows while the job page shows its progress.
"""

import os

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import is_trainer_or_opdc_staff
from courses import importing
from courses.models import ParticipantImport
from courses.views import _get_cohort_for_user
from outbox.messages import enqueue

# About 5,000 rows of CSV, or 1,700 rows of XLSX (its XML takes some 600 bytes a row).
BACKGROUND_BYTES = 1024 * 1024
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Participant list"),
        help_text=gettext_lazy("CSV (UTF-8 or Thai Excel's TIS-620) or XLSX, at most 50 MB."),
    )

    # What parsing the file would read: its size, or what an XLSX file's parts declare.
    text_bytes = 0

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = os.path.splitext(upload.name)[1].lower()
        if extension not in (".csv", ".xlsx", ".txt"):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        upload.seek(0)
        magic = upload.read(4)
        upload.seek(0)
        self.text_bytes = upload.size
        if importing.is_xlsx(magic, upload.name):
            try:
                self.text_bytes = importing.check_workbook(upload)
            except importing.ImportRefused as refusal:
                raise forms.ValidationError(refusal.text()) from refusal
        return upload


def upload(request, code: str):
    cohort = _get_cohort_for_user(request, code)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        job = ParticipantImport(
            cohort=cohort, original_name=uploaded.name[:255], created_by=request.user
        )
        job.file.save(uploaded.name, uploaded, save=False)
        job.save()
        if form.text_bytes > BACKGROUND_BYTES:
            enqueue("courses.tasks.run_participant_import", job.pk)
        else:
            importing.run_import_job(job.pk)
        return redirect("courses_admin_import_job", code=cohort.code, job_code=job.code)
    help_rows = [(header, importing.HEADER_HELP[header]) for header in importing.HEADERS]
    return TemplateResponse(
        request,
        "courses/admin/import_upload.html",
        {
            "cohort": cohort,
            "form": form,
            "help_rows": help_rows,
            "imports": cohort.imports.select_related("created_by")[:10],
            "page_title": _("Import participants"),
            "tab": "import",
        },
    )


def job(request, code: str, job_code):
    cohort = _get_cohort_for_user(request, code)
    found = get_object_or_404(ParticipantImport, cohort=cohort, code=job_code)
    return TemplateResponse(
        request,
        "courses/admin/import_job.html",
        {
            "cohort": cohort,
            "job": found,
            "page_title": _("Import participants"),
            "tab": "import",
        },
    )


def template_file(request, file_format: str):
    """The empty list to fill in. Any trainer or OPDC staff member may download it."""
    if not is_trainer_or_opdc_staff(request.user):
        raise PermissionDenied
    if file_format not in ("csv", "xlsx"):
        raise Http404
    if file_format == "xlsx":
        response = HttpResponse(
            importing.template_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(importing.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="participants-template.{file_format}"'
    return response
