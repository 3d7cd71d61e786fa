"""Cohorts in the Wagtail admin: the menu, "my cohorts", cohort and session forms, the roster
with its filters, approve and reject, and the history page, for every persona."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from courses.enrolment import approve, enrol
from courses.models import Attendance, Cohort, Enrollment, SeatQuota, Session
from tests.courses.helpers import make_cohort, make_session
from tests.factories import (
    make_agency,
    make_bilingual_course,
    make_course,
    make_english,
    make_learner,
    make_module,
    make_opdc_staff,
    make_trainer,
)
from thai.dates import format_date

pytestmark = pytest.mark.django_db
Status = Enrollment.Status


@pytest.fixture
def trainer():
    return make_trainer()


@pytest.fixture
def cohort(trainer):
    return make_cohort(capacity=2, approval_required=True, trainers=[trainer])


@pytest.fixture
def pending(cohort):
    learner = make_learner(first_name_th="มานี", email="manee@agency.go.th")
    return Enrollment.objects.create(learner=learner, cohort=cohort, status=Status.PENDING)


def _roster(cohort, query=""):
    return reverse("courses_admin_roster", args=[cohort.code]) + query


def _decide(enrollment, decision):
    return reverse("courses_admin_decide", args=[enrollment.cohort.code, enrollment.pk, decision])


def _login_redirect(response):
    """Wagtail sends people without admin access (anonymous, learners) to its log-in page."""
    return response.status_code == 302 and "/admin/login/" in response["Location"]


def _refused(response):
    """A trainer asking for another trainer's cohort: Wagtail's "no permission" message on the
    admin home page."""
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


# The menu and "my cohorts" ----------------------------------------------------------------


def test_trainers_and_opdc_staff_see_the_cohorts_menu(client, trainer):
    index = reverse("courses_cohort:index")
    for person in (trainer, make_opdc_staff()):
        client.force_login(person)
        response = client.get(reverse("wagtailadmin_home"))
        assert index in response.content.decode()


def test_trainers_see_only_the_cohorts_they_train(client, trainer, cohort):
    other = make_cohort(title="รุ่นของคนอื่น", trainers=[make_trainer()])
    client.force_login(trainer)

    response = client.get(reverse("courses_cohort:index"))

    assert response.status_code == 200
    page = response.content.decode()
    assert cohort.code in page
    assert other.code not in page
    assert _roster(cohort) in page


def test_opdc_staff_see_every_cohort(client, cohort):
    other = make_cohort(trainers=[make_trainer()])
    client.force_login(make_opdc_staff())

    page = client.get(reverse("courses_cohort:index")).content.decode()

    assert cohort.code in page and other.code in page


def test_learners_are_sent_to_the_admin_login(client, cohort):
    client.force_login(make_learner())
    assert _login_redirect(client.get(reverse("courses_cohort:index")))


# Creating and editing cohorts -------------------------------------------------------------


def _cohort_form(course, **overrides):
    data = {
        "course": course.pk,
        "title": "รุ่นที่ 9",
        "start_date": "2027-01-10",
        "end_date": "2027-01-12",
        "delivery_mode": "onsite",
        "venue": "กรุงเทพฯ",
        "online_link": "",
        "capacity": "25",
        "enrolment_opens_at": "",
        "enrolment_closes_at": "",
        "min_attendance_percent": "80",
    }
    data.update(overrides)
    return data


def test_the_cohort_forms_and_tool_pages_open_for_the_trainer(client, trainer, cohort):
    session = make_session(cohort)
    client.force_login(trainer)
    urls = [
        reverse("courses_cohort:add"),
        reverse("courses_cohort:edit", args=[cohort.pk]),
        reverse("courses_admin_sessions", args=[cohort.code]),
        reverse("courses_admin_session_add", args=[cohort.code]),
        reverse("courses_admin_session_edit", args=[cohort.code, session.code]),
        reverse("courses_admin_import", args=[cohort.code]),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_a_trainer_creates_a_cohort_and_becomes_its_trainer(client, trainer):
    course = make_course()
    client.force_login(trainer)

    response = client.post(reverse("courses_cohort:add"), _cohort_form(course))

    cohort = Cohort.objects.get(title="รุ่นที่ 9")
    assert response.status_code == 302
    assert response["Location"] == _roster(cohort)
    assert list(cohort.trainers.all()) == [trainer]


def test_a_cohort_can_require_the_agencys_approval_with_days_per_stage(client, trainer):
    course = make_course()
    client.force_login(trainer)
    form = _cohort_form(course)

    assert "agency_approval_required" in client.get(reverse("courses_cohort:add")).content.decode()
    client.post(
        reverse("courses_cohort:add"),
        {**form, "agency_approval_required": "on", "agency_approval_days": "3"},
    )

    cohort = Cohort.objects.get(title="รุ่นที่ 9")
    assert cohort.agency_approval_required
    # The trainers' days, left empty, are the usual number.
    assert (cohort.agency_approval_days, cohort.trainer_approval_days) == (3, 5)


def test_a_trainer_of_another_cohort_cannot_edit_it(client, cohort):
    client.force_login(make_trainer())
    url = reverse("courses_cohort:edit", args=[cohort.pk])

    assert _refused(client.get(url))
    response = client.post(url, _cohort_form(cohort.course, title="ถูกแก้"))

    assert _refused(response)
    assert Cohort.objects.get(pk=cohort.pk).title == cohort.title


def test_the_trainer_edits_their_cohort_and_the_history_names_them(client, trainer, cohort):
    client.force_login(trainer)
    url = reverse("courses_cohort:edit", args=[cohort.pk])
    data = _cohort_form(cohort.course, title="ชื่อใหม่", trainers=[trainer.pk])

    response = client.post(url, data)

    assert response.status_code == 302
    cohort.refresh_from_db()
    assert cohort.title == "ชื่อใหม่"
    assert cohort.history.first().history_user == trainer


def test_the_required_modules_offered_are_the_cohorts_course_modules_in_thai(client, trainer):
    course = make_bilingual_course()
    own = make_module(course, title="ทำความเข้าใจผู้รับบริการ")
    make_english(own, title="Understanding the people you serve")
    make_module(make_course(), title="โมดูลของหลักสูตรอื่น")
    cohort = make_cohort(course=course, trainers=[trainer])
    client.force_login(trainer)

    form = client.get(reverse("courses_cohort:edit", args=[cohort.pk])).context["form"]

    offered = [str(module) for module in form.fields["required_modules"].queryset]
    assert offered == ["ทำความเข้าใจผู้รับบริการ"]


def test_a_module_of_another_course_is_refused_with_a_message(client, trainer):
    course, other = make_course(), make_course()
    foreign = make_module(other, title="โมดูลของหลักสูตรอื่น")
    client.force_login(make_opdc_staff())

    response = client.post(
        reverse("courses_cohort:add"), _cohort_form(course, required_modules=[foreign.pk])
    )

    assert response.status_code == 200
    assert "โมดูลของหลักสูตรอื่น" in response.context["form"].errors["required_modules"][0]
    assert not Cohort.objects.filter(title="รุ่นที่ 9").exists()


def test_capacity_cannot_go_below_the_seats_taken(client, trainer, cohort):
    Cohort.objects.filter(pk=cohort.pk).update(seats_taken=2)
    client.force_login(trainer)

    response = client.post(
        reverse("courses_cohort:edit", args=[cohort.pk]),
        _cohort_form(cohort.course, capacity="1", trainers=[trainer.pk]),
    )

    assert response.status_code == 200
    assert Cohort.objects.get(pk=cohort.pk).capacity == 2


def test_an_edit_saved_while_someone_enrols_keeps_their_seat(trainer):
    # The edit form read the cohort (no seat taken), then a learner enrolled, then the edit
    # was saved: the learner's seat is still counted.
    cohort = make_cohort(trainers=[trainer])  # open enrolment: a seat at once
    being_edited = Cohort.objects.get(pk=cohort.pk)
    enrol(make_learner(), cohort)
    being_edited.title = "รุ่นที่ 1 (แก้ไขแล้ว)"
    being_edited.save()

    cohort.refresh_from_db()
    assert cohort.title == "รุ่นที่ 1 (แก้ไขแล้ว)"
    assert cohort.seats_taken == 1 == cohort.enrollments.count()


def test_only_opdc_staff_may_delete_a_cohort(client, trainer, cohort):
    client.force_login(trainer)
    url = reverse("courses_cohort:delete", args=[cohort.pk])

    response = client.post(url)

    assert response.status_code == 302
    assert Cohort.objects.filter(pk=cohort.pk).exists()


def test_opdc_staff_are_told_a_cohort_with_enrolments_cannot_be_deleted(client, pending):
    """It was a 500 (ProtectedError): Wagtail's usage count does not see enrolments."""
    client.force_login(make_opdc_staff())

    response = client.post(reverse("courses_cohort:delete", args=[pending.cohort.pk]), follow=True)

    assert response.status_code == 200
    assert Cohort.objects.filter(pk=pending.cohort.pk).exists()
    assert Enrollment.objects.filter(pk=pending.pk, status=Status.PENDING).exists()
    with translation.override("th"):
        message = gettext(
            "This cohort has enrolments, so it cannot be deleted: its attendance, "
            "certificates and training figures depend on them."
        )
    assert message in response.content.decode()


