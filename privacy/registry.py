"""The registry of personal data (PDPA): what we hold about a person, their export, erasure.

Every model that holds a person's data has a handler, registered by the app that owns the model
(or, for another project's model, by our app that uses it) in its ``<app>/privacy.py``, which
:class:`privacy.apps.PrivacyConfig` imports at start-up as Django's admin imports ``admin.py``.
A handler has two functions of the person:

* ``export(person) -> list[dict]``: the rows about them, in plain JSON values;
* ``erase(person) -> Outcome``: remove or anonymise those rows, and say what it did.

``tests/privacy/test_registry.py`` walks ``apps.get_models()`` (django-simple-history's
historical models included) and fails for any model with a foreign key / one-to-one /
many-to-many to the user model, or a field named in ``PERSONAL_FIELD_NAMES``, that has no
handler; its message is the line to add. To register a new model, in ``accounts/privacy.py``::

    register(
        "accounts.apitoken",
        export=rows(of_person("accounts.apitoken", "user"), ["name", "created_at"]),
        erase=delete(of_person("accounts.apitoken", "user")),
    )

This module imports no app of ours: apps import it (privacy is the lowest layer but ``thai``).
"""

import datetime
import decimal
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

# A model with a field of one of these names holds personal data (besides links to the user).
PERSONAL_FIELD_NAMES = frozenset(
    {
        "username",
        "email",
        "first_name",
        "last_name",
        "first_name_th",
        "last_name_th",
        "holder_name_th",
        "holder_name_en",
        "phone",
        "ip_address",
        "user_agent",
        "session_data",
        "recipient",
    }
)


@dataclass(frozen=True)
class Outcome:
    """What an erasure handler did; ``kept_reason`` marks identifiable data that stays."""

    done: str
    kept_reason: str = ""


@dataclass(frozen=True)
class Handler:
    export: Callable[[Any], list[dict]]
    erase: Callable[[Any], Outcome]
    # Handlers run in this order; the account itself is anonymised last, after every other
    # handler has found the person's rows by their username and e-mail.
    order: int = 0
    # The section's title for the person (translated); default: the model's verbose name.
    title: Any = None


_registry: dict[str, Handler] = {}


def register(label: str, *, export, erase, order: int = 0, title=None) -> None:
    """Register the handler for the model ``label`` ("app_label.modelname", any case).
    ``title`` names the section of the person's data (a lazy translation) where the model's
    own verbose name would not mean much to them ("access logs")."""
    _registry[label.lower()] = Handler(export=export, erase=erase, order=order, title=title)


def handler_for(model: type[models.Model]) -> Handler | None:
    return _registry.get(model._meta.label_lower)


def handler_for_label(label: str) -> Handler | None:
    return _registry.get(label.lower())


# Building blocks for handlers -------------------------------------------------------------


def of_person(label: str, path: str) -> Callable[[Any], models.QuerySet]:
    """The rows of the model ``label`` whose ``path`` ("a__b" follows relations) is the
    person: ``of_person("courses.attendance", "enrollment__learner")``."""
    return lambda person: apps.get_model(label).objects.filter(**{path: person})


def _plain(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).isoformat()  # Bangkok time, with its +07:00 offset
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or None
    return str(value)


# Labels for fields that name no verbose name of their own (django-simple-history's), and
# what its kinds of change mean.
_FIELD_LABELS = {
    "history_date": _("date of the change"),
    "history_type": _("what happened"),
    "history_change_reason": _("reason for the change"),
    "created_at": _("created at"),
}
_HISTORY_TYPES = {
    "+": pgettext_lazy("what happened to a record", "Created"),
    "~": pgettext_lazy("what happened to a record", "Changed"),
    "-": pgettext_lazy("what happened to a record", "Deleted"),
}


@dataclass(frozen=True)
class Value:
    """One field of one row, for the readable summary: the person-facing label and the value
    (a date, a number, a choice's label ...), formatted by the page that shows it."""

    name: str
    label: str
    value: Any


