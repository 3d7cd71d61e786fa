"""Personal data (PDPA): what we hold about a person, their export, and erasure on request.

Every model that holds a person's data registers a handler here, in one place, because export
and erasure cut across every app (so this module sits in ``lms/``, the top layer). A handler
has two functions of the person:

* ``export(person) -> list[dict]``: the rows about them, in plain JSON values;
* ``erase(person) -> Outcome``: remove or anonymise those rows, and say what it did.

``tests/lms/test_privacy_registry.py`` walks ``apps.get_models()`` (django-simple-history's
historical models included) and fails for any model with a foreign key / one-to-one /
many-to-many to the user model, or a field named in ``PERSONAL_FIELD_NAMES``, that has no
handler; its message is the line to add. To register a new model::

    register(
        "accounts.apitoken",
        export=rows(lambda person: _m("accounts.apitoken").objects.filter(user=person),
                    ["name", "created_at", "last_used_at"]),
        erase=delete(lambda person: _m("accounts.apitoken").objects.filter(user=person)),
    )

Erasure keeps the account row but anonymises it (other records point at it: enrolments for
the training statistics, certificates that agencies still verify), deletes what only served
the person (sessions, log-in attempts, two-factor devices, avatar, queued e-mails to or about
them), and replaces the holder's name on their certificates (and in the certificates' history
and stored PDFs) with "removed at their request" in Thai and English. The certificate still
verifies by serial: course, dates, hours and status are unchanged.
"""

import datetime
import decimal
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone

# Printed instead of the holder's name on an erased person's certificates (both languages
# appear on the verification page, whatever the reader's language).
ERASED_HOLDER_TH = "ลบข้อมูลตามคำขอของเจ้าของข้อมูล"
ERASED_HOLDER_EN = "Removed at their request"

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


def _m(label: str) -> type[models.Model]:
    return apps.get_model(label)


# Building blocks for handlers -------------------------------------------------------------


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
            f"Add to lms/privacy.py:\n"
            f'    register("{label}",\n'
            f'             export=rows(lambda person: _m("{label}").objects.filter('
            f"{fields[0]}=person), [<fields to export>]),\n"
            f'             erase=delete(lambda person: _m("{label}").objects.filter('
            f"{fields[0]}=person)))\n"
            f'  (or erase=unlink(..., "{fields[0]}"), anonymised_link("why"), or kept("reason"))'
        )
    return messages


# Export and erasure -----------------------------------------------------------------------


def export_person(person) -> dict:
    """Everything we hold about ``person``: one section per model that has rows about them."""
    sections = []
    for label, handler in sorted(_registry.items()):
        found = handler.export(person)
        if not found:
            continue
        model = _m(label)
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
    """Run every handler's erasure in one transaction; return what each did."""
    outcomes = []
    with transaction.atomic():
        for label, handler in sorted(_registry.items(), key=lambda item: item[1].order):
            outcomes.append((label, handler.erase(person)))
    return outcomes


def describe(outcomes: list[tuple[str, Outcome]]) -> str:
    return "\n".join(
        f"{label}: {outcome.done}" + (f" ({outcome.kept_reason})" if outcome.kept_reason else "")
        for label, outcome in outcomes
    )


# Handlers for the models we hold ------------------------------------------------------------

_PROFILE_FIELDS = [
    "username",
    "email",
    "title_th",
    "first_name_th",
    "last_name_th",
    "title_en",
    "first_name",
    "last_name",
    "agency",
    "position",
    "province",
    "phone",
    "preferred_language",
    "privacy_notice_version",
    "privacy_accepted_at",
    "lawful_basis",
    "date_joined",
    "last_login",
]


