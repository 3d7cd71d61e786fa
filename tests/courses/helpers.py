"""Cohort builders shared by the courses tests."""

import datetime

from django.utils import timezone

from courses.enrolment import enrol
from courses.models import Cohort, Enrollment, Session
from tests.factories import days_from_now, make_course


def make_cohort(**overrides) -> Cohort:
    trainers = overrides.pop("trainers", [])
    fields = {
        "title": "รุ่นที่ 1 ปีงบประมาณ 2570",
        "title_en": "Cohort 1, fiscal year 2027",
        "start_date": days_from_now(14),
        "end_date": days_from_now(16),
        "capacity": 30,
        "venue": "ศูนย์ราชการฯ อาคาร B",
    }
    fields.update(overrides)
    if "course" not in fields:
        fields["course"] = make_course()
    cohort = Cohort.objects.create(**fields)
    cohort.trainers.set(trainers)
    return cohort


def make_session(cohort: Cohort, **overrides) -> Session:
    starts = overrides.pop("starts_at", None) or timezone.now() + datetime.timedelta(days=14)
    fields = {
        "title": "วันที่ 1: เข้าใจปัญหา",
        "title_en": "Day 1: Understanding the problem",
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=3),
    }
    fields.update(overrides)
    return Session.objects.create(cohort=cohort, **fields)


def make_session_today(trainer, starts_at: datetime.datetime) -> Session:
    """The check-in tests' session: three hours from `starts_at`, the one session of a cohort
    that runs that day only, trained by `trainer`."""
    day = starts_at.date()
    cohort = make_cohort(trainers=[trainer], start_date=day, end_date=day)
    return make_session(
        cohort, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=3)
    )


def seat(learner, session: Session) -> Enrollment:
    """Enrol `learner` in the cohort of `session`, which starts today, so its enrolment window
    has shut: it is opened until tomorrow first."""
    cohort = session.cohort
    cohort.enrolment_closes_at = timezone.now() + datetime.timedelta(days=1)
    cohort.save()
    return enrol(learner, cohort)
