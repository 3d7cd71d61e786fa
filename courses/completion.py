"""Progress towards completing a cohort, and the one workflow that completes an enrolment.

Attendance is counted against ALL planned sessions of the cohort, not only the past ones: a
learner who attended 2 of 2 sessions so far in a 10-session cohort has 20 %, not 100 %. A
session nobody marked counts as absent once it is over. A learner is *at risk* when even
attending every remaining session would not reach the cohort's minimum.

Nobody completes a cohort before it is over (its last session has ended; the day after its end
date for a cohort with no sessions): 2 of 3 sessions may already meet a 60 % minimum, but the
certificate says the training ran to the last day. `update_completion()` is called by the
check-in flow, by "Mark as complete" on a module page and by anything else that changes
attendance or progress; `complete_finished_cohorts()` by a beat task once the cohort is over,
for the learners who met the rule before it ended; `warn_learners_at_risk()` by a beat task. Neither relies on signals: the certificate is issued by the hooks registered for
`after_enrollment_completed` (certificates/wagtail_hooks.py), because courses cannot import
certificates.
"""

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import IntegerField, Max, OuterRef, Q, Subquery
from django.db.models.functions import Length, Substr
from django.utils import timezone
from wagtail import hooks
from wagtail.models import Page

from cms.models import ModulePage
from courses import notifications
from courses.models import Attendance, Cohort, Enrollment, ModuleProgress, Session

# Attendance that counts towards the minimum.
ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.LATE)
# Marks on a session that has not happened yet which already rule it out.
WILL_MISS = (Attendance.Status.ABSENT, Attendance.Status.EXCUSED)


@dataclasses.dataclass
class Progress:
    modules_required: int
    modules_done: int
    sessions_total: int
    sessions_attended: int
    # Sessions still to come that the learner could still attend.
    sessions_remaining: int
    min_attendance_percent: int
    # When the cohort is over: the end of its last session (the end of its end date if it
    # has none). Nobody completes it before.
    ends_at: datetime.datetime
    ended: bool
    # Every live module of the course, required or not, and how many of them the learner did.
    modules_total: int = 0
    modules_done_total: int = 0

    @property
    def ends_on(self) -> datetime.date:
        return timezone.localdate(self.ends_at)

    @property
    def attendance_percent(self) -> int:
        if not self.sessions_total:
            return 100
        return round(100 * self.sessions_attended / self.sessions_total)

    @property
    def best_attendance_percent(self) -> int:
        """The attendance reached by attending every remaining session."""
        if not self.sessions_total:
            return 100
        best = self.sessions_attended + self.sessions_remaining
        return round(100 * best / self.sessions_total)

    def _meets(self, attended: int) -> bool:
        # Compared in whole sessions, not rounded percentages: 7 of 9 is 77.8 %, not 78 %.
        return attended * 100 >= self.min_attendance_percent * self.sessions_total

    @property
    def attendance_met(self) -> bool:
        return self._meets(self.sessions_attended)

    @property
    def modules_met(self) -> bool:
        return self.modules_done >= self.modules_required

    @property
    def modules_percent(self) -> int:
        if not self.modules_required:
            return 100
        return round(100 * self.modules_done / self.modules_required)

    @property
    def all_modules_done(self) -> bool:
        """The course has modules and the learner did every one of them."""
        return bool(self.modules_total) and self.modules_done_total >= self.modules_total

    @property
    def rule_met(self) -> bool:
        """The cohort is over and the learner met its rule: complete the enrolment."""
        return self.ended and self.attendance_met and self.modules_met

    @property
    def at_risk(self) -> bool:
        """The minimum attendance can no longer be reached."""
        return not self._meets(self.sessions_attended + self.sessions_remaining)


def _cohort_ends_at(cohort: Cohort, session_ends: list[datetime.datetime]) -> datetime.datetime:
    if session_ends:
        return max(session_ends)
    day_after = cohort.end_date + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day_after, datetime.time()))


def ends_at_by_cohort(cohorts) -> dict[int, datetime.datetime]:
    """When each cohort is over, as completion counts it (the end of its last session; the
    end of its end date if it has none): one query for all of them."""
    last = dict(
        Session.objects.filter(cohort__in=cohorts)
        .values("cohort")
        .annotate(last=Max("ends_at"))
        .values_list("cohort", "last")
    )
    return {
        cohort.pk: _cohort_ends_at(cohort, [last[cohort.pk]] if cohort.pk in last else [])
        for cohort in cohorts
    }