def _anonymise_account(person) -> Outcome:
    person.username = f"erased-{uuid.uuid4().hex[:16]}"
    for field in (
        "email",
        "title_th",
        "first_name_th",
        "last_name_th",
        "title_en",
        "first_name",
        "last_name",
        "position",
        "phone",
    ):
        setattr(person, field, "")
    person.agency = None
    person.province = None
    person.last_login = None
    person.is_active = False
    person.is_staff = False
    person.is_superuser = False
    person.set_unusable_password()
    person.save()
    person.groups.clear()
    person.user_permissions.clear()
    return Outcome("anonymised and deactivated")


def _own_usernames(person) -> set[str]:
    from accounts.names import normalise_email

    return {value for value in (person.username, normalise_email(person.email)) if value}


def _sessions_of(person) -> list[str]:
    from django.contrib.sessions.models import Session

    keys = []
    for session in Session.objects.all().iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(person.pk):
            keys.append(session.session_key)
    return keys


def _erase_sessions(person) -> Outcome:
    from django.contrib.sessions.models import Session

    count = Session.objects.filter(session_key__in=_sessions_of(person)).delete()[0]
    return Outcome(f"deleted {count}")


def _erase_certificates(person) -> Outcome:
    from certificates import issuing

    certificates = list(_m("certificates.certificate").objects.filter(enrollment__learner=person))
    for certificate in certificates:
        if certificate.pdf.name:
            default_storage.delete(certificate.pdf.name)
        certificate.holder_name_th = ERASED_HOLDER_TH
        certificate.holder_name_en = ERASED_HOLDER_EN
        certificate.pdf.name = ""
        certificate.sha256 = ""
        setattr(certificate, "_change_reason", "holder's personal data erased at their request")  # noqa: B010
        certificate.save()
        # A new PDF without the name, so the stored file matches its hash again.
        issuing.ensure_pdf(certificate)
    return Outcome(f"holder removed from {len(certificates)}, PDFs rendered again")


def _erase_certificate_history(person) -> Outcome:
    certificate_ids = (
        _m("certificates.certificate").objects.filter(enrollment__learner=person).values("pk")
    )
    count = (
        _m("certificates.historicalcertificate")
        .objects.filter(id__in=certificate_ids)
        .update(holder_name_th=ERASED_HOLDER_TH, holder_name_en=ERASED_HOLDER_EN)
    )
    return Outcome(f"holder removed from {count} history rows")


def _erase_import_files(person) -> Outcome:
    """Uploaded participant lists of the person's cohorts hold their row: delete the files
    and the error reports (which quote rows); the counts stay for the cohort's record."""
    imports = (
        _m("courses.participantimport")
        .objects.filter(cohort__enrollments__learner=person)
        .distinct()
    )
    count = 0
    for participant_import in imports:
        if participant_import.file:
            participant_import.file.delete(save=False)
        count += 1
    _m("courses.participantimport").objects.filter(pk__in=[i.pk for i in imports]).update(
        file="", errors=[]
    )
    return Outcome(f"deleted the uploaded files and error reports of {count} imports")


def _erase_profile(person) -> Outcome:
    profiles = _m("wagtailusers.userprofile").objects.filter(user=person)
    for profile in profiles:
        if profile.avatar:
            profile.avatar.delete(save=False)
    return Outcome(f"deleted {profiles.delete()[0]}")


def _by_learner(label: str, path: str = "enrollment__learner"):
    return lambda person: _m(label).objects.filter(**{path: person})


def _axes(label: str):
    return lambda person: _m(label).objects.filter(username__in=_own_usernames(person))