@pytest.mark.parametrize(
    "field, value",
    [
        ("course", "99999999999999999999999"),
        ("course", "²"),
        ("course", "on"),
        ("trainers", "99999999999999999999999"),
        ("required_modules", "-1"),
        ("co_designed_prototypes", "๒๕๖๙x"),
    ],
)
def test_a_choice_that_cannot_be_an_id_is_refused_with_a_message(
    client, trainer, cohort, field, value
):
    """Each was a 500: OverflowError on SQLite, or ValueError when Wagtail's page chooser
    showed the form again."""
    client.force_login(trainer)
    data = _cohort_form(cohort.course, title="ถูกแก้", trainers=[trainer.pk])
    data[field] = [value]

    response = client.post(reverse("courses_cohort:edit", args=[cohort.pk]), data)

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert Cohort.objects.get(pk=cohort.pk).title != "ถูกแก้"


def test_a_decision_whose_next_is_not_a_path_returns_to_the_roster(client, trainer, pending):
    """`next=99999` was read as the name of a view: NoReverseMatch, a 500."""
    client.force_login(trainer)

    response = client.post(_decide(pending, "approve"), {"next": "99999999999999999999999"})

    assert response.status_code == 302
    assert response["Location"] == _roster(pending.cohort)


# Sessions ---------------------------------------------------------------------------------


