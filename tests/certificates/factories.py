"""Cohort and enrolment builders for the certificate tests (courses may grow its own later)."""

import datetime

from django.utils import timezone

from courses.models import Cohort, Enrollment
from tests.factories import make_course, make_learner


def make_cohort(**overrides) -> Cohort:
    fields = {
        "title": "รุ่นที่ 1 ปีงบประมาณ 2563",
        "start_date": datetime.date(2020, 2, 17),
        "end_date": datetime.date(2020, 2, 21),
        "capacity": 30,
    }
    fields.update(overrides)
    if "course" not in fields:
        fields["course"] = make_course(duration_hours=30)
    return Cohort.objects.create(**fields)


def make_enrollment(**overrides) -> Enrollment:
    fields = {"status": Enrollment.Status.COMPLETED}
    fields.update(overrides)
    if "learner" not in fields:
        fields["learner"] = make_learner(
            title_th="นางสาว",
            first_name_th="ศักดิ์สิทธิ์",
            last_name_th="ฟ้าใส",
            title_en="Ms",
            first_name="Saksit",
            last_name="Fasai",
        )
    if "cohort" not in fields:
        fields["cohort"] = make_cohort()
    if fields["status"] == Enrollment.Status.COMPLETED:
        fields.setdefault("completed_at", timezone.now())
    return Enrollment.objects.create(**fields)