def _module_keys_by_course(course_ids) -> dict[int, set]:
    """The translation keys of the live modules of each course (one query: a module's parent
    is the page whose path is its own less one step)."""
    parent = Page.objects.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
    ).values("pk")[:1]
    rows = (
        ModulePage.objects.live()
        .annotate(course_id=Subquery(parent, output_field=IntegerField()))
        .filter(course_id__in=course_ids)
        .values_list("course_id", "translation_key")
    )
    keys: dict[int, set] = defaultdict(set)
    for course_id, key in rows:
        keys[course_id].add(key)
    return keys


def progress_for(
    enrollments: Iterable[Enrollment], now=None, sessions_by_cohort=None
) -> dict[int, Progress]:
    """Progress of many enrolments in five queries, whatever their number (four when the
    caller already loaded the cohorts' sessions: `{cohort_id: [Session, ...]}`).

    Each enrolment must have its `cohort` loaded (select_related)."""
    enrollments = list(enrollments)
    if not enrollments:
        return {}
    now = now or timezone.now()
    cohort_ids = {enrollment.cohort_id for enrollment in enrollments}
    enrollment_ids = [enrollment.pk for enrollment in enrollments]

    sessions: dict[int, list[tuple[int, bool]]] = defaultdict(list)
    session_ends: dict[int, list[datetime.datetime]] = defaultdict(list)
    rows: Iterable[tuple[int, int, datetime.datetime]]
    if sessions_by_cohort is None:
        rows = Session.objects.filter(cohort_id__in=cohort_ids).values_list(
            "cohort_id", "pk", "ends_at"
        )
    else:
        rows = [
            (cohort_id, session.pk, session.ends_at)
            for cohort_id, planned in sessions_by_cohort.items()
            for session in planned
        ]
    for cohort_id, session_id, ends_at in rows:
        sessions[cohort_id].append((session_id, ends_at < now))
        session_ends[cohort_id].append(ends_at)

    marks: dict[int, dict[int, str]] = defaultdict(dict)
    for enrollment_id, session_id, status in Attendance.objects.filter(
        enrollment_id__in=enrollment_ids
    ).values_list("enrollment_id", "session_id", "status"):
        marks[enrollment_id][session_id] = status

    # Modules are compared by translation key: a learner may open either language version.
    required: dict[int, set] = defaultdict(set)
    for cohort_id, key in Cohort.required_modules.through.objects.filter(
        cohort_id__in=cohort_ids
    ).values_list("cohort_id", "modulepage__translation_key"):
        required[cohort_id].add(key)

    done: dict[int, set] = defaultdict(set)
    for enrollment_id, key in ModuleProgress.objects.filter(
        enrollment_id__in=enrollment_ids
    ).values_list("enrollment_id", "module__translation_key"):
        done[enrollment_id].add(key)

    modules = _module_keys_by_course({enrollment.cohort.course_id for enrollment in enrollments})

    result = {}
    for enrollment in enrollments:
        mine = marks[enrollment.pk]
        planned = sessions[enrollment.cohort_id]
        attended = sum(1 for session_id, _over in planned if mine.get(session_id) in ATTENDED)
        remaining = sum(
            1
            for session_id, over in planned
            if not over and mine.get(session_id) not in (*ATTENDED, *WILL_MISS)
        )
        needed = required[enrollment.cohort_id]
        ends_at = _cohort_ends_at(enrollment.cohort, session_ends[enrollment.cohort_id])
        course_modules = modules[enrollment.cohort.course_id]
        result[enrollment.pk] = Progress(
            modules_required=len(needed),
            modules_done=len(needed & done[enrollment.pk]),
            sessions_total=len(planned),
            sessions_attended=attended,
            sessions_remaining=remaining,
            min_attendance_percent=enrollment.cohort.min_attendance_percent,
            ends_at=ends_at,
            ended=ends_at <= now,
            modules_total=len(course_modules),
            modules_done_total=len(course_modules & done[enrollment.pk]),
        )
    return result


def progress(enrollment: Enrollment, now=None) -> Progress:
    return progress_for([enrollment], now)[enrollment.pk]


def at_risk_ids(cohort: Cohort, now=None) -> set[int]:
    """Ids of the cohort's enrolled learners who can no longer reach the minimum attendance:
    for the trainer's roster (a constant number of queries)."""
    return {enrollment.pk for enrollment, _state in at_risk_enrollments([cohort], now)}


