""" "Mark as complete" on a module page: who may, what it records, what the learner sees."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from courses import completion
from courses.models import Attendance, Enrollment, ModuleProgress
from tests.courses.helpers import make_cohort, make_session
from tests.factories import (
    make_course,
    make_learner,
    make_module,
    make_opdc_staff,
    make_trainer,
    translate,
)

pytestmark = pytest.mark.django_db


def thai(message: str) -> str:
    with translation.override("th"):
        return escape(gettext(message))


@pytest.fixture
def trainer():
    return make_trainer()


@pytest.fixture
def cohort(trainer):
    cohort = make_cohort(trainers=[trainer], min_attendance_percent=0)
    cohort.modules = [make_module(cohort.course), make_module(cohort.course)]
    cohort.required_modules.set(cohort.modules)
    return cohort


@pytest.fixture
def enrollment(cohort):
    return Enrollment.objects.create(
        learner=make_learner(), cohort=cohort, status=Enrollment.Status.ENROLLED
    )


def _url(module):
    return reverse("courses:complete_module", args=[module.translation_key])


def test_the_module_page_offers_mark_as_complete_to_an_enrolled_learner(client, enrollment):
    module = enrollment.cohort.modules[0]
    client.force_login(enrollment.learner)

    html = client.get(module.url).content.decode()

    assert thai("Mark as complete") in html
    assert _url(module) in html
    assert "<progress" in html


def test_the_module_page_offers_nothing_to_visitors_who_are_not_enrolled(client, cohort):
    module = cohort.modules[0]
    assert thai("Mark as complete") not in client.get(module.url).content.decode()
    client.force_login(make_learner())
    assert thai("Mark as complete") not in client.get(module.url).content.decode()


def test_marking_a_module_complete_records_it_once_and_shows_the_progress(client, enrollment):
    module = enrollment.cohort.modules[0]
    client.force_login(enrollment.learner)

    first = client.post(_url(module))
    second = client.post(_url(module))

    assert first.status_code == second.status_code == 302
    assert ModuleProgress.objects.filter(enrollment=enrollment, module=module).count() == 1
    html = client.get(first.url).content.decode()
    assert thai("You have completed this module.") in html
    with translation.override("th"):
        done = gettext("%(done)s of %(total)s required modules completed") % {
            "done": 1,
            "total": 2,
        }
    assert escape(done) in html
    assert 'value="1"' in html


def test_the_last_required_module_completes_the_enrolment_of_a_cohort_that_is_over(
    client, enrollment
):
    cohort = enrollment.cohort
    # Its last session is over: only the modules were missing.
    cohort.start_date = cohort.end_date = timezone.localdate() - datetime.timedelta(days=1)
    cohort.save()
    make_session(cohort, starts_at=timezone.now() - datetime.timedelta(days=1))
    learner = enrollment.learner
    client.force_login(learner)
    for module in enrollment.cohort.modules:
        response = client.post(_url(module))

    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.COMPLETED
    assert enrollment.status_changed_by == learner
    html = client.get(response.url).content.decode()
    with translation.override("th"):
        completed = gettext("You have completed %(cohort)s.") % {"cohort": enrollment.cohort.title}
    assert escape(completed) in html


def test_attendance_below_the_minimum_keeps_the_enrolment_open(client, enrollment):
    cohort = enrollment.cohort
    cohort.min_attendance_percent = 50
    cohort.save()
    session = make_session(cohort, starts_at=timezone.now() - datetime.timedelta(days=1))
    Attendance.objects.create(
        session=session,
        enrollment=enrollment,
        status=Attendance.Status.ABSENT,
        method=Attendance.Method.TRAINER,
    )
    client.force_login(enrollment.learner)
    for module in cohort.modules:
        client.post(_url(module))
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ENROLLED
    assert ModuleProgress.objects.filter(enrollment=enrollment).count() == 2


def test_the_persona_ladder_records_nothing_for_anyone_but_the_enrolled_learner(
    client, enrollment, trainer
):
    module = enrollment.cohort.modules[0]
    url = _url(module)
    other_course_learner = make_learner()
    Enrollment.objects.create(
        learner=other_course_learner, cohort=make_cohort(), status=Enrollment.Status.ENROLLED
    )
    other_trainer = make_trainer()
    make_cohort(trainers=[other_trainer])

    response = client.post(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    for person in (
        make_learner(),
        other_course_learner,
        other_trainer,
        trainer,
        make_opdc_staff(),
    ):
        client.force_login(person)
        assert client.post(url).status_code == 404
    client.force_login(enrollment.learner)
    assert client.get(url).status_code == 405
    assert not ModuleProgress.objects.exists()
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ENROLLED


def english(message: str) -> str:
    with translation.override("en"):
        return escape(gettext(message))


def test_a_bilingual_module_is_completed_once_from_the_thai_and_the_english_page(client):
    # As in the demo: a Thai course and modules, each with its English translation.
    course = make_course()
    translate(course, title="Public service design")
    modules = [make_module(course), make_module(course)]
    translations = [translate(module, title=f"Module {n}") for n, module in enumerate(modules)]
    cohort = make_cohort(course=course, min_attendance_percent=0)
    cohort.required_modules.set(modules)
    enrollment = Enrollment.objects.create(
        learner=make_learner(), cohort=cohort, status=Enrollment.Status.ENROLLED
    )
    client.force_login(enrollment.learner)

    # The first module from its English page, then again from its Thai page.
    page = client.get(translations[0].url)
    assert page.status_code == 200 and english("Mark as complete") in page.content.decode()
    from_english = client.post(_url(translations[0]), {"next": translations[0].url})
    assert from_english.status_code == 302 and from_english.url == translations[0].url
    assert (
        english("You have completed this module.") in client.get(from_english.url).content.decode()
    )
    thai_page = client.get(modules[0].url).content.decode()
    assert thai("You have completed this module.") in thai_page
    assert thai("Mark as complete") not in thai_page
    assert client.post(_url(modules[0]), {"next": modules[0].url}).status_code == 302
    assert ModuleProgress.objects.filter(enrollment=enrollment).count() == 1
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ENROLLED

    # The second from its Thai page: every module is done, the cohort is still to come.
    assert client.post(_url(modules[1]), {"next": modules[1].url}).status_code == 302
    assert client.post(_url(translations[1]), {"next": translations[1].url}).status_code == 302
    assert ModuleProgress.objects.filter(enrollment=enrollment).count() == 2
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ENROLLED
    assert completion.progress(enrollment).all_modules_done
