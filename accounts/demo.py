"""Builds the demo people from demo/content/people.yaml (parsed by `manage.py load_demo_data`):
the demo logins (agency coordinators among them) and the learners, spread over several agencies and provinces. Idempotent:
people are matched by username.
"""

import itertools

from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import AgencyCoordinator, Role, User
from cms.models import Agency, Province


def _upsert_user(username: str, password: str, role: str | None, **fields) -> User:
    user = User.objects.filter(username=username).first() or User(username=username)
    for name, value in fields.items():
        setattr(user, name, value)
    # Recorded as sign-up records it (PDPA): the notice version, when it was accepted (kept
    # from the first load) and the lawful basis.
    user.privacy_accepted_at = user.privacy_accepted_at or timezone.now()
    user.lawful_basis = settings.SIGNUP_LAWFUL_BASIS
    user.set_password(password)
    user.save()
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def load(people: dict) -> list[User]:
    """The demo logins, then the learners; returns the learners."""
    password = people["password"]
    province = Province.objects.get(name_en=people["province"])
    for login in people["logins"]:
        superuser = login.get("superuser", False)
        user = _upsert_user(
            login["username"],
            password,
            login.get("role"),
            email=f"{login['username']}@{people['email_domain']}",
            title_th=login["title"]["th"],
            first_name_th=login["first_name"]["th"],
            last_name_th=login["last_name"]["th"],
            title_en=login["title"]["en"],
            first_name=login["first_name"]["en"],
            last_name=login["last_name"]["en"],
            agency=Agency.objects.get(name_en=login["agency"]),
            province=province,
            position=login["position"],
            is_staff=superuser,
            is_superuser=superuser,
            privacy_notice_version=people["privacy_notice_version"],
        )
        for name in login.get("coordinates", []):
            AgencyCoordinator.objects.get_or_create(
                user=user, agency=Agency.objects.get(name_en=name)
            )
    spec = people["learners"]
    agency_names, province_names, positions = spec["agencies"], spec["provinces"], spec["positions"]
    agencies = {
        agency.name_en: agency for agency in Agency.objects.filter(name_en__in=agency_names)
    }
    provinces = {p.name_en: p for p in Province.objects.filter(name_en__in=province_names)}
    names = itertools.product(spec["last_names"], spec["first_names"])
    learners = []
    for number, (last, first) in enumerate(itertools.islice(names, spec["count"]), start=1):
        learners.append(
            _upsert_user(
                f"learner{number:02d}",
                password,
                Role.LEARNERS,
                email=(
                    f"{first['name']['en'].lower()}.{last['en'][:3].lower()}{number:02d}"
                    f"@{people['email_domain']}"
                ),
                title_th=first["title"]["th"],
                first_name_th=first["name"]["th"],
                last_name_th=last["th"],
                title_en=first["title"]["en"],
                first_name=first["name"]["en"],
                last_name=last["en"],
                agency=agencies[agency_names[number % len(agency_names)]],
                province=provinces[province_names[number % len(province_names)]],
                position=positions[number % len(positions)],
                privacy_notice_version=people["privacy_notice_version"],
            )
        )
    return learners
