"""Progress, the completion workflow, at-risk warnings and the certificate on completion."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from certificates.models import Certificate
from courses import checkin, completion
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
    django_capture_on_commit_callbacks, mailoutbox
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

    with django_capture_on_commit_callbacks(execute=True):
        assert completion.update_completion(enrollment, by=trainer) is True

    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.COMPLETED
    assert enrollment.completed_at == NOW
    assert enrollment.status_changed_by == trainer
    assert enrollment.history.latest().history_user == trainer
    assert Certificate.objects.valid().filter(enrollment=enrollment).count() == 1
    [mail] = mailoutbox
    assert mail.to == [learner.email]
    assert mail.subject.startswith("Congratulations, you completed")


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


def test_a_check_in_that_meets_the_rule_completes_the_enrolment():
    cohort, sessions = _cohort_with_sessions(past=0, future=1, min_attendance_percent=100)
    learner = make_learner()
    enrollment = _seat(learner, cohort)
    session = sessions[0]

    checkin.check_in(learner, session, Attendance.Method.QR, now=session.starts_at)

    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.COMPLETED
    assert enrollment.history.latest().history_user == learner


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


def test_progress_for_many_enrolments_takes_four_queries(django_assert_num_queries):
    enrollments = []
    for _ in range(6):
        cohort, sessions = _cohort_with_sessions(past=2, future=2)
        cohort.required_modules.set([make_module(cohort.course)])
        enrollment = _seat(make_learner(), cohort)
        _mark(enrollment, sessions[0])
        enrollments.append(enrollment)
    loaded = list(Enrollment.objects.select_related("cohort"))
    with django_assert_num_queries(4):
        states = completion.progress_for(loaded, timezone.now())
    assert {s.sessions_attended for s in states.values()} == {1}
    assert {s.modules_required for s in states.values()} == {1}
