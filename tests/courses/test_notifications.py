"""E-mails about enrolments and sessions, in the learner's language, queued after commit."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from courses import enrolment, notifications
from courses.models import Enrollment, SessionReminder
from courses.notifications import REMIND_BEFORE
from outbox.models import OutboxMessage
from tests.courses.helpers import make_cohort, make_session
from tests.factories import make_learner, make_trainer

pytestmark = pytest.mark.django_db


def test_enrolment_confirmed_is_sent_after_commit_in_thai(
    django_capture_on_commit_callbacks, mailoutbox
):
    learner = make_learner(preferred_language="th")
    cohort = make_cohort(title="รุ่นที่ 9")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enrolment.enrol(learner, cohort)
    assert mailoutbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    [mail] = mailoutbox
    assert mail.to == [learner.email]
    assert mail.subject == f"ยืนยันการลงทะเบียน: {cohort.course.title} (รุ่นที่ 9)"
    assert learner.full_name_th in mail.body
    assert OutboxMessage.objects.get().published_at is not None


def test_waitlisted_and_promoted_learners_are_told_in_english(
    django_capture_on_commit_callbacks, mailoutbox
):
    cohort = make_cohort(capacity=1)
    first = make_learner()
    waiting = make_learner(preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        seated = enrolment.enrol(first, cohort)
        enrolment.enrol(waiting, cohort)
    assert mailoutbox[-1].subject.startswith("You are on the waitlist")

    with django_capture_on_commit_callbacks(execute=True):
        enrolment.withdraw(seated, first)

    assert mailoutbox[-1].to == [waiting.email]
    assert mailoutbox[-1].subject.startswith("A seat freed up, you are enrolled")


def test_a_pending_request_and_its_approval_are_both_e_mailed(
    django_capture_on_commit_callbacks, mailoutbox
):
    trainer = make_trainer()
    cohort = make_cohort(approval_required=True, trainers=[trainer])
    learner = make_learner(preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        request = enrolment.enrol(learner, cohort)
        enrolment.approve(request, trainer)
    assert [m.subject.split(":")[0] for m in mailoutbox] == [
        "Request received",
        "Your request was approved",
    ]


def test_a_repeat_request_sends_nothing_more(django_capture_on_commit_callbacks, mailoutbox):
    learner = make_learner()
    cohort = make_cohort()
    with django_capture_on_commit_callbacks(execute=True):
        enrolment.enrol(learner, cohort)
        enrolment.enrol(learner, cohort)
    assert len(mailoutbox) == 1


NOW = datetime.datetime(2026, 11, 23, 2, 0, tzinfo=datetime.UTC)


def _reminder_setup():
    cohort = make_cohort()
    tomorrow = make_session(
        cohort, title="พรุ่งนี้", title_en="Tomorrow", starts_at=NOW + datetime.timedelta(hours=20)
    )
    make_session(cohort, title="อีกสองวัน", starts_at=NOW + datetime.timedelta(hours=50))
    make_session(cohort, title="เมื่อวาน", starts_at=NOW - datetime.timedelta(hours=20))
    learner = make_learner(preferred_language="en")
    Enrollment.objects.create(learner=learner, cohort=cohort, status=Enrollment.Status.ENROLLED)
    Enrollment.objects.create(
        learner=make_learner(), cohort=cohort, status=Enrollment.Status.WAITLISTED
    )
    return tomorrow, learner


def test_the_day_before_a_session_each_enrolled_learner_is_reminded_once(
    django_capture_on_commit_callbacks, mailoutbox
):
    tomorrow, learner = _reminder_setup()
    with time_machine.travel(NOW, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert notifications.send_due_reminders() == 1
        with django_capture_on_commit_callbacks(execute=True):
            assert notifications.send_due_reminders() == 0
    [mail] = mailoutbox
    assert mail.to == [learner.email]
    assert mail.subject.startswith("Reminder: Tomorrow starts")
    assert SessionReminder.objects.get().session == tomorrow


def test_a_missed_beat_run_is_caught_up_by_the_next_one(
    django_capture_on_commit_callbacks, mailoutbox
):
    """No run happened at the 24-hour mark; a run two hours before the start still reminds."""
    tomorrow, learner = _reminder_setup()
    with time_machine.travel(tomorrow.starts_at - datetime.timedelta(hours=2), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert notifications.send_due_reminders() == 1
    assert [m.to for m in mailoutbox] == [[learner.email]]


def test_no_reminder_once_the_session_has_started(mailoutbox):
    tomorrow, _learner = _reminder_setup()
    with time_machine.travel(tomorrow.starts_at + datetime.timedelta(minutes=1), tick=False):
        assert notifications.send_due_reminders() == 0
    assert not SessionReminder.objects.exists()


def _one_day_workshop():
    """A cohort whose day has a morning and an afternoon session, the day after one in
    progress: a learner who enrols now is inside the reminder time of both."""
    cohort = make_cohort(start_date=timezone.localdate(NOW), end_date=timezone.localdate(NOW))
    hour = datetime.timedelta(hours=1)
    sessions = {
        "running": make_session(cohort, title="กำลังเรียน", title_en="Running", starts_at=NOW - hour),
        "morning": make_session(
            cohort, title="ช่วงเช้า", title_en="Morning", starts_at=NOW + 5 * hour
        ),
        "afternoon": make_session(
            cohort, title="ช่วงบ่าย", title_en="Afternoon", starts_at=NOW + 10 * hour
        ),
        "next_day": make_session(
            cohort, title="วันถัดไป", title_en="Next day", starts_at=NOW + 30 * hour
        ),
    }
    return cohort, sessions


def test_a_learner_who_enrols_inside_the_reminder_time_gets_one_reminder_not_a_burst(
    django_capture_on_commit_callbacks, mailoutbox
):
    cohort, sessions = _one_day_workshop()
    learner = make_learner(preferred_language="en")
    with time_machine.travel(NOW, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            enrolment.enrol(learner, cohort)
        mailoutbox.clear()  # the confirmation
        for _run in range(3):  # beat runs every 15 minutes
            with django_capture_on_commit_callbacks(execute=True):
                notifications.send_due_reminders()

    [mail] = mailoutbox
    assert mail.subject.startswith("Reminder: Morning starts")
    assert '"Afternoon"' in mail.body  # the other session of the day is in the same e-mail
    assert "Running" not in mail.body  # already started: not reminded
    assert "Next day" not in mail.body  # its reminder time has not come


def test_each_session_is_reminded_once_at_its_own_reminder_time(
    django_capture_on_commit_callbacks, mailoutbox
):
    cohort, sessions = _one_day_workshop()
    learner = make_learner(preferred_language="th")
    Enrollment.objects.create(learner=learner, cohort=cohort, status=Enrollment.Status.ENROLLED)
    runs = [
        NOW,
        NOW + datetime.timedelta(minutes=15),
        sessions["next_day"].starts_at - REMIND_BEFORE,
    ]
    for moment in runs + [runs[-1] + datetime.timedelta(minutes=15)]:
        with time_machine.travel(moment, tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                notifications.send_due_reminders()

    assert [m.subject.split(" เริ่ม ")[0] for m in mailoutbox] == [
        "แจ้งเตือน: ช่วงเช้า",
        "แจ้งเตือน: วันถัดไป",
    ]
    assert set(SessionReminder.objects.values_list("session__title", flat=True)) == {
        "ช่วงเช้า",
        "ช่วงบ่าย",
        "วันถัดไป",
    }


def test_a_rejected_request_is_e_mailed_with_the_trainers_reason_in_thai(
    django_capture_on_commit_callbacks, mailoutbox
):
    trainer = make_trainer()
    cohort = make_cohort(title="รุ่นที่ 4", approval_required=True, trainers=[trainer])
    learner = make_learner(preferred_language="th")
    with django_capture_on_commit_callbacks(execute=True):
        request = enrolment.enrol(learner, cohort)
        enrolment.reject(request, trainer, reason="  รุ่นนี้สำหรับ\u200bผู้บริหารระดับต้น  ")

    assert [m.subject.split(":")[0] for m in mailoutbox] == [
        "ได้รับคำขอลงทะเบียนแล้ว",
        "ผลการพิจารณาคำขอลงทะเบียน",
    ]
    decision = mailoutbox[-1]
    assert decision.to == [learner.email]
    assert "ไม่สามารถรับท่านเข้าร่วมรุ่นนี้ได้" in decision.body
    assert "เหตุผล: รุ่นนี้สำหรับผู้บริหารระดับต้น\n" in decision.body


def test_a_rejected_waitlisted_learner_is_told_in_english_without_a_reason_line(
    django_capture_on_commit_callbacks, mailoutbox
):
    trainer = make_trainer()
    cohort = make_cohort(capacity=1, trainers=[trainer])
    waiting = make_learner(preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        enrolment.enrol(make_learner(), cohort)
        request = enrolment.enrol(waiting, cohort)
        enrolment.reject(request, trainer)

    decision = mailoutbox[-1]
    assert decision.to == [waiting.email]
    assert decision.subject.startswith("Decision on your request: ")
    assert "cannot offer you a place in this cohort" in decision.body
    assert "Reason:" not in decision.body


def test_a_refused_rejection_sends_nothing(django_capture_on_commit_callbacks, mailoutbox):
    trainer = make_trainer()
    cohort = make_cohort(trainers=[trainer])
    with django_capture_on_commit_callbacks(execute=True):
        seated = enrolment.enrol(make_learner(), cohort)
    sent = len(mailoutbox)

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(enrolment.EnrolmentRefused):
            enrolment.reject(seated, trainer, reason="ไม่ผ่านเกณฑ์")
        with pytest.raises(enrolment.EnrolmentRefused):
            enrolment.reject(seated, trainer, reason="ก" * 501)

    assert len(mailoutbox) == sent
    assert Enrollment.objects.get(pk=seated.pk).status == Enrollment.Status.ENROLLED


def test_an_english_confirmation_gives_the_english_venue_a_thai_one_the_thai(
    django_capture_on_commit_callbacks, mailoutbox
):
    cohort = make_cohort(venue="ศูนย์ราชการฯ อาคาร B", venue_en="Government Complex, Building B")
    with django_capture_on_commit_callbacks(execute=True):
        enrolment.enrol(make_learner(preferred_language="en"), cohort)
        enrolment.enrol(make_learner(preferred_language="th"), cohort)
    english, thai = mailoutbox
    assert "Venue: Government Complex, Building B" in english.body
    assert "สถานที่ ศูนย์ราชการฯ อาคาร B" in thai.body
