"""`{{ value|thai_date }}`: the one date filter used in every template (a builtin).

Arguments, comma-separated: a style (long, short, datetime, time, month) and/or
"thai_digits". `{{ cohort.start|thai_date:"short,thai_digits" }}`.

`{{ "2026-11"|year_month }}`: a stored year-month as the month ("พฤศจิกายน 2569").
"""

from django import template

from thai.dates import format_date, format_year_month

register = template.Library()


@register.filter(name="thai_date")
def thai_date(value, options: str = "long") -> str:
    parts = [part.strip() for part in (options or "").split(",") if part.strip()]
    thai_digits = "thai_digits" in parts
    styles = [part for part in parts if part != "thai_digits"]
    return format_date(value, style=styles[0] if styles else "long", thai_digits=thai_digits)


@register.filter(name="year_month")
def year_month(value) -> str:
    return format_year_month(value)
