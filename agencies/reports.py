"""Seats by agency (issue #16, "Agencies send their people"): for each fiscal year (BE) and
each agency, or rolled up by ministry, how many seats were reserved for it and what its
people made of them. OPDC staff read every agency (the admin's report and the OPDC
dashboard's summary); a coordinator reads only the agencies they coordinate.

What each number counts, per enrolment of a person in a cohort (one row per person and
cohort), by the **fiscal year of the cohort's first day** and the **person's agency as it
stands now** (an account's agency is not recorded per enrolment):

- **offered**: seats trainers reserved for the agency in those cohorts (`SeatQuota`), held
  or already released. Seats reserved for a whole ministry belong to no one agency of it:
  they count in the ministry's row of the per-ministry grouping, never in an agency's row.
  The seats nobody reserved (capacity less every reservation) are the year's *open seats*,
  shown beside the report, not attributed to any agency.
- **requested**: every enrolment, whatever became of it (waiting, seated, withdrawn,
  rejected ...), made by the person, a trainer's import or an accepted nomination.
- **approved**: given a seat: seated now (enrolled or completed), or given one and then
  marked a no-show, removed by a trainer, or withdrawn after being seated (read from the
  enrolment's history).
- **filled**: reserved seats taken by the agency's own people, counted as the seat ledger
  counts them (`courses.seats`): the agency's seated people fill its own quota first, then
  its ministry's. A person of the agency in an open seat is approved, not "filled".
- **completed**, **no_shows**: enrolments completed; enrolments marked a no-show.
- **fill rate**: filled / offered, in per cent; none where nothing was offered.

Three queries whatever the size (enrolments by year and agency; the quotas with, in a UNION,
the seated people of their cohorts by agency; capacity by year, which the OPDC dashboard's
summary leaves out), nothing per row.
"""

import dataclasses
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Sum,
    Value,
)
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from courses.models import Cohort, Enrollment, SeatQuota
from courses.seats import SeatLedger
from thai.fiscal import (
    fiscal_year_bounds,
    fiscal_year_expression,
    fiscal_year_label,
)
from thai.numbers import read_int
from thai.text import in_reader_language, thai_sort_key

BY_AGENCY, BY_MINISTRY = "agency", "ministry"

Status = Enrollment.Status
# Given a seat and still holding it, or given one and then lost it for a reason other than
# a refusal: a trainer can mark as a no-show or remove only an enrolled person.
_SEAT_GIVEN = (Status.ENROLLED, Status.COMPLETED, Status.NO_SHOW, Status.REMOVED)


@dataclasses.dataclass(frozen=True)
class ReportFilters:
    fiscal_year: int | None = None  # BE; None: every year
    group: str = BY_AGENCY

    @classmethod
    def from_query(cls, params) -> "ReportFilters":
        """Read the filters of a query string; anything malformed reads as the default
        (every year, by agency), as on the OPDC dashboard."""
        group = params.get("group", "")
        return cls(
            fiscal_year=read_int(params.get("fiscal_year"), minimum=2501, maximum=2699),
            group=BY_MINISTRY if group == BY_MINISTRY else BY_AGENCY,
        )

    def as_query(self) -> str:
        params = {"fiscal_year": self.fiscal_year or "", "group": self.group}
        return urlencode({key: value for key, value in params.items() if value})


