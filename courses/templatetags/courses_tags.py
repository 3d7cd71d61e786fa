"""Cohort sections for pages that belong to lower layers: `{% load courses_tags %}`.

`{% course_cohorts page %}` and `{% course_progress page modules %}` on a course page,
`{% module_completion page %}` on a module page,
`{% my_cohorts %}` on "My learning", `{% open_cohorts limit=4 %}` and
`{% people_trained as count %}` on the home page.
"""

from django import template
from django.db import IntegrityError
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.utils import timezone

from cms import page_cache
from cms.catalogue import in_visitors_language
from courses import completion, enrolment, seats
from courses.models import (
    CalendarFeed,
    Cohort,
    Enrollment,
    ModuleProgress,
    RequestDecision,
    SeatQuota,
    Session,
)

register = template.Library()


@register.inclusion_tag("courses/course_cohorts.html", takes_context=True)
def course_cohorts(context, page):
    """Upcoming cohorts of a course with seats left and the visitor's own status (one query;
    up to three more for a learner of an agency that seats are reserved for, and five more for
    a learner of a running cohort, to show an at-risk warning)."""
    user = context["request"].user
    page_cache.shows_live_figures(context["request"])  # seats left
    # Cohorts hang off one language version of a course; show them on every translation.
    cohorts = (
        Cohort.objects.filter(course__translation_key=page.translation_key)
        .upcoming()
        .annotate(holds_seats=Exists(SeatQuota.objects.held().filter(cohort=OuterRef("pk"))))
    )
    if user.is_authenticated:
        mine = Enrollment.objects.filter(cohort=OuterRef("pk"), learner=user)
        cohorts = cohorts.annotate(
            my_status=Subquery(mine.values("status")[:1]),
            my_waitlist_position=Subquery(
                mine.with_waitlist_position().values("waitlist_position")[:1]
            ),
        )
    now = timezone.now()
    cohorts = list(cohorts)
    for cohort in cohorts:
        cohort.is_open = cohort.enrollment_is_open(now)
        cohort.not_yet_open = cohort.enrollment_not_yet_open(now)
        cohort.my_progress = None
    today = timezone.localdate(now)
    # Seats held for agencies (two queries, none when no cohort holds seats), and for the
    # visitor's own agency (at most three more, none without an agency).
    askable = [c for c in cohorts if c.is_open or c.not_yet_open]
    held = seats.held_seats([c for c in askable if c.holds_seats])
    reservations = seats.reservations_for(user, askable)
    for cohort in cohorts:
        cohort.is_running = cohort.start_date <= today
        cohort.reserved_for_me = reservations.get(cohort.pk)
        cohort.held = held.get(cohort.pk)
        # The seats this visitor could take: not the ones held for other agencies.
        cohort.seats_for_me = cohort.seats_left
        if cohort.held and user.is_authenticated:
            mine = cohort.reserved_for_me.left if cohort.reserved_for_me else 0
            cohort.seats_for_me = max(cohort.seats_left - cohort.held.count + mine, 0)
    running = [
        c
        for c in cohorts
        if getattr(c, "my_status", None) == Enrollment.Status.ENROLLED and c.start_date <= today
    ]
    if running:
        # The learner's progress in a running cohort, to warn them while there is time
        # (a constant five more queries, only for a learner of a running cohort).
        mine = Enrollment.objects.for_learner(user).filter(
            cohort__in=running, status=Enrollment.Status.ENROLLED
        )
        by_cohort = {e.cohort_id: e for e in mine.select_related("cohort")}
        states = completion.progress_for(by_cohort.values(), now)
        for cohort in running:
            if cohort.pk in by_cohort:
                cohort.my_progress = states[by_cohort[cohort.pk].pk]
    return {
        "cohorts": cohorts,
        "request": context["request"],
        "user": user,
        "Status": Enrollment.Status,
    }


def _sort_key(enrollment):
    return enrollment.cohort.start_date


