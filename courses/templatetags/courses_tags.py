"""Cohort sections for pages that belong to lower layers: `{% load courses_tags %}`.

`{% course_cohorts page %}` on a course page, `{% my_cohorts %}` on "My learning",
`{% open_cohorts limit=4 %}` and `{% people_trained as count %}` on the home page.
"""

from django import template
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone, translation

from cms.pages import CoursePage
from courses.models import Attendance, Cohort, Enrollment, Session

register = template.Library()


@register.inclusion_tag("courses/course_cohorts.html", takes_context=True)
def course_cohorts(context, page):
    """Upcoming cohorts of a course with seats left and the visitor's own status (one query)."""
    user = context["request"].user
    # Cohorts hang off one language version of a course; show them on every translation.
    cohorts = Cohort.objects.filter(course__translation_key=page.translation_key).upcoming()
    if user.is_authenticated:
        cohorts = cohorts.annotate(
            my_status=Subquery(
                Enrollment.objects.filter(cohort=OuterRef("pk"), learner=user).values("status")[:1]
            )
        )
    now = timezone.now()
    cohorts = list(cohorts)
    for cohort in cohorts:
        cohort.is_open = cohort.enrollment_is_open(now)
        cohort.not_yet_open = cohort.enrollment_not_yet_open(now)
    return {
        "cohorts": cohorts,
        "request": context["request"],
        "user": user,
        "Status": Enrollment.Status,
    }


@register.inclusion_tag("courses/my_cohorts.html", takes_context=True)
def my_cohorts(context):
    """The learner's enrolments with status, next sessions and attendance progress."""
    request = context["request"]
    now = timezone.now()
    attended = Q(
        attendances__status__in=[Attendance.Status.PRESENT, Attendance.Status.LATE],
    )
    enrollments = list(
        Enrollment.objects.for_learner(request.user)
        .select_related("cohort", "cohort__course")
        .annotate(
            sessions_total=Subquery(
                Session.objects.filter(cohort=OuterRef("cohort"))
                .values("cohort")
                .annotate(n=Count("pk"))
                .values("n")[:1]
            ),
            sessions_attended=Count("attendances", filter=attended),
        )
        .prefetch_related(
            Prefetch(
                "cohort__sessions",
                queryset=Session.objects.filter(ends_at__gte=now).order_by("starts_at"),
                to_attr="upcoming_sessions",
            )
        )
        .order_by("-cohort__start_date", "pk")
    )
    for enrollment in enrollments:
        total = enrollment.sessions_total or 0
        enrollment.attendance_percent = (
            round(100 * enrollment.sessions_attended / total) if total else 0
        )
        enrollment.next_sessions = enrollment.cohort.upcoming_sessions[:3]
        enrollment.can_withdraw = enrollment.status in (
            Enrollment.Status.PENDING,
            Enrollment.Status.ENROLLED,
            Enrollment.Status.WAITLISTED,
        )
    return {"enrollments": enrollments, "request": request, "Status": Enrollment.Status}


@register.inclusion_tag("courses/open_cohorts.html", takes_context=True)
def open_cohorts(context, limit=4):
    """Cohorts open for enrolment now, soonest first, each with its course in the visitor's
    language (two queries: the cohorts with their course, then the course translations)."""
    cohorts = list(
        Cohort.objects.open_for_enrollment()
        .filter(course__live=True)
        .select_related("course")
        .order_by("start_date", "pk")[:limit]
    )
    keys = {cohort.course.translation_key for cohort in cohorts}
    translated = {}
    if keys:
        translated = {
            course.translation_key: course
            for course in CoursePage.objects.live().filter(
                translation_key__in=keys, locale__language_code=translation.get_language()
            )
        }
    for cohort in cohorts:
        cohort.course_page = translated.get(cohort.course.translation_key, cohort.course)
    return {"cohorts": cohorts, "request": context.get("request")}


@register.simple_tag
def people_trained() -> int:
    """People who completed at least one course (a completed enrolment), each counted once."""
    return (
        Enrollment.objects.filter(status=Enrollment.Status.COMPLETED)
        .values("learner")
        .distinct()
        .count()
    )
