"""The enrol and withdraw buttons, and a trainer's approve/reject, for every persona."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from wagtail.models import Locale

from courses.enrolment import enrol
from courses.models import Cohort, Enrollment
from tests.courses.helpers import make_cohort
from tests.factories import make_learner, make_opdc_staff, make_trainer

pytestmark = pytest.mark.django_db
Status = Enrollment.Status


@pytest.fixture
def trainer():
    return make_trainer()


@pytest.fixture
def cohort(trainer):
    return make_cohort(capacity=1, trainers=[trainer])


def _enrol_url(cohort):
    return reverse("courses:enrol", args=[cohort.code])


def _withdraw_url(cohort):
    with translation.override("th"):
        return reverse("courses:withdraw", args=[cohort.code])


def _seats(cohort):
    return Cohort.objects.get(pk=cohort.pk).seats_taken


# Enrol ------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in_and_nothing_is_enrolled(client, cohort):
    response = client.post(_enrol_url(cohort))
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]
    assert not Enrollment.objects.exists()
    assert _seats(cohort) == 0


def test_enrol_refuses_get(client, cohort):
    client.force_login(make_learner())
    assert client.get(_enrol_url(cohort)).status_code == 405
    assert not Enrollment.objects.exists()


def test_a_learner_enrols_and_sees_a_message_in_their_language(client, cohort):
    learner = make_learner()
    client.force_login(learner)
    response = client.post(reverse("courses:enrol", args=[cohort.code]).replace("/th/", "/en/"))
    assert response.status_code == 302
    assert Enrollment.objects.get(learner=learner).status == Status.ENROLLED
    assert _seats(cohort) == 1
    response = client.get(response["Location"])
    english_course = cohort.course.get_translation(Locale.objects.get(language_code="en"))
    # Named with its course: a trainer runs cohorts of the same name in several courses.
    assert [str(m) for m in response.context["messages"]] == [
        f"You are enrolled in {english_course.title}, {cohort.title_en}."
    ]


def test_another_learner_is_waitlisted_when_the_cohort_is_full(client, cohort):
    enrol(make_learner(), cohort)
    other = make_learner()
    client.force_login(other)
    client.post(_enrol_url(cohort))
    assert Enrollment.objects.get(learner=other).status == Status.WAITLISTED
    assert _seats(cohort) == 1


def test_a_trainer_of_another_cohort_may_enrol_as_a_learner(client, cohort):
    someone_else = make_trainer()
    make_cohort(trainers=[someone_else])
    client.force_login(someone_else)
    client.post(_enrol_url(cohort))
    assert Enrollment.objects.get(learner=someone_else).status == Status.ENROLLED


def test_the_trainer_of_this_cohort_cannot_enrol_in_it(client, cohort, trainer):
    client.force_login(trainer)
    assert client.post(_enrol_url(cohort)).status_code == 403
    assert not Enrollment.objects.exists()
    assert _seats(cohort) == 0


def test_opdc_staff_enrol_like_anybody_else(client, cohort):
    staff = make_opdc_staff()
    client.force_login(staff)
    client.post(_enrol_url(cohort))
    assert Enrollment.objects.get(learner=staff).status == Status.ENROLLED


def test_an_unknown_cohort_code_is_not_found(client):
    client.force_login(make_learner())
    assert client.post(reverse("courses:enrol", args=["NOPE1234"])).status_code == 404
    assert not Enrollment.objects.exists()


def test_a_refusal_is_shown_as_a_message_and_records_nothing(client):
    cohort = make_cohort(enrolment_closes_at=timezone.now() - timedelta(hours=1))
    client.force_login(make_learner())
    response = client.post(_enrol_url(cohort).replace("/th/", "/en/"), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Enrolment for this cohort has closed."
    ]
    assert not Enrollment.objects.exists()


def test_a_double_submit_from_the_view_keeps_one_enrolment(client, cohort):
    learner = make_learner()
    client.force_login(learner)
    client.post(_enrol_url(cohort))
    client.post(_enrol_url(cohort))
    assert Enrollment.objects.filter(learner=learner).count() == 1
    assert _seats(cohort) == 1


def test_enrol_redirects_back_to_a_safe_next_address_only(client, cohort):
    client.force_login(make_learner())
    response = client.post(_enrol_url(cohort), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("my_learning")


# Withdraw ---------------------------------------------------------------------------------


@pytest.fixture
def seated(cohort):
    return enrol(make_learner(), cohort)


def test_anonymous_visitors_cannot_withdraw_anybody(client, cohort, seated):
    assert client.post(_withdraw_url(cohort)).status_code == 302
    seated.refresh_from_db()
    assert seated.status == Status.ENROLLED


def test_a_learner_withdraws_and_the_seat_goes_to_the_waitlist(client, cohort, seated):
    waiting = enrol(make_learner(), cohort)
    client.force_login(seated.learner)
    assert client.post(_withdraw_url(cohort)).status_code == 302
    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert seated.status == Status.WITHDRAWN
    assert waiting.status == Status.ENROLLED
    assert seated.history.first().history_user == seated.learner


def _thai(message: str, **values) -> str:
    with translation.override("th"):
        text = translation.gettext(message)
    return escape(text % values if values else text)


def test_withdraw_asks_first_on_a_page_that_says_the_seat_goes_to_the_waitlist(
    client, cohort, seated
):
    waiting = enrol(make_learner(), cohort)
    client.force_login(seated.learner)

    response = client.get(_withdraw_url(cohort), {"next": "/th/me/"})

    page = response.content.decode()
    assert response.status_code == 200
    assert _thai("Withdraw from this cohort?") in page
    assert _thai("You give up your seat in this cohort.") in page
    with translation.override("th"):
        goes_to = translation.ngettext(
            "It goes at once to the person at the top of the waiting list (%(people)s person "
            "is waiting), who is told by e-mail.",
            "It goes at once to the person at the top of the waiting list (%(people)s people "
            "are waiting), who is told by e-mail.",
            1,
        ) % {"people": 1}
    assert escape(goes_to) in page
    # The one button that changes anything is a POST with the CSRF token, and looks destructive.
    assert f'<form method="post" action="{_withdraw_url(cohort)}"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'class="button button-danger"' in page
    assert _thai("Yes, withdraw and give up my seat") in page
    assert '<a class="button button-plain" href="/th/me/">' in page
    # Looking changed nothing.
    assert Enrollment.objects.get(pk=seated.pk).status == Status.ENROLLED
    assert Enrollment.objects.get(pk=waiting.pk).status == Status.WAITLISTED
    assert _seats(cohort) == 1


def test_the_confirmation_in_english_tells_a_waiting_learner_their_place(client, cohort, seated):
    first, second = enrol(make_learner(), cohort), enrol(make_learner(), cohort)
    client.force_login(second.learner)

    page = client.get(_withdraw_url(cohort).replace("/th/", "/en/")).content.decode()

    assert "You leave the waiting list, where you are number 2." in page
    assert "Everybody behind you moves up one place." in page
    assert "Yes, leave the waiting list" in page
    assert Enrollment.objects.get(pk=second.pk).status == Status.WAITLISTED
    assert first.status == Status.WAITLISTED


def test_the_confirmation_of_a_finished_enrolment_offers_no_button(client, cohort, seated):
    Enrollment.objects.filter(pk=seated.pk).update(status=Status.COMPLETED)
    client.force_login(seated.learner)

    page = client.get(_withdraw_url(cohort)).content.decode()

    assert _thai("This enrolment can no longer be withdrawn.") in page
    assert "button-danger" not in page
    assert Enrollment.objects.get(pk=seated.pk).status == Status.COMPLETED


@pytest.mark.parametrize(
    "status, message",
    [
        (Status.ENROLLED, "ท่านถอนตัวจาก %(cohort)s แล้ว"),
        (Status.PENDING, "ท่านยกเลิกคำขอเข้าร่วม %(cohort)s แล้ว"),
        (Status.WAITLISTED, "ท่านออกจากรายชื่อสำรองของ %(cohort)s แล้ว"),
    ],
)
def test_the_learner_is_told_what_they_gave_up(client, cohort, status, message):
    """Cancelling a request is not withdrawing from a cohort: the message says which it was."""
    enrollment = Enrollment.objects.create(cohort=cohort, learner=make_learner(), status=status)
    if status == Status.ENROLLED:
        Cohort.objects.filter(pk=cohort.pk).update(seats_taken=1)
    client.force_login(enrollment.learner)

    page = client.post(_withdraw_url(cohort), {"next": "/th/me/"}, follow=True).content.decode()

    named = f"{cohort.course.title} {cohort.display_title}"
    assert escape(message % {"cohort": named}) in page
    assert Enrollment.objects.get(pk=enrollment.pk).status == Status.WITHDRAWN


def test_withdrawing_needs_the_csrf_token(cohort, seated):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(seated.learner)

    assert browser.post(_withdraw_url(cohort)).status_code == 403
    assert Enrollment.objects.get(pk=seated.pk).status == Status.ENROLLED

    page = browser.get(_withdraw_url(cohort), {"next": "/th/me/"}).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = browser.post(
        _withdraw_url(cohort), {"csrfmiddlewaretoken": token, "next": "/th/me/"}
    )
    assert response.status_code == 302 and response["Location"] == "/th/me/"
    assert Enrollment.objects.get(pk=seated.pk).status == Status.WITHDRAWN


def test_the_confirmation_goes_back_to_a_safe_address_only(client, cohort, seated):
    client.force_login(seated.learner)
    page = client.get(_withdraw_url(cohort), {"next": "https://evil.example/"}).content.decode()
    assert "evil.example" not in page
    assert f'href="{reverse("my_learning")}"' in page


def test_anonymous_visitors_see_no_confirmation(client, cohort, seated):
    response = client.get(_withdraw_url(cohort))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["learner", "other_trainer", "trainer", "staff"])
def test_nobody_else_can_withdraw_my_enrolment(client, cohort, seated, trainer, persona):
    user = {
        "learner": make_learner,
        "other_trainer": make_trainer,
        "trainer": lambda: trainer,
        "staff": make_opdc_staff,
    }[persona]()
    client.force_login(user)
    # Each of them can only address their own enrolment, which they do not have.
    assert client.post(_withdraw_url(cohort)).status_code == 404
    assert client.get(_withdraw_url(cohort)).status_code == 404
    seated.refresh_from_db()
    assert seated.status == Status.ENROLLED
    assert _seats(cohort) == 1


# Trainer decisions ------------------------------------------------------------------------


@pytest.fixture
def pending(trainer):
    cohort = make_cohort(approval_required=True, trainers=[trainer])
    return enrol(make_learner(), cohort)


def _decide_url(enrollment, decision):
    return reverse("courses:decide", args=[enrollment.cohort.code, enrollment.pk, decision])


def test_anonymous_visitors_cannot_approve(client, pending):
    assert client.post(_decide_url(pending, "approve")).status_code == 302
    pending.refresh_from_db()
    assert pending.status == Status.PENDING


@pytest.mark.parametrize("persona", ["the_learner", "another_learner", "other_trainer"])
def test_people_without_rights_cannot_approve(client, pending, persona):
    user = {
        "the_learner": lambda: pending.learner,
        "another_learner": make_learner,
        "other_trainer": make_trainer,
    }[persona]()
    client.force_login(user)
    assert client.post(_decide_url(pending, "approve")).status_code == 403
    pending.refresh_from_db()
    assert pending.status == Status.PENDING


def test_the_trainer_of_this_cohort_approves(client, pending, trainer):
    client.force_login(trainer)
    # Thai pages, whatever language an earlier test left active.
    with translation.override("th"):
        response = client.post(_decide_url(pending, "approve"), follow=True)
        assert response.redirect_chain[0] == (reverse("my_learning"), 302)
    pending.refresh_from_db()
    assert pending.status == Status.ENROLLED
    assert pending.status_changed_by == trainer
    # The learner is named as on the roster: their name in the page's language.
    assert pending.learner.full_name_th in response.content.decode()


def test_opdc_staff_reject(client, pending):
    staff = make_opdc_staff()
    client.force_login(staff)
    assert client.post(_decide_url(pending, "reject")).status_code == 302
    pending.refresh_from_db()
    assert pending.status == Status.REJECTED
    assert pending.history.first().history_user == staff


def test_an_unknown_decision_is_not_found(client, pending, trainer):
    client.force_login(trainer)
    assert client.post(_decide_url(pending, "delete")).status_code == 404
    pending.refresh_from_db()
    assert pending.status == Status.PENDING


# Opening the decision's address (GET) decides nothing -------------------------------------


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_opening_the_decision_address_only_asks_for_confirmation(
    client, pending, trainer, decision, mailoutbox
):
    client.force_login(trainer)
    changed_by = pending.status_changed_by

    with translation.override("th"):
        response = client.get(_decide_url(pending, decision))

    page = response.content.decode()
    assert response.status_code == 200
    pending.refresh_from_db()
    assert pending.status == Status.PENDING and pending.status_changed_by == changed_by
    assert mailoutbox == []
    assert pending.learner.full_name_th in page  # who
    assert pending.cohort.display_title in page  # which cohort
    assert "สิ่งที่จะเกิดขึ้น" in page  # what will happen
    assert f'<form method="post" action="{_decide_url(pending, decision)}"' in page
    assert ('name="reason"' in page) == (decision == "reject")


def test_the_confirmed_post_from_the_page_rejects_with_the_reason(client, pending, trainer):
    client.force_login(trainer)

    response = client.post(_decide_url(pending, "reject"), {"reason": "รุ่นนี้สำหรับผู้บริหาร"})

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Status.REJECTED


@pytest.mark.parametrize("persona", ["anonymous", "the_learner", "other_trainer"])
def test_nobody_else_sees_the_decision_page(client, pending, persona):
    if persona != "anonymous":
        client.force_login(
            {"the_learner": pending.learner, "other_trainer": make_trainer()}.get(persona)
        )

    response = client.get(_decide_url(pending, "approve"))

    assert response.status_code == (302 if persona == "anonymous" else 403)
    assert pending.learner.full_name_th not in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == Status.PENDING


def test_a_request_already_decided_offers_no_button(client, pending, trainer):
    client.force_login(trainer)
    client.post(_decide_url(pending, "approve"))

    with translation.override("th"):
        page = client.get(_decide_url(pending, "reject")).content.decode()

    assert "คำขอนี้ได้รับการพิจารณาแล้ว" in page
    assert f'action="{_decide_url(pending, "reject")}"' not in page