def _session_form(cohort, **overrides):
    """A session on the cohort's first day, 09:00 to 12:00 Bangkok time."""
    day = cohort.start_date.isoformat()
    data = {
        "title": "วันที่ 2",
        "title_en": "",
        "starts_at": f"{day} 09:00",
        "ends_at": f"{day} 12:00",
        "venue": "",
        "online_link": "",
    }
    data.update(overrides)
    return data


def test_the_trainer_adds_a_session_in_bangkok_time(client, trainer, cohort):
    client.force_login(trainer)

    response = client.post(
        reverse("courses_admin_session_add", args=[cohort.code]), _session_form(cohort)
    )

    assert response.status_code == 302
    session = Session.objects.get(cohort=cohort)
    assert timezone.localtime(session.starts_at).hour == 9
    assert session.starts_at.utcoffset() == datetime.timedelta(0)  # stored in UTC


def test_a_session_has_an_english_title_for_the_english_site(client, trainer, cohort):
    client.force_login(trainer)

    client.post(
        reverse("courses_admin_session_add", args=[cohort.code]),
        _session_form(cohort, title="วันที่ 2: ทดสอบต้นแบบ", title_en="Day 2: Testing the prototype"),
    )

    session = Session.objects.get(cohort=cohort)
    with translation.override("en"):
        assert session.display_title == "Day 2: Testing the prototype"
    with translation.override("th"):
        assert session.display_title == "วันที่ 2: ทดสอบต้นแบบ"


def test_a_session_must_end_after_it_starts(client, trainer, cohort):
    client.force_login(trainer)
    response = client.post(
        reverse("courses_admin_session_add", args=[cohort.code]),
        _session_form(cohort, ends_at=f"{cohort.start_date} 08:00"),
    )
    assert response.status_code == 200
    assert not Session.objects.filter(cohort=cohort).exists()


