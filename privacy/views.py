"""A learner's own personal data: download it, and ask for it to be erased (PDPA).

The downloads are built by :mod:`privacy.registry` from every registered model; each download
is recorded as a ``DataRequest`` of kind export (who and when, no copy of the data).
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from privacy import registry
from privacy.models import DataRequest


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


@login_required
@require_GET
def my_data(request):
    """A readable summary of everything we hold, with the JSON download beside it."""
    data = registry.export_person(request.user)
    _record_export(request.user)
    requests = DataRequest.objects.filter(person=request.user).exclude(kind=DataRequest.Kind.EXPORT)
    return _no_store(
        render(request, "privacy/my_data.html", {"data": data, "data_requests": requests})
    )


@login_required
@require_GET
def my_data_json(request):
    data = registry.export_person(request.user)
    _record_export(request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="govlab-my-data.json"'
    return _no_store(response)


@login_required
@require_POST
def request_erasure(request):
    """Ask OPDC staff to erase my data; they carry it out (or record why not) in the admin."""
    try:
        with transaction.atomic():
            DataRequest.objects.create(person=request.user, kind=DataRequest.Kind.ERASURE)
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
