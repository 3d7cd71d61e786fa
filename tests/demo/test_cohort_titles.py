"""Demo cohorts are named by the fiscal year they start in (1 October to 30 September): the
dates move with the day the demo is loaded, and a cohort of 3-5 October named "ปีงบประมาณ
2569" printed the wrong year on 21 certificates."""

import datetime

import pytest

from courses.demo import _named, _same_title
from courses.models import Cohort
from tests.courses.helpers import make_cohort

TITLE = "รุ่นที่ 1 ปีงบประมาณ {fiscal_year}"
TITLE_EN = "Cohort 1, fiscal year {fiscal_year_ce}"


def test_a_cohort_starting_in_october_is_named_by_the_fiscal_year_that_begins():
    october = datetime.date(2026, 10, 3)
    assert _named(TITLE, october) == "รุ่นที่ 1 ปีงบประมาณ 2570"
    assert _named(TITLE_EN, october) == "Cohort 1, fiscal year 2027"


def test_a_cohort_starting_in_september_keeps_the_fiscal_year_that_ends():
    september = datetime.date(2026, 9, 30)
    assert _named(TITLE, september) == "รุ่นที่ 1 ปีงบประมาณ 2569"
    assert _named(TITLE_EN, september) == "Cohort 1, fiscal year 2026"


@pytest.mark.django_db
def test_a_reload_in_another_fiscal_year_finds_the_cohort_it_made():
    made = make_cohort(title="รุ่นที่ 1 ปีงบประมาณ 2569")
    make_cohort(course=made.course, title="รุ่นที่ 1 ปีงบประมาณ 2569 (ภาคค่ำ)")

    found = Cohort.objects.filter(course=made.course, title__regex=_same_title(TITLE))

    assert list(found) == [made]