@pytest.mark.parametrize(
    ("when", "field"),
    [((-1, 0), "starts_at"), ((2, 3), "ends_at"), ((3, 3), "starts_at")],
    ids=["the day before the cohort", "ending after it", "after it"],
)
def test_a_session_outside_the_cohorts_dates_is_refused(client, trainer, cohort, when, field):
    # The cohort runs over three days from its start date; a session beyond them would have
    # completed people after the cohort ended.
    starts, ends = (cohort.start_date + datetime.timedelta(days=days) for days in when)
    client.force_login(trainer)

    response = client.post(
        reverse("courses_admin_session_add", args=[cohort.code]),
        _session_form(cohort, starts_at=f"{starts} 09:00", ends_at=f"{ends} 12:00"),
    )

    assert response.status_code == 200
    assert not Session.objects.filter(cohort=cohort).exists()
    error = response.context["form"].errors[field][0]
    with translation.override("th"):
        start = format_date(cohort.start_date)
    assert start.endswith(str(cohort.start_date.year + 543))  # Buddhist era
    assert start in error
    assert format_date(cohort.end_date, language="th") in error


def test_an_edit_cannot_move_a_session_past_the_cohorts_end(client, trainer, cohort):
    session = make_session(cohort)
    client.force_login(trainer)
    late = cohort.end_date + datetime.timedelta(days=1)

    response = client.post(
        reverse("courses_admin_session_edit", args=[cohort.code, session.code]),
        _session_form(cohort, starts_at=f"{late} 09:00", ends_at=f"{late} 12:00"),
    )

    assert response.status_code == 200
    assert "ends_at" in response.context["form"].errors
    assert Session.objects.get(pk=session.pk).starts_at == session.starts_at


def test_the_session_form_names_the_cohorts_dates(client, trainer, cohort):
    client.force_login(trainer)
    response = client.get(reverse("courses_admin_session_add", args=[cohort.code]))
    assert format_date(cohort.end_date, language="th") in response.content.decode()


@pytest.mark.parametrize("persona", ["anonymous", "learner", "other trainer"])
def test_only_the_cohorts_trainers_add_sessions(client, cohort, persona):
    if persona == "learner":
        client.force_login(make_learner())
    elif persona == "other trainer":
        client.force_login(make_trainer())

    response = client.post(
        reverse("courses_admin_session_add", args=[cohort.code]), _session_form(cohort)
    )

    assert _refused(response) if persona == "other trainer" else _login_redirect(response)
    assert not Session.objects.filter(cohort=cohort).exists()


def test_the_trainer_edits_a_session(client, trainer, cohort):
    session = make_session(cohort)
    client.force_login(trainer)

    client.post(
        reverse("courses_admin_session_edit", args=[cohort.code, session.code]),
        _session_form(cohort, title="แก้ชื่อแล้ว"),
    )

    assert Session.objects.get(pk=session.pk).title == "แก้ชื่อแล้ว"


def test_deleting_a_session_asks_first_and_says_what_happens(client, trainer, cohort):
    session = make_session(cohort)
    client.force_login(trainer)
    url = reverse("courses_admin_session_delete", args=[cohort.code, session.code])

    listing = client.get(reverse("courses_admin_sessions", args=[cohort.code])).content.decode()
    page = client.get(url)

    assert f'href="{url}"' in listing  # a link to the question, no button that deletes
    assert page.status_code == 200
    assert Session.objects.filter(pk=session.pk).exists()
    # In Thai (the admin's language): what goes, and that it cannot be undone.
    assert "ปฏิทิน" in page.content.decode()
    assert "ย้อนกลับไม่ได้" in page.content.decode()

    response = client.post(url)

    assert response.status_code == 302
    assert not Session.objects.filter(pk=session.pk).exists()


