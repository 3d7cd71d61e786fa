""" "My learning" at /th/me/ and /en/me/, and the learner's iCalendar feed."""

import datetime
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from courses.models import Attendance, CalendarFeed, Enrollment, ModuleProgress
from tests.courses.helpers import make_cohort, make_session
from tests.factories import make_bilingual_course, make_course, make_learner, make_module

pytestmark = pytest.mark.django_db


def _cohort(learner, *, past=0, future=2, attended=0, status=Enrollment.Status.ENROLLED, **kw):
    now = timezone.now()
    if "title" in kw:
        kw.setdefault("title_en", kw["title"])
    cohort = make_cohort(
        start_date=(now - datetime.timedelta(days=past + 1)).date(),
        end_date=(now + datetime.timedelta(days=future + 1)).date(),
        **kw,
    )
    enrollment = Enrollment.objects.create(learner=learner, cohort=cohort, status=status)
    for number in range(past + future):
        session = make_session(
            cohort,
            title=f"{cohort.title} S{number}",
            starts_at=now + datetime.timedelta(days=number - past, hours=1),
        )
        if number < attended:
            Attendance.objects.create(
                session=session,
                enrollment=enrollment,
                status=Attendance.Status.PRESENT,
                method=Attendance.Method.QR,
            )
    return enrollment


def test_my_learning_tells_the_story_of_my_cohorts_in_english(client):
    learner = make_learner()
    running = _cohort(learner, title="Running", past=2, future=2, attended=2)
    module = make_module(running.cohort.course)
    running.cohort.required_modules.set([module, make_module(running.cohort.course)])
    ModuleProgress.objects.create(enrollment=running, module=module)
    _cohort(learner, title="At risk", past=3, future=1, attended=0, min_attendance_percent=80)
    done = _cohort(learner, title="Done", status=Enrollment.Status.COMPLETED)
    done.completed_at = timezone.now()
    done.save()
    client.force_login(learner)

    html = client.get("/en/me/").content.decode()

    assert html.index("Running") < html.index("Completed</h2>") < html.index("Done")
    assert "2 of 4 sessions (50%; 80% needed)" in html
    assert "1 of 2 required modules completed" in html
    assert '<progress id="modules-' in html
    assert html.count("can no longer reach the 80% needed") == 1
    assert html.count("Withdraw…</a>") == 2  # not on the completed one
    assert "Download my sessions (.ics)" in html


def test_my_learning_is_thai_at_th(client):
    learner = make_learner()
    _cohort(learner, title="At risk", past=3, future=1, attended=0)
    client.force_login(learner)
    html = client.get("/th/me/").content.decode()
    with translation.override("th"):
        heading = gettext("My cohorts")
        my_data = gettext("My personal data")
    assert escape(heading) in html
    # The PDPA page is one click away, not only under Edit my profile.
    assert f'<a href="/th/me/data/">{escape(my_data)}</a>' in html


def test_the_course_page_warns_a_learner_at_risk(client):
    learner = make_learner()
    at_risk = _cohort(learner, past=3, future=1, attended=0, min_attendance_percent=80)
    client.force_login(learner)
    html = client.get(at_risk.cohort.course.url).content.decode()
    assert 'class="message message-warning" role="alert"' in html
    client.force_login(make_learner())
    assert 'role="alert"' not in client.get(at_risk.cohort.course.url).content.decode()


def test_my_learning_needs_a_log_in(client):
    response = client.get("/en/me/")
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize("cohorts", [2, 12])
def test_my_learning_stays_within_15_queries_however_many_cohorts(
    client, django_assert_max_num_queries, cohorts
):
    learner = make_learner()
    for number in range(cohorts):
        enrollment = _cohort(learner, title=f"C{number}", past=2, future=3, attended=1)
        enrollment.cohort.required_modules.set([make_module(enrollment.cohort.course)])
    client.force_login(learner)
    # The site's navigation is cached until the next publish (cms/navigation.py); the budget is
    # for My learning itself, so warm that shared cache as any earlier page view would.
    client.get("/en/")
    with django_assert_max_num_queries(15):
        response = client.get("/en/me/")  # the first visit also creates the calendar address
    assert response.content.decode().count("Withdraw…</a>") == cohorts
    # 14: the requests' decision history (two-stage approval) is one prefetch more.
    with django_assert_max_num_queries(14):
        client.get("/en/me/")


