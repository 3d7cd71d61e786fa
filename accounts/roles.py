"""Who is what: every role check of the site, in one place.

Roles are the groups of :class:`accounts.models.Role` (created by a migration, seeded by the
demo): Learners, Trainers, OPDC staff.

- **OPDC staff** (and superusers) oversee everything: every cohort, its roster and certificates,
  the scale-up tracker and the dashboard. Asked through the permission ``accounts.opdc_staff``,
  which the OPDC staff group holds (migration 0005), not through a group query: Django caches a
  person's permissions for the request, and Wagtail has loaded them already to open the admin,
  so the admin menu items that ask on every admin page cost no query.
- **Trainers** are the members of the Trainers group: they use the staff tools for the cohorts
  they train. The *trainer of a cohort* is one of its ``trainers``.
- A person **manages** a cohort they train; OPDC staff manage every cohort
  (``Cohort.objects.managed_by(user)`` is the same rule for a list).
- **Agency coordinators** (``AgencyCoordinator``) see the staff of the agencies they
  coordinate, and those people's training, on the public site (``coordinated_agencies``).
- A person may **join** a cohort they do not train (``Cohort.objects.joinable_by(user)``).

The checks take any user, anonymous included, and answer False for people not logged in.

**A staff role counts only after the second factor.** With ``ADMIN_REQUIRE_TWO_FACTOR`` on,
``is_opdc_staff``, ``is_trainer``, ``can_manage_cohort`` (and ``Cohort.objects.managed_by``)
answer False for a person who holds the role but has not verified a TOTP code in this session
(``request.user.is_verified()``, installed by django-otp's middleware, or for an API token by
``accounts.api_auth``). Every staff surface asks these checks, so a new staff view cannot
forget the second factor. A refusal for that reason marks the user (``second_factor_missing``);
``accounts.two_factor.StaffTwoFactorMiddleware`` then turns the view's 403 or 404 into the way
to verify (HTML) or a 403 that says why (JSON). ``trains`` stays a plain fact about the cohort
(the enrolment workflow asks it of learners); ``needs_second_factor`` says who must verify.
"""

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db.models import Q

from accounts.models import Role, User
from cms.models import Agency

OPDC_STAFF_PERMISSION = "accounts.opdc_staff"


def _holds_opdc_staff(user) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.has_perm(OPDC_STAFF_PERMISSION)


def _in_trainers_group(user) -> bool:
    return user.is_authenticated and Role.TRAINERS in _group_names(user)


def needs_second_factor(user) -> bool:
    """Must verify a TOTP code before acting in a staff role: superusers, staff, Trainers,
    OPDC staff, anyone else who may open the admin, and anyone named trainer of a cohort."""
    if not user.is_authenticated:
        return False
    return (
        user.is_superuser
        or user.is_staff
        or _in_trainers_group(user)
        or _holds_opdc_staff(user)
        or user.has_perm("wagtailadmin.access_admin")
        or user.trained_cohorts.exists()
        or user.coordinator_of.exists()
    )


def second_factor_verified(user) -> bool:
    """True when two-factor is off or this request's person has verified it (a session that
    passed a TOTP code, an API token made in such a session). Otherwise marks the user
    ``second_factor_missing`` for the middleware and answers False."""
    if not settings.ADMIN_REQUIRE_TWO_FACTOR:
        return True
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return True
    user.second_factor_missing = True
    return False


def is_opdc_staff(user) -> bool:
    """An active superuser or a holder of ``accounts.opdc_staff`` (the OPDC staff group),
    verified by the second factor."""
    return _holds_opdc_staff(user) and second_factor_verified(user)


def opdc_staff_users():
    """Everyone :func:`is_opdc_staff` is true for, as a queryset of active users."""
    app_label, codename = OPDC_STAFF_PERMISSION.split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return User.objects.filter(
        Q(is_superuser=True)
        | Q(groups__permissions__in=permission)
        | Q(user_permissions__in=permission),
        is_active=True,
    ).distinct()


def _group_names(user) -> frozenset[str]:
    """The person's group names, read once per request: the admin asks several times a page."""
    names = getattr(user, "_role_group_names", None)
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        user._role_group_names = names
    return names


def is_trainer(user) -> bool:
    """A member of the Trainers group, whichever cohorts they train, verified by the second
    factor."""
    return _in_trainers_group(user) and second_factor_verified(user)


def trainer_users():
    """The members of the Trainers group: the people a cohort's trainers are chosen from."""
    return User.objects.filter(groups__name=Role.TRAINERS)


def is_trainer_or_opdc_staff(user) -> bool:
    """Uses the staff tools: the participant list template, the certificate list."""
    return is_opdc_staff(user) or is_trainer(user)


def trains(user, cohort) -> bool:
    """One of the cohort's trainers (OPDC staff are not, unless named as one)."""
    return user.is_authenticated and cohort.trainers.filter(pk=user.pk).exists()


def can_manage_cohort(user, cohort) -> bool:
    """May use the trainer tools on this cohort: its trainers, OPDC staff and superusers,
    verified by the second factor."""
    return is_opdc_staff(user) or (trains(user, cohort) and second_factor_verified(user))


def coordinates(user, agency) -> bool:
    """A coordinator of this agency: a plain fact, as ``trains`` is (the nomination workflow
    asks it of whoever acts, the demo seeder included); the screens ask
    ``coordinated_agencies``, which also wants the second factor."""
    return (
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.coordinator_of.filter(agency=agency).exists()
    )


def is_coordinator(user) -> bool:
    """Coordinates some agency (the site header's "My agency" link, My learning's button):
    one query, remembered on the user object for the rest of the request."""
    if not (user.is_authenticated and user.is_active):
        return False
    if not hasattr(user, "_coordinates_an_agency"):
        user._coordinates_an_agency = user.coordinator_of.exists()
    return user._coordinates_an_agency


def coordinated_agencies(user):
    """The agencies the person coordinates, verified by the second factor (they read other
    people's training records); none for anyone else."""
    if not (user.is_authenticated and user.is_active):
        return Agency.objects.none()
    agencies = Agency.objects.filter(coordinators__user=user)
    if not agencies.exists() or not second_factor_verified(user):
        return Agency.objects.none()
    return agencies
