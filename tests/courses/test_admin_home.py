"""The admin home: a trainer's cohorts, next sessions, pending requests and learners at risk,
each with links to the tools; OPDC staff's dashboard, export and data requests. Every tool is
reached by clicking from here (issue #14.7), in Thai, for the right people only, in a bounded
number of queries."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from certificates import issuing
from courses.models import Attendance, Enrollment
from tests.courses.helpers import make_cohort, make_session
from tests.factories import (
    make_bilingual_course,
    make_learner,
    make_opdc_staff,
    make_trainer,
)

pytestmark = pytest.mark.django_db
Status = Enrollment.Status
# 10:00 in Bangkok.
NOW = datetime.datetime(2026, 11, 23, 3, 0, tzinfo=datetime.UTC)
HOME = "/admin/"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def _at(offset_days: int, hour: int) -> datetime.datetime:
    day = _day(offset_days)
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


def _seat(cohort, learner=None, status=Status.ENROLLED) -> Enrollment:
    enrollment = Enrollment.objects.create(
        learner=learner or make_learner(), cohort=cohort, status=status
    )
    if status in Enrollment.SEATED:
        cohort.seats_taken += 1
        cohort.save(update_fields=["seats_taken"])
    return enrollment


@pytest.fixture
def trainer():
    return make_trainer()


@pytest.fixture
def course():
    return make_bilingual_course(title="การออกแบบบริการภาครัฐ", en_title="Public Service Design")


@pytest.fixture
def running(trainer, course):
    cohort = make_cohort(
        course=course,
        title="รุ่นที่ 2 กำลังอบรม",
        start_date=_day(-3),
        end_date=_day(3),
        capacity=25,
        trainers=[trainer],
    )
    for _ in range(3):
        _seat(cohort)
    return cohort


@pytest.fixture
def upcoming(trainer, course):
    return make_cohort(
        course=course,
        title="รุ่นที่ 3 เร็ว ๆ นี้",
        start_date=_day(20),
        end_date=_day(22),
        approval_required=True,
        trainers=[trainer],
    )


def _home(client, person):
    client.force_login(person)
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def _links(page: str) -> set[str]:
    return {href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', page)}


# My cohorts -------------------------------------------------------------------------------


def test_a_trainers_home_lists_their_running_and_upcoming_cohorts_with_every_tool(
    client, trainer, course, running, upcoming
):
    ended = make_cohort(
        course=course, title="รุ่นที่ 1 จบแล้ว", start_date=_day(-60), end_date=_day(-58)
    )
    ended.trainers.add(trainer)
    colleagues = make_cohort(course=course, title="รุ่นของเพื่อน", trainers=[make_trainer()])

    page = _home(client, trainer)

    assert "รุ่นของฉัน" in page  # "My cohorts", in Thai
    assert running.title in page and upcoming.title in page
    assert ended.title not in page  # past cohorts are one click away, under "all my cohorts"
    assert colleagues.title not in page
    assert reverse("courses_cohort:index") in _links(page)
    assert "3 จาก 25" in page  # seats taken of capacity
    links = _links(page)
    for cohort in (running, upcoming):
        assert {
            reverse("courses_admin_roster", args=[cohort.code]),
            reverse("courses_admin_sessions", args=[cohort.code]),
            reverse("courses_admin_import", args=[cohort.code]),
            reverse("courses_admin_history", args=[cohort.code]),
        } <= links
        # Neither is over: "issue certificates" is shown disabled, with the day it can be.
        assert reverse("certificates_issue_for_cohort", args=[cohort.pk]) not in links
        with translation.override("th"):
            ends_on = Template("{{ day|thai_date }}").render(Context({"day": cohort.end_date}))
        assert f"ออกได้เมื่อรุ่นสิ้นสุด {ends_on}" in page
    assert not any(colleagues.code in link for link in links)


def test_the_cohort_dates_are_in_the_buddhist_era_on_the_thai_admin(client, trainer, running):
    page = _home(client, trainer)

    with translation.override("th"):
        start = Template('{{ day|thai_date:"short" }}').render(Context({"day": running.start_date}))
    assert start.endswith(str(running.start_date.year + 543)[-2:])  # 20 พ.ย. 69
    panel = page.split('id="my-cohorts-section"', 1)[1].split("</table>", 1)[0]
    assert start in panel
    assert str(running.start_date.year) not in panel


def test_the_zip_of_a_cohorts_certificates_is_one_click_from_the_home(client, trainer, running):
    for enrollment in running.enrollments.all()[:2]:
        Enrollment.objects.filter(pk=enrollment.pk).update(status=Status.COMPLETED)
        enrollment.refresh_from_db()
        issuing.issue_certificate(enrollment)

    page = _home(client, trainer)

    assert reverse("certificates_cohort_zip", args=[running.pk]) in _links(page)
    with translation.override("th"):
        label = ngettext(
            "Download %(count)d certificate (ZIP)", "Download %(count)d certificates (ZIP)", 2
        )
    assert label % {"count": 2} in page


# Next sessions ----------------------------------------------------------------------------


def test_the_next_sessions_link_to_their_qr_screen_and_attendance_sheet(
    client, trainer, running, upcoming
):
    over = make_session(running, title="วันที่ 1 ผ่านไปแล้ว", starts_at=_at(-3, 9))
    today = make_session(running, title="วันที่ 4 วันนี้", starts_at=_at(0, 9))
    later = make_session(upcoming, title="วันที่ 1 รุ่นใหม่", starts_at=_at(20, 9))

    page = _home(client, trainer)

    assert "รอบอบรมถัดไป" in page  # "Next sessions"
    links = _links(page)
    for session in (today, later):
        assert reverse("checkin:screen", args=[session.code]) in links
        assert (
            reverse("courses_admin_attendance", args=[session.cohort.code, session.code]) in links
        )
    assert reverse("checkin:screen", args=[over.code]) not in links
    assert page.index(today.title) < page.index(later.title)


# Pending requests -------------------------------------------------------------------------


def test_pending_requests_are_decided_from_the_home(client, trainer, upcoming):
    learner = make_learner(first_name_th="มานี", last_name_th="มีนา")
    request = _seat(upcoming, learner, Status.PENDING)

    page = _home(client, trainer)

    assert "คำขอที่รอพิจารณา" in page  # "Pending requests"
    assert "มานี มีนา" in page
    approve = reverse("courses_admin_decide", args=[upcoming.code, request.pk, "approve"])
    assert f'action="{approve}"' in page
    response = client.post(approve, {"next": HOME})
    assert response.status_code == 302 and response["Location"] == HOME
    request.refresh_from_db()
    assert request.status == Status.ENROLLED


def test_a_trainer_never_sees_another_trainers_requests(client, trainer, course):
    theirs = make_cohort(course=course, approval_required=True, trainers=[make_trainer()])
    _seat(theirs, make_learner(first_name_th="ปิติ", last_name_th="ไม่ใช่ของฉัน"), Status.PENDING)

    page = _home(client, trainer)

    assert "ไม่ใช่ของฉัน" not in page
    assert "ไม่มีคำขอที่รอท่านพิจารณา" in page  # "No request waits for your decision."


# Learners at risk -------------------------------------------------------------------------


def test_learners_who_can_no_longer_complete_are_listed_at_risk(client, trainer, running):
    sessions = [make_session(running, title=f"S{n}", starts_at=_at(n - 3, 9)) for n in range(5)]
    at_risk, on_track = running.enrollments.all()[:2]
    at_risk.learner.first_name_th, at_risk.learner.last_name_th = "ขาดเรียน", "บ่อย"
    at_risk.learner.save()
    on_track.learner.first_name_th, on_track.learner.last_name_th = "มาเรียน", "ครบ"
    on_track.learner.save()
    # Three sessions are over; the first learner missed all three (2 of 5 at best, 80 % needed).
    for session in sessions[:3]:
        Attendance.objects.create(
            session=session,
            enrollment=on_track,
            status=Attendance.Status.PRESENT,
            method=Attendance.Method.TRAINER,
        )

    page = _home(client, trainer)

    assert "ผู้เรียนที่เสี่ยงไม่ผ่านเกณฑ์" in page  # "Learners at risk", in Thai
    section = page.split('id="learners-at-risk-section"', 1)[1]
    assert "ขาดเรียน บ่อย" in section
    assert "มาเรียน ครบ" not in section
    assert reverse("courses_admin_roster", args=[running.code]) in _links(section)


# OPDC staff -------------------------------------------------------------------------------


def test_opdc_staffs_home_links_the_dashboard_its_export_and_data_requests(client):
    page = _home(client, make_opdc_staff())

    links = _links(page)
    assert reverse("opdc_dashboard") in links
    assert reverse("opdc_dashboard_export") + "?format=xlsx" in links
    assert reverse("privacy_datarequest:index") + "?status=pending" in links
    assert "แดชบอร์ดสำนักงาน ก.พ.ร." in page  # "OPDC dashboard"


def test_a_trainer_gets_no_opdc_panel_and_opdc_staff_no_trainer_panels(client, trainer, running):
    trainer_page = _home(client, trainer)
    opdc_page = _home(client, make_opdc_staff())

    assert reverse("opdc_dashboard") not in _links(trainer_page)
    assert 'id="opdc-oversight-section"' not in trainer_page
    # OPDC staff train nobody: their home does not list the whole country's cohorts.
    assert 'id="my-cohorts-section"' not in opdc_page
    assert running.title not in opdc_page


def test_learners_and_visitors_are_sent_to_the_admin_login(client):
    response = client.get(HOME)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(make_learner())
    response = client.get(HOME)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


# Query budget -----------------------------------------------------------------------------


def _busy_trainer(course, cohorts: int):
    trainer = make_trainer()
    for number in range(cohorts):
        cohort = make_cohort(
            course=course,
            title=f"รุ่นที่ {number}",
            start_date=_day(-2 + number),
            end_date=_day(5 + number),
            trainers=[trainer],
        )
        for offset in (-1, 1, 2):
            make_session(cohort, starts_at=_at(offset + number, 9))
        for _ in range(3):
            _seat(cohort)
        _seat(cohort, status=Status.PENDING)
    return trainer


def test_the_home_costs_the_same_queries_for_two_cohorts_or_twelve(
    client, course, django_assert_max_num_queries
):
    few, many = _busy_trainer(course, 2), _busy_trainer(course, 12)
    client.force_login(few)
    client.get(HOME)  # warm the per-process caches (content types, site)
    with CaptureQueriesContext(connection) as baseline:
        assert client.get(HOME).status_code == 200
    # Read now: every request empties the connection's query log.
    budget = len(baseline.captured_queries)
    client.force_login(many)
    client.get(HOME)

    with django_assert_max_num_queries(budget):
        page = client.get(HOME).content.decode()
    assert page.count('href="/admin/cohorts/') >= 10 * 4


def test_an_english_admin_names_cohorts_and_sessions_in_english(client, trainer, running):
    from wagtail.users.models import UserProfile

    running.title_en = "Cohort 2, running"
    running.save()
    make_session(running, title="วันที่ 4", title_en="Day 4", starts_at=_at(1, 9))
    profile = UserProfile.get_for_user(trainer)
    profile.preferred_language = "en"
    profile.save()

    page = _home(client, trainer)

    assert "Cohort 2, running" in page and "Day 4" in page
    assert running.title not in page and "วันที่ 4" not in page
    assert "Public Service Design" in page and "การออกแบบบริการภาครัฐ" not in page
    # The next session names its course: cohorts of several courses share names.
    assert "Public Service Design · Cohort 2, running" in page


def test_a_cohort_screen_of_the_english_admin_names_the_course_in_english(client, trainer, running):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(trainer)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(trainer)

    page = client.get(reverse("courses_admin_roster", args=[running.code])).content.decode()

    assert "Course: Public Service Design" in page
    assert "การออกแบบบริการภาครัฐ" not in page


def test_the_english_cohort_list_names_cohorts_and_courses_in_english(client, trainer, running):
    from wagtail.users.models import UserProfile

    running.title_en = "Cohort 2, running"
    running.save()
    profile = UserProfile.get_for_user(trainer)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(trainer)

    page = client.get(reverse("courses_cohort:index")).content.decode()

    assert "Cohort 2, running" in page and "Public Service Design" in page
    assert running.title not in page and "การออกแบบบริการภาครัฐ" not in page
