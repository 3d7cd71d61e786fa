"""The Thai government fiscal year (ปีงบประมาณ).

It runs 1 October to 30 September and is named by the Buddhist-era year in which it ends:
ปีงบประมาณ 2569 is 1 October 2025 to 30 September 2026. Budgets, targets and the OPDC
dashboard's yearly figures count by it.
"""

import datetime

from django.db.models import Case, IntegerField, Value, When
from django.db.models.functions import ExtractYear
from django.utils import translation

from thai.dates import BE_OFFSET


def fiscal_year(value: datetime.date) -> int:
    """The Thai government fiscal year (BE) a date falls in: 1 Oct 2025 -> 2569."""
    ce_year = value.year + 1 if value.month >= 10 else value.year
    return ce_year + BE_OFFSET


def fiscal_year_bounds(be_year: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of fiscal year `be_year` (BE): 2569 -> 1 Oct 2025, 30 Sep 2026."""
    ce_end = be_year - BE_OFFSET
    return datetime.date(ce_end - 1, 10, 1), datetime.date(ce_end, 9, 30)


def fiscal_year_expression(date_field: str):
    """The BE fiscal year of a date column, in SQL (the same rule as :func:`fiscal_year`):
    October to December count to next year."""
    return (
        ExtractYear(date_field)
        + Case(
            When(**{f"{date_field}__month__gte": 10}, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        + Value(BE_OFFSET)
    )


def fiscal_year_number(be_year: int, language: str | None = None) -> int:
    """The year that names fiscal year `be_year` for the reader: BE in Thai (2569), the
    Gregorian year it ends in for everyone else (2026)."""
    language = (language or translation.get_language() or "th")[:2]
    return be_year if language == "th" else be_year - BE_OFFSET


def fiscal_year_label(be_year: int, language: str | None = None) -> str:
    """ปีงบประมาณ 2569 in Thai; FY 2026 in English, the Gregorian year as the English site
    names years (a cohort "Cohort 1, fiscal year 2026")."""
    language = (language or translation.get_language() or "th")[:2]
    if language == "th":
        return f"ปีงบประมาณ {be_year}"
    return f"FY {fiscal_year_number(be_year, language)}"
