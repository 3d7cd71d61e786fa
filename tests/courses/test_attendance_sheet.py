"""A session's attendance sheet: bulk marking creates one mark per learner, marking again
updates it, the history names the trainer, and nobody else can mark."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.users.models import UserProfile

from courses.models import Attendance, Enrollment
from tests.courses.helpers import make_cohort, make_session
from tests.factories import make_learner, make_opdc_staff, make_trainer

pytestmark = pytest.mark.django_db
Status = Attendance.Status


@pytest.fixture
def trainer():
    return make_trainer()


@pytest.fixture
def cohort(trainer):
    return make_cohort(trainers=[trainer])


@pytest.fixture
def session(cohort):
    return make_session(cohort)


@pytest.fixture
def enrollments(cohort):
    return [
        Enrollment.objects.create(learner=make_learner(), cohort=cohort, status="enrolled")
        for _ in range(3)
    ]


def _sheet(session):
    return reverse("courses_admin_attendance", args=[session.cohort.code, session.code])


def _mark(client, session, enrollments, status):
    return client.post(
        _sheet(session), {"status": status, "enrollments": [e.pk for e in enrollments]}
    )


def test_the_sheet_lists_every_seated_learner(client, trainer, session, enrollments):
    waiting = Enrollment.objects.create(
        learner=make_learner(email="waiting@agency.go.th"),
        cohort=session.cohort,
        status="waitlisted",
    )
    client.force_login(trainer)

    response = client.get(_sheet(session))

    assert response.status_code == 200
    page = response.content.decode()
    for enrollment in enrollments:
        assert f'value="{enrollment.pk}"' in page
    assert f'value="{waiting.pk}"' not in page


def test_bulk_marking_records_the_trainer_and_method(client, trainer, session, enrollments):
    client.force_login(trainer)

    response = _mark(client, session, enrollments[:2], Status.PRESENT)

    assert response.status_code == 302
    marks = Attendance.objects.filter(session=session)
    assert sorted(m.enrollment_id for m in marks) == sorted(e.pk for e in enrollments[:2])
    for mark in marks:
        assert (mark.status, mark.method, mark.recorded_by) == (
            Status.PRESENT,
            Attendance.Method.TRAINER,
            trainer,
        )
        assert mark.history.get().history_user == trainer


def test_marking_again_updates_instead_of_duplicating(client, trainer, session, enrollments):
    client.force_login(trainer)
    _mark(client, session, enrollments, Status.PRESENT)

    _mark(client, session, enrollments[:1], Status.EXCUSED)

    assert Attendance.objects.filter(session=session).count() == 3
    changed = Attendance.objects.get(session=session, enrollment=enrollments[0])
    assert changed.status == Status.EXCUSED
    assert [h.status for h in changed.history.order_by("history_date")] == ["present", "excused"]


def test_a_trainer_overrides_a_qr_check_in_and_the_history_keeps_both(
    client, trainer, session, enrollments
):
    learner = enrollments[0].learner
    Attendance.objects.create(
        session=session,
        enrollment=enrollments[0],
        status=Status.PRESENT,
        method="qr",
        recorded_by=learner,
    )
    client.force_login(trainer)

    _mark(client, session, enrollments[:1], Status.LATE)

    mark = Attendance.objects.get(session=session, enrollment=enrollments[0])
    assert (mark.status, mark.method, mark.recorded_by) == (Status.LATE, "trainer", trainer)
    assert mark.history.count() == 2
    assert mark.history.first().history_user == trainer


def test_learners_of_another_cohort_cannot_be_marked(client, trainer, session, enrollments):
    stranger = Enrollment.objects.create(
        learner=make_learner(), cohort=make_cohort(), status="enrolled"
    )
    client.force_login(trainer)

    response = _mark(client, session, [enrollments[0], stranger], Status.PRESENT)

    assert response.status_code == 302
    assert not Attendance.objects.exists()


def test_marking_nobody_says_so(client, trainer, session, enrollments):
    client.force_login(trainer)

    response = client.post(_sheet(session), {"status": "present"}, follow=True)

    with translation.override("th"):
        assert gettext("Tick at least one learner first.") in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_learner_id_too_large_for_the_database_is_refused_with_a_message(
    client, trainer, session, enrollments
):
    """It was a 500 on SQLite (OverflowError while Django looked the choice up)."""
    client.force_login(trainer)

    response = client.post(
        _sheet(session),
        {"status": "present", "enrollments": [enrollments[0].pk, "99999999999999999999999"]},
        follow=True,
    )

    assert response.status_code == 200
    with translation.override("th"):
        assert gettext("Choose from the options shown; what was sent is not one of them.") in (
            response.content.decode()
        )
    assert not Attendance.objects.exists()


def test_an_unknown_status_changes_nothing(client, trainer, session, enrollments):
    client.force_login(trainer)
    _mark(client, session, enrollments, "asleep")
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("persona", ["anonymous", "learner", "other trainer"])
def test_nobody_else_can_mark(client, session, enrollments, persona):
    if persona == "learner":
        client.force_login(enrollments[0].learner)
    elif persona == "other trainer":
        client.force_login(make_trainer())

    response = _mark(client, session, enrollments, Status.PRESENT)

    assert response.status_code == 302
    if persona == "other trainer":
        assert response["Location"] == reverse("wagtailadmin_home")
    else:
        assert "/admin/login/" in response["Location"]
    assert not Attendance.objects.exists()


def test_opdc_staff_can_mark_any_cohort(client, session, enrollments):
    staff = make_opdc_staff()
    client.force_login(staff)

    _mark(client, session, enrollments, Status.ABSENT)

    assert Attendance.objects.filter(recorded_by=staff, status="absent").count() == 3


def test_marking_the_only_session_present_completes_the_learners_it_completes(
    client, trainer, session, enrollments
):
    # One planned session and no required modules: present at it meets an 80% minimum.
    client.force_login(trainer)
    # Marked ahead of the session, it completes nobody: the training has not happened.
    _mark(client, session, enrollments[:1], Status.PRESENT)
    assert not Enrollment.objects.filter(status=Enrollment.Status.COMPLETED).exists()

    with time_machine.travel(session.ends_at + datetime.timedelta(minutes=5), tick=False):
        client.force_login(trainer)
        _mark(client, session, enrollments[:2], Status.PRESENT)

    statuses = {e.pk: Enrollment.objects.get(pk=e.pk).status for e in enrollments}
    assert statuses[enrollments[0].pk] == Enrollment.Status.COMPLETED
    assert statuses[enrollments[1].pk] == Enrollment.Status.COMPLETED
    assert statuses[enrollments[2].pk] == Enrollment.Status.ENROLLED
    completed = Enrollment.objects.get(pk=enrollments[0].pk)
    assert completed.status_changed_by == trainer
    assert completed.history.first().history_user == trainer


def test_marking_absent_completes_nobody(client, trainer, session, enrollments):
    client.force_login(trainer)

    _mark(client, session, enrollments, Status.ABSENT)

    assert not Enrollment.objects.filter(status=Enrollment.Status.COMPLETED).exists()


def test_the_history_page_names_who_marked(client, trainer, session, enrollments):
    client.force_login(trainer)
    _mark(client, session, enrollments[:1], Status.PRESENT)

    page = client.get(reverse("courses_admin_history", args=[session.cohort.code])).content.decode()

    with translation.override("th"):
        assert trainer.display_name in page
        assert session.title in page
        assert str(Status.PRESENT.label) in page


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        ("en", "1 learner marked Absent.", "2 learners marked Present."),
        ("th", "บันทึกสถานะผู้เรียน 1 คนเป็น ขาด แล้ว", "บันทึกสถานะผู้เรียน 2 คนเป็น มาเข้าร่วม แล้ว"),
    ],
    ids=["en", "th"],
)
def test_the_message_counts_one_learner_or_many(
    client, trainer, session, enrollments, language, one, two
):
    profile = UserProfile.get_for_user(trainer)
    profile.preferred_language = language
    profile.save()
    client.force_login(trainer)

    page = _mark_and_follow(client, session, enrollments[:1], Status.ABSENT)
    assert one in page and "1 learners" not in page
    assert two in _mark_and_follow(client, session, enrollments[1:], Status.PRESENT)


def _mark_and_follow(client, session, enrollments, status):
    response = client.post(
        _sheet(session), {"status": status, "enrollments": [e.pk for e in enrollments]}, follow=True
    )
    return response.content.decode()
