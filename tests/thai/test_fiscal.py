import datetime

import pytest

from thai.fiscal import fiscal_year, fiscal_year_bounds, fiscal_year_label


def test_fiscal_year_turns_on_1_october():
    assert fiscal_year(datetime.date(2025, 9, 30)) == 2568
    assert fiscal_year(datetime.date(2025, 10, 1)) == 2569
    assert fiscal_year_bounds(2569) == (datetime.date(2025, 10, 1), datetime.date(2026, 9, 30))
    assert fiscal_year_label(2569, "th") == "ปีงบประมาณ 2569"


def test_1_january_belongs_to_the_fiscal_year_that_began_in_october():
    assert fiscal_year(datetime.date(2026, 1, 1)) == 2569
    assert fiscal_year(datetime.date(2026, 9, 30)) == 2569
    assert fiscal_year(datetime.date(2026, 10, 1)) == 2570


@pytest.mark.parametrize("be_year", [2563, 2567, 2569])
def test_every_day_between_the_bounds_is_in_that_fiscal_year(be_year):
    first, last = fiscal_year_bounds(be_year)
    assert fiscal_year(first) == fiscal_year(last) == be_year
    assert fiscal_year(first - datetime.timedelta(days=1)) == be_year - 1
    assert fiscal_year(last + datetime.timedelta(days=1)) == be_year + 1
    # 29 February falls inside the fiscal years that end in a leap year (2020, 2024).
    assert (last - first).days + 1 == (366 if be_year in (2563, 2567) else 365)


def test_english_label_names_both_eras():
    assert fiscal_year_label(2569, "en") == "FY 2026"
