"""Progress, the completion workflow, at-risk warnings and the certificate on completion."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from certificates.models import Certificate
from courses import checkin, completion, tasks
from courses.models import Attendance, Enrollment, ModuleProgress
from tests.courses.helpers import make_cohort, make_session
from tests.factories import make_learner, make_module, make_trainer

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _cohort_with_sessions(past: int, future: int, **fields):
    """A running cohort: `past` sessions are over, `future` are still to come."""
    cohort = make_cohort(
        start_date=(NOW - datetime.timedelta(days=past + 1)).date(),
        end_date=(NOW + datetime.timedelta(days=future + 1)).date(),
        **fields,
    )
    sessions = [
        make_session(cohort, title=f"S{n}", starts_at=NOW + datetime.timedelta(days=n - past))
        for n in range(past + future)
    ]
    return cohort, sessions


def _seat(learner, cohort) -> Enrollment:
    enrollment = Enrollment.objects.create(
        learner=learner, cohort=cohort, status=Enrollment.Status.ENROLLED
    )
    return enrollment


def _mark(enrollment, session, status=Attendance.Status.PRESENT):
    return Attendance.objects.create(
        session=session, enrollment=enrollment, status=status, method=Attendance.Method.TRAINER
    )


def test_attendance_counts_against_all_planned_sessions_not_only_the_past_ones():
    cohort, sessions = _cohort_with_sessions(past=2, future=8)
    enrollment = _seat(make_learner(), cohort)
    _mark(enrollment, sessions[0])
    _mark(enrollment, sessions[1], Attendance.Status.LATE)

    state = completion.progress(enrollment)

    assert (state.sessions_attended, state.sessions_total) == (2, 10)
    assert state.attendance_percent == 20
    assert not state.attendance_met
    assert not state.at_risk  # 10 of 10 is still possible


def test_an_unmarked_session_counts_as_absent_once_it_is_over():
    cohort, sessions = _cohort_with_sessions(past=3, future=2, min_attendance_percent=80)
    enrollment = _seat(make_learner(), cohort)
    _mark(enrollment, sessions[0])
    _mark(enrollment, sessions[1])
    # sessions[2] is over and nobody marked it.

    state = completion.progress(enrollment)

    assert state.sessions_remaining == 2
    assert state.best_attendance_percent == 80
    assert not state.at_risk
    # Today's session ends unmarked: 80 % is now out of reach.
    with time_machine.travel(NOW + datetime.timedelta(hours=4), tick=False):
        later = completion.progress(enrollment)
    assert later.sessions_remaining == 1
    assert later.at_risk


def test_an_excused_session_still_to_come_cannot_be_attended():
    cohort, sessions = _cohort_with_sessions(past=0, future=5, min_attendance_percent=100)
    enrollment = _seat(make_learner(), cohort)
    _mark(enrollment, sessions[4], Attendance.Status.EXCUSED)
    assert completion.progress(enrollment).at_risk


def test_update_completion_completes_when_the_rule_is_met_and_issues_the_certificate(
    django_capture_on_commit_callbacks, mailoutbox, clock
):
    cohort, sessions = _cohort_with_sessions(past=4, future=1, min_attendance_percent=75)
    module = make_module(cohort.course)
    cohort.required_modules.set([module])
    learner = make_learner(preferred_language="en")
    enrollment = _seat(learner, cohort)
    for session in sessions[:3]:
        _mark(enrollment, session)
    trainer = make_trainer()

    # 3 of 5 sessions is 60 %: not yet.
    assert completion.update_completion(enrollment, by=trainer) is False
    _mark(enrollment, sessions[3])
    # 80 % now, but the required module is not done.
    assert completion.update_completion(enrollment, by=trainer) is False
    ModuleProgress.objects.create(enrollment=enrollment, module=module)
    # The rule is met, but the last session is still to come.
    assert completion.update_completion(enrollment, by=trainer) is False

    ended = sessions[4].ends_at
    clock.move_to(ended)
    with django_capture_on_commit_callbacks(execute=True):
        assert completion.update_completion(enrollment, by=trainer) is True

    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.COMPLETED
    assert enrollment.completed_at == ended
    assert enrollment.status_changed_by == trainer
    assert enrollment.history.latest().history_user == trainer
    assert Certificate.objects.valid().filter(enrollment=enrollment).count() == 1
    [mail] = mailoutbox
    assert mail.to == [learner.email]
    assert mail.subject.startswith("Congratulations, you completed")


def test_nobody_completes_before_the_last_session_even_with_enough_attendance(
    django_capture_on_commit_callbacks, mailoutbox, clock
):
    """The QA story: 2 of 3 sessions meets a 60 % minimum, every module done on day 2."""
    cohort, sessions = _cohort_with_sessions(past=2, future=1, min_attendance_percent=60)
    module = make_module(cohort.course)
    enrollment = _seat(make_learner(), cohort)
    _mark(enrollment, sessions[0])
    _mark(enrollment, sessions[1])
    ModuleProgress.objects.create(enrollment=enrollment, module=module)

    state = completion.progress(enrollment)
    assert state.attendance_met and state.all_modules_done
    assert not state.ended
    assert state.ends_at == sessions[2].ends_at
    with django_capture_on_commit_callbacks(execute=True):
        assert completion.update_completion(enrollment) is False
        assert completion.complete_finished_cohorts() == 0
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ENROLLED
    assert not Certificate.objects.filter(enrollment=enrollment).exists()
    assert mailoutbox == []


def test_the_beat_task_completes_every_eligible_learner_once_the_cohort_is_over(
    django_capture_on_commit_callbacks, mailoutbox, clock
):
    cohort, sessions = _cohort_with_sessions(past=2, future=1, min_attendance_percent=60)
    done = [_seat(make_learner(), cohort) for _ in range(2)]
    for enrollment in done:
        _mark(enrollment, sessions[0])
        _mark(enrollment, sessions[1])
    short = _seat(make_learner(), cohort)
    _mark(short, sessions[0])
    # A cohort still running is left alone.
    running, later = _cohort_with_sessions(past=1, future=3, min_attendance_percent=0)
    waiting = _seat(make_learner(), running)

    clock.move_to(sessions[2].ends_at + datetime.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.complete_finished_cohorts.delay().get() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert completion.complete_finished_cohorts() == 0

    statuses = dict(Enrollment.objects.values_list("pk", "status"))
    assert [statuses[e.pk] for e in done] == [Enrollment.Status.COMPLETED] * 2
    assert statuses[short.pk] == statuses[waiting.pk] == Enrollment.Status.ENROLLED
    certificates = Certificate.objects.valid().filter(enrollment__in=done)
    assert certificates.count() == 2
    assert len(mailoutbox) == 2
    # The certificate gives the day the cohort ended, not a day in the middle of it.
    assert {e.completed_at for e in Enrollment.objects.filter(pk__in=[d.pk for d in done])} == {
        sessions[2].ends_at + datetime.timedelta(minutes=1)
    }
    assert "complete-finished-cohorts" in settings.CELERY_BEAT_SCHEDULE


def test_update_completion_twice_completes_once():
    cohort, sessions = _cohort_with_sessions(past=1, future=0, min_attendance_percent=100)
    enrollment = _seat(make_learner(), cohort)
    _mark(enrollment, sessions[0])
    assert completion.update_completion(enrollment) is True
    assert completion.update_completion(enrollment) is False
    assert enrollment.history.filter(status=Enrollment.Status.COMPLETED).count() == 1


def test_an_empty_required_module_list_means_no_modules_are_needed():
    cohort, sessions = _cohort_with_sessions(past=1, future=0, min_attendance_percent=100)
    enrollment = _seat(make_learner(), cohort)
    _mark(enrollment, sessions[0])
    state = completion.progress(enrollment)
    assert (state.modules_required, state.modules_met) == (0, True)
    assert completion.update_completion(enrollment)


@pytest.mark.parametrize(
    "status", [Enrollment.Status.WAITLISTED, Enrollment.Status.PENDING, Enrollment.Status.WITHDRAWN]
)
def test_only_an_enrolled_learner_can_complete(status):
    cohort, sessions = _cohort_with_sessions(past=1, future=0, min_attendance_percent=0)
    enrollment = Enrollment.objects.create(learner=make_learner(), cohort=cohort, status=status)
    assert completion.update_completion(enrollment) is False
    enrollment.refresh_from_db()
    assert enrollment.status == status


def test_a_check_in_that_meets_the_rule_completes_the_enrolment_once_the_session_ends(
    django_capture_on_commit_callbacks, clock
):
    cohort, sessions = _cohort_with_sessions(past=0, future=1, min_attendance_percent=100)
    learner = make_learner()
    enrollment = _seat(learner, cohort)
    session = sessions[0]

    checkin.check_in(learner, session, Attendance.Method.QR, now=session.starts_at)

    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ENROLLED
    clock.move_to(session.ends_at)
    with django_capture_on_commit_callbacks(execute=True):
        assert completion.complete_finished_cohorts() == 1
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.COMPLETED


def test_at_risk_learner_and_trainers_are_told_once_each_in_their_language(
    django_capture_on_commit_callbacks, mailoutbox
):
    trainer_th = make_trainer(preferred_language="th")
    trainer_en = make_trainer(preferred_language="en")
    cohort, sessions = _cohort_with_sessions(
        past=3, future=2, min_attendance_percent=80, trainers=[trainer_th, trainer_en]
    )
    learner = make_learner(preferred_language="en")
    at_risk = _seat(learner, cohort)
    _mark(at_risk, sessions[0])  # 1 of 3 past: at best 3 of 5 = 60 %
    fine = _seat(make_learner(), cohort)
    for session in sessions[:3]:
        _mark(fine, session)

    with django_capture_on_commit_callbacks(execute=True):
        assert completion.warn_learners_at_risk() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert completion.warn_learners_at_risk() == 0
        assert completion.update_completion(at_risk) is False

    assert completion.at_risk_ids(cohort) == {at_risk.pk}
    at_risk.refresh_from_db()
    assert at_risk.at_risk_notified_at == NOW
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [learner.email, trainer_th.email, trainer_en.email]
    )
    by_recipient = {m.to[0]: m for m in mailoutbox}
    assert by_recipient[learner.email].subject.startswith("Your attendance can no longer")
    assert "60%" in by_recipient[learner.email].body
    assert by_recipient[trainer_th.email].subject.startswith("ผู้เรียนมีความเสี่ยง")
    assert by_recipient[trainer_en.email].subject.startswith("A learner can no longer")


def test_progress_for_many_enrolments_takes_five_queries(django_assert_num_queries):
    enrollments = []
    for _ in range(6):
        cohort, sessions = _cohort_with_sessions(past=2, future=2)
        cohort.required_modules.set([make_module(cohort.course)])
        enrollment = _seat(make_learner(), cohort)
        _mark(enrollment, sessions[0])
        enrollments.append(enrollment)
    loaded = list(Enrollment.objects.select_related("cohort"))
    with django_assert_num_queries(5):
        states = completion.progress_for(loaded, timezone.now())
    assert {s.sessions_attended for s in states.values()} == {1}
    assert {s.modules_required for s in states.values()} == {1}
    assert {s.modules_total for s in states.values()} == {1}


def test_progress_counts_every_module_of_the_course_required_or_not():
    cohort, sessions = _cohort_with_sessions(past=1, future=1)
    modules = [make_module(cohort.course) for _ in range(3)]
    cohort.required_modules.set(modules[:1])
    enrollment = _seat(make_learner(), cohort)
    ModuleProgress.objects.create(enrollment=enrollment, module=modules[1])
    ModuleProgress.objects.create(enrollment=enrollment, module=modules[2])

    state = completion.progress(enrollment)

    assert (state.modules_done_total, state.modules_total) == (2, 3)
    assert (state.modules_done, state.modules_required) == (0, 1)
    assert not state.all_modules_done
