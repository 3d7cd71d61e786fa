"""The personal data of accounts (PDPA; registry in privacy.registry): the account itself,
and what logging in leaves behind (sessions, django-axes records, two-factor devices, the
Wagtail admin profile).

Erasure keeps the account row but anonymises it: other records point at it (enrolments for the
training statistics, certificates that agencies still verify). It runs last (``order=100``),
after every other handler has found the person's rows by their username and e-mail.
"""

import uuid

from django.apps import apps
from django.contrib.sessions.models import Session
from django.utils.translation import gettext_lazy as _

from accounts.models import ERASED_USERNAME_PREFIX
from accounts.names import normalise_email
from privacy.registry import Outcome, delete, no_rows, of_person, register, rows

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
    "agency_other",
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
    person.username = f"{ERASED_USERNAME_PREFIX}{uuid.uuid4().hex[:16]}"
    for field in (
        "email",
        "title_th",
        "first_name_th",
        "last_name_th",
        "title_en",
        "first_name",
        "last_name",
        "agency_other",
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
    return {value for value in (person.username, normalise_email(person.email)) if value}


def _sessions_of(person) -> list[str]:
    keys = []
    for session in Session.objects.all().iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(person.pk):
            keys.append(session.session_key)
    return keys


def _erase_sessions(person) -> Outcome:
    count = Session.objects.filter(session_key__in=_sessions_of(person)).delete()[0]
    return Outcome(f"deleted {count}")


def _axes(label: str):
    """django-axes records name the person by what they typed, not by a link to the account."""
    return lambda person: apps.get_model(label).objects.filter(username__in=_own_usernames(person))


def _erase_profile(person) -> Outcome:
    profiles = of_person("wagtailusers.userprofile", "user")(person)
    for profile in profiles:
        if profile.avatar:
            profile.avatar.delete(save=False)
    return Outcome(f"deleted {profiles.delete()[0]}")


register(
    "accounts.user",
    export=rows(
        lambda person: [person],
        _PROFILE_FIELDS,
        labels={"first_name": _("first name (English)"), "last_name": _("last name (English)")},
        # The month the notice version names, as people read a date; the download keeps "2026-11".
        read_as={"privacy_notice_version": "privacy_notice_month"},
    ),
    erase=_anonymise_account,
    order=100,
    title=_("My account and profile"),
)
register(
    "sessions.session",
    export=no_rows,  # technical: a signed cookie's server side, nothing to read
    erase=_erase_sessions,
    title=_("Log-in sessions"),
)
# django-axes and django-otp have no Thai: their sections and fields are named here.
_LOG_IN_LABELS = {
    "attempt_time": _("when"),
    "ip_address": _("IP address"),
    "user_agent": _("browser"),
    "path_info": _("page"),
}
for label, title in [
    ("axes.accessattempt", _("Failed log-in attempts")),
    ("axes.accessfailurelog", _("Failed log-ins")),
    ("axes.accesslog", _("Log-ins")),
]:
    register(
        label,
        export=rows(
            _axes(label),
            ["attempt_time", "ip_address", "user_agent", "path_info"],
            labels=_LOG_IN_LABELS,
        ),
        erase=delete(_axes(label)),
        title=title,
    )
for label, title in [
    ("otp_totp.totpdevice", _("Authenticator apps (two-factor)")),
    ("otp_static.staticdevice", _("Backup codes (two-factor)")),
]:
    register(
        label,
        # The device's name and dates; never its secret key.
        export=rows(
            of_person(label, "user"),
            ["name", "confirmed", "created_at"],
            labels={"name": _("name"), "confirmed": _("confirmed"), "created_at": _("created at")},
        ),
        erase=delete(of_person(label, "user")),
        title=title,
    )
# The Wagtail admin's profile of a person (accounts configures wagtail.users).
register(
    "wagtailusers.userprofile",
    export=rows(
        of_person("wagtailusers.userprofile", "user"),
        ["preferred_language", "current_time_zone", "avatar"],
    ),
    erase=_erase_profile,
    title=_("Admin preferences"),
)
register(
    "accounts.agencycoordinator",
    export=rows(of_person("accounts.agencycoordinator", "user"), ["agency", "added_at"]),
    erase=delete(of_person("accounts.agencycoordinator", "user")),
    title=_("Agencies I coordinate"),
)
# Identities at ThaID or an agency's provider: which provider and our subject there; the keyed
# hash of a citizen ID is neither shown nor exported (it reads as nothing to a person).
register(
    "accounts.linkedidentity",
    export=rows(
        of_person("accounts.linkedidentity", "user"),
        ["provider", "subject", "linked_at", "last_used_at"],
    ),
    erase=delete(of_person("accounts.linkedidentity", "user")),
    title=_("Single sign-on (ThaID, agency identity providers)"),
)
