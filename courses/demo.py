"""Builds the demo cohorts from demo/content/cohorts.yaml (parsed by `manage.py load_demo_data`,
after the cms and accounts demos): cohorts of the demo courses with their sessions, the people
seated or enrolled in them, their attendance and completed modules, and the prototypes each
course's cohorts co-designed.

Idempotent: dates are re-anchored to today on every run, people are enrolled only once. A
cohort whose course does not exist is skipped.
"""

import datetime
import re

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import AgencyCoordinator
from cms.models import Agency, CaseStudyPage, CoursePage, ModulePage
from courses import enrolment, quotas
from courses.models import Attendance, Cohort, Enrollment, ModuleProgress, Session
from courses.quotas import QuotaChange
from thai.dates import BE_OFFSET
from thai.fiscal import fiscal_year

Status = Enrollment.Status
# Optional cohort fields, given in the content as the model names them.
COHORT_FIELDS = (
    "title_en",
    "capacity",
    "min_attendance_percent",
    "approval_required",
    "agency_approval_required",
)


def _day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def _at(offset: int, hour: int) -> datetime.datetime:
    """`hour` o'clock on the day `offset` days from today; 24 is the day's last minute (23:59),
    so an all-day session ends on its own day."""
    day = _day(offset)
    if hour == 24:
        return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 23, 59))
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


def _usernames(people: list[str]) -> list[str]:
    """Usernames, with "learner01..learner20" standing for learner01 to learner20."""
    names = []
    for item in people:
        match = re.fullmatch(r"([a-z]+)(\d+)\.\.\1(\d+)", item)
        if match is None:
            names.append(item)
            continue
        prefix, first, last = match.group(1), match.group(2), match.group(3)
        width = len(first)
        names.extend(f"{prefix}{n:0{width}d}" for n in range(int(first), int(last) + 1))
    return names


def _people(people: list[str]) -> list:
    names = _usernames(people)
    users = {user.username: user for user in get_user_model().objects.filter(username__in=names)}
    return [users[name] for name in names if name in users]


def _named(template: str, start: datetime.date) -> str:
    """A cohort title of the content, with the fiscal year its first day falls in."""
    year = fiscal_year(start)
    return template.format(fiscal_year=year, fiscal_year_ce=year - BE_OFFSET)


def _same_title(template: str) -> str:
    """A regular expression for the titles `template` gives in any fiscal year: a reload in
    another fiscal year finds the cohort it made before instead of making a second one."""
    pattern = re.escape(template)
    for name in ("fiscal_year", "fiscal_year_ce"):
        pattern = pattern.replace(re.escape("{" + name + "}"), r"[0-9]{4}")
    return f"^{pattern}$"


def _cohort(course, spec: dict, content: dict, trainer) -> Cohort:
    fields = {field: spec[field] for field in COHORT_FIELDS if field in spec}
    start = _day(spec["start"])
    if "title_en" in fields:
        fields["title_en"] = _named(fields["title_en"], start)
    if "enrolment_closes" in spec:
        closes = spec["enrolment_closes"]
        fields["enrolment_closes_at"] = _at(closes["day"], closes["hour"])
    # A reload in another fiscal year finds the cohort it made before.
    cohort = Cohort.objects.filter(
        course=course, title__regex=_same_title(spec["title"])
    ).first() or Cohort(course=course)
    # A cohort is run the way its course says (an online course had on-site cohorts); an
    # online one has no venue.
    online = course.delivery_mode == "online"
    fields.update(
        title=_named(spec["title"], start),
        start_date=start,
        end_date=_day(spec["end"]),
        delivery_mode=course.delivery_mode or "onsite",
        venue="" if online else content["venue"],
        venue_en="" if online else content.get("venue_en", ""),
    )
    for name, value in fields.items():
        setattr(cohort, name, value)
    cohort.save()
    cohort.trainers.add(trainer)
    return cohort


def _sessions(cohort: Cohort, days: list[int], content: dict) -> list[Session]:
    sessions = []
    for number, offset in enumerate(days, start=1):
        start, end = content["session_hours_today" if offset == 0 else "session_hours"]
        session, _ = Session.objects.update_or_create(
            cohort=cohort,
            title=content["session_title"].format(number=number),
            defaults={
                "title_en": content["session_title_en"].format(number=number),
                "starts_at": _at(offset, start),
                "ends_at": _at(offset, end),
                # Open all day: a check-in at any hour is on time.
                "late_after_minutes": None if offset == 0 else 15,
            },
        )
        sessions.append(session)
    return sessions


def _seat_directly(cohort: Cohort, learners, status: str) -> None:
    """For cohorts whose enrolment window is already shut: record who took part."""
    for learner in learners:
        if Enrollment.objects.filter(learner=learner, cohort=cohort).exists():
            continue
        enrollment = Enrollment(learner=learner, cohort=cohort, status=status)
        if status == Status.COMPLETED:
            enrollment.completed_at = timezone.make_aware(
                datetime.datetime.combine(cohort.end_date, datetime.time(16))
            )
        enrollment._history_user = learner  # type: ignore[attr-defined]
        enrollment.save()
    seated = Enrollment.objects.filter(cohort=cohort, status__in=Enrollment.SEATED).count()
    Cohort.objects.filter(pk=cohort.pk).update(seats_taken=seated)


