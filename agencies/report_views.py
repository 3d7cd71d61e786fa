"""Seats by agency (agencies/reports.py) as pages and files: for OPDC staff in the Wagtail
admin (`/admin/agency-seats/`, addresses in wagtail_hooks.py), every agency and ministry;
for a coordinator in their area (`/th/my-agency/seats/`), the agencies they coordinate.

The report holds counts per agency, no one's name or record, so viewing it writes no
`AccessRecord` (the staff list and a person's page, which show people, do).
"""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_opdc_staff
from agencies.reports import (
    BY_MINISTRY,
    ReportFilters,
    SeatReport,
    export_rows,
    seat_report,
    year_label,
)
from agencies.views import _agencies_or_refuse
from courses import exports
from thai.fiscal import fiscal_year

FORMATS = ("csv", "xlsx")


def _fiscal_years(report: SeatReport) -> list[tuple[int, str]]:
    """The filter's years: next year back to five years ago, and any older year with rows."""
    current = fiscal_year(timezone.localdate())
    oldest = min([current - 4] + [line.fiscal_year for line in report.lines])
    return [(year, year_label(year)) for year in range(current + 1, oldest - 1, -1)]


def _download(report: SeatReport, file_format: str, name: str):
    if file_format not in FORMATS:
        return HttpResponseBadRequest(_("Choose a file format: CSV or XLSX."))
    stamp = datetime.date.today().isoformat()
    year = report.filters.fiscal_year or "all"
    filename = f"{name}-{report.filters.group}-{year}-{stamp}"
    rows = export_rows(report)
    if file_format == "xlsx":
        return exports.xlsx_response(rows, filename, _("Seats by agency"))
    return exports.csv_response(rows, filename)


def _get_staff_report(request) -> SeatReport:
    """OPDC staff and superusers only; trainers, who also use the admin, get 403."""
    if not is_opdc_staff(request.user):
        raise PermissionDenied
    return seat_report(ReportFilters.from_query(request.GET))


def staff_report(request):
    report = _get_staff_report(request)
    return TemplateResponse(
        request,
        "agencies/admin/seat_report.html",
        {
            "page_title": _("Seats by agency"),
            "report": report,
            "by_ministry": report.filters.group == BY_MINISTRY,
            "query": report.filters.as_query(),
            "fiscal_years": _fiscal_years(report),
            "generated_at": timezone.now(),
        },
    )


def staff_report_export(request):
    """The report as `?format=csv` or `?format=xlsx`, with the page's filters."""
    report = _get_staff_report(request)
    return _download(report, request.GET.get("format", ""), "seats-by-agency")


def _get_coordinator_report(request) -> SeatReport:
    agencies = _agencies_or_refuse(request)
    return seat_report(ReportFilters.from_query(request.GET), agencies=agencies)


@login_required
def coordinator_report(request):
    report = _get_coordinator_report(request)
    return render(
        request,
        "agencies/seat_report.html",
        {
            "report": report,
            "query": report.filters.as_query(),
            "fiscal_years": _fiscal_years(report),
        },
    )


@login_required
def coordinator_report_export(request):
    report = _get_coordinator_report(request)
    return _download(report, request.GET.get("format", ""), "my-agency-seats")