def _parse_ics(data: bytes) -> list[dict]:
    """A strict reading of RFC 5545: CRLF only, lines of at most 75 octets, unfolding."""
    assert b"\n" not in data.replace(b"\r\n", b"")
    raw_lines = data.split(b"\r\n")
    assert raw_lines[-1] == b""
    for line in raw_lines:
        assert len(line) <= 75, line
    text = data.decode("utf-8").replace("\r\n ", "")
    events, event, calendar = [], None, {}
    for line in text.split("\r\n")[:-1]:
        name, _sep, value = line.partition(":")
        name = name.split(";")[0]
        if line == "BEGIN:VEVENT":
            event = {}
        elif line == "END:VEVENT":
            events.append(event)
            event = None
        elif event is not None:
            event[name] = value
        else:
            calendar[name] = value
    assert calendar["BEGIN"] == "VCALENDAR" and calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] and calendar["END"] == "VCALENDAR"
    return events


def _unescape(value: str) -> str:
    return value.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")


def test_the_calendar_download_is_valid_icalendar_with_my_sessions_only(client):
    learner = make_learner()
    long_title = "วันที่ 1: เข้าใจปัญหา, ออกแบบ; และทดสอบต้นแบบกับผู้ใช้บริการจริงในพื้นที่"
    mine = _cohort(learner, future=1)
    session = mine.cohort.sessions.get()
    session.title = long_title
    session.save()
    _cohort(make_learner(), title="Not mine", future=1)
    _cohort(learner, title="Waiting", future=1, status=Enrollment.Status.WAITLISTED)
    client.force_login(learner)

    response = client.get(reverse("courses:my_calendar"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    [event] = _parse_ics(response.content)
    host = settings.PUBLIC_BASE_URL.split("://")[1]
    assert event["UID"] == f"session-{session.code}@{host}"
    assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"])
    starts = session.starts_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert event["DTSTART"] == starts
    assert _unescape(event["SUMMARY"]).startswith(long_title)
    assert _unescape(event["LOCATION"]) == mine.cohort.venue


@pytest.mark.parametrize(
    ("language", "summary", "location", "description"),
    [
        ("th", "วันที่ 1: เข้าใจปัญหา · การออกแบบบริการ", "ห้องประชุม 1", "รุ่นที่ 1"),
        ("en", "Day 1: Understanding the problem · Service design", "Room 1", "Cohort 1"),
    ],
)
def test_the_calendar_speaks_the_language_of_its_address(
    client, language, summary, location, description
):
    # The English download had an English calendar name but Thai events.
    learner = make_learner()
    course = make_bilingual_course(title="การออกแบบบริการ", en_title="Service design")
    cohort = make_cohort(course=course, title="รุ่นที่ 1", title_en="Cohort 1")
    Enrollment.objects.create(learner=learner, cohort=cohort, status=Enrollment.Status.ENROLLED)
    make_session(cohort, venue="ห้องประชุม 1", venue_en="Room 1")
    client.force_login(learner)

    with translation.override(language):
        url = reverse("courses:my_calendar")
    [event] = _parse_ics(client.get(url).content)

    assert url.startswith(f"/{language}/")
    assert _unescape(event["SUMMARY"]) == summary
    assert _unescape(event["LOCATION"]) == location
    assert description in _unescape(event["DESCRIPTION"])


def test_the_calendar_feed_works_without_a_session_by_its_secret_address(client):
    learner = make_learner()
    _cohort(learner, future=2)
    client.force_login(learner)
    client.get("/en/me/")
    client.logout()
    feed = CalendarFeed.objects.get(user=learner)

    response = client.get(reverse("courses:calendar_feed", args=[feed.token]))
    wrong = client.get(reverse("courses:calendar_feed", args=["not-the-token"]))

    assert response.status_code == 200
    assert len(_parse_ics(response.content)) == 2
    assert wrong.status_code == 404


def test_changing_the_calendar_address_stops_the_old_one(client):
    learner = make_learner()
    old = CalendarFeed.objects.create(user=learner)
    client.force_login(learner)
    client.post(reverse("courses:reset_calendar_feed"))
    assert client.get(reverse("courses:calendar_feed", args=[old.token])).status_code == 404
    assert CalendarFeed.objects.get(user=learner).token != old.token


def test_english_my_learning_names_each_course_by_its_english_translation(client):
    learner = make_learner()
    translated = make_bilingual_course(title="การออกแบบบริการ", en_title="Service design")
    thai_only = make_course(title="หลักสูตรภาษาไทยเท่านั้น", english=None)
    _cohort(learner, course=translated)
    _cohort(learner, course=thai_only)
    client.force_login(learner)

    english = client.get("/en/me/").content.decode()
    thai = client.get("/th/me/").content.decode()

    english_page = translated.get_translations().get()
    assert f'<a href="{english_page.url}">Service design</a>' in english
    assert "การออกแบบบริการ" not in english
    # Without a translation the Thai title stays, marked up as Thai.
    assert f'<a href="{thai_only.url}" hreflang="th" lang="th">หลักสูตรภาษาไทยเท่านั้น</a>' in english
    assert f'<a href="{translated.url}">การออกแบบบริการ</a>' in thai
    assert "Service design" not in thai


def test_cohorts_and_sessions_are_named_in_the_language_of_the_page(client):
    learner = make_learner()
    cohort = make_cohort(
        course=make_bilingual_course(),
        title="รุ่นที่ 2 ปีงบประมาณ 2570",
        title_en="Cohort 2, fiscal year 2027",
    )
    make_session(cohort, title="วันที่ 1: เข้าใจปัญหา", title_en="Day 1: Understanding the problem")
    Enrollment.objects.create(learner=learner, cohort=cohort, status=Enrollment.Status.ENROLLED)
    client.force_login(learner)

    english = client.get("/en/me/").content.decode()
    thai = client.get("/th/me/").content.decode()
    english_course = client.get(cohort.course.get_translations().get().url).content.decode()

    assert "Cohort 2, fiscal year 2027" in english
    assert "Day 1: Understanding the problem" in english
    assert "รุ่นที่ 2" not in english and "เข้าใจปัญหา" not in english
    assert "รุ่นที่ 2 ปีงบประมาณ 2570" in thai and "วันที่ 1: เข้าใจปัญหา" in thai
    assert "Cohort 2" not in thai and "Understanding the problem" not in thai
    assert "Cohort 2, fiscal year 2027" in english_course


def test_a_cohort_without_an_english_title_keeps_its_thai_one_on_the_english_site(client):
    learner = make_learner()
    cohort = make_cohort(course=make_bilingual_course(), title="รุ่นพิเศษ", title_en="")
    Enrollment.objects.create(learner=learner, cohort=cohort, status=Enrollment.Status.ENROLLED)
    client.force_login(learner)

    assert "รุ่นพิเศษ" in client.get("/en/me/").content.decode()


def test_my_learning_offers_withdrawal_behind_a_confirmation_only(client):
    learner = make_learner()
    enrollment = _cohort(learner)
    client.force_login(learner)

    html = client.get("/th/me/").content.decode()

    assert not re.search(r"<form[^>]*withdraw", html)  # no one-click withdrawal
    assert f'href="/th/cohorts/{enrollment.cohort.code}/withdraw/?next=/th/me/"' in html
    assert Enrollment.objects.get(pk=enrollment.pk).status == Enrollment.Status.ENROLLED
