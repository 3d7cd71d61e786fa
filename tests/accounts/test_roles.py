"""accounts.roles: who is what, for every persona (anonymous, learner, trainers, OPDC staff)."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission

from accounts import roles
from accounts.models import Role, User
from tests.courses.helpers import make_cohort
from tests.factories import make_learner, make_opdc_staff, make_trainer, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {
        "anonymous": AnonymousUser(),
        "learner": make_learner(),
        "trainer": make_trainer(),
        "other_trainer": make_trainer(),
        "opdc": make_opdc_staff(),
        "superuser": User.objects.create_superuser("root", "root@opdc.go.th", "root-pass-2569"),
    }


def _who(people, check) -> set[str]:
    return {name for name, user in people.items() if check(user)}


def test_opdc_staff_are_the_group_members_and_superusers(people):
    assert _who(people, roles.is_opdc_staff) == {"opdc", "superuser"}


def test_trainers_are_the_trainers_group(people):
    assert _who(people, roles.is_trainer) == {"trainer", "other_trainer"}
    assert _who(people, roles.is_trainer_or_opdc_staff) == {
        "trainer",
        "other_trainer",
        "opdc",
        "superuser",
    }


def test_the_trainer_of_a_cohort_manages_it_and_so_do_opdc_staff(people):
    cohort = make_cohort(trainers=[people["trainer"]])
    assert _who(people, lambda user: roles.trains(user, cohort)) == {"trainer"}
    assert _who(people, lambda user: roles.can_manage_cohort(user, cohort)) == {
        "trainer",
        "opdc",
        "superuser",
    }


def test_a_deactivated_superuser_or_staff_member_is_nobody():
    superuser = User.objects.create_superuser("old", "old@opdc.go.th", "old-pass-2569")
    staff = make_opdc_staff()
    User.objects.filter(pk__in=[superuser.pk, staff.pk]).update(is_active=False)
    for user in User.objects.filter(pk__in=[superuser.pk, staff.pk]):
        assert not roles.is_opdc_staff(user)


def test_the_permission_makes_opdc_staff_not_the_group_name():
    # One meaning: whoever holds accounts.opdc_staff, through the group or directly.
    direct = make_user(role=None)
    direct.user_permissions.add(
        Permission.objects.get(content_type__app_label="accounts", codename="opdc_staff")
    )
    renamed = make_opdc_staff()
    Group.objects.filter(name=Role.OPDC_STAFF).update(name="ก.พ.ร.")
    assert roles.is_opdc_staff(User.objects.get(pk=direct.pk))
    assert roles.is_opdc_staff(User.objects.get(pk=renamed.pk))
    Group.objects.get(name="ก.พ.ร.").permissions.clear()
    assert not roles.is_opdc_staff(User.objects.get(pk=renamed.pk))


def test_asking_again_in_a_request_costs_no_query(people, django_assert_num_queries):
    # The admin's menu asks on every page; Django caches permissions on the user object.
    opdc, learner = people["opdc"], people["learner"]
    roles.is_opdc_staff(opdc), roles.is_opdc_staff(learner)
    roles.is_trainer(opdc), roles.is_trainer(learner)
    with django_assert_num_queries(0):
        for _ in range(5):
            assert roles.is_opdc_staff(opdc) and not roles.is_opdc_staff(learner)
            assert not roles.is_trainer(opdc) and not roles.is_trainer(learner)


def test_opdc_staff_users_lists_the_same_people(people):
    direct = make_user(role=None)
    direct.user_permissions.add(
        Permission.objects.get(content_type__app_label="accounts", codename="opdc_staff")
    )
    listed = set(roles.opdc_staff_users())
    assert listed == {people["opdc"], people["superuser"], direct}
    assert all(roles.is_opdc_staff(user) for user in listed)
