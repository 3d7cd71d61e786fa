import datetime

import pytest
from django import forms
from django.utils import translation

from courses.models import Cohort
from thai.admin_dates import DateColumn, DateDisplay, EraDateField, date_column


class _Row:
    start_date = datetime.date(2027, 1, 16)
    end_date = None


def test_a_date_column_formats_with_the_active_languages_calendar_and_sorts_by_its_field():
    column = date_column(Cohort, "start_date")
    assert column.sort_key == "start_date"
    assert str(column.label) == str(Cohort._meta.get_field("start_date").verbose_name).capitalize()
    with translation.override("th"):
        assert column.get_value(_Row()) == "16 มกราคม 2570"
    with translation.override("en"):
        assert column.get_value(_Row()) == "16 January 2027"
        assert DateColumn("start_date", style="short", label="x").get_value(_Row()) == "16 Jan 2027"
    assert DateColumn("end_date", label="x").get_value(_Row()) == ""


def test_the_inspect_display_formats_dates_and_date_times():
    moment = datetime.datetime(2027, 1, 16, 9, 5, tzinfo=datetime.UTC)  # 16:05 in Bangkok
    with translation.override("th"):
        assert DateDisplay(moment).render_html() == "16 มกราคม 2570 เวลา 16:05\u00a0น."
        assert DateDisplay(None).render_html() == "-"
    with translation.override("en"):
        assert DateDisplay(moment.date()).render_html() == "16 January 2027"


def test_a_typed_date_is_read_in_either_era_and_a_be_leap_day_is_a_day():
    field = EraDateField(help_text="When it happened.")
    assert field.clean("2569-11-20") == datetime.date(2026, 11, 20)
    assert field.clean("2026-11-20") == datetime.date(2026, 11, 20)
    assert field.clean("๒๕๖๙-๑๑-๒๐") == datetime.date(2026, 11, 20)
    # 2567 BE is 2024, a leap year; 2567 read as a Common Era year has no 29 February.
    assert field.clean("2567-02-29") == datetime.date(2024, 2, 29)
    assert field.clean("2743-12-31") == datetime.date(2200, 12, 31)
    for implausible in ("1899-12-31", "2442-12-31", "2201-01-01", "2399-01-01"):
        with pytest.raises(forms.ValidationError) as refused:
            field.clean(implausible)
        assert refused.value.code == "implausible_year"
    with translation.override("en"):
        assert (
            str(field.help_text)
            == "When it happened. (day/month/year; Buddhist or Common Era year)"
        )
