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
from django.db import models, transaction
from django.utils import timezone

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


_registry: dict[str, Handler] = {}


def register(label: str, *, export, erase, order: int = 0) -> None:
    """Register the handler for the model ``label`` ("app_label.modelname", any case)."""
    _registry[label.lower()] = Handler(export=export, erase=erase, order=order)


def handler_for(model: type[models.Model]) -> Handler | None:
    return _registry.get(model._meta.label_lower)


# Building blocks for handlers -------------------------------------------------------------


def of_person(label: str, path: str) -> Callable[[Any], models.QuerySet]:
    """The rows of the model ``label`` whose ``path`` ("a__b" follows relations) is the
    person: ``of_person("courses.attendance", "enrollment__learner")``."""
    return lambda person: apps.get_model(label).objects.filter(**{path: person})


def _plain(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or None
    return str(value)


def rows(queryset_for: Callable[[Any], Iterable], fields: list[str]):
    """An exporter: the named fields ("a__b" follows relations) of each object."""
    getters = {name: attrgetter(name.replace("__", ".")) for name in fields}

    def export(person) -> list[dict]:
        result = []
        for obj in queryset_for(person):
            row = {}
            for name, getter in getters.items():
                try:
                    row[name] = _plain(getter(obj))
                except AttributeError:
                    row[name] = None
            result.append(row)
        return result

    return export


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


def export_person(person) -> dict:
    """Everything we hold about ``person``: one section per model that has rows about them."""
    sections = []
    for label, handler in sorted(_registry.items()):
        found = handler.export(person)
        if not found:
            continue
        model = apps.get_model(label)
        sections.append(
            {
                "model": label,
                "title": str(model._meta.verbose_name_plural),
                "rows": found,
            }
        )
    return {
        "generated_at": timezone.now().isoformat(),
        "privacy_notice_version": person.privacy_notice_version,
        "lawful_basis": person.lawful_basis,
        "sections": sections,
    }


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