def field_label(model: type[models.Model], path: str) -> str:
    """The label of ``path`` ("a__b" follows relations) on ``model``, in the active language:
    the field's verbose name; through a relation, the related thing's name for its title
    ("cohort__course__title": "course") or "relation: field" ("cohort: start date")."""
    fields = []
    current = model
    for part in path.split("__"):
        try:
            field = current._meta.get_field(part)
        except FieldDoesNotExist:
            return path.replace("__", " ").replace("_", " ")
        fields.append(field)
        if field.is_relation and field.related_model is not None:
            current = field.related_model
    last = fields[-1]
    if last.name in _FIELD_LABELS and getattr(last, "_verbose_name", "") is None:
        own = str(_FIELD_LABELS[last.name])
    else:
        own = str(getattr(last, "verbose_name", last.name))
    if path.split("__")[-1] == getattr(last, "attname", None) != last.name:
        own = gettext("%(field)s (number)") % {"field": own}  # "module_id"
    if len(fields) == 1:
        return own
    relation = str(getattr(fields[-2], "verbose_name", fields[-2].name))
    if last.name in ("title", "name"):
        return relation
    return gettext("%(relation)s: %(field)s") % {"relation": relation, "field": own}


def _readable(obj, name: str, value):
    """A choice's label instead of its stored code; other values as they are."""
    field = None
    try:
        owner = obj
        for part in name.split("__")[:-1]:
            owner = getattr(owner, part)
        field = owner._meta.get_field(name.split("__")[-1])
    except (AttributeError, FieldDoesNotExist):
        return value
    if field.name == "history_type":
        return _HISTORY_TYPES.get(value, value)
    if field.name == "history_change_reason" and value:
        # Apps record why a row changed as a short English word ("issued", "revoked"),
        # marked for translation where it is written (gettext_noop): shown in the reader's
        # language when the catalogue has it.
        return gettext(value)
    if field.choices and value not in (None, ""):
        return dict(field.flatchoices).get(value, value)
    return value


class Rows:
    """An exporter: the named fields ("a__b" follows relations) of each object. Called with
    the person, the rows in plain JSON values; ``read(person)`` gives the same fields with
    their labels (``labels`` overrides a field's, for fields of other projects' models)."""

    def __init__(
        self,
        queryset_for: Callable[[Any], Iterable],
        fields: list[str],
        labels=None,
        read_as=None,
    ):
        self.queryset_for = queryset_for
        self.fields = list(fields)
        self.labels = dict(labels or {})
        self._getters = {name: attrgetter(name.replace("__", ".")) for name in fields}
        # For the page people read: a field shown through another attribute path, e.g. a
        # cohort's title in the reader's language (`display_title`); the download keeps the
        # stored value.
        self._readers = {
            name: attrgetter(path.replace("__", ".")) for name, path in (read_as or {}).items()
        }

    def _read_value(self, obj, name, value):
        reader = self._readers.get(name)
        if reader is None:
            return _readable(obj, name, value)
        try:
            return reader(obj)
        except AttributeError:
            return _readable(obj, name, value)

    def _values(self, obj):
        for name, getter in self._getters.items():
            try:
                yield name, getter(obj)
            except AttributeError:
                yield name, None

    def __call__(self, person) -> list[dict]:
        return [
            {name: _plain(value) for name, value in self._values(obj)}
            for obj in self.queryset_for(person)
        ]

    def read(self, person) -> list[list[Value]]:
        records = []
        for obj in self.queryset_for(person):
            model = obj._meta.model  # request.user is a lazy proxy: not type(obj)
            records.append(
                [
                    Value(
                        name,
                        capfirst(str(self.labels.get(name) or field_label(model, name))),
                        self._read_value(obj, name, value),
                    )
                    for name, value in self._values(obj)
                ]
            )
        return records


def rows(
    queryset_for: Callable[[Any], Iterable], fields: list[str], labels=None, read_as=None
) -> Rows:
    """An exporter: the named fields ("a__b" follows relations) of each object; ``read_as``
    names another attribute path to show a field through on the readable page."""
    return Rows(queryset_for, fields, labels, read_as)


def no_rows(person) -> list[dict]:
    return []


def delete(queryset_for: Callable[[Any], models.QuerySet]):
    def erase(person) -> Outcome:
        count = queryset_for(person).delete()[0]
        return Outcome(f"deleted {count}")

    return erase


def unlink(queryset_for: Callable[[Any], models.QuerySet], field: str):
    """Set ``field`` (a link to the person) to NULL: the object itself is not theirs."""

    def erase(person) -> Outcome:
        count = queryset_for(person).update(**{field: None})
        return Outcome(f"unlinked {count}")

    return erase


