"""Demo cohorts for the demo courses: one past, one running (with a session today for the QR
check-in), one upcoming and full (with a waitlist), one needing approval (with pending requests),
and a second running cohort where the demo learner has missed too many sessions.

The demo learner's "My learning" tells a story: one cohort completed (with its modules), one
running with some attendance and one module done, one where they can no longer reach the
minimum attendance (an at-risk warning), and one request waiting for approval.

Idempotent: dates are re-anchored to today on every run, people are enrolled only once.
Called by `manage.py load_demo_data` after the cms and accounts demos.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from cms.models import CoursePage, ModulePage
from courses import enrolment
from courses.models import Attendance, Cohort, Enrollment, ModuleProgress, Session

Status = Enrollment.Status


def _day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def _at(offset: int, hour: int) -> datetime.datetime:
    day = _day(offset)
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


def _cohort(course, title, start, end, trainer, **fields) -> Cohort:
    cohort, _ = Cohort.objects.update_or_create(
        course=course,
        title=title,
        defaults={
            "start_date": _day(start),
            "end_date": _day(end),
            "venue": "ศูนย์นวัตกรรมภาครัฐ อาคารรัฐประศาสนภักดี ศูนย์ราชการฯ",
            **fields,
        },
    )
    cohort.trainers.add(trainer)
    return cohort


def _sessions(cohort: Cohort, days: list[int]) -> list[Session]:
    sessions = []
    for number, offset in enumerate(days, start=1):
        # A running cohort's session today spans the whole working day, so the
        # QR check-in can be tried at any time.
        start, end = (8, 17) if offset == 0 else (9, 16)
        session, _ = Session.objects.update_or_create(
            cohort=cohort,
            title=f"วันที่ {number}",
            defaults={"starts_at": _at(offset, start), "ends_at": _at(offset, end)},
        )
        sessions.append(session)
    return sessions


def _seat_directly(cohort: Cohort, learners, status=Status.ENROLLED) -> list[Enrollment]:
    """For cohorts whose enrolment window is already shut: record who took part."""
    enrollments = []
    for learner in learners:
        enrollment = Enrollment.objects.filter(learner=learner, cohort=cohort).first()
        if enrollment is None:
            enrollment = Enrollment(learner=learner, cohort=cohort, status=status)
            if status == Status.COMPLETED:
                enrollment.completed_at = timezone.make_aware(
                    datetime.datetime.combine(cohort.end_date, datetime.time(16))
                )
            enrollment._history_user = learner  # type: ignore[attr-defined]
            enrollment.save()
        enrollments.append(enrollment)
    seated = Enrollment.objects.filter(cohort=cohort, status__in=Enrollment.SEATED).count()
    Cohort.objects.filter(pk=cohort.pk).update(seats_taken=seated)
    return enrollments


def _attend(sessions, enrollments, trainer) -> None:
    for session in sessions:
        for number, enrollment in enumerate(enrollments):
            if number % 7 == 6:
                continue  # roughly one in seven missed this session
            Attendance.objects.get_or_create(
                session=session,
                enrollment=enrollment,
                defaults={
                    "status": Attendance.Status.LATE
                    if number % 5 == 4
                    else Attendance.Status.PRESENT,
                    "method": Attendance.Method.QR,
                    "recorded_by": trainer,
                },
            )


def _complete_modules(enrollment: Enrollment, modules) -> None:
    for module in modules:
        ModuleProgress.objects.get_or_create(enrollment=enrollment, module=module)


def load() -> None:
    courses = list(CoursePage.objects.filter(locale__language_code="th").order_by("path")[:4])
    if not courses:
        return
    users = get_user_model().objects
    trainer = users.get(username="trainer")
    learners = list(users.filter(username__regex=r"^learner\d\d$").order_by("username"))
    learner = users.get(username="learner")

    first = courses[0]
    modules = list(ModulePage.objects.child_of(first).live().order_by("path"))
    past = _cohort(first, "รุ่นที่ 1 ปีงบประมาณ 2569", -60, -58, trainer, capacity=30)
    past.required_modules.set(modules)
    # The demo learner comes first, so `_attend` marks them present every time.
    past_enrolments = _seat_directly(past, [learner, *learners[:20]], Status.COMPLETED)
    _attend(_sessions(past, [-60, -59, -58]), past_enrolments, trainer)
    _complete_modules(past_enrolments[0], modules)

    # 60 %: whatever the hour the demo is shown (today's session may be over, unmarked), the
    # demo learner can still complete by attending tomorrow.
    running = _cohort(
        first, "รุ่นที่ 2 ปีงบประมาณ 2570", -1, 1, trainer, capacity=25, min_attendance_percent=60
    )
    running.required_modules.set(modules)
    running_enrolments = _seat_directly(running, [learner, *learners[20:40]])
    sessions = _sessions(running, [-1, 0, 1])
    _attend(sessions[:1], running_enrolments, trainer)
    _complete_modules(running_enrolments[0], modules[:1])

    upcoming = _cohort(
        first,
        "รุ่นที่ 3 ปีงบประมาณ 2570",
        21,
        23,
        trainer,
        capacity=10,
        enrolment_closes_at=_at(14, 17),
    )
    _sessions(upcoming, [21, 22, 23])
    for person in learners[40:55]:  # 10 seats: the last five wait
        enrolment.enrol(person, upcoming)

    second = courses[1] if len(courses) > 1 else first
    approval = _cohort(
        second,
        "รุ่นพิเศษสำหรับผู้บริหาร",
        30,
        31,
        trainer,
        capacity=20,
        approval_required=True,
    )
    _sessions(approval, [30, 31])
    for person in [learner, *learners[55:60]]:
        enrolment.enrol(person, approval)

    # Running for ten days with seven sessions; the demo learner attended two of the five so
    # far, so even attending the last two gives 4 of 7 (57 %) against the 80 % needed.
    at_risk = _cohort(second, "รุ่นที่ 2 ปีงบประมาณ 2570 (ภาคค่ำ)", -10, 4, trainer, capacity=20)
    at_risk_sessions = _sessions(at_risk, [-10, -8, -6, -3, -1, 2, 4])
    learner_enrolment, *others = _seat_directly(at_risk, [learner, *learners[5:20]])
    _attend(at_risk_sessions[:5], others, trainer)
    _attend(at_risk_sessions[:2], [learner_enrolment], trainer)

    for course in courses[2:]:
        cohort = _cohort(course, "รุ่นที่ 1 ปีงบประมาณ 2570", 45, 46, trainer, capacity=40)
        _sessions(cohort, [45, 46])
