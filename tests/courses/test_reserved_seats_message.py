"""A learner whose agency (or ministry) has seats reserved in a cohort is told so on the course
page: how many of the reserved seats are still free, and until when (courses.seats)."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from cms.models import Ministry
from courses import enrolment, quotas, seats
from courses.quotas import QuotaChange
from tests.courses.helpers import make_cohort
from tests.factories import days_from_now, make_agency, make_course, make_learner, make_trainer

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    interior = Ministry.objects.create(name_th="กระทรวงมหาดไทย", name_en="Ministry of Interior")
    lands = make_agency("Department of Lands", name_th="กรมที่ดิน", ministry=interior)
    provincial = make_agency("Department of Provincial Administration", ministry=interior)
    irrigation = make_agency("Royal Irrigation Department", name_th="กรมชลประทาน")
    course = make_course()
    cohort = make_cohort(course=course, capacity=10, title_en="Cohort 4")
    trainer = make_trainer()
    release_on = days_from_now(5)
    quotas.reserve(cohort, QuotaChange(agency=lands, seats=3, release_on=release_on), trainer)
    enrolment.enrol(make_learner(agency=lands), cohort)  # one of the three is taken
    return {
        "course": course,
        "cohort": cohort,
        "trainer": trainer,
        "lands": lands,
        "provincial": provincial,
        "irrigation": irrigation,
        "interior": interior,
        "release_on": release_on,
    }


def _render(course, user, language="en"):
    request = RequestFactory().get(f"/{language}/courses/x/")
    request.user = user
    with translation.override(language):
        return Template("{% load courses_tags %}{% course_cohorts page %}").render(
            Context({"page": course, "request": request})
        )


def _english_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B} {day.year}"


def test_staff_of_the_agency_are_told_how_many_reserved_seats_are_left_and_until_when(world):
    html = _render(world["course"], make_learner(agency=world["lands"]))

    assert "Seats are reserved for your agency" in html
    assert "2 of the 3 seats held for Department of Lands are still free" in html
    assert _english_date(world["release_on"]) in html


def test_the_thai_page_says_it_in_thai_with_a_buddhist_era_date(world):
    html = _render(world["course"], make_learner(agency=world["lands"]), language="th")

    assert "สงวนไว้ให้หน่วยงานของท่าน" in html
    assert "กรมที่ดิน" in html and "ว่าง 2 ที่" in html
    assert str(world["release_on"].year + 543) in html


def test_people_of_another_agency_and_visitors_are_not_told(world):
    for user in [make_learner(agency=world["irrigation"]), make_learner(), AnonymousUser()]:
        html = _render(world["course"], user)
        assert "reserved for your agency" not in html
        assert "Cohort 4" in html  # the cohort itself is shown


def test_a_ministry_quota_is_shown_to_the_staff_of_its_agencies(world):
    cohort = make_cohort(course=world["course"], capacity=10, title_en="Cohort 5")
    quotas.reserve(
        cohort,
        QuotaChange(ministry=world["interior"], seats=1, release_on=days_from_now(3)),
        world["trainer"],
    )

    html = _render(world["course"], make_learner(agency=world["provincial"]))

    assert "1 of the 1 seats held for Ministry of Interior is still free" in html


def test_the_agencys_own_quota_comes_before_its_ministrys(world):
    quotas.reserve(
        world["cohort"],
        QuotaChange(ministry=world["interior"], seats=2, release_on=days_from_now(3)),
        world["trainer"],
    )
    learner = make_learner(agency=world["lands"])

    [reservation] = seats.reservations_for(learner, [world["cohort"]]).values()

    assert reservation.holder == world["lands"]
    assert (reservation.seats, reservation.left) == (3, 2)


def test_a_filled_reservation_says_the_reserved_seats_are_taken(world):
    for _person in range(2):
        enrolment.enrol(make_learner(agency=world["lands"]), world["cohort"])

    html = _render(world["course"], make_learner(agency=world["lands"]))

    assert "All 3 seats reserved for Department of Lands are taken" in html
    assert "still free" not in html


def test_released_seats_and_an_enrolled_learner_are_not_told(world):
    learner = make_learner(agency=world["lands"])
    enrolment.enrol(learner, world["cohort"])
    assert "reserved for your agency" not in _render(world["course"], learner)

    quotas.release_due(today=world["release_on"] + datetime.timedelta(days=1))

    assert "reserved" not in _render(world["course"], make_learner(agency=world["lands"]))


def test_the_reservations_of_many_cohorts_cost_three_queries(world, django_assert_max_num_queries):
    cohorts = [make_cohort(course=world["course"], capacity=5) for _ in range(5)]
    for cohort in cohorts:
        quotas.reserve(
            cohort,
            QuotaChange(agency=world["lands"], seats=1, release_on=days_from_now(3)),
            world["trainer"],
        )
    learner = make_learner(agency=world["lands"])

    with django_assert_max_num_queries(3):
        found = seats.reservations_for(learner, [world["cohort"], *cohorts])

    assert len(found) == 6


def test_everyone_is_told_how_many_of_the_seats_left_are_held_for_agencies(world):
    # A QA walk read "4 seats left", pressed Enrol, and was waitlisted: the seats were held.
    for user in [make_learner(agency=world["irrigation"]), AnonymousUser()]:
        html = _render(world["course"], user)
        assert "9 seats left" in html
        assert "2 of them are reserved for agencies until" in html
        assert _english_date(world["release_on"]) in html

    thai = _render(world["course"], AnonymousUser(), language="th")
    assert "สงวนไว้สำหรับหน่วยงาน 2 ที่" in thai
    assert str(world["release_on"].year + 543) in thai


def test_a_learner_whom_only_held_seats_are_left_for_is_offered_the_waitlist(world):
    cohort = world["cohort"]
    for _ in range(7):  # the 7 open seats taken: 2 left, both held for Lands
        enrolment.enrol(make_learner(agency=world["irrigation"]), cohort)

    outsider = _render(world["course"], make_learner(agency=world["irrigation"]))
    insider = _render(world["course"], make_learner(agency=world["lands"]))

    assert "2 seats left" in outsider
    assert "Join the waitlist" in outsider and ">Enrol<" not in outsider
    assert ">Enrol<" in insider


def test_a_cohort_needing_the_agencys_approval_says_who_approves(world):
    # A QA walk read "Requests are approved by a trainer." and was then told the request waits
    # for their agency.
    cohort = world["cohort"]
    cohort.agency_approval_required = True
    cohort.approval_required = True
    cohort.save()
    html = _render(world["course"], make_learner(agency=world["lands"]))
    assert "coordinator, then by a trainer" in html and "approved by your agency" in html

    cohort.approval_required = False
    cohort.save()
    thai = _render(world["course"], AnonymousUser(), language="th")
    assert "อนุมัติโดยผู้ประสานงานหน่วยงานของท่าน" in thai and "โดยวิทยากร" not in thai