@register.inclusion_tag("courses/my_cohorts.html", takes_context=True)
def my_cohorts(context):
    """The learner's enrolments: current ones with status, next sessions, progress and
    at-risk warnings; then completed and closed ones. A constant number of queries."""
    request = context["request"]
    now = timezone.now()
    enrollments = list(
        Enrollment.objects.for_learner(request.user)
        .with_waitlist_position()
        .select_related("cohort", "cohort__course__locale")
        .prefetch_related(
            Prefetch(
                "cohort__sessions",
                queryset=Session.objects.order_by("starts_at", "pk"),
                to_attr="planned_sessions",
            ),
            # The request's decisions (two-stage approval): who decided, when, why.
            Prefetch(
                "decisions",
                queryset=RequestDecision.objects.select_related("by").order_by("at", "pk"),
                to_attr="decision_history",
            ),
        )
        .order_by("cohort__start_date", "pk")
    )
    # One query for every session of every cohort: the next sessions and the progress.
    sessions = {e.cohort_id: e.cohort.planned_sessions for e in enrollments}
    states = completion.progress_for(
        [e for e in enrollments if e.status in Enrollment.SEATED], now, sessions
    )
    # The course as the visitor reads it: its English translation on /en/ where there is one.
    translated = in_visitors_language({e.cohort.course for e in enrollments})
    Status = Enrollment.Status
    current, finished, closed = [], [], []
    for enrollment in enrollments:
        course = enrollment.cohort.course
        enrollment.course_page = translated.get(course.translation_key, course)
        # Marked up in its own language when it has no translation (lang and hreflang).
        enrollment.course_language = (
            "" if course.translation_key in translated else course.locale.language_code
        )
        enrollment.progress = states.get(enrollment.pk)
        enrollment.at_risk = bool(
            enrollment.status == Status.ENROLLED and enrollment.progress.at_risk
        )
        enrollment.next_sessions = [
            session for session in enrollment.cohort.planned_sessions if session.ends_at >= now
        ][:3]
        for session in enrollment.next_sessions:
            # Started and not over: shown as running now, not as one to come.
            session.in_progress = session.starts_at <= now
        # A session today: the learner may need the code-entry page (a camera that will not scan).
        enrollment.checks_in_today = enrollment.status in Enrollment.SEATED and any(
            timezone.localdate(session.starts_at) == timezone.localdate(now)
            for session in enrollment.cohort.planned_sessions
        )
        enrollment.can_withdraw = enrollment.status in enrolment.WITHDRAWABLE
        if enrollment.status == Status.COMPLETED:
            finished.append(enrollment)
        elif enrollment.status in (
            Status.WITHDRAWN,
            Status.REJECTED,
            Status.REMOVED,
            Status.NO_SHOW,
            Status.EXPIRED,
        ):
            closed.append(enrollment)
        else:
            current.append(enrollment)
    finished.sort(key=_sort_key, reverse=True)
    closed.sort(key=_sort_key, reverse=True)
    return {
        "current": current,
        "finished": finished,
        "closed": closed,
        "request": request,
        "Status": Status,
    }


@register.inclusion_tag("courses/my_calendar.html", takes_context=True)
def my_calendar_links(context):
    """Links to download my sessions or subscribe to them from a calendar app."""
    request = context["request"]
    feed = CalendarFeed.objects.filter(user=request.user).first()
    if feed is None:
        try:
            feed = CalendarFeed.objects.create(user=request.user)
        except IntegrityError:  # a second tab created it a moment ago
            feed = CalendarFeed.objects.get(user=request.user)
    return {"feed": feed, "request": request}


def _seated_enrollment(user, course) -> Enrollment | None:
    """The learner's seat in a cohort of the course (any language version): an active
    enrolment before a completed one, the latest first; the same choice as the view."""
    if not user.is_authenticated:
        return None
    enrollments = list(
        Enrollment.objects.for_learner(user)
        .filter(cohort__course__translation_key=course.translation_key)
        .filter(status__in=Enrollment.SEATED)
        .select_related("cohort")
        .order_by("-cohort__start_date")
    )
    enrollments.sort(key=lambda e: e.status != Enrollment.Status.ENROLLED)
    return enrollments[0] if enrollments else None


@register.inclusion_tag("courses/module_completion.html", takes_context=True)
def module_completion(context, page):
    """ "Mark as complete" and the learner's progress, for a learner holding a seat in a
    cohort of the module's course; nothing for anybody else."""
    request = context["request"]
    enrollment = _seated_enrollment(request.user, page.get_parent())
    if enrollment is None:
        return {"enrollment": None}
    done = ModuleProgress.objects.filter(
        enrollment=enrollment, module__translation_key=page.translation_key
    ).exists()
    return {
        "enrollment": enrollment,
        "done": done,
        "progress": completion.progress(enrollment),
        "page": page,
        "request": request,
        "Status": Enrollment.Status,
    }


@register.inclusion_tag("courses/course_progress.html", takes_context=True)
def course_progress(context, page, modules):
    """The learner's progress on a course page: the progress bars and, for each module shown
    on the page, whether it is required and done; nothing for anybody without a seat."""
    request = context["request"]
    enrollment = _seated_enrollment(request.user, page)
    if enrollment is None:
        return {"enrollment": None}
    done = set(
        ModuleProgress.objects.filter(enrollment=enrollment).values_list(
            "module__translation_key", flat=True
        )
    )
    required = set(enrollment.cohort.required_modules.values_list("translation_key", flat=True))
    return {
        "enrollment": enrollment,
        "progress": completion.progress(enrollment),
        "modules": [
            {
                "page": module,
                "done": module.translation_key in done,
                "required": module.translation_key in required,
            }
            for module in modules
        ],
        "request": request,
        "Status": Enrollment.Status,
    }


@register.inclusion_tag("courses/open_cohorts.html", takes_context=True)
def open_cohorts(context, limit=4):
    """Cohorts open for enrolment now, soonest first, each with its course in the visitor's
    language (two queries: the cohorts with their course, then the course translations)."""
    page_cache.shows_live_figures(context.get("request"))
    cohorts = list(
        Cohort.objects.open_for_enrollment()
        .filter(course__live=True)
        .select_related("course")
        .order_by("start_date", "pk")[:limit]
    )
    translated = in_visitors_language({cohort.course for cohort in cohorts})
    for cohort in cohorts:
        cohort.course_page = translated.get(cohort.course.translation_key, cohort.course)
    return {"cohorts": cohorts, "request": context.get("request")}


@register.simple_tag(takes_context=True)
def people_trained(context) -> int:
    """People who completed at least one course (a completed enrolment), each counted once."""
    page_cache.shows_live_figures(context.get("request"))
    return (
        Enrollment.objects.filter(status=Enrollment.Status.COMPLETED)
        .values("learner")
        .distinct()
        .count()
    )
