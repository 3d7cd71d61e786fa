"""The nominee's answer page says when seats of the cohort are reserved for their agency: how
many are left of the reservation, and until when."""

import pytest
from django.urls import reverse

from agencies import nominations
from courses import quotas
from courses.quotas import QuotaChange
from tests.agencies.helpers import make_agencies
from tests.courses.helpers import make_cohort
from tests.factories import days_from_now, make_home, make_trainer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site():
    return make_home()


@pytest.fixture
def world():
    return make_agencies()


@pytest.fixture
def cohort(world):
    trainer = make_trainer()
    cohort = make_cohort(capacity=5, trainers=[trainer])
    quotas.reserve(
        cohort, QuotaChange(agency=world.lands, seats=2, release_on=days_from_now(4)), trainer
    )
    return cohort


def _answer_page(client, nominee, nomination, language="th"):
    client.force_login(nominee)
    url = reverse("nominations:answer", args=[nomination.code]).replace("/th/", f"/{language}/")
    return client.get(url).content.decode()


def test_the_nominee_is_told_in_thai_that_seats_are_reserved_for_their_agency(
    client, world, cohort
):
    nomination = nominations.nominate(world.coordinator, cohort, world.lands, person=world.alice)

    html = _answer_page(client, world.alice, nomination)

    assert "สงวนไว้ให้หน่วยงานของท่าน" in html
    assert "กรมที่ดิน" in html and "ว่าง 2 ที่" in html
    assert str(days_from_now(4).year + 543) in html


def test_and_in_english(client, world, cohort):
    nomination = nominations.nominate(world.coordinator, cohort, world.lands, person=world.bob)

    html = _answer_page(client, world.bob, nomination, language="en")

    assert "2 of the 2 seats held for Department of Lands are still free" in html


def test_an_answered_nomination_no_longer_says_it(client, world, cohort):
    nomination = nominations.nominate(world.coordinator, cohort, world.lands, person=world.alice)
    nominations.decline(nomination, world.alice)

    html = _answer_page(client, world.alice, nomination)

    assert "สงวนไว้" not in html


def test_a_cohort_without_seats_reserved_for_the_agency_says_nothing(client, world):
    trainer = make_trainer()
    cohort = make_cohort(capacity=5, trainers=[trainer])
    quotas.reserve(
        cohort, QuotaChange(agency=world.irrigation, seats=2, release_on=days_from_now(4)), trainer
    )
    nomination = nominations.nominate(world.coordinator, cohort, world.lands, person=world.alice)

    html = _answer_page(client, world.alice, nomination)

    assert "สงวนไว้" not in html