def test_a_session_with_attendance_cannot_be_deleted_and_the_page_says_why(client, trainer, cohort):
    session = make_session(cohort)
    learner = make_learner()
    enrollment = Enrollment.objects.create(learner=learner, cohort=cohort, status=Status.ENROLLED)
    Attendance.objects.create(
        session=session, enrollment=enrollment, status="present", method=Attendance.Method.QR
    )
    client.force_login(trainer)
    url = reverse("courses_admin_session_delete", args=[cohort.code, session.code])

    page = client.get(url).content.decode()
    response = client.post(url, follow=True)

    with translation.override("th"):
        button = gettext("Delete the session")
    assert f"{button}</button>" not in page
    assert "1" in page and "ลบไม่ได้" in page
    assert Session.objects.filter(pk=session.pk).exists()
    assert [str(m) for m in response.context["messages"]] == [
        gettext("This session has attendance records and cannot be deleted.")
    ]


# Roster -----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["anonymous", "learner", "other trainer"])
def test_the_roster_is_refused_to_everyone_else(client, cohort, pending, persona):
    if persona == "learner":
        client.force_login(pending.learner)
    elif persona == "other trainer":
        client.force_login(make_trainer())

    response = client.get(_roster(cohort))

    assert _refused(response) if persona == "other trainer" else _login_redirect(response)


def test_the_trainer_and_opdc_staff_see_the_roster(client, trainer, cohort, pending):
    for person in (trainer, make_opdc_staff()):
        client.force_login(person)
        response = client.get(_roster(cohort))
        assert response.status_code == 200
        assert "manee@agency.go.th" in response.content.decode()


def test_the_roster_filters_by_status(client, trainer, cohort, pending):
    waiting = make_learner(email="waiting@agency.go.th")
    Enrollment.objects.create(learner=waiting, cohort=cohort, status=Status.WAITLISTED)
    client.force_login(trainer)

    page = client.get(_roster(cohort, "?status=waitlisted")).content.decode()

    assert "waiting@agency.go.th" in page
    assert "manee@agency.go.th" not in page


@pytest.mark.parametrize("query", ["มานี", "MANEE@agency", "manee"])
def test_the_roster_searches_by_name_or_email(client, trainer, cohort, pending, query):
    make_learner(email="other@agency.go.th")
    Enrollment.objects.create(
        learner=make_learner(email="someone@agency.go.th", first_name_th="ชูใจ"),
        cohort=cohort,
        status=Status.ENROLLED,
    )
    client.force_login(trainer)

    page = client.get(_roster(cohort), {"q": query}).content.decode()

    assert "manee@agency.go.th" in page
    assert "someone@agency.go.th" not in page


def test_the_trainer_approves_a_request(client, trainer, cohort, pending):
    client.force_login(trainer)

    response = client.post(
        _decide(pending, "approve"), {"next": _roster(cohort, "?status=pending")}
    )

    assert response.status_code == 302
    assert response["Location"] == _roster(cohort, "?status=pending")
    pending.refresh_from_db()
    assert pending.status == Status.ENROLLED
    assert pending.history.first().history_user == trainer
    assert Cohort.objects.get(pk=cohort.pk).seats_taken == 1


@pytest.mark.parametrize("status", [Status.PENDING, Status.WAITLISTED])
def test_rejecting_from_the_roster_asks_for_confirmation_first(
    client, trainer, cohort, pending, status, django_capture_on_commit_callbacks, mailoutbox
):
    Enrollment.objects.filter(pk=pending.pk).update(status=status)
    client.force_login(trainer)
    roster = _roster(cohort, f"?status={status}")
    assert _decide(pending, "reject") in client.get(roster).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _decide(pending, "reject"), {"reason": "รุ่นนี้สำหรับผู้บริหาร", "next": roster}
        )

    assert response.status_code == 200
    html = response.content.decode()
    assert pending.learner.full_name_th in html
    assert "ระบบจะแจ้งผู้เรียนทางอีเมล" in html  # they are told by e-mail
    assert re.search(r'<textarea[^>]*name="reason"[^>]*>\s*รุ่นนี้สำหรับผู้บริหาร</textarea>', html)
    assert f'href="{roster}"' in html  # Cancel, back to the roster as it was
    assert Enrollment.objects.get(pk=pending.pk).status == status
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _decide(pending, "reject"),
            {"reason": "รุ่นนี้สำหรับผู้บริหาร", "next": roster, "confirmed": "1"},
        )

    assert response["Location"] == roster
    assert Enrollment.objects.get(pk=pending.pk).status == Status.REJECTED
    [mail] = mailoutbox
    assert "เหตุผล: รุ่นนี้สำหรับผู้บริหาร" in mail.body