def anonymised_link(note: str):
    """The rows stay and point at the anonymised account, which names no one."""

    def erase(person) -> Outcome:
        return Outcome(f"kept, linked only to the anonymised account ({note})")

    return erase


def kept(reason: str):
    """Identifiable data that must stay (a legal duty): the request becomes a restriction."""

    def erase(person) -> Outcome:
        return Outcome("kept", kept_reason=reason)

    return erase


# What the registry test looks for ---------------------------------------------------------


def personal_data_fields(model: type[models.Model]) -> list[str]:
    """The fields defined on ``model`` itself that link to a person or hold personal data."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    found = []
    for field in model._meta.local_fields + model._meta.local_many_to_many:
        related = getattr(field, "related_model", None)
        if related is not None and related is user_model:
            found.append(field.name)
        elif field.name in PERSONAL_FIELD_NAMES:
            found.append(field.name)
    return found


def unregistered_models() -> list[str]:
    """One message per model holding personal data without a handler: what to add."""
    messages = []
    for model in apps.get_models():
        fields = personal_data_fields(model)
        if not fields or handler_for(model) is not None:
            continue
        label = model._meta.label_lower
        messages.append(
            f"{label} holds personal data (fields: {', '.join(fields)}) but has no handler. "
            f"Add to {_where_to_register(model)}:\n"
            f'    register("{label}",\n'
            f'             export=rows(of_person("{label}", "{fields[0]}"), '
            f"[<fields to export>]),\n"
            f'             erase=delete(of_person("{label}", "{fields[0]}")))\n'
            f'  (or erase=unlink(..., "{fields[0]}"), anonymised_link("why"), or kept("reason"))'
        )
    return messages


def _where_to_register(model: type[models.Model]) -> str:
    """The model's own app's privacy.py if the app is ours (a folder of the project)."""
    app_config = model._meta.app_config
    if app_config is not None and Path(app_config.path).parent == Path(settings.BASE_DIR):
        return f"{app_config.name}/privacy.py"
    return f"the privacy.py of our app that uses {app_config.name if app_config else 'it'}"


# Export and erasure -----------------------------------------------------------------------


def section_title(label: str) -> str:
    """What a section of the person's data is called, in the active language."""
    handler = _registry[label]
    if handler.title:
        return capfirst(str(handler.title))
    model = apps.get_model(label)
    history_of = getattr(model, "instance_type", None)  # a django-simple-history model
    if history_of is not None:
        return capfirst(
            gettext("History of %(things)s") % {"things": history_of._meta.verbose_name_plural}
        )
    return capfirst(str(model._meta.verbose_name_plural))


def export_person(person) -> dict:
    """Everything we hold about ``person``: one section per model that has rows about them."""
    sections = []
    for label, handler in sorted(_registry.items()):
        found = handler.export(person)
        if not found:
            continue
        sections.append({"model": label, "title": section_title(label), "rows": found})
    return {
        "generated_at": timezone.now().isoformat(),
        "privacy_notice_version": person.privacy_notice_version,
        "lawful_basis": person.lawful_basis,
        "sections": sections,
    }


def read_person(person) -> list[dict]:
    """The same sections as `export_person`, for people to read: each titled, each row a list
    of `Value` (label and value) in the order the handler names its fields."""
    sections = []
    for label, handler in sorted(_registry.items()):
        export = handler.export
        if isinstance(export, Rows):
            records = export.read(person)
        else:  # a hand-written exporter: its keys are the labels
            records = [
                [Value(name, name, value) for name, value in row.items()] for row in export(person)
            ]
        if records:
            sections.append({"model": label, "title": section_title(label), "records": records})
    return sections


def erase_person(person) -> list[tuple[str, Outcome]]:
    """Run every handler's erasure in one transaction; return what each did.

    By ``order``, then label: the same sequence whichever order the apps registered in."""
    outcomes = []
    with transaction.atomic():
        for label, handler in sorted(_registry.items(), key=lambda item: (item[1].order, item[0])):
            outcomes.append((label, handler.erase(person)))
    return outcomes


def describe(outcomes: list[tuple[str, Outcome]]) -> str:
    return "\n".join(
        f"{label}: {outcome.done}" + (f" ({outcome.kept_reason})" if outcome.kept_reason else "")
        for label, outcome in outcomes
    )
