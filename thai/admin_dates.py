"""Dates in our Wagtail admin screens, formatted by `thai.dates.format_date` like every other date
of the site: the Buddhist era in Thai ("16 มกราคม 2570"), one Gregorian format in English
("16 January 2027"). Left to Wagtail, a listing column or an inspect view prints a date with
Django's `th` locale format, which keeps the Gregorian year ("16 มกราคม 2027").

- `date_column(Model, "field")` is the listing column for a date or date-time field of a
  `ModelViewSet` / `SnippetViewSet` (`list_display`), labelled and sortable like Wagtail's own.
- `DateDisplay` renders date and date-time fields in every inspect view; `thai/wagtail_hooks.py`
  registers it with Wagtail's documented `register_display_class`.
"""

import datetime

from django.db import models
from django.utils.html import conditional_escape
from django.utils.text import capfirst
from wagtail.admin.ui.fields import BaseFieldDisplay
from wagtail.admin.ui.tables import Column

from thai.dates import format_date


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