def _checked_in_at(session: Session, late: bool, number: int) -> datetime.datetime:
    """When a demo learner scanned the session's QR code: a few minutes after it started, or
    past its grace period for the late ones (each learner a minute apart)."""
    grace = session.late_after_minutes or 0
    minutes = grace + 5 + number % 5 if late else 1 + number % 5
    return session.starts_at + datetime.timedelta(minutes=minutes)


def _attend(cohort: Cohort, sessions, learners) -> None:
    """Each learner's own QR check-in, as `checkin.check_in` records it: by the learner, timed
    within the session (the history row too, which the cohort's history reads)."""
    enrollments = Enrollment.objects.filter(cohort=cohort).select_related("learner")
    by_learner = {enrollment.learner_id: enrollment for enrollment in enrollments}
    group = [by_learner[learner.pk] for learner in learners]
    for index, session in enumerate(sessions):
        done = set(
            Attendance.objects.filter(session=session, enrollment__in=group).values_list(
                "enrollment_id", flat=True
            )
        )
        for number, enrollment in enumerate(group):
            # Roughly one in seven missed this session, a different few each time; people who
            # completed the cohort came to every session, as its rule asks.
            missed = (number + index) % 7 == 6
            if (missed and enrollment.status != Status.COMPLETED) or enrollment.pk in done:
                continue
            at = _checked_in_at(session, late=number % 5 == 4, number=number)
            attendance = Attendance(
                session=session,
                enrollment=enrollment,
                # As a check-in decides it: on time within the grace period.
                status=Attendance.Status.LATE if session.is_late(at) else Attendance.Status.PRESENT,
                method=Attendance.Method.QR,
                recorded_by=enrollment.learner,
            )
            attendance._history_user = enrollment.learner  # type: ignore[attr-defined]
            attendance._history_date = at  # type: ignore[attr-defined]
            attendance.save()
            # `recorded_at` is set to now on every save: put it back to the check-in's time.
            Attendance.objects.filter(pk=attendance.pk).update(recorded_at=at)
            attendance.history.update(recorded_at=at)


def _complete_modules(cohort: Cohort, learner, modules) -> None:
    enrollment = Enrollment.objects.get(cohort=cohort, learner=learner)
    for module in modules:
        ModuleProgress.objects.get_or_create(enrollment=enrollment, module=module)


def load(content: dict) -> None:
    slugs = {spec["course"] for spec in content["cohorts"]}
    courses = {
        course.slug: course
        for course in CoursePage.objects.filter(locale__language_code="th", slug__in=slugs)
    }
    if not courses:
        return
    trainer = get_user_model().objects.get(username=content["trainer"])
    for spec in content["cohorts"]:
        course = courses.get(spec["course"])
        if course is None:
            continue
        modules = list(ModulePage.objects.child_of(course).live().order_by("path"))
        cohort = _cohort(course, spec, content, trainer)
        if spec.get("required_modules") == "all":
            cohort.required_modules.set(modules)
        sessions = _sessions(cohort, spec["sessions"], content)
        _reserve(cohort, spec.get("quotas", []), trainer)
        if "seated" in spec:
            _seat_directly(cohort, _people(spec["seated"]["people"]), spec["seated"]["status"])
        for person in _people(spec.get("enrolled", [])):
            enrolment.enrol(person, cohort)
        for username, note in spec.get("agency_approved", {}).items():
            for learner in _people([username]):
                _approve_for_agency(cohort, learner, note)
        for group in spec.get("attendance", []):
            _attend(cohort, sessions[: group["sessions"]], _people(group["people"]))
        for username, done in spec.get("modules_done", {}).items():
            for learner in _people([username]):
                _complete_modules(cohort, learner, modules if done == "all" else modules[:done])
    _link_co_designed(content["co_designed"])


def _approve_for_agency(cohort: Cohort, learner, note: str) -> None:
    """A coordinator of the learner's agency approves their request (stage 1), once."""
    enrollment = Enrollment.objects.get(cohort=cohort, learner=learner)
    if enrollment.status != Status.AGENCY_PENDING:
        return
    coordinator = AgencyCoordinator.objects.filter(agency_id=learner.agency_id).first()
    if coordinator is not None:
        enrolment.agency_approve(enrollment, coordinator.user, note)


def _reserve(cohort: Cohort, specs: list[dict], trainer) -> None:
    """The cohort's seat quotas, their release dates re-anchored to today on every run."""
    for spec in specs:
        agency = Agency.objects.get(name_en=spec["agency"])
        change = QuotaChange(agency=agency, seats=spec["seats"], release_on=_day(spec["until"]))
        quota = cohort.seat_quotas.filter(agency=agency).first()
        if quota is None:
            quotas.reserve(cohort, change, trainer)
        elif quota.is_held:
            quotas.change(quota, change, trainer)


def _link_co_designed(co_designed: dict[str, list[str]]) -> None:
    """Which prototypes each course's cohorts co-designed (all its cohorts, demo or not)."""
    prototypes = {
        page.slug: page for page in CaseStudyPage.objects.filter(locale__language_code="th")
    }
    for cohort in Cohort.objects.select_related("course"):
        slugs = co_designed.get(cohort.course.slug, [])
        cohort.co_designed_prototypes.add(*[prototypes[s] for s in slugs if s in prototypes])
