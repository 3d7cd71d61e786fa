"""What a learner sees of their progress before the cohort is over, and when it is.

The QA story: a learner checked in to 2 of 3 sessions of a 1–3 December cohort (60 % needed)
and finished the last module on 2 December. Nothing may be completed or certified before the
last session has ended; the learner is told what is still needed, and the beat task completes
them once it has.
"""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from certificates.models import Certificate
from courses import tasks
from courses.models import Attendance, Enrollment, ModuleProgress
from tests.courses.helpers import make_cohort, make_session
from tests.factories import make_course, make_learner, make_module, translate

pytestmark = pytest.mark.django_db

BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")
DAY_2 = datetime.datetime(2026, 12, 2, 17, 0, tzinfo=BANGKOK)


@pytest.fixture
def clock():
    with time_machine.travel(DAY_2, tick=False) as traveller:
        yield traveller


def _text(language: str, message: str, **values) -> str:
    with translation.override(language):
        return escape(gettext(message) % values if values else gettext(message))


@pytest.fixture
def story(clock):
    """The running cohort of the QA story, with a bilingual course of three modules."""
    course = make_course()
    translate(course, title="Evidence-based policy")
    modules = [make_module(course) for _ in range(3)]
    english = [translate(module, title=f"Lesson {n}") for n, module in enumerate(modules, 1)]
    cohort = make_cohort(
        course=course,
        start_date=datetime.date(2026, 12, 1),
        end_date=datetime.date(2026, 12, 3),
        min_attendance_percent=60,
    )
    sessions = [
        make_session(
            cohort,
            starts_at=datetime.datetime(2026, 12, day, 9, 0, tzinfo=BANGKOK),
            ends_at=datetime.datetime(2026, 12, day, 16, 0, tzinfo=BANGKOK),
        )
        for day in (1, 2, 3)
    ]
    enrollment = Enrollment.objects.create(
        learner=make_learner(preferred_language="th"),
        cohort=cohort,
        status=Enrollment.Status.ENROLLED,
    )
    for session in sessions[:2]:
        Attendance.objects.create(
            session=session,
            enrollment=enrollment,
            status=Attendance.Status.PRESENT,
            method=Attendance.Method.QR,
        )
    return {"enrollment": enrollment, "modules": modules, "english": english, "sessions": sessions}


def _complete_every_module(client, story):
    client.force_login(story["enrollment"].learner)
    for module in story["modules"]:
        response = client.post(
            reverse("courses:complete_module", args=[module.translation_key]),
            {"next": module.url},
        )
        assert response.status_code == 302
    return response


WAITING = (
    "You have completed every module. You will complete the training when this cohort "
    "ends on %(date)s, if your attendance meets the minimum."
)


def test_the_last_module_on_day_two_completes_nothing_and_says_what_is_still_needed(
    client, story, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _complete_every_module(client, story)

    enrollment = story["enrollment"]
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ENROLLED
    assert not Certificate.objects.filter(enrollment=enrollment).exists()
    assert mailoutbox == []
    html = client.get(response.url).content.decode()
    assert "ขอแสดงความยินดี" not in html
    expected = "เรียนครบทุกบทเรียนแล้ว ท่านจะผ่านการอบรมเมื่อรุ่นนี้จบ วันที่ 3 ธันวาคม 2569 หากเข้าเรียนครบตามเกณฑ์"
    assert expected in html
    assert expected in client.get("/th/me/").content.decode()
    english = client.get(story["english"][0].url).content.decode()
    assert _text("en", WAITING, date="3 December 2026") in english


def test_once_the_last_session_is_over_the_beat_task_completes_and_certifies(
    client, story, clock, django_capture_on_commit_callbacks, mailoutbox
):
    _complete_every_module(client, story)
    enrollment = story["enrollment"]
    # Day 3 is under way: still nothing.
    clock.move_to(datetime.datetime(2026, 12, 3, 12, 0, tzinfo=BANGKOK))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.complete_finished_cohorts.delay().get() == 0

    clock.move_to(datetime.datetime(2026, 12, 3, 16, 15, tzinfo=BANGKOK))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.complete_finished_cohorts.delay().get() == 1
        assert tasks.complete_finished_cohorts.delay().get() == 0

    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.COMPLETED
    certificate = Certificate.objects.valid().get(enrollment=enrollment)
    assert certificate.issued_at.astimezone(BANGKOK).date() == datetime.date(2026, 12, 3)
    assert len(mailoutbox) == 1
    html = client.get(story["modules"][0].url).content.decode()
    assert _text("th", WAITING, date="3 ธันวาคม 2569") not in html


def test_module_progress_shows_when_the_cohort_requires_no_module(client, story):
    """Evidence-based policy requires no module: My learning and the course page still say
    how many of its modules the learner completed."""
    enrollment = story["enrollment"]
    assert not enrollment.cohort.required_modules.exists()
    ModuleProgress.objects.create(enrollment=enrollment, module=story["modules"][0])
    ModuleProgress.objects.create(enrollment=enrollment, module=story["modules"][1])
    client.force_login(enrollment.learner)
    done = _text("th", "%(done)s of %(total)s modules of the course completed", done=2, total=3)

    for url in ("/th/me/", enrollment.cohort.course.url):
        html = client.get(url).content.decode()
        assert done in html, url
        assert f'id="all-modules-{enrollment.pk}" max="3" value="2"' in html, url

    english_course = enrollment.cohort.course.get_translations().get().url
    html = client.get(english_course).content.decode()
    assert "2 of 3 modules of the course completed" in html


def test_the_course_page_says_which_modules_are_required_and_done(client, story):
    enrollment = story["enrollment"]
    enrollment.cohort.required_modules.set(story["modules"][:2])
    ModuleProgress.objects.create(enrollment=enrollment, module=story["modules"][0])
    client.force_login(enrollment.learner)

    html = client.get(enrollment.cohort.course.url).content.decode()

    assert _text("th", "%(done)s of %(total)s required modules completed", done=1, total=2) in html
    section = html[html.index('class="module-states"') :]
    items = section.split("<li>")[1:4]
    assert [_text("th", "required") in item for item in items] == [True, True, False]
    assert [_text("th", "not yet completed") not in item for item in items] == [
        True,
        False,
        False,
    ]


def test_visitors_see_no_progress_on_the_course_page(client, story):
    html = client.get(story["enrollment"].cohort.course.url).content.decode()
    assert "course-progress" not in html


def test_module_pages_link_the_previous_and_next_module_in_their_language(client, story):
    first, second, third = story["modules"]
    html = client.get(second.url).content.decode()
    nav = html[html.index('<nav class="module-nav"') :]
    nav = nav[: nav.index("</nav>")]
    assert f'aria-label="{_text("th", "Other modules of this course")}"' in nav
    assert f'href="{first.url}" rel="prev"' in nav
    assert f'href="{third.url}" rel="next"' in nav
    assert _text("th", "Next module: %(title)s", title=third.title) in nav

    english = story["english"]
    html = client.get(english[0].url).content.decode()
    nav = html[html.index('<nav class="module-nav"') :]
    nav = nav[: nav.index("</nav>")]
    assert 'aria-label="Other modules of this course"' in nav
    assert 'rel="prev"' not in nav
    assert f'href="{english[1].url}" rel="next"' in nav
    assert "Next module: Lesson 2" in nav
    assert "/th/" not in nav
