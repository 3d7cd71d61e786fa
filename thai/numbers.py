"""Whole numbers typed by people or put in addresses, read one way everywhere.

Thai readers may type Thai digits (๒๕๖๙ for 2569); those are accepted. Anything else that is not
plain digits is refused, including what ``str.isdigit()`` lets through but ``int()`` does not
(``"²"``) and numbers too large for the database (a page number of 20 digits).
"""

import re

from django import forms
from django.core.exceptions import SuspiciousOperation
from django.db.models import AutoField, BigAutoField, BigIntegerField, IntegerField
from django.utils.translation import gettext_lazy as _

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_DIGITS = re.compile(r"[0-9]{1,18}")  # fits a 64-bit integer column


def read_int(value, minimum: int | None = None, maximum: int | None = None) -> int | None:
    """The whole number in `value` (ASCII or Thai digits, spaces around allowed), or None when
    it is missing, not a plain whole number, or outside [minimum, maximum]."""
    if value is None:
        return None
    text = str(value).strip().translate(THAI_DIGITS)
    if not _DIGITS.fullmatch(text):
        return None
    number = int(text)
    if minimum is not None and number < minimum:
        return None
    if maximum is not None and number > maximum:
        return None
    return number


# The largest id a row can have (a 64-bit column). Django looks a choice up before checking it:
# on SQLite a larger number raised OverflowError, and text where an id belongs ("²", a page
# chooser sent "on") raised ValueError while the form was shown again: a 500 either way.
LARGEST_ID = 2**63 - 1
_INTEGER_KEYS = (AutoField, BigAutoField, IntegerField, BigIntegerField)
NOT_AN_OPTION = _("Choose from the options shown; what was sent is not one of them.")


def _is_id(value) -> bool:
    return read_int(value, minimum=1, maximum=LARGEST_ID) is not None


def _check_saved_rows(formset) -> None:
    """Raise SuspiciousOperation unless every row `formset` calls saved sends an id (or "",
    which modelcluster reads as a new row)."""
    pk_name = formset.model._meta.pk.name
    saved = min(formset.initial_form_count(), formset.total_form_count())
    for index in range(saved):
        value = formset.data.get(f"{formset.add_prefix(index)}-{pk_name}")
        if value is None or (value != "" and not _is_id(value)):
            raise SuspiciousOperation(f"{formset.prefix}: saved row {index} sent no id")


class ChoicesByIdMixin:
    """For a form whose choice fields name rows by id (model choices, Wagtail's choosers):
    values that cannot be an id are taken out of the data before any field looks them up, and
    the field says the choice is not one of the options. Put it before the form class.

    The rows of its form sets (a cluster form's inline children) are checked too: each row the
    form set calls saved must send its id, a whole number. modelcluster looks the id up without
    a default, so a form claiming saved rows it did not send (the adoption form with every
    field a huge number) failed with MultiValueDictKeyError, a 500. No browser sends such a
    form: it is refused with 400 (Django answers SuspiciousOperation so)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._not_options: list[str] = []
        if not self.is_bound:
            return
        for formset in getattr(self, "formsets", {}).values():
            _check_saved_rows(formset)
        data = None
        for name, field in self.fields.items():
            if not isinstance(field, forms.ModelChoiceField):
                continue
            meta = field.queryset.model._meta
            key_field = meta.get_field(field.to_field_name) if field.to_field_name else meta.pk
            while key_field.is_relation:  # a page type's key is its link to Page
                key_field = key_field.target_field
            if not isinstance(key_field, _INTEGER_KEYS):
                continue
            key = self.add_prefix(name)
            values = self.data.getlist(key) if hasattr(self.data, "getlist") else []
            kept = [value for value in values if value == "" or _is_id(value)]
            if kept != values:
                data = data if data is not None else self.data.copy()
                data.setlist(key, kept)
                self._not_options.append(name)
        if data is not None:
            self.data = data

    def clean(self):
        cleaned = super().clean()
        for name in self._not_options:
            self.add_error(name, NOT_AN_OPTION)
        return cleaned