def _register_handlers() -> None:
    # accounts
    register(
        "accounts.user",
        export=rows(lambda person: [person], _PROFILE_FIELDS),
        erase=_anonymise_account,
        order=100,
    )
    register(
        "sessions.session",
        export=no_rows,  # technical: a signed cookie's server side, nothing to read
        erase=_erase_sessions,
    )
    for label in ("axes.accessattempt", "axes.accessfailurelog", "axes.accesslog"):
        register(
            label,
            export=rows(_axes(label), ["attempt_time", "ip_address", "user_agent", "path_info"]),
            erase=delete(_axes(label)),
        )
    for label in ("otp_totp.totpdevice", "otp_static.staticdevice"):
        register(
            label,
            # The device's name and dates; never its secret key.
            export=rows(_by_learner(label, "user"), ["name", "confirmed", "created_at"]),
            erase=delete(_by_learner(label, "user")),
        )
    register(
        "lms.outboxmessage",
        # What was sent to them; never the body (it is in their mailbox) or another
        # recipient's message about them (it names that recipient).
        export=rows(
            lambda person: _m("lms.outboxmessage").objects.to(person),
            ["subject", "status", "created_at", "delivered_at"],
        ),
        # Deleting an unsent message also cancels it: the relay finds no row to publish, and a
        # worker already holding it finds no delivery to claim (lms.outbox.claim_delivery).
        erase=delete(lambda person: _m("lms.outboxmessage").objects.naming(person)),
    )
    register(
        "lms.datarequest",
        export=rows(
            _by_learner("lms.datarequest", "person"),
            ["kind", "status", "reason", "requested_at", "handled_at"],
        ),
        erase=anonymised_link("the record of this very request, kept as evidence"),
    )

    # courses
    register(
        "courses.enrollment",
        export=rows(
            _by_learner("courses.enrollment", "learner"),
            [
                "cohort__course__title",
                "cohort__title",
                "cohort__code",
                "cohort__start_date",
                "cohort__end_date",
                "status",
                "requested_at",
                "completed_at",
            ],
        ),
        erase=anonymised_link("training statistics"),
    )
    register(
        "courses.attendance",
        export=rows(
            _by_learner("courses.attendance"),
            [
                "session__cohort__code",
                "session__title",
                "session__starts_at",
                "status",
                "method",
                "recorded_at",
            ],
        ),
        erase=anonymised_link("attendance statistics"),
    )
    register(
        "courses.moduleprogress",
        export=rows(_by_learner("courses.moduleprogress"), ["module__title", "completed_at"]),
        erase=anonymised_link("progress statistics"),
    )
    register(
        "courses.participantimport",
        export=rows(
            _by_learner("courses.participantimport", "created_by"),
            ["cohort__code", "original_name", "created_at", "status"],
        ),
        erase=_erase_import_files,
    )
    register(
        "courses.cohort",
        export=rows(_by_learner("courses.cohort", "trainers"), ["code", "title", "start_date"]),
        erase=anonymised_link("who trained a cohort"),
    )
    _history = ["history_date", "history_type", "history_change_reason"]
    register(
        "courses.historicalenrollment",
        export=rows(_by_learner("courses.historicalenrollment", "learner"), [*_history, "status"]),
        erase=anonymised_link("history of enrolment status"),
    )
    register(
        "courses.historicalattendance",
        export=rows(_by_learner("courses.historicalattendance"), [*_history, "status"]),
        erase=anonymised_link("history of attendance"),
    )
    register(
        "courses.historicalmoduleprogress",
        export=rows(_by_learner("courses.historicalmoduleprogress"), [*_history, "module_id"]),
        erase=anonymised_link("history of progress"),
    )
    for label in ("courses.historicalcohort", "courses.historicalsession"):
        # Rows about a cohort or session; the person appears only as the editor.
        register(
            label,
            export=rows(_by_learner(label, "history_user"), [*_history, "title"]),
            erase=anonymised_link("who edited it"),
        )

    # certificates
    register(
        "certificates.certificate",
        export=rows(
            _by_learner("certificates.certificate"),
            [
                "serial",
                "status",
                "holder_name_th",
                "holder_name_en",
                "course_title_th",
                "course_title_en",
                "start_date",
                "end_date",
                "hours",
                "issued_at",
                "revoked_at",
                "revocation_reason",
                "sha256",
            ],
        ),
        erase=_erase_certificates,
        order=10,
    )
    register(
        "certificates.historicalcertificate",
        export=rows(
            _by_learner("certificates.historicalcertificate"),
            [*_history, "serial", "status", "holder_name_th", "holder_name_en"],
        ),
        erase=_erase_certificate_history,
        order=20,  # after the certificates' own erasure added its history rows
    )
    register(
        "certificates.certificatebatch",
        export=rows(_by_learner("certificates.certificatebatch", "created_by"), ["created_at"]),
        erase=anonymised_link("who started a batch"),
    )

    # The scale-up tracker: who recorded a prototype's stage change or edited an adoption is
    # part of OPDC's audit trail; the rows stay, linked to the anonymised account.
    register(
        "tracker.stagechange",
        export=rows(_by_learner("tracker.stagechange", "recorded_by"), ["stage", "changed_on"]),
        erase=anonymised_link("audit trail of prototype stages"),
    )
    for label, field in [
        ("tracker.historicalstagechange", "history_user"),
        ("tracker.historicaladoption", "history_user"),
        ("tracker.historicaladoptionoutcome", "history_user"),
    ]:
        register(
            label,
            export=rows(_by_learner(label, field), ["history_date", "history_type"]),
            erase=anonymised_link("audit trail of the scale-up tracker"),
        )
    # A learner's secret calendar address: nothing to keep.
    register(
        "courses.calendarfeed",
        export=rows(_by_learner("courses.calendarfeed", "user"), ["created_at"]),
        erase=delete(_by_learner("courses.calendarfeed", "user")),
    )

    # Wagtail: editors' work on site content stays, linked to the anonymised account.
    register(
        "wagtailusers.userprofile",
        export=rows(
            _by_learner("wagtailusers.userprofile", "user"),
            ["preferred_language", "current_time_zone", "avatar"],
        ),
        erase=_erase_profile,
    )
    for label, field in [
        ("wagtaildocs.document", "uploaded_by_user"),
        ("wagtailimages.image", "uploaded_by_user"),
        ("wagtailcore.uploadedfile", "uploaded_by_user"),
    ]:
        register(
            label,
            export=rows(_by_learner(label, field), ["title", "created_at"]),
            erase=unlink(_by_learner(label, field), field),
        )
    for label in ("wagtailadmin.editingsession", "wagtailadmin.formstate"):
        register(label, export=no_rows, erase=delete(_by_learner(label, "user")))
    register(
        "wagtailcore.apitoken",
        export=rows(_by_learner("wagtailcore.apitoken", "user"), ["name"]),
        erase=delete(_by_learner("wagtailcore.apitoken", "user")),
    )
    register(
        "wagtailcore.pagesubscription",
        export=rows(
            _by_learner("wagtailcore.pagesubscription", "user"), ["page", "comment_notifications"]
        ),
        erase=delete(_by_learner("wagtailcore.pagesubscription", "user")),
    )
    register(
        "wagtailcore.page",
        export=rows(_by_learner("wagtailcore.page", "owner"), ["title", "first_published_at"]),
        erase=unlink(_by_learner("wagtailcore.page", "locked_by"), "locked_by"),
    )
    for label, field, fields in [
        ("wagtailcore.revision", "user", ["created_at", "object_str"]),
        ("wagtailcore.pagelogentry", "user", ["timestamp", "action", "label"]),
        ("wagtailcore.modellogentry", "user", ["timestamp", "action", "label"]),
        ("wagtailcore.workflowstate", "requested_by", ["created_at", "status"]),
        ("wagtailcore.taskstate", "finished_by", ["started_at", "status"]),
        ("wagtailcore.comment", "user", ["created_at", "text"]),
        ("wagtailcore.commentreply", "user", ["created_at", "text"]),
    ]:
        register(
            label,
            export=rows(_by_learner(label, field), fields),
            erase=anonymised_link("audit trail of site content"),
        )


_register_handlers()
