import pytest

from accounts import demo as accounts_demo
from cms import demo as cms_demo
from courses import demo
from courses.models import Cohort, Enrollment
from tests.factories import make_course

pytestmark = pytest.mark.django_db
Status = Enrollment.Status


def _state():
    return sorted(
        Enrollment.objects.values_list("cohort__title", "learner__username", "status")
    ), sorted(Cohort.objects.values_list("title", "seats_taken"))


def test_the_demo_has_cohorts_a_waitlist_and_pending_requests_and_loads_twice_alike():
    cms_demo.load()
    accounts_demo.load()
    # The cms demo does not build courses yet; stand in for it with two Thai course pages.
    make_course()
    make_course()
    demo.load()
    first = _state()
    demo.load()

    assert _state() == first
    assert Enrollment.objects.filter(status=Status.WAITLISTED).count() == 5
    assert Enrollment.objects.filter(status=Status.PENDING).count() == 6
    assert Enrollment.objects.filter(learner__username="learner").exists()
    for cohort in Cohort.objects.all():
        assert cohort.seats_taken == cohort.enrollments.filter(status__in=Enrollment.SEATED).count()
        assert cohort.trainers.filter(username="trainer").exists()


def test_the_demo_creates_no_cohorts_without_courses():
    demo.load()
    assert not Cohort.objects.exists()
