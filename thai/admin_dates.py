"""Dates in our Wagtail admin screens, formatted by `thai.dates.format_date` like every other date
of the site: the Buddhist era in Thai ("16 มกราคม 2570"), one Gregorian format in English
("16 January 2027"). Left to Wagtail, a listing column or an inspect view prints a date with
Django's `th` locale format, which keeps the Gregorian year ("16 มกราคม 2027").

- `date_column(Model, "field")` is the listing column for a date or date-time field of a
  `ModelViewSet` / `SnippetViewSet` (`list_display`), labelled and sortable like Wagtail's own.
- `DateDisplay` renders date and date-time fields in every inspect view; `thai/wagtail_hooks.py`
  registers it with Wagtail's documented `register_display_class`.
- `EraDateField` is the form field of every date field in our Wagtail admin forms (registered in
  `thai/wagtail_hooks.py` with Wagtail's documented `register_form_field_override`): it reads a
  date as Thai staff type it, day/month/year with a Buddhist-era year ("1/10/2569" is 1 October
  2026 CE; "2569-10-01" too), not as the year 2569 CE, and refuses implausible years.
- `EraDateInput`, its widget, is a plain text box showing the date the same way (01/10/2569 in
  the Thai admin). Wagtail's date picker replaced a typed "1/10/2569" with today's date when
  the field lost focus (its format is Y-m-d), silently, and its calendar is Gregorian.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.fields import BaseFieldDisplay
from wagtail.admin.ui.tables import Column

from thai.dates import BE_OFFSET, format_date, to_common_era

# The years a date typed by staff may have, after a Buddhist-era year is converted.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2200
ERA_HELP = _("day/month/year; Buddhist or Common Era year")


def _style(value) -> str:
    return "datetime" if isinstance(value, datetime.datetime) else "long"


class DateColumn(Column):
    """A listing column showing a date (or date-time) through `format_date`; `style` one of its
    styles, by default "long" for a date and "datetime" for a date-time."""

    def __init__(self, name, style: str | None = None, **kwargs):
        kwargs.setdefault("sort_key", name)
        super().__init__(name, **kwargs)
        self.style = style

    def get_value(self, instance):
        value = super().get_value(instance)
        if not value:
            return ""
        return format_date(value, self.style or _style(value))


def date_column(model: type[models.Model], field_name: str, **kwargs) -> DateColumn:
    """The `DateColumn` of a model's date field, labelled with the field's verbose name."""
    kwargs.setdefault("label", capfirst(model._meta.get_field(field_name).verbose_name))
    return DateColumn(field_name, **kwargs)


class DateDisplay(BaseFieldDisplay):
    """A date or date-time field's value in an inspect view."""

    def render_html(self, parent_context=None):
        if not self.value:
            return "-"
        return conditional_escape(format_date(self.value, _style(self.value)))


# Day first, as Thai (and British) readers write a date; ISO dates still read.
INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


class EraDateInput(forms.DateInput):
    """A text box for a date, shown day/month/year, in the Buddhist era in Thai."""

    input_type = "text"

    def __init__(self, attrs=None, format=None):
        attrs = {"inputmode": "numeric", "autocomplete": "off", "size": 12, **(attrs or {})}
        super().__init__(attrs=attrs, format=format)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        thai = not (translation.get_language() or "th").startswith("en")
        context["widget"]["attrs"].setdefault(
            "placeholder", _("e.g. 1/10/2569") if thai else _("e.g. 1/10/2026")
        )
        return context

    def format_value(self, value):
        if isinstance(value, datetime.date):
            thai = not (translation.get_language() or "th").startswith("en")
            year = value.year + BE_OFFSET if thai else value.year
            return f"{value:%d/%m}/{year}"
        return super().format_value(value)


class EraDateField(forms.DateField):
    """A date typed with a Buddhist-era year (2400 or later, less 543) or a Common Era year,
    between `EARLIEST_YEAR` and `LATEST_YEAR` CE, day first (`INPUT_FORMATS`)."""

    widget = EraDateInput

    def __init__(self, *, help_text="", **kwargs):
        help_text = format_lazy("{} ({})", help_text, ERA_HELP) if help_text else ERA_HELP
        kwargs.setdefault("input_formats", INPUT_FORMATS)
        super().__init__(help_text=help_text, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = to_common_era(value.strip())
        return super().to_python(value)

    def validate(self, value):
        super().validate(value)
        if value and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            raise ValidationError(
                _(
                    "Enter a year from %(be_first)s to %(be_last)s (Buddhist Era) "
                    "or from %(ce_first)s to %(ce_last)s (Common Era)."
                ),
                code="implausible_year",
                params={
                    "be_first": EARLIEST_YEAR + BE_OFFSET,
                    "be_last": LATEST_YEAR + BE_OFFSET,
                    "ce_first": EARLIEST_YEAR,
                    "ce_last": LATEST_YEAR,
                },
            )
