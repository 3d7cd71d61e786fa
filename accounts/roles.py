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
- A person may **join** a cohort they do not train (``Cohort.objects.joinable_by(user)``).

The checks take any user, anonymous included, and answer False for people not logged in.
"""

from django.contrib.auth.models import Permission
from django.db.models import Q

from accounts.models import Role, User

OPDC_STAFF_PERMISSION = "accounts.opdc_staff"


def is_opdc_staff(user) -> bool:
    """An active superuser or a holder of ``accounts.opdc_staff`` (the OPDC staff group)."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.has_perm(OPDC_STAFF_PERMISSION)


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
    """A member of the Trainers group, whichever cohorts they train."""
    return user.is_authenticated and Role.TRAINERS in _group_names(user)


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
    """May use the trainer tools on this cohort: its trainers, OPDC staff and superusers."""
    return is_opdc_staff(user) or trains(user, cohort)