def at_risk_enrollments(cohorts, now=None) -> list[tuple[Enrollment, Progress]]:
    """The enrolled learners of these cohorts who can no longer reach the minimum attendance,
    with their progress, oldest request first: for the trainer's admin home (five queries,
    whatever the number of cohorts and learners)."""
    enrollments = list(
        Enrollment.objects.filter(cohort__in=cohorts, status=Enrollment.Status.ENROLLED)
        .select_related("cohort", "learner")
        .order_by("cohort__start_date", "requested_at", "pk")
    )
    states = progress_for(enrollments, now)
    return [
        (enrollment, states[enrollment.pk])
        for enrollment in enrollments
        if states[enrollment.pk].at_risk
    ]


def update_completion(enrollment: Enrollment, *, by=None, now=None) -> bool:
    """Complete the enrolment if the cohort's rule is met now. True when this call completed it.

    Completing records status, time and actor (in the history), queues the completion e-mail
    and runs the `after_enrollment_completed` hooks (the certificate). A learner who is not
    there yet but can no longer reach the minimum attendance is warned instead (once)."""
    with transaction.atomic():
        enrollment = (
            Enrollment.objects.select_for_update()
            .select_related("cohort", "cohort__course", "learner")
            .get(pk=enrollment.pk)
        )
        if enrollment.status != Enrollment.Status.ENROLLED:
            return False
        state = progress(enrollment, now)
        if not state.rule_met:
            if state.at_risk:
                notify_at_risk(enrollment, state)
            return False
        # Conditional: two simultaneous callers complete it once (SQLite has no row locks).
        claimed = Enrollment.objects.filter(
            pk=enrollment.pk, status=Enrollment.Status.ENROLLED
        ).update(status=Enrollment.Status.COMPLETED)
        if not claimed:
            return False
        enrollment.status = Enrollment.Status.COMPLETED
        enrollment.completed_at = timezone.now()
        enrollment.status_changed_by = by
        # django-simple-history names the actor of this history row.
        enrollment._history_user = by  # type: ignore[attr-defined]
        enrollment.save()
        notifications.completed(enrollment)
        for hook in hooks.get_hooks("after_enrollment_completed"):
            hook(enrollment)
    return True


def notify_at_risk(enrollment: Enrollment, state: Progress | None = None) -> bool:
    """Tell the learner and the cohort's trainers, once, that the minimum is out of reach."""
    state = state or progress(enrollment)
    if not state.at_risk or enrollment.status != Enrollment.Status.ENROLLED:
        return False
    with transaction.atomic():
        claimed = Enrollment.objects.filter(
            pk=enrollment.pk, at_risk_notified_at__isnull=True
        ).update(at_risk_notified_at=timezone.now())
        if claimed:
            notifications.at_risk(enrollment, state)
    return bool(claimed)


def warn_learners_at_risk(now=None) -> int:
    """Beat task body: warn every enrolled learner of a running cohort who has fallen out of
    reach and was not told yet. Returns how many were warned."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    enrollments = list(
        Enrollment.objects.filter(
            Q(cohort__end_date__gte=today),
            status=Enrollment.Status.ENROLLED,
            at_risk_notified_at__isnull=True,
        ).select_related("cohort", "cohort__course", "learner")
    )
    states = progress_for(enrollments, now)
    return sum(
        notify_at_risk(enrollment, states[enrollment.pk])
        for enrollment in enrollments
        if states[enrollment.pk].at_risk
    )


def complete_finished_cohorts(now=None) -> int:
    """Beat task body: complete every enrolled learner who met the rule of a cohort that is
    now over (their last check-in or module came before the last session ended, when nothing
    could complete them yet). Running it again completes nobody twice. Returns how many."""
    now = now or timezone.now()
    enrollments = list(
        Enrollment.objects.filter(
            cohort__start_date__lte=timezone.localdate(now), status=Enrollment.Status.ENROLLED
        )
        # No session still to end (progress_for says whether a cohort with none is over).
        .exclude(cohort__sessions__ends_at__gt=now)
        .select_related("cohort")
    )
    states = progress_for(enrollments, now)
    return sum(
        update_completion(enrollment, now=now)
        for enrollment in enrollments
        if states[enrollment.pk].rule_met
    )
