"""The OPDC dashboard in the Wagtail admin: how prototypes travel and whom training reaches.

It aggregates across cms (prototypes, adoptions), courses (enrolments) and certificates, so it
lives in lms. Every figure is one SQL aggregate (annotate/values/Count/Sum) in
:func:`dashboard_figures`; the page, the CSV and the XLSX exports all read the same
:class:`Figure` objects, so an export can never disagree with the page. Charts are drawn here
as SVG geometry and rendered by a template: no JavaScript, nothing from a CDN.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, ExtractYear
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

from certificates.models import Certificate
from cms.models import CoursePage, NationalStrategy, Province, Theme
from courses.models import Cohort, Enrollment
from lms.thai_dates import BE_OFFSET, fiscal_year, fiscal_year_bounds, fiscal_year_label
from tracker.models import (
    STAGE_ORDER,
    Adoption,
    AdoptionOutcome,
    Stage,
    StageChange,
    is_opdc_staff,
    prototypes,
)

PALETTE = ["#1f5fa8", "#e07b22", "#2a9d6f", "#8e44ad", "#c0392b"]
FUNNEL_COLOURS = ["#c9dcf2", "#8fb6e3", "#4f8fd1", "#1f5fa8", "#123d6e"]


# --- Filters -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    fiscal_year: int | None = None  # BE, e.g. 2569
    theme: str = ""  # Theme.slug
    strategy: int | None = None  # NationalStrategy.number

    @classmethod
    def from_query(cls, params) -> "Filters":
        """Read filters from a query string; anything malformed is ignored, not an error."""
        year = params.get("fiscal_year", "")
        strategy = params.get("strategy", "")
        return cls(
            fiscal_year=int(year) if year.isdigit() and 2500 < int(year) < 2700 else None,
            theme=params.get("theme", "")[:64],
            strategy=int(strategy) if strategy.isdigit() else None,
        )

    def as_query(self) -> str:
        params = {
            "fiscal_year": self.fiscal_year or "",
            "theme": self.theme,
            "strategy": self.strategy or "",
        }
        return urlencode({key: value for key, value in params.items() if value})


def _prototype_ids(filters: Filters):
    pages = prototypes()
    if filters.theme:
        pages = pages.filter(theme__slug=filters.theme)
    if filters.strategy:
        pages = pages.filter(strategy_targets__master_plan__strategies__number=filters.strategy)
    return pages.values("pk")


def _adoptions(filters: Filters, by_year: bool = True):
    adoptions = Adoption.objects.filter(prototype__in=_prototype_ids(filters))
    if by_year and filters.fiscal_year:
        start, end = fiscal_year_bounds(filters.fiscal_year)
        adoptions = adoptions.filter(started_on__range=(start, end))
    return adoptions


def _courses(filters: Filters):
    courses = CoursePage.objects.all()
    if filters.theme:
        courses = courses.filter(themes__slug=filters.theme)
    if filters.strategy:
        courses = courses.filter(strategy_targets__master_plan__strategies__number=filters.strategy)
    return courses.values("pk")


def _cohorts(filters: Filters):
    cohorts = Cohort.objects.all()
    if filters.theme or filters.strategy:
        cohorts = cohorts.filter(course__in=_courses(filters))
    if filters.fiscal_year:
        start, end = fiscal_year_bounds(filters.fiscal_year)
        cohorts = cohorts.filter(start_date__range=(start, end))
    return cohorts


def _fiscal_year_expression(date_field: str):
    """The BE fiscal year of a date column, in SQL: October to December count to next year."""
    return (
        ExtractYear(date_field)
        + Case(
            When(**{f"{date_field}__month__gte": 10}, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        + Value(BE_OFFSET)
    )


# --- Figures -----------------------------------------------------------------------------


@dataclass
class Figure:
    key: str
    title: str
    columns: list[str]
    rows: list[list]
    description: str = ""
    chart: dict = field(default_factory=dict)

    def as_text_rows(self) -> list[list[str]]:
        return [[_cell(value) for value in row] for row in self.rows]

    def table_body(self) -> str:
        """The <tbody> rows, escaped, built here rather than in a template loop: a figure can
        have hundreds of rows (agencies, prototypes) and the template engine is the slow part."""
        return format_html_join(
            "\n",
            '<tr><th scope="row">{}</th>{}</tr>',
            (
                (row[0], format_html_join("", "<td>{}</td>", ((cell,) for cell in row[1:])))
                for row in self.as_text_rows()
            ),
        )


def _cell(value) -> str:
    if value is None:
        return ""
    return str(value)


def _name(row: dict, prefix: str, empty: str = "") -> str:
    english = (translation.get_language() or "th").startswith("en")
    first, second = (f"{prefix}name_en", f"{prefix}name_th")
    if not english:
        first, second = second, first
    return row.get(first) or row.get(second) or empty


def _round(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _stage_funnel(filters: Filters) -> Figure:
    pages = prototypes().filter(pk__in=_prototype_ids(filters))
    if filters.fiscal_year:
        # The stage each prototype had reached by the end of the fiscal year: its latest
        # change up to that day; a prototype without any recorded change keeps its stage.
        _start, end = fiscal_year_bounds(filters.fiscal_year)
        changes = StageChange.objects.filter(prototype=OuterRef("pk"))
        latest = changes.filter(changed_on__lte=end).order_by("-changed_on", "-id")
        pages = pages.annotate(
            stage_at=Case(
                When(Exists(changes), then=Subquery(latest.values("stage")[:1])),
                default=F("stage"),
                output_field=CharField(),
            )
        )
    else:
        pages = pages.annotate(stage_at=F("stage"))
    counts = {
        row["stage_at"]: row["n"]
        for row in pages.values("stage_at").annotate(n=Count("pk")).order_by()
    }
    rows = []
    reached = 0
    for stage in reversed(STAGE_ORDER):
        reached += counts.get(stage, 0)
        rows.append([str(Stage(stage).label), counts.get(stage, 0), reached])
    rows.reverse()
    return Figure(
        key="stages",
        title=_("Prototypes by stage"),
        description=_(
            "How many prototypes are at each stage, and how many have reached at least it."
        ),
        columns=[_("Stage"), _("At this stage"), _("Reached at least this stage")],
        rows=rows,
    )


def _adoptions_over_time(filters: Filters) -> Figure:
    grouped = (
        _adoptions(filters, by_year=False)
        .annotate(year=_fiscal_year_expression("started_on"))
        .values("year")
        .annotate(adoptions=Count("id"), people=Sum("people_served"))
        .order_by("year")
    )
    rows = [
        [fiscal_year_label(row["year"]), row["adoptions"], row["people"] or 0, row["year"]]
        for row in grouped
    ]
    return Figure(
        key="over_time",
        title=_("Adoptions over time"),
        description=_(
            "Adoptions by the Thai fiscal year in which they started (1 October to "
            "30 September). This chart shows every year; the year filter highlights one."
        ),
        columns=[_("Fiscal year"), _("Adoptions started"), _("People served"), _("Year (BE)")],
        rows=rows,
    )


def _adoptions_by_agency(filters: Filters) -> Figure:
    grouped = (
        _adoptions(filters)
        .values("agency_id", "agency__name_th", "agency__name_en")
        .annotate(
            adoptions=Count("id"),
            prototypes=Count("prototype_id", distinct=True),
            people=Sum("people_served"),
        )
        .order_by("-adoptions", "agency__name_th")
    )
    rows = [
        [_name(row, "agency__"), row["adoptions"], row["prototypes"], row["people"] or 0]
        for row in grouped
    ]
    return Figure(
        key="by_agency",
        title=_("Adoptions by agency"),
        columns=[_("Agency"), _("Adoptions"), _("Prototypes adopted"), _("People served")],
        rows=rows,
    )


def _province_links(filters: Filters):
    return Adoption.provinces.through.objects.filter(adoption__in=_adoptions(filters).values("pk"))


def _adoptions_by_province(filters: Filters) -> Figure:
    grouped = (
        _province_links(filters)
        .values("province__name_th", "province__name_en", "province__region")
        .annotate(adoptions=Count("adoption_id", distinct=True))
        .order_by("-adoptions", "province__name_th")
    )
    regions = dict(Province.Region.choices)
    rows = [
        [
            _name(row, "province__"),
            str(regions.get(row["province__region"], "")),
            row["adoptions"],
        ]
        for row in grouped
    ]
    return Figure(
        key="by_province",
        title=_("Adoptions by province"),
        columns=[_("Province"), _("Region"), _("Adoptions")],
        rows=rows,
    )


def _adoptions_by_region(filters: Filters) -> Figure:
    grouped = {
        row["province__region"]: row
        for row in _province_links(filters)
        .values("province__region")
        .annotate(
            adoptions=Count("adoption_id", distinct=True),
            provinces=Count("province_id", distinct=True),
        )
        .order_by()
    }
    rows = []
    for value, label in Province.Region.choices:
        row = grouped.get(value, {})
        rows.append([str(label), row.get("adoptions", 0), row.get("provinces", 0)])
    return Figure(
        key="by_region",
        title=_("Adoptions by region"),
        description=_("An adoption that runs in several provinces of a region counts once."),
        columns=[_("Region"), _("Adoptions"), _("Provinces reached")],
        rows=rows,
    )


def _training_reach(filters: Filters) -> Figure:
    # A LEFT JOIN on the one valid certificate an enrolment may hold (a unique constraint):
    # no row is doubled, and PostgreSQL hash-joins it instead of probing per enrolment.
    enrollments = Enrollment.objects.annotate(
        valid_certificate=FilteredRelation(
            "certificates", condition=Q(certificates__status=Certificate.Status.VALID)
        )
    )
    if filters.theme or filters.strategy or filters.fiscal_year:
        enrollments = enrollments.filter(cohort__in=_cohorts(filters).values("pk"))
    grouped = (
        enrollments.values("learner__agency__name_th", "learner__agency__name_en")
        .annotate(
            enrolled=Count("id", filter=Q(status__in=Enrollment.SEATED)),
            completed=Count("id", filter=Q(status=Enrollment.Status.COMPLETED)),
            certified_count=Count("valid_certificate__id"),
        )
        .filter(enrolled__gt=0)
        .order_by("-enrolled", "learner__agency__name_th")
    )
    rows = [
        [
            _name(row, "learner__agency__", _("(no agency given)")),
            row["enrolled"],
            row["completed"],
            row["certified_count"],
        ]
        for row in grouped
    ]
    return Figure(
        key="training_reach",
        title=_("Training reach by agency"),
        description=_(
            "Participants by their agency: enrolled (or completed), completed, and holding a "
            "valid certificate. The fiscal year is that of the cohort's first day."
        ),
        columns=[_("Agency"), _("Enrolled"), _("Completed"), _("Certified")],
        rows=rows,
    )


def _training_to_prototypes(filters: Filters) -> Figure:
    links = Cohort.co_designed_prototypes.through.objects.filter(
        casestudypage__in=_prototype_ids(filters)
    )
    if filters.theme or filters.strategy or filters.fiscal_year:
        links = links.filter(cohort__in=_cohorts(filters).values("pk"))
    # Each cohort's seated participants, counted from the (cohort, status) index of
    # enrolments, then summed per prototype: a person in two co-designing cohorts counts twice.
    seated = (
        Enrollment.objects.filter(cohort=OuterRef("cohort_id"), status__in=Enrollment.SEATED)
        .order_by()
        .values("cohort")
        .annotate(n=Count("cohort"))  # not "id": an index-only scan answers it
        .values("n")
    )
    grouped = (
        links.annotate(seated=Coalesce(Subquery(seated, output_field=IntegerField()), 0))
        .values("casestudypage__title")
        .annotate(cohorts=Count("cohort_id", distinct=True), participants=Sum("seated"))
        .order_by("-participants", "casestudypage__title")
    )
    rows = [[row["casestudypage__title"], row["cohorts"], row["participants"]] for row in grouped]
    return Figure(
        key="training_to_prototypes",
        title=_("From training to prototypes"),
        description=_("Cohorts whose participants co-designed each prototype."),
        columns=[_("Prototype"), _("Cohorts"), _("Participants")],
        rows=rows,
    )


def _outcomes(filters: Filters) -> Figure:
    grouped = (
        AdoptionOutcome.objects.filter(adoption__in=_adoptions(filters).values("pk"))
        .values("name_th", "name_en", "unit")
        .annotate(
            adoptions=Count("adoption_id", distinct=True), before=Avg("before"), after=Avg("after")
        )
        .order_by("-adoptions", "name_th")
    )
    rows = []
    for row in grouped:
        before, after = _round(row["before"]), _round(row["after"])
        change = None
        if before:
            change = _round((after - before) * 100 / before)
        rows.append([_name(row, ""), row["unit"], row["adoptions"], before, after, change])
    return Figure(
        key="outcomes",
        title=_("Measured outcomes"),
        description=_("Average before and after, over the adoptions that measured each outcome."),
        columns=[
            _("Outcome"),
            _("Unit"),
            _("Adoptions measuring it"),
            _("Average before"),
            _("Average after"),
            _("Change (%)"),
        ],
        rows=rows,
    )


def dashboard_figures(filters: Filters) -> list[Figure]:
    """Every figure of the dashboard, in page order: one SQL query each."""
    figures = [
        _stage_funnel(filters),
        _adoptions_over_time(filters),
        _adoptions_by_agency(filters),
        _adoptions_by_province(filters),
        _adoptions_by_region(filters),
        _training_reach(filters),
        _training_to_prototypes(filters),
        _outcomes(filters),
    ]
    for figure in figures:
        figure.chart = CHARTS[figure.key](figure, filters)
    return figures


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
        (_("People trained"), sum(row[1] for row in by_key["training_reach"].rows)),
    ]


# --- Charts: SVG geometry ----------------------------------------------------------------

CHART_WIDTH = 720
LABEL_WIDTH = 230
VALUE_GAP = 60


def _short(text: str, length: int = 34) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _bar_chart(labels, series, names, centred=False, colours=None) -> dict:
    """Horizontal bars, one group per label and one bar per series."""
    colours = colours or PALETTE
    bar_area = CHART_WIDTH - LABEL_WIDTH - VALUE_GAP
    bar_height, gap = (34, 10) if centred else (16, 14)
    largest = max([value or 0 for values in series for value in values] + [1])
    shapes, texts = [], []
    y = 10
    for index, label in enumerate(labels):
        group_top = y
        for number, values in enumerate(series):
            value = values[index] or 0
            width = round(bar_area * value / largest, 1)
            x = LABEL_WIDTH + ((bar_area - width) / 2 if centred else 0)
            colour = colours[index % len(colours)] if centred else colours[number % len(colours)]
            shapes.append(
                {
                    "x": x,
                    "y": y,
                    "width": max(width, 1),
                    "height": bar_height,
                    "fill": colour,
                    "title": f"{label} — {names[number]}: {value}",
                }
            )
            texts.append(
                {
                    "x": x + max(width, 1) + 6,
                    "y": y + bar_height / 2 + 4,
                    "text": str(value),
                    "anchor": "start",
                    "cls": "value",
                }
            )
            y += bar_height + 2
        texts.append(
            {
                "x": LABEL_WIDTH - 8,
                "y": (group_top + y) / 2 + 4,
                "text": _short(label),
                "anchor": "end",
                "cls": "label",
            }
        )
        y += gap
    legend = [] if centred or len(names) < 2 else _legend(names, colours)
    return {
        "width": CHART_WIDTH,
        "height": y + (24 if legend else 0),
        "shapes": shapes,
        "texts": texts,
        "legend": [dict(item, y=y + 8) for item in legend],
        "empty": not labels,
    }


def _legend(names, colours) -> list[dict]:
    return [
        {"x": LABEL_WIDTH + number * 150, "name": name, "fill": colours[number % len(colours)]}
        for number, name in enumerate(names)
    ]


def _column_chart(labels, values, highlight=None) -> dict:
    """Vertical columns, one per fiscal year."""
    height, top, bottom = 240, 20, 40
    area = height - top - bottom
    count = max(len(labels), 1)
    slot = (CHART_WIDTH - 40) / count
    width = min(slot * 0.6, 80)
    largest = max(values + [1])
    shapes, texts = [], []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        bar = area * value / largest
        x = 20 + slot * index + (slot - width) / 2
        y = top + area - bar
        fill = PALETTE[1] if highlight is not None and index == highlight else PALETTE[0]
        shapes.append(
            {
                "x": round(x, 1),
                "y": round(y, 1),
                "width": round(width, 1),
                "height": max(round(bar, 1), 1),
                "fill": fill,
                "title": f"{label}: {value}",
            }
        )
        texts.append(
            {"x": x + width / 2, "y": y - 6, "text": str(value), "anchor": "middle", "cls": "value"}
        )
        texts.append(
            {
                "x": x + width / 2,
                "y": height - bottom + 18,
                "text": label,
                "anchor": "middle",
                "cls": "label",
            }
        )
    return {
        "width": CHART_WIDTH,
        "height": height,
        "shapes": shapes,
        "texts": texts,
        "legend": [],
        "empty": not labels,
        "baseline": top + area,
    }


def _stages_chart(figure: Figure, filters: Filters) -> dict:
    return _bar_chart(
        [row[0] for row in figure.rows],
        [[row[2] for row in figure.rows]],
        [figure.columns[2]],
        centred=True,
        colours=FUNNEL_COLOURS,
    )


def _over_time_chart(figure: Figure, filters: Filters) -> dict:
    years = [row[3] for row in figure.rows]
    highlight = years.index(filters.fiscal_year) if filters.fiscal_year in years else None
    labels = [str(year) for year in years]
    return _column_chart(labels, [row[1] for row in figure.rows], highlight)


def _simple_bars(value_columns):
    def build(figure: Figure, filters: Filters) -> dict:
        rows = figure.rows[:15]
        return _bar_chart(
            [row[0] for row in rows],
            [[row[column] for row in rows] for column in value_columns],
            [figure.columns[column] for column in value_columns],
        )

    return build


def _outcomes_chart(figure: Figure, filters: Filters) -> dict:
    """Before and after on one scale per outcome: before is 100."""
    rows = [row for row in figure.rows if row[3]][:10]
    labels = [f"{row[0]} ({row[1]})" for row in rows]
    before = [100 for _row in rows]
    after = [int(_round(row[4] * 100 / row[3])) for row in rows]
    return _bar_chart(labels, [before, after], [_("Before = 100"), _("After")])


CHARTS = {
    "stages": _stages_chart,
    "over_time": _over_time_chart,
    "by_agency": _simple_bars([1]),
    "by_province": _simple_bars([2]),
    "by_region": _simple_bars([1, 2]),
    "training_reach": _simple_bars([1, 2, 3]),
    "training_to_prototypes": _simple_bars([1, 2]),
    "outcomes": _outcomes_chart,
}


# --- Views -------------------------------------------------------------------------------


def filter_choices() -> dict:
    """Themes and strategies for the filter form, in one query (a UNION) to keep the page
    within its query budget."""
    themes = (
        Theme.objects.order_by()
        .annotate(kind=Value("theme"), key=F("slug"), position=Value(0))
        .values_list("kind", "key", "name_th", "name_en", "position")
    )
    strategies = (
        NationalStrategy.objects.order_by()
        .annotate(kind=Value("strategy"), key=Cast("number", CharField()), position=F("number"))
        .values_list("kind", "key", "name_th", "name_en", "position")
    )
    choices: dict[str, list] = {"themes": [], "strategies": []}
    for kind, key, name_th, name_en, _position in themes.union(strategies, all=True).order_by(
        "kind", "position", "name_th"
    ):
        name = _name({"name_th": name_th, "name_en": name_en}, "")
        if kind == "theme":
            choices["themes"].append((key, name))
        else:
            choices["strategies"].append((int(key), f"{key}. {name}"))
    return choices


def _get_figures_for_user(request) -> tuple[Filters, list[Figure]]:
    """OPDC staff and superusers only; trainers, who also use the admin, get 403."""
    if not is_opdc_staff(request.user):
        raise PermissionDenied
    filters = Filters.from_query(request.GET)
    return filters, dashboard_figures(filters)


def dashboard(request):
    filters, figures = _get_figures_for_user(request)
    current = fiscal_year(timezone.localdate())
    years = [row[3] for row in next(f for f in figures if f.key == "over_time").rows]
    first = min(years + [current - 4])
    return TemplateResponse(
        request,
        "lms/dashboard.html",
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
            "generated_at": timezone.now(),
        },
    )


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
        return _xlsx_response(figures, f"opdc-dashboard-{wanted or 'all'}-{stamp}.xlsx")
    if not wanted:
        return HttpResponseBadRequest(_("A CSV export holds one figure: say which."))
    return _csv_response(figures[0], f"opdc-dashboard-{figures[0].key}-{stamp}.csv")


def _csv_response(figure: Figure, filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(figure.columns)
    writer.writerows(figure.as_text_rows())
    # A byte-order mark, so Excel opens the Thai text as UTF-8.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx_response(figures: list[Figure], filename: str) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for figure in figures:
        sheet = workbook.create_sheet(title=figure.key[:31])
        sheet.append([figure.title])
        sheet.append(figure.columns)
        for row in figure.rows:
            sheet.append([float(value) if isinstance(value, Decimal) else value for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
