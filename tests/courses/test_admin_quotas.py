"""The seat quotas tab of a cohort in the admin, and the quotas on its roster."""

import pytest
from django.urls import reverse

from courses import quotas
from courses.models import SeatQuota
from courses.quotas import QuotaChange
from tests.courses.helpers import make_cohort
from tests.factories import days_from_now, make_agency, make_learner, make_trainer

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    """Alice trains the cohort."""
    return make_trainer(username="alice")


@pytest.fixture
def cohort(alice):
    return make_cohort(capacity=10, trainers=[alice], start_date=days_from_now(14))


@pytest.fixture
def lands():
    return make_agency("Department of Lands")


def _url(cohort):
    return reverse("courses_admin_quotas", args=[cohort.code])


def _post(client, cohort, agency, seats=3, release=7):
    return client.post(
        _url(cohort),
        {
            "agency": agency.pk if agency else "",
            "seats": seats,
            "release_on": days_from_now(release),
        },
    )


def test_persona_ladder_only_the_cohorts_trainers_reserve_seats(client, cohort, lands):
    # Anonymous: sent to log in.
    response = _post(client, cohort, lands)
    assert response.status_code == 302 and "login" in response["Location"]
    # A learner: no admin access.
    client.force_login(make_learner())
    response = _post(client, cohort, lands)
    assert response.status_code == 302
    # Bob trains another cohort.
    client.force_login(make_trainer(username="bob"))
    response = _post(client, cohort, lands)
    assert response.status_code in (302, 403)
    assert not SeatQuota.objects.exists()


def test_a_trainer_reserves_seats_and_sees_them_on_the_roster(client, alice, cohort, lands):
    client.force_login(alice)
    response = _post(client, cohort, lands, seats=3, release=7)
    assert response.status_code == 302
    quota = SeatQuota.objects.get()
    assert (quota.agency, quota.seats, quota.created_by) == (lands, 3, alice)

    client.cookies["django_language"] = "th"
    roster = client.get(
        reverse("courses_admin_roster", args=[cohort.code]), HTTP_ACCEPT_LANGUAGE="th"
    )
    body = roster.content.decode()
    assert lands.name_th in body or lands.name_en in body
    assert "0 / 3" in body  # none of theirs enrolled yet
    assert str(days_from_now(7).year + 543) in body  # the release date in the Buddhist era


@pytest.mark.parametrize(
    ("seats", "release", "message"),
    [
        (11, 7, "capacity of 10"),
        (-2, 7, "at least one seat"),
        (3, 20, "before the cohort starts"),
    ],
)
def test_bad_input_is_refused_with_a_reason_and_nothing_changes(
    client, alice, cohort, lands, seats, release, message
):
    client.force_login(alice)
    client.cookies["django_language"] = "en"
    response = _post(client, cohort, lands, seats=seats, release=release)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SeatQuota.objects.exists()


def test_the_same_agency_twice_is_refused(client, alice, cohort, lands):
    client.force_login(alice)
    _post(client, cohort, lands, seats=2)
    client.cookies["django_language"] = "en"
    response = _post(client, cohort, lands, seats=2)
    assert response.status_code == 400
    assert "already reserved" in response.content.decode()
    assert SeatQuota.objects.count() == 1


def test_a_trainer_changes_and_removes_a_quota(client, alice, cohort, lands):
    quota = quotas.reserve(
        cohort, QuotaChange(agency=lands, seats=2, release_on=days_from_now(7)), alice
    )
    client.force_login(alice)
    edit = reverse("courses_admin_quota_edit", args=[cohort.code, quota.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"agency": lands.pk, "seats": 4, "release_on": days_from_now(5)})
    assert response.status_code == 302
    quota.refresh_from_db()
    assert (quota.seats, quota.release_on) == (4, days_from_now(5))

    assert (
        client.get(reverse("courses_admin_quota_delete", args=[cohort.code, quota.pk])).status_code
        == 405
    )
    response = client.post(reverse("courses_admin_quota_delete", args=[cohort.code, quota.pk]))
    assert response.status_code == 302
    assert not SeatQuota.objects.exists()


def test_another_trainer_cannot_change_or_remove_a_quota(client, alice, cohort, lands):
    quota = quotas.reserve(
        cohort, QuotaChange(agency=lands, seats=2, release_on=days_from_now(7)), alice
    )
    client.force_login(make_trainer(username="bob"))
    edit = reverse("courses_admin_quota_edit", args=[cohort.code, quota.pk])
    response = client.post(edit, {"agency": lands.pk, "seats": 9, "release_on": days_from_now(5)})
    assert response.status_code in (302, 403)
    response = client.post(reverse("courses_admin_quota_delete", args=[cohort.code, quota.pk]))
    assert response.status_code in (302, 403)
    quota.refresh_from_db()
    assert quota.seats == 2


def test_the_cohort_form_refuses_a_capacity_into_the_reserved_seats(client, alice, cohort, lands):
    quotas.reserve(cohort, QuotaChange(agency=lands, seats=8, release_on=days_from_now(7)), alice)
    client.force_login(alice)
    client.cookies["django_language"] = "en"
    data = {
        "course": cohort.course.pk,
        "title": cohort.title,
        "start_date": cohort.start_date.isoformat(),
        "end_date": cohort.end_date.isoformat(),
        "delivery_mode": "onsite",
        "venue": "",
        "online_link": "",
        "capacity": "7",
        "enrolment_opens_at": "",
        "enrolment_closes_at": "",
        "min_attendance_percent": "80",
        "trainers": [alice.pk],
    }
    response = client.post(reverse("courses_cohort:edit", args=[cohort.pk]), data)
    assert response.status_code == 200
    assert "reserved for agencies" in response.content.decode()
    cohort.refresh_from_db()
    assert cohort.capacity == 10