@dataclasses.dataclass
class SeatLine:
    """One row: an agency (or a ministry) in one fiscal year."""

    fiscal_year: int
    name_th: str
    name_en: str
    # The agency's ministry, in the per-agency grouping.
    ministry_th: str = ""
    ministry_en: str = ""
    offered: int = 0
    requested: int = 0
    approved: int = 0
    filled: int = 0
    completed: int = 0
    no_shows: int = 0

    @property
    def name(self) -> str:
        return in_reader_language(self.name_th, self.name_en)

    @property
    def ministry(self) -> str:
        return in_reader_language(self.ministry_th, self.ministry_en)

    @property
    def fill_rate(self) -> Decimal | None:
        """Per cent of the offered seats filled, to one decimal (half up); None if none."""
        if not self.offered:
            return None
        return (Decimal(self.filled * 100) / self.offered).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    def add(self, other: "SeatLine") -> None:
        for name in ("offered", "requested", "approved", "filled", "completed", "no_shows"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclasses.dataclass
class YearSeats:
    """A fiscal year's seats as a whole: every cohort starting in it (OPDC staff only)."""

    fiscal_year: int
    capacity: int = 0
    reserved: int = 0  # for agencies and for ministries

    @property
    def open_seats(self) -> int:
        return max(self.capacity - self.reserved, 0)

    @property
    def label(self) -> str:
        return year_label(self.fiscal_year)


@dataclasses.dataclass
class SeatReport:
    filters: ReportFilters
    lines: list[SeatLine]
    years: list[YearSeats]  # empty for a coordinator

    @property
    def total(self) -> SeatLine:
        total = SeatLine(fiscal_year=self.filters.fiscal_year or 0, name_th="", name_en="")
        for line in self.lines:
            total.add(line)
        return total


def year_label(be_year: int) -> str:
    """ปีงบประมาณ 2570 in Thai; FY 2027 (BE 2570) in English: the English site names years in
    the Common Era, the report's files in the Buddhist era, and a reader sees both."""
    label = fiscal_year_label(be_year)
    if (translation.get_language() or "th").startswith("th"):
        return label
    return f"{label} (BE {be_year})"


# Keys of the rows: ("agency", id) or ("ministry", id); None ids are the people without an
# agency in the list, and (in the ministry grouping) agencies under no ministry.
_NO_AGENCY = ("no-agency", None)
_QUOTA, _SEATED = "quota", "seated"
_NO_MINISTRY = ("no-ministry", None)


def _in_year(cohort_path: str, fiscal_year: int | None) -> Q:
    if fiscal_year is None:
        return Q()
    start, end = fiscal_year_bounds(fiscal_year)
    return Q(**{f"{cohort_path}start_date__range": (start, end)})


def seat_report(filters: ReportFilters, agencies=None, with_capacity=True) -> SeatReport:
    """The report for `filters`. `agencies` (a coordinator's) restricts it to those agencies:
    their rows only, by agency, without ministry-wide seats or the year's capacity, which
    would tell them about other agencies. Without `with_capacity` (the OPDC dashboard's
    summary, within its query budget) the years' capacity and open seats are left out."""
    restricted = agencies is not None
    if restricted:
        filters = dataclasses.replace(filters, group=BY_AGENCY)
    group = filters.group
    lines: dict[tuple, SeatLine] = {}

    def line(year: int, key: tuple, name_th: str, name_en: str, **names) -> SeatLine:
        found = lines.get((year, key))
        if found is None:
            found = lines[(year, key)] = SeatLine(year, name_th, name_en, **names)
        return found

    def agency_line(year, agency_id, agency_th, agency_en, ministry_id, ministry_th, ministry_en):
        if agency_id is None:
            return line(year, _NO_AGENCY, _("(no agency given)"), _("(no agency given)"))
        if group == BY_AGENCY:
            return line(
                year,
                ("agency", agency_id),
                agency_th,
                agency_en,
                ministry_th=ministry_th or "",
                ministry_en=ministry_en or "",
            )
        return ministry_line(year, ministry_id, ministry_th, ministry_en)

    def ministry_line(year, ministry_id, ministry_th, ministry_en):
        if ministry_id is None:
            none = _("(agencies under no ministry)")
            return line(year, _NO_MINISTRY, none, none)
        return line(year, ("ministry", ministry_id), ministry_th, ministry_en)

    # 1. Enrolments by year and agency.
    enrollments = Enrollment.objects.filter(_in_year("cohort__", filters.fiscal_year))
    if restricted:
        enrollments = enrollments.filter(learner__agency__in=agencies)
    seated_before = Enrollment.history.model.objects.filter(
        id=OuterRef("pk"), status__in=Enrollment.SEATED
    )
    grouped = (
        enrollments.annotate(year=fiscal_year_expression("cohort__start_date"))
        # Grouped by the year and the agency's id alone, its names (the same in every row of
        # a group) read with Min: grouping by the names too sorted 100,000 wide rows on disk.
        .values("year", "learner__agency_id")
        .annotate(
            agency_th=Min("learner__agency__name_th"),
            agency_en=Min("learner__agency__name_en"),
            ministry_id=Min("learner__agency__ministry_id"),
            ministry_th=Min("learner__agency__ministry__name_th"),
            ministry_en=Min("learner__agency__ministry__name_en"),
            requested=Count("id"),
            approved=Count(
                "id",
                filter=Q(status__in=_SEAT_GIVEN)
                | (Q(status=Status.WITHDRAWN) & Q(Exists(seated_before))),
            ),
            completed=Count("id", filter=Q(status=Status.COMPLETED)),
            no_shows=Count("id", filter=Q(status=Status.NO_SHOW)),
        )
        .order_by()
    )
    for counted in grouped:
        found = agency_line(
            counted["year"],
            counted["learner__agency_id"],
            counted["agency_th"],
            counted["agency_en"],
            counted["ministry_id"],
            counted["ministry_th"],
            counted["ministry_en"],
        )
        for name in ("requested", "approved", "completed", "no_shows"):
            setattr(found, name, getattr(found, name) + counted[name])

    # 2. The quotas of the year's cohorts, each with the seated people of its own agency (or
    # of its ministry's agencies) in its cohort: who filled which reserved seats.
    reserved_for = SeatQuota.objects.filter(_in_year("cohort__", filters.fiscal_year))
    if restricted:
        reserved_for = reserved_for.filter(agency__in=agencies)
    # With the seated people of those cohorts by agency, in the same query (a UNION): a
    # correlated count per quota took a second for 8,000 quotas (benchmarks/seat_report.py),
    # and the OPDC dashboard's summary has room for two queries in its budget.
    columns = [
        "pk",
        "cohort_id",
        "year",
        "n",
        "agency_id",
        "agency__name_th",
        "agency__name_en",
        "agency__ministry_id",
        "agency__ministry__name_th",
        "agency__ministry__name_en",
        "ministry_id",
        "ministry__name_th",
        "ministry__name_en",
    ]
    quota_part = reserved_for.annotate(
        kind=Value(_QUOTA), year=fiscal_year_expression("cohort__start_date"), n=F("seats")
    ).values_list("kind", *columns)
    people = Enrollment.objects.filter(
        cohort__in=reserved_for.values("cohort_id"), status__in=Enrollment.SEATED
    )
    if restricted:
        people = people.filter(learner__agency__in=agencies)
    nothing = {
        "no_pk": Value(None, output_field=IntegerField()),
        "no_year": Value(None, output_field=IntegerField()),
        "no_text": Value(None, output_field=CharField()),
    }
    seated_part = (
        people.values("cohort_id", "learner__agency_id", "learner__agency__ministry_id")
        .annotate(kind=Value(_SEATED), n=Count("id"), **nothing)
        .values_list(
            "kind",
            "no_pk",
            "cohort_id",
            "no_year",
            "n",
            "learner__agency_id",
            "no_text",
            "no_text",
            "learner__agency__ministry_id",
            "no_text",
            "no_text",
            "no_pk",
            "no_text",
            "no_text",
        )
    )
    quota_rows: list[dict] = []
    seated_by_cohort: dict[int, Counter] = defaultdict(Counter)
    combined = quota_part.order_by().union(seated_part.order_by(), all=True).order_by()
    for kind, *values in combined:
        row = dict(zip(columns, values, strict=True))
        if kind == _QUOTA:
            quota_rows.append(row)
        else:
            group_key = (row["agency_id"], row["agency__ministry_id"])
            seated_by_cohort[row["cohort_id"]][group_key] += row["n"]
    quota_rows.sort(key=lambda row: (row["cohort_id"], row["pk"]))
    by_cohort: dict[int, list] = defaultdict(list)
    for quota_row in quota_rows:
        by_cohort[quota_row["cohort_id"]].append(quota_row)
    for cohort_id, rows in by_cohort.items():
        ledger = SeatLedger(
            capacity=0,
            seats_taken=0,
            quotas=[
                SeatQuota(
                    pk=row["pk"],
                    agency_id=row["agency_id"],
                    ministry_id=row["ministry_id"],
                    seats=row["n"],
                )
                for row in rows
            ],
            seated=seated_by_cohort[cohort_id],
        )
        for row, quota_line in zip(rows, ledger.lines, strict=True):
            filled = quota_line.filled
            if row["agency_id"] is not None:
                found = agency_line(
                    row["year"],
                    row["agency_id"],
                    row["agency__name_th"],
                    row["agency__name_en"],
                    row["agency__ministry_id"],
                    row["agency__ministry__name_th"],
                    row["agency__ministry__name_en"],
                )
            elif group == BY_MINISTRY:
                found = ministry_line(
                    row["year"],
                    row["ministry_id"],
                    row["ministry__name_th"],
                    row["ministry__name_en"],
                )
            else:
                continue  # a ministry's seats are no one agency's (see the module's note)
            found.offered += row["n"]
            found.filled += filled

    # 3. The year's seats as a whole, for the OPDC staff's report.
    years: list[YearSeats] = []
    if with_capacity and not restricted:
        reserved: Counter = Counter()
        for quota_row in quota_rows:
            reserved[quota_row["year"]] += quota_row["n"]
        capacity = (
            Cohort.objects.filter(_in_year("", filters.fiscal_year))
            .annotate(year=fiscal_year_expression("start_date"))
            .values("year")
            .annotate(capacity=Sum("capacity"))
            .order_by("-year")
        )
        years = [
            YearSeats(year["year"], year["capacity"] or 0, reserved[year["year"]])
            for year in capacity
        ]

    return SeatReport(filters=filters, lines=_ordered(lines), years=years)


def _ordered(lines: dict[tuple, SeatLine]) -> list[SeatLine]:
    """Latest year first; in a year, in the reader's alphabetical order (Thai dictionary
    order on Thai pages), the rows without an agency or a ministry last."""
    english = (translation.get_language() or "th").startswith("en")

    def key(item):
        (year, (kind, _id)), found = item
        name = (found.name_en or found.name_th).casefold() if english else found.name_th
        return (-year, _id is None, (name, "") if english else thai_sort_key(name), _id or 0)

    return [found for _key, found in sorted(lines.items(), key=key)]


# --- Files ---------------------------------------------------------------------------------


def export_rows(report: SeatReport):
    """The report as rows for courses.exports' CSV and XLSX writers: a header in the reader's
    language, then one row per line; the fiscal year as its BE number in both languages."""
    by_ministry = report.filters.group == BY_MINISTRY
    header = [_("Fiscal year (BE)"), _("Ministry") if by_ministry else _("Agency")]
    if not by_ministry:
        header.append(_("Ministry"))
    header += [
        _("Seats offered"),
        pgettext("seat report", "Requested"),
        pgettext("seat report", "Approved"),
        _("Filled"),
        _("Completed"),
        _("No-shows"),
        _("Fill rate (%)"),
    ]
    yield header
    for found in report.lines:
        row: list = [found.fiscal_year, found.name]
        if not by_ministry:
            row.append(found.ministry)
        rate = found.fill_rate
        row += [
            found.offered,
            found.requested,
            found.approved,
            found.filled,
            found.completed,
            found.no_shows,
            float(rate) if rate is not None else "",
        ]
        yield row