def test_the_reject_confirmation_reloads_or_opens_by_its_address(
    client, trainer, cohort, pending, mailoutbox
):
    client.force_login(trainer)
    roster = _roster(cohort, "?status=pending")

    response = client.get(_decide(pending, "reject"), {"next": roster})

    assert response.status_code == 200
    html = response.content.decode()
    assert pending.learner.full_name_th in html
    assert re.search(r'<textarea[^>]*name="reason"[^>]*>\s*</textarea>', html)
    assert 'name="confirmed"' in html
    assert f'href="{roster}"' in html
    # One word for the decision: the title, the button and the status all say ไม่อนุมัติ.
    assert "ไม่อนุมัติคำขอ" in html
    assert "ปฏิเสธ" not in html
    assert Enrollment.objects.get(pk=pending.pk).status == Status.PENDING
    assert mailoutbox == []


def test_the_trainer_rejects_a_request(client, trainer, cohort, pending):
    client.force_login(trainer)
    response = client.post(_decide(pending, "reject"), {"confirmed": "1"})
    assert Enrollment.objects.get(pk=pending.pk).status == Status.REJECTED
    # Without a `next`, back to the roster (the public address goes back to "My learning").
    assert response["Location"] == _roster(cohort)


def test_the_trainers_reason_for_rejecting_reaches_the_learner(
    client, trainer, cohort, pending, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(trainer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_decide(pending, "reject"), {"reason": "รุ่นนี้สำหรับผู้บริหาร", "confirmed": "1"})

    assert Enrollment.objects.get(pk=pending.pk).status == Status.REJECTED
    [mail] = mailoutbox
    assert mail.to == ["manee@agency.go.th"]
    assert "เหตุผล: รุ่นนี้สำหรับผู้บริหาร" in mail.body


def test_a_too_long_reason_is_refused_clearly_and_changes_nothing(
    client, trainer, cohort, pending, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(trainer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _decide(pending, "reject"), {"reason": "ก" * 501, "confirmed": "1"}, follow=True
        )

    with translation.override("th"):
        expected = gettext("The reason is too long: at most %(limit)d characters.") % {"limit": 500}
    assert expected in response.content.decode()
    assert Enrollment.objects.get(pk=pending.pk).status == Status.PENDING
    assert mailoutbox == []


def test_the_roster_and_the_home_panel_offer_a_reason_field_for_rejecting(
    client, trainer, cohort, pending
):
    client.force_login(trainer)
    for url in (_roster(cohort), reverse("wagtailadmin_home")):
        html = client.get(url).content.decode()
        assert 'name="reason"' in html, url


def test_approving_twice_shows_the_refusal_and_changes_nothing(client, trainer, cohort, pending):
    approve(pending, trainer)
    client.force_login(trainer)

    response = client.post(_decide(pending, "approve"), follow=True)

    with translation.override("th"):
        expected = gettext("Only pending requests can be approved.")
    assert expected in response.content.decode()
    assert Cohort.objects.get(pk=cohort.pk).seats_taken == 1


@pytest.mark.parametrize("persona", ["anonymous", "learner", "other trainer"])
def test_nobody_else_can_approve(client, cohort, pending, persona):
    if persona == "learner":
        client.force_login(pending.learner)
    elif persona == "other trainer":
        client.force_login(make_trainer())

    response = client.post(_decide(pending, "approve"))

    assert _refused(response) if persona == "other trainer" else _login_redirect(response)
    assert Enrollment.objects.get(pk=pending.pk).status == Status.PENDING
    assert Cohort.objects.get(pk=cohort.pk).seats_taken == 0


def test_decisions_are_post_only(client, trainer, pending):
    client.force_login(trainer)
    assert client.get(_decide(pending, "approve")).status_code == 405
    assert Enrollment.objects.get(pk=pending.pk).status == Status.PENDING


def test_opdc_staff_approve_any_cohorts_request(client, cohort, pending):
    staff = make_opdc_staff()
    client.force_login(staff)
    client.post(_decide(pending, "approve"))
    assert Enrollment.objects.get(pk=pending.pk).status_changed_by == staff


# History ----------------------------------------------------------------------------------


def test_the_history_names_who_changed_what(client, trainer, cohort, pending):
    approve(pending, trainer)
    client.force_login(trainer)

    response = client.get(reverse("courses_admin_history", args=[cohort.code]))

    assert response.status_code == 200
    page = response.content.decode()
    with translation.override("th"):
        assert trainer.display_name in page
        assert pending.learner.display_name in page
        assert str(Status.ENROLLED.label) in page


def test_the_history_is_refused_to_a_trainer_of_another_cohort(client, cohort, pending):
    client.force_login(make_trainer())
    assert _refused(client.get(reverse("courses_admin_history", args=[cohort.code])))


# Query count ------------------------------------------------------------------------------


def _fill(cohort, learners, sessions):
    for number in range(sessions):
        make_session(cohort, title=f"วันที่ {number}")
    for _number in range(learners):
        Enrollment.objects.create(learner=make_learner(), cohort=cohort, status=Status.ENROLLED)


@pytest.mark.parametrize(("learners", "sessions"), [(3, 1), (40, 8)])
def test_the_roster_query_count_is_constant(
    client, trainer, learners, sessions, django_assert_max_num_queries
):
    cohort = make_cohort(capacity=100, trainers=[trainer])
    _fill(cohort, learners, sessions)
    for number in range(sessions):
        SeatQuota.objects.create(
            cohort=cohort,
            agency=make_agency(f"Agency {number}"),
            seats=1,
            release_on=cohort.start_date - datetime.timedelta(days=1),
        )
    client.force_login(trainer)
    client.get(_roster(cohort))  # warm caches Wagtail keeps per process

    # 16: the tab bar counts the cohort's valid certificates (one query) to offer their ZIP;
    # 18: the view's entry in Wagtail's audit log (its insert, after two existence checks of
    # the content type and the user it links to), the same for any roster size; 20: the seat
    # quotas, and the seats their agencies filled, for any number of quotas; 21: the requests'
    # decisions (two-stage approval), with who decided, for any number of requests.
    with django_assert_max_num_queries(21):
        response = client.get(_roster(cohort))

    assert response.status_code == 200


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_course_with_cohorts_cannot_be_deleted_and_the_admin_says_why(
    client, cohort, method, django_user_model
):
    from cms.models import CoursePage

    # Only superusers may delete pages (trainers and OPDC staff unpublish them).
    client.force_login(django_user_model.objects.create_superuser("root", "r@opdc.go.th", "x"))
    url = reverse("wagtailadmin_pages:delete", args=[cohort.course.pk])

    response = getattr(client, method)(url, follow=True)

    assert response.status_code == 200
    assert CoursePage.objects.filter(pk=cohort.course.pk).exists()
    shown = " ".join(str(message) for message in response.context["messages"])
    assert cohort.title in shown
    # Its section, which holds the course, cannot be deleted either.
    section = cohort.course.get_parent()
    response = client.post(reverse("wagtailadmin_pages:delete", args=[section.pk]), follow=True)
    assert CoursePage.objects.filter(pk=cohort.course.pk).exists()


@pytest.mark.parametrize("value", ["99999999999999999999999", "²", "-4", "๒"])
def test_the_roster_reads_any_page_number_without_an_error(client, trainer, cohort, value):
    client.force_login(trainer)
    assert client.get(_roster(cohort, f"?p={value}")).status_code == 200


def test_a_minimum_attendance_over_100_gets_a_thai_field_error_not_the_constraint(
    client, trainer, cohort
):
    client.force_login(trainer)

    response = client.post(
        reverse("courses_cohort:edit", args=[cohort.pk]),
        _cohort_form(cohort.course, min_attendance_percent="150", trainers=[trainer.pk]),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Constraint" not in html and "cohort_attendance_percent_max_100" not in html
    assert "100" in response.context["form"].errors["min_attendance_percent"][0]
    cohort.refresh_from_db()
    assert cohort.min_attendance_percent != 150
