"""The enrol and withdraw buttons, and a trainer's approve/reject, for every persona."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

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
    assert [str(m) for m in response.context["messages"]] == [
        f"You are enrolled in {cohort.title}."
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
