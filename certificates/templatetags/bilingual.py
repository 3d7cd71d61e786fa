"""Texts of the bilingual pages (the verification pages, without a language prefix): Thai,
then the English in its own span, "ไทย <span lang="en">/ English</span>", as every other line
of those pages reads, whatever language the browser asked for.

- `{{ field.label|bilingual }}`: a lazily translated text (a form field's label, a message).
- `{{ field.errors|bilingual_errors:field.auto_id }}`: a field's errors, each in both
  languages, in the list Django's widget names in its `aria-describedby` ("id_serial_error").

A text written in the template itself uses `{% language "th" %}{% translate ... %}` and
`{% language "en" %}` around the same msgid (as certificates/rate_limited.html does).
"""

from django import template
from django.forms.utils import ErrorList
from django.utils import translation
from django.utils.html import format_html, format_html_join

register = template.Library()


def _in(language: str, text) -> str:
    with translation.override(language):
        return str(text)


@register.filter
def bilingual(text) -> str:
    return format_html('{} <span lang="en">/ {}</span>', _in("th", text), _in("en", text))


def _message(error, language: str) -> str:
    # A ValidationError's message is lazy, its parameters filled in when it is turned to text.
    with translation.override(language):
        return next(iter(error))


@register.filter
def bilingual_errors(errors: ErrorList, auto_id: str = "") -> str:
    if not errors:
        return ""
    items = [(_message(error, "th"), _message(error, "en")) for error in errors.as_data()]
    return format_html(
        '<ul class="errorlist"{}>{}</ul>',
        format_html(' id="{}_error"', auto_id) if auto_id else "",
        format_html_join("", '<li>{} <span lang="en">/ {}</span></li>', items),
    )
