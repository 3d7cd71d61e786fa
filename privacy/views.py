"""A learner's own personal data: read it, download it, and ask for it to be erased (PDPA).

Both are built by :mod:`privacy.registry` from every registered model. Each download is
recorded as a ``DataRequest`` of kind export (who and when, no copy of the data); reading the
page is not a request and records nothing.
"""

import datetime
import decimal
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from privacy import notifications, registry
from privacy.models import DataRequest
from thai.dates import format_date


def _record_export(person) -> None:
    DataRequest.objects.create(
        person=person,
        kind=DataRequest.Kind.EXPORT,
        status=DataRequest.Status.DONE,
        handled_at=timezone.now(),
        outcome="downloaded by the person",
    )


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


def _shown(value) -> str:
    """A value as the person reads it: dates in Bangkok time (Buddhist era on Thai pages)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return format_date(value, "datetime")
    if isinstance(value, datetime.date):
        return format_date(value)
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or "–"
    return str(value)


def _pending_erasure(person):
    return DataRequest.objects.filter(
        person=person, kind=DataRequest.Kind.ERASURE, status=DataRequest.Status.PENDING
    ).first()


@login_required
@require_GET
def my_data(request):
    """A readable summary of everything we hold, with the JSON download beside it."""
    sections = [
        {
            "model": section["model"],
            "title": section["title"],
            "records": [
                [(value.label, _shown(value.value)) for value in record]
                for record in section["records"]
            ],
        }
        for section in registry.read_person(request.user)
    ]
    requests = DataRequest.objects.filter(person=request.user).exclude(kind=DataRequest.Kind.EXPORT)
    return _no_store(
        render(
            request,
            "privacy/my_data.html",
            {"person": request.user, "sections": sections, "data_requests": requests},
        )
    )


@login_required
@require_GET
def my_data_json(request):
    data = registry.export_person(request.user)
    _record_export(request.user)
    # Thai stays as UTF-8 text, readable in any editor, not \\u0e.. escapes.
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="govlab-my-data.json"'
    return _no_store(response)


@login_required
@require_http_methods(["GET", "POST"])
def request_erasure(request):
    """GET: what erasure deletes and keeps, and who carries it out, with the button (changes
    nothing). POST: ask OPDC staff to erase my data; they carry it out (or record why not)
    in the admin."""
    if request.method == "GET":
        return _no_store(
            render(
                request,
                "privacy/erase_confirm.html",
                {"pending": _pending_erasure(request.user)},
            )
        )
    try:
        with transaction.atomic():
            data_request = DataRequest.objects.create(
                person=request.user, kind=DataRequest.Kind.ERASURE
            )
            notifications.request_received(data_request)
    except IntegrityError:
        messages.info(request, _("Your erasure request is already waiting for OPDC staff."))
    else:
        messages.success(
            request,
            _(
                "We have received your erasure request. OPDC staff will handle it within "
                "30 days and tell you the outcome by e-mail."
            ),
        )
    return redirect("my_data")
