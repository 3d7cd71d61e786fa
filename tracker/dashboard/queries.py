"""The OPDC dashboard's figures: each one SQL aggregate (annotate/values/Count/Sum).

The figures read across apps (prototypes and adoptions here, courses' enrolments, certificates,
cms's reference data) through their querysets. The page (views.py), its charts (charts.py) and
the CSV and XLSX exports (exports.py) all read the same :class:`Figure` objects from
:func:`dashboard_figures`, so an export can never disagree with the page.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

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
from django.db.models.functions import Cast, Coalesce
from django.utils import translation
from django.utils.formats import number_format
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

from certificates.models import Certificate
from cms.models import CaseStudyPage, CoursePage, NationalStrategy, Province, Theme
from courses.models import Cohort, Enrollment
from thai.fiscal import (
    fiscal_year_bounds,
    fiscal_year_expression,
    fiscal_year_label,
    fiscal_year_number,
)
from thai.numbers import read_int
from thai.text import in_reader_language
from tracker.models import STAGE_ORDER, Adoption, AdoptionOutcome, Stage, StageChange, prototypes

# --- Filters -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    fiscal_year: int | None = None  # BE, e.g. 2569
    theme: str = ""  # Theme.slug
    strategy: int | None = None  # NationalStrategy.number

    @classmethod
    def from_query(cls, params) -> "Filters":
        """Read filters from a query string; anything malformed is ignored, not an error."""
        return cls(
            fiscal_year=read_int(params.get("fiscal_year"), minimum=2501, maximum=2699),
            theme=params.get("theme", "")[:64],
            strategy=read_int(params.get("strategy"), minimum=1, maximum=99),
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


# --- Figures -----------------------------------------------------------------------------


@dataclass
class Figure:
    key: str
    title: str
    columns: list[str]
    rows: list[list]
    description: str = ""
    chart: dict = field(default_factory=dict)
    # What each row stands for, where the page needs more than its shown label (the BE fiscal
    # year of each row of "over time", which the year filter and the chart's highlight match).
    keys: list = field(default_factory=list)
    # A shorter title for the XLSX sheet, where the title is longer than Excel's 31 characters
    # in one of the languages (a cut title reads as a typo).
    sheet: str = ""

    @property
    def sheet_title(self) -> str:
        return self.sheet or self.title

    def as_text_rows(self) -> list[list[str]]:
        return [[_cell(value) for value in row] for row in self.rows]

    def table_body(self) -> str:
        """The <tbody> rows, escaped, built here rather than in a template loop: a figure can
        have hundreds of rows (agencies, prototypes) and the template engine is the slow part."""
        return format_html_join(
            "\n",
            '<tr><th scope="row">{}</th>{}</tr>',
            (
                (
                    _cell(row[0]),
                    format_html_join("", "<td>{}</td>", ((_shown(cell),) for cell in row[1:])),
                )
                for row in self.rows
            ),
        )


def _cell(value) -> str:
    if value is None:
        return ""
    return str(value)


def _shown(value) -> str:
    """A cell as the page shows it: numbers grouped by thousands (1,234), in the reader's
    locale. Exports keep plain numbers (as_text_rows) so spreadsheets read them as numbers."""
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return number_format(value, force_grouping=True)
    return _cell(value)


def _name(row: dict, prefix: str, empty: str = "") -> str:
    english = (translation.get_language() or "th").startswith("en")
    first, second = (f"{prefix}name_en", f"{prefix}name_th")
    if not english:
        first, second = second, first
    return row.get(first) or row.get(second) or empty


def rounded(value) -> Decimal | None:
    """Half up, to two decimals."""
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
        .annotate(year=fiscal_year_expression("started_on"))
        .values("year")
        .annotate(adoptions=Count("id"), people=Sum("people_served"))
        .order_by("year")
    )
    grouped = list(grouped)
    # The year in the reader's era: BE on Thai pages, the Gregorian year on English ones.
    rows = [
        [
            fiscal_year_label(row["year"]),
            row["adoptions"],
            row["people"] or 0,
            fiscal_year_number(row["year"]),
        ]
        for row in grouped
    ]
    english = not (translation.get_language() or "th").startswith("th")
    return Figure(
        key="over_time",
        title=_("Adoptions over time"),
        description=_(
            "Adoptions by the Thai fiscal year in which they started (1 October to "
            "30 September). This chart shows every year; the year filter highlights one."
        ),
        columns=[
            _("Fiscal year"),
            _("Adoptions started"),
            _("People served"),
            _("Year") if english else _("Year (BE)"),
        ],
        rows=rows,
        keys=[row["year"] for row in grouped],
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
        sheet=_("Training by agency"),
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
    # The prototype's English title from its translation, in the same query (the bilingual
    # page tree: the Thai page owns the tracker records, its English page has the title).
    title_en = CaseStudyPage.objects.filter(
        translation_key=OuterRef("casestudypage__translation_key"), locale__language_code="en"
    ).values("title")[:1]
    grouped = (
        links.annotate(seated=Coalesce(Subquery(seated, output_field=IntegerField()), 0))
        .values("casestudypage__title")
        .annotate(
            title_en=Subquery(title_en, output_field=CharField()),
            cohorts=Count("cohort_id", distinct=True),
            participants=Sum("seated"),
        )
        .order_by("-participants", "casestudypage__title")
    )
    rows = [
        [
            in_reader_language(row["casestudypage__title"], row["title_en"] or ""),
            row["cohorts"],
            row["participants"],
        ]
        for row in grouped
    ]
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
        .values("name_th", "name_en", "unit", "unit_en")
        .annotate(
            adoptions=Count("adoption_id", distinct=True), before=Avg("before"), after=Avg("after")
        )
        .order_by("-adoptions", "name_th")
    )
    rows = []
    for row in grouped:
        before, after = rounded(row["before"]), rounded(row["after"])
        change = None
        if before:
            change = rounded((after - before) * 100 / before)
        unit = in_reader_language(row["unit"], row["unit_en"])
        rows.append([_name(row, ""), unit, row["adoptions"], before, after, change])
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
    return [
        _stage_funnel(filters),
        _adoptions_over_time(filters),
        _adoptions_by_agency(filters),
        _adoptions_by_province(filters),
        _adoptions_by_region(filters),
        _training_reach(filters),
        _training_to_prototypes(filters),
        _outcomes(filters),
    ]


# --- The filter form ---------------------------------------------------------------------


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
