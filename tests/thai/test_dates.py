import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import translation

from thai.dates import format_date

LAUNCH = datetime.date(2020, 2, 21)


def render(template: str, language: str, **context) -> str:
    with translation.override(language):
        return Template(template).render(Context(context))


def test_thai_pages_show_the_buddhist_era():
    assert render("{{ d|thai_date }}", "th", d=LAUNCH) == "21 กุมภาพันธ์ 2563"


def test_templates_that_load_the_library_by_name_get_the_same_filter():
    loaded = "{% load thai_dates %}{{ d|thai_date:'short' }}"
    assert render(loaded, "th", d=LAUNCH) == render("{{ d|thai_date:'short' }}", "th", d=LAUNCH)
    assert render(loaded, "th", d=LAUNCH) == "21 ก.พ. 63"


def test_english_pages_show_the_gregorian_year():
    assert render("{{ d|thai_date }}", "en", d=LAUNCH) == "21 February 2020"


def test_29_february_of_a_leap_year():
    leap_day = datetime.date(2024, 2, 29)
    assert format_date(leap_day, language="th") == "29 กุมภาพันธ์ 2567"
    assert format_date(leap_day, language="en") == "29 February 2024"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2025, 12, 31), "31 ธันวาคม 2568"),
        (datetime.date(2026, 1, 1), "1 มกราคม 2569"),
    ],
)
def test_year_boundaries(day, expected):
    assert format_date(day, language="th") == expected


def test_thai_digits_on_request():
    assert render('{{ d|thai_date:"long,thai_digits" }}', "th", d=LAUNCH) == "๒๑ กุมภาพันธ์ ๒๕๖๓"


def test_short_style():
    assert format_date(LAUNCH, "short", language="th") == "21 ก.พ. 63"
    assert format_date(LAUNCH, "short", language="en") == "21 Feb 2020"


def test_aware_datetimes_are_shown_in_bangkok_time():
    # 20:30 UTC on 31 December is already 03:30 on 1 January in Bangkok.
    moment = datetime.datetime(2025, 12, 31, 20, 30, tzinfo=zoneinfo.ZoneInfo("UTC"))
    assert format_date(moment, "datetime", language="th") == "1 มกราคม 2569 เวลา 03:30\u00a0น."
    assert format_date(moment, "datetime", language="en") == "1 January 2026, 03:30"


def test_empty_values_print_nothing():
    assert render("[{{ d|thai_date }}]", "th", d=None) == "[]"


@pytest.mark.parametrize(
    ("language", "expected"), [("th", "พฤศจิกายน 2569"), ("en", "November 2026")]
)
def test_a_stored_year_month_reads_as_its_month(language, expected):
    assert render("{{ v|year_month }}", language, v="2026-11") == expected


@pytest.mark.parametrize("value", ["", "2026-13", "v2", "2026-11-20"])
def test_a_value_that_is_no_year_month_is_shown_as_it_is(value):
    assert render("{{ v|year_month }}", "th", v=value) == value
