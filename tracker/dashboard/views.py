"""The OPDC dashboard's pages in the Wagtail admin (addresses in tracker/wagtail_hooks.py):
the dashboard and its exports, for OPDC staff and superusers only."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_opdc_staff
from agencies.reports import BY_MINISTRY, ReportFilters, seat_report
from thai.dates import format_date
from thai.fiscal import fiscal_year, fiscal_year_label
from tracker.dashboard import charts, exports
from tracker.dashboard.queries import Figure, Filters, dashboard_figures, filter_choices


def _get_figures_for_user(request) -> tuple[Filters, list[Figure]]:
    """OPDC staff and superusers only; trainers, who also use the admin, get 403."""
    if not is_opdc_staff(request.user):
        raise PermissionDenied
    filters = Filters.from_query(request.GET)
    return filters, dashboard_figures(filters)


def dashboard(request):
    filters, figures = _get_figures_for_user(request)
    charts.draw(figures, filters)
    current = fiscal_year(timezone.localdate())
    years = next(f for f in figures if f.key == "over_time").keys
    first = min(years + [current - 4])
    return TemplateResponse(
        request,
        "tracker/dashboard.html",
        {
            "page_title": _("OPDC dashboard"),
            "filters": filters,
            "query": filters.as_query(),
            "figures": figures,
            "headlines": headline_numbers(figures),
            "fiscal_years": [
                (year, fiscal_year_label(year)) for year in range(current + 1, first - 1, -1)
            ],
            **filter_choices(),
            "seats": seat_summary(filters),
            "generated_at": timezone.now(),
        },
    )


def seat_summary(filters: Filters) -> dict:
    """Seats by agency (agencies/reports.py) summed over every agency for the dashboard's
    fiscal year, with the address of the full report. Theme and strategy do not narrow it:
    quotas are per cohort, not per theme."""
    # Rolled up by ministry, the total holds the seats reserved for whole ministries too.
    # Two queries: the year's capacity (open seats) is left to the report's own page, which
    # keeps the dashboard within its budget of 20 queries (issue #6).
    report = seat_report(
        ReportFilters(fiscal_year=filters.fiscal_year, group=BY_MINISTRY), with_capacity=False
    )
    query = ReportFilters(fiscal_year=filters.fiscal_year).as_query()
    return {"total": report.total, "query": query}


def export(request):
    """One figure as CSV (`?figure=by_agency&format=csv`) or every figure as an XLSX workbook
    (`?format=xlsx`, one sheet per figure), with the dashboard's filters."""
    filters, figures = _get_figures_for_user(request)
    wanted = request.GET.get("figure", "")
    if wanted:
        figures = [figure for figure in figures if figure.key == wanted]
        if not figures:
            return HttpResponseBadRequest(_("There is no figure called %(key)s.") % {"key": wanted})
    stamp = datetime.date.today().isoformat()
    if request.GET.get("format") == "xlsx":
        return exports.xlsx_response(
            figures,
            f"opdc-dashboard-{wanted or 'all'}-{stamp}.xlsx",
            about=describe_filters(filters),
        )
    if not wanted:
        return HttpResponseBadRequest(_("A CSV export holds one figure: say which."))
    return exports.csv_response(figures[0], f"opdc-dashboard-{figures[0].key}-{stamp}.csv")


def describe_filters(filters: Filters) -> list[tuple[str, str]]:
    """What made an export, in the reader's language: when, and each filter (or "all")."""
    choices = filter_choices()
    themes, strategies = dict(choices["themes"]), dict(choices["strategies"])
    return [
        (_("Generated"), format_date(timezone.now(), "datetime")),
        (
            _("Fiscal year"),
            fiscal_year_label(filters.fiscal_year) if filters.fiscal_year else _("All years"),
        ),
        (
            _("Theme"),
            themes.get(filters.theme, _("All themes")) if filters.theme else _("All themes"),
        ),
        (
            _("National strategy"),
            strategies.get(filters.strategy, _("All strategies"))
            if filters.strategy
            else _("All strategies"),
        ),
    ]


def headline_numbers(figures: list[Figure]) -> list[tuple[str, int]]:
    """The tiles at the top, read from the figures (no further queries)."""
    by_key = {figure.key: figure for figure in figures}
    agencies = by_key["by_agency"].rows
    return [
        (_("Prototypes"), by_key["stages"].rows[0][2] if by_key["stages"].rows else 0),
        (_("Adoptions"), sum(row[1] for row in agencies)),
        (_("Adopting agencies"), len(agencies)),
        (_("Provinces reached"), len(by_key["by_province"].rows)),
        (_("People served"), sum(row[3] for row in agencies)),
        # Completed, not enrolled: a seat in a cohort that has not yet run trains nobody.
        (_("People trained"), sum(row[2] for row in by_key["training_reach"].rows)),
    ]
