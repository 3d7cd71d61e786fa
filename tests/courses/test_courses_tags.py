"""The cohort sections that course pages and "My learning" show."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone, translation

from courses.enrolment import enrol
from courses.models import Attendance, Enrollment
from tests.courses.helpers import make_cohort, make_session
from tests.factories import days_from_now, make_course, make_learner

pytestmark = pytest.mark.django_db


def _render_course_cohorts(course, user, language="en"):
    request = RequestFactory().get("/en/courses/x/")
    request.user = user
    with translation.override(language):
        return Template("{% load courses_tags %}{% course_cohorts page %}").render(
            Context({"page": course, "request": request})
        )


def test_course_cohorts_shows_seats_dates_and_the_right_button():
    course = make_course()
    learner = make_learner()
    open_cohort = make_cohort(
        course=course, title="รุ่นที่มีที่นั่ง", title_en="Cohort with seats", capacity=3
    )
    full = make_cohort(course=course, title="รุ่นที่เต็ม", title_en="Full cohort", capacity=1)
    enrol(make_learner(), full)
    mine = make_cohort(course=course, title="รุ่นของฉัน", title_en="My cohort")
    enrol(learner, mine)
    make_cohort(
        course=course,
        title="รุ่นที่ผ่านมา",
        title_en="Past cohort",
        start_date=days_from_now(-30),
        end_date=days_from_now(-29),
    )

    html = _render_course_cohorts(course, learner)

    assert "Cohort with seats" in html and "3 seats left" in html
    assert "Join the waitlist" in html
    assert "You are enrolled." in html
    assert f"/cohorts/{open_cohort.code}/enrol/" in html
    assert f"/cohorts/{mine.code}/enrol/" not in html
    assert "Past cohort" not in html


def test_course_cohorts_dates_are_buddhist_era_on_thai_pages():
    course = make_course()
    make_cohort(
        course=course, start_date=datetime.date(2030, 2, 21), end_date=datetime.date(2030, 2, 22)
    )
    html = _render_course_cohorts(course, AnonymousUser(), language="th")
    assert "2573" in html
    assert "2030" not in html


def test_course_cohorts_asks_anonymous_visitors_to_log_in():
    course = make_course()
    make_cohort(course=course)
    html = _render_course_cohorts(course, AnonymousUser())
    assert "Log in to enrol" in html
    assert "<form" not in html


def test_course_cohorts_uses_one_query_however_many_cohorts(django_assert_num_queries):
    course = make_course()
    learner = make_learner()
    for number in range(12):
        cohort = make_cohort(course=course, title=f"Cohort {number}")
        if number % 2:
            enrol(learner, cohort)
    with django_assert_num_queries(1):
        html = _render_course_cohorts(course, learner)
    assert html.count('class="cohort"') == 12


def _enrol_with_sessions(learner, attended: int, sessions: int):
    cohort = make_cohort(capacity=10)
    enrollment = enrol(learner, cohort)
    now = timezone.now()
    for number in range(sessions):
        session = make_session(
            cohort,
            title=f"ครั้งที่ {number}",
            title_en=f"Session {number}",
            starts_at=now + datetime.timedelta(days=number - attended),
        )
        if number < attended:
            Attendance.objects.create(
                session=session,
                enrollment=enrollment,
                status=Attendance.Status.PRESENT,
                method=Attendance.Method.TRAINER,
            )
    return enrollment


def test_my_learning_lists_my_cohorts_with_progress_next_sessions_and_withdraw(client):
    learner = make_learner()
    _enrol_with_sessions(learner, attended=1, sessions=4)
    waiting_cohort = make_cohort(capacity=0, title="Waiting cohort")
    enrol(learner, waiting_cohort)
    client.force_login(learner)

    html = client.get("/en/me/").content.decode()

    assert "25%" in html
    assert "Session 1" in html
    assert "Waitlisted" in html
    assert html.count("Withdraw…</a>") == 2


@pytest.mark.parametrize(
    ("language", "running", "coming", "first", "second"),
    [
        ("th", "กำลังดำเนินการ ถึง 13:00\u00a0น.", "เวลา 10:00\u00a0น.", "ครั้งที่ 1", "ครั้งที่ 2"),
        ("en", "Now, until 13:00", ", 10:00", "Session 1", "Session 2"),
    ],
)
def test_a_session_under_way_is_shown_as_running_now_not_as_one_to_come(
    client, language, running, coming, first, second
):
    learner = make_learner()
    cohort = make_cohort(capacity=10)
    enrol(learner, cohort)
    started = timezone.localtime(timezone.now()).replace(hour=10, minute=0, second=0, microsecond=0)
    make_session(cohort, title="ครั้งที่ 1", title_en="Session 1", starts_at=started)
    make_session(
        cohort, title="ครั้งที่ 2", title_en="Session 2", starts_at=started + datetime.timedelta(days=1)
    )
    client.force_login(learner)

    with time_machine.travel(started + datetime.timedelta(hours=1), tick=False):
        html = client.get(f"/{language}/me/").content.decode()

    now_item = html.split('class="session-now">')[1].split("</li>")[0]
    assert running in now_item
    assert first in now_item and second not in now_item
    assert html.count('class="session-now"') == 1
    assert coming in html  # the next day's session, with its start time


def test_my_learning_does_not_show_other_peoples_cohorts(client):
    _enrol_with_sessions(make_learner(), attended=0, sessions=1)
    client.force_login(make_learner())
    html = client.get("/en/me/").content.decode()
    assert "You are not enrolled in any cohort yet." in html
    assert "Session 0" not in html


def test_my_learning_queries_do_not_grow_with_enrolments(client, django_assert_max_num_queries):
    # The budget for My learning: at most 15, whatever the number of cohorts.
    learner = make_learner()
    for _ in range(8):
        _enrol_with_sessions(learner, attended=1, sessions=3)
    client.force_login(learner)
    client.get("/en/")  # warms the site navigation, cached until the next publish
    with django_assert_max_num_queries(15):
        response = client.get("/en/me/")
    assert response.content.decode().count("Withdraw…</a>") == 8
    assert Enrollment.objects.for_learner(learner).count() == 8


def test_the_venue_is_shown_in_the_pages_language_thai_where_no_english_is_given():
    course = make_course()
    make_cohort(
        course=course,
        title="รุ่นสองภาษา",
        title_en="Bilingual cohort",
        venue="ศูนย์ราชการฯ อาคาร B",
        venue_en="Government Complex, Building B",
    )
    make_cohort(course=course, title="รุ่นภาษาไทย", title_en="Thai cohort", venue="ทำเนียบรัฐบาล")

    english = _render_course_cohorts(course, AnonymousUser(), "en")
    thai = _render_course_cohorts(course, AnonymousUser(), "th")

    assert "Government Complex, Building B" in english
    assert "ศูนย์ราชการฯ อาคาร B" not in english
    assert "ทำเนียบรัฐบาล" in english  # no English given: the Thai venue, not nothing
    assert "ศูนย์ราชการฯ อาคาร B" in thai and "Government Complex" not in thai


def test_a_running_cohort_says_so_and_a_full_one_offers_the_waitlist_to_visitors():
    course = make_course()
    make_cohort(
        course=course,
        title="รุ่นที่กำลังอบรม",
        title_en="Running cohort",
        start_date=days_from_now(-1),
        end_date=days_from_now(1),
    )
    make_cohort(course=course, title="รุ่นที่เต็ม", title_en="Full cohort", capacity=0)

    html = _render_course_cohorts(course, AnonymousUser(), "en")

    assert "Current and upcoming cohorts" in html
    running, full = html.split("<article")[1:]
    assert "In progress" in running and "In progress" not in full
    assert "Log in to join the waitlist" in full and "Log in to enrol" not in full


@pytest.mark.parametrize(
    ("language", "expected"), [("th", "เต็มแล้ว · รับรายชื่อสำรอง"), ("en", "Full · waitlist open")]
)
def test_the_home_pages_open_cohorts_show_a_full_one_as_taking_the_waitlist(language, expected):
    make_cohort(title="รุ่นที่เต็ม", title_en="Full cohort", capacity=0)
    request = RequestFactory().get(f"/{language}/")
    request.user = AnonymousUser()
    with translation.override(language):
        html = Template("{% load courses_tags %}{% open_cohorts %}").render(
            Context({"request": request})
        )

    assert "รุ่นที่เต็ม" in html or "Full cohort" in html
    assert expected in html
    assert "0 seats left" not in html and "เหลือ 0 ที่" not in html


@pytest.mark.parametrize(
    ("language", "full", "seats", "closed"),
    [
        ("th", "เต็มแล้ว · รับรายชื่อสำรอง", "เหลือ 4 ที่", "ปิดการลงทะเบียนแล้ว"),
        ("en", "Full · waitlist open", "4 seats left", "Enrolment is closed."),
    ],
)
def test_the_course_page_shows_seats_only_while_enrolment_is_open(language, full, seats, closed):
    course = make_course()
    make_cohort(course=course, title="รุ่นที่เต็ม", title_en="Full cohort", capacity=0)
    make_cohort(
        course=course,
        title="รุ่นที่กำลังอบรม",
        title_en="Running cohort",
        capacity=4,
        start_date=days_from_now(-1),
        end_date=days_from_now(2),
        enrolment_closes_at=timezone.now() - datetime.timedelta(days=2),
    )

    html = _render_course_cohorts(course, AnonymousUser(), language=language)

    assert full in html and closed in html
    assert "0 seats left" not in html and "เหลือ 0 ที่" not in html
    assert seats not in html  # the running cohort's free seats cannot be taken
