"""The waitlist follows every change that frees or adds seats, oldest request first, and a
newcomer never enrols ahead of people waiting; a trainer's promote, remove and no-show."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from courses import enrolment
from courses.models import Cohort, Enrollment
from tests.courses.helpers import make_cohort
from tests.factories import (
    days_from_now,
    make_bilingual_course,
    make_learner,
    make_opdc_staff,
    make_trainer,
)

pytestmark = pytest.mark.django_db
Status = Enrollment.Status


def thai(message: str) -> str:
    with translation.override("th"):
        return escape(gettext(message))


@pytest.fixture
def trainer():
    return make_trainer()


@pytest.fixture
def cohort(trainer):
    return make_cohort(capacity=1, trainers=[trainer])


def _full_with_waitlist(cohort, waiting=3):
    seated = enrolment.enrol(make_learner(), cohort)
    queue = [enrolment.enrol(make_learner(preferred_language="en"), cohort) for _ in range(waiting)]
    assert [e.status for e in queue] == [Status.WAITLISTED] * waiting
    return seated, queue


def _statuses(enrollments):
    return [Enrollment.objects.get(pk=e.pk).status for e in enrollments]


def _seats(cohort):
    cohort = Cohort.objects.get(pk=cohort.pk)
    seated = Enrollment.objects.filter(cohort=cohort, status__in=Enrollment.SEATED).count()
    assert cohort.seats_taken == seated
    return cohort.seats_taken, cohort.capacity


def _cohort_form(cohort, trainer, **overrides):
    data = {
        "course": cohort.course.pk,
        "title": cohort.title,
        "start_date": cohort.start_date.isoformat(),
        "end_date": cohort.end_date.isoformat(),
        "delivery_mode": cohort.delivery_mode,
        "venue": cohort.venue,
        "online_link": "",
        "capacity": str(cohort.capacity),
        "enrolment_opens_at": "",
        "enrolment_closes_at": "",
        "min_attendance_percent": "80",
        "trainers": [trainer.pk],
    }
    data.update(overrides)
    return data


# Capacity ---------------------------------------------------------------------------------


def test_raising_the_capacity_in_the_admin_seats_the_oldest_waiting_first(
    client, cohort, trainer, django_capture_on_commit_callbacks, mailoutbox
):
    _seated, queue = _full_with_waitlist(cohort)
    mailoutbox.clear()
    client.force_login(trainer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("courses_cohort:edit", args=[cohort.pk]),
            _cohort_form(cohort, trainer, capacity="3"),
        )

    assert response.status_code == 302
    assert _statuses(queue) == [Status.ENROLLED, Status.ENROLLED, Status.WAITLISTED]
    assert _seats(cohort) == (3, 3)
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted(e.learner.email for e in queue[:2])
    assert all(mail.subject.startswith("A seat freed up") for mail in mailoutbox)
    promoted = Enrollment.objects.get(pk=queue[0].pk)
    assert promoted.history.first().history_user == trainer


def test_change_capacity_promotes_and_refuses_to_go_below_the_seats_taken(cohort, trainer):
    _seated, queue = _full_with_waitlist(cohort, waiting=2)

    enrolment.change_capacity(cohort, 2, by=trainer)
    assert _statuses(queue) == [Status.ENROLLED, Status.WAITLISTED]
    with pytest.raises(enrolment.EnrolmentRefused):
        enrolment.change_capacity(cohort, 1, by=trainer)
    assert _seats(cohort) == (2, 2)


def test_a_newcomer_joins_the_end_of_the_queue_while_people_wait(client, cohort):
    _seated, queue = _full_with_waitlist(cohort, waiting=2)
    # A seat added behind the workflow's back (an older release, a shell): people still wait.
    Cohort.objects.filter(pk=cohort.pk).update(capacity=2)
    newcomer = make_learner()
    client.force_login(newcomer)

    response = client.post(reverse("courses:enrol", args=[cohort.code]))

    assert response.status_code == 302
    assert Enrollment.objects.get(learner=newcomer).status == Status.WAITLISTED
    assert _statuses(queue) == [Status.ENROLLED, Status.WAITLISTED]
    assert _seats(cohort) == (2, 2)


def test_an_approved_request_does_not_take_a_seat_ahead_of_an_older_waiting_one(trainer):
    cohort = make_cohort(capacity=1, approval_required=True, trainers=[trainer])
    first = enrolment.approve(enrolment.enrol(make_learner(), cohort), trainer)
    waiting = enrolment.approve(enrolment.enrol(make_learner(), cohort), trainer)
    late = enrolment.enrol(make_learner(), cohort)
    assert (first.status, waiting.status, late.status) == (
        Status.ENROLLED,
        Status.WAITLISTED,
        Status.PENDING,
    )
    Cohort.objects.filter(pk=cohort.pk).update(capacity=2)

    enrolment.approve(late, trainer)

    assert _statuses([waiting, late]) == [Status.ENROLLED, Status.WAITLISTED]
    assert _seats(cohort) == (2, 2)


def test_rejecting_a_waiting_request_hands_any_free_seat_to_the_next_one(cohort, trainer):
    _seated, queue = _full_with_waitlist(cohort, waiting=2)
    Cohort.objects.filter(pk=cohort.pk).update(capacity=2)

    enrolment.reject(queue[0], trainer)

    assert _statuses(queue) == [Status.REJECTED, Status.ENROLLED]
    assert _seats(cohort) == (2, 2)


# Remove, no-show, promote by hand ---------------------------------------------------------


def test_removing_an_enrolled_learner_gives_the_seat_to_the_oldest_waiting(
    cohort, trainer, django_capture_on_commit_callbacks, mailoutbox
):
    seated, queue = _full_with_waitlist(cohort, waiting=2)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        removed = enrolment.remove(seated, trainer)

    assert removed.status == Status.REMOVED
    assert removed.history.first().history_user == trainer
    assert _statuses(queue) == [Status.ENROLLED, Status.WAITLISTED]
    assert _seats(cohort) == (1, 1)
    assert {mail.to[0] for mail in mailoutbox} == {seated.learner.email, queue[0].learner.email}
    with pytest.raises(enrolment.EnrolmentRefused):
        enrolment.enrol(seated.learner, cohort)
    with pytest.raises(enrolment.EnrolmentRefused):
        enrolment.remove(queue[1], trainer)  # waiting, not enrolled: reject instead


def test_a_no_show_frees_the_seat_once_the_cohort_has_started(trainer):
    cohort = make_cohort(
        capacity=1,
        trainers=[trainer],
        start_date=days_from_now(0),
        end_date=days_from_now(2),
        enrolment_closes_at=timezone.now() + datetime.timedelta(days=1),
    )
    seated, queue = _full_with_waitlist(cohort, waiting=1)

    assert enrolment.mark_no_show(seated, trainer).status == Status.NO_SHOW

    assert _statuses(queue) == [Status.ENROLLED]
    assert _seats(cohort) == (1, 1)


def test_a_no_show_cannot_be_marked_before_the_cohort_starts(cohort, trainer):
    seated, queue = _full_with_waitlist(cohort, waiting=1)
    with pytest.raises(enrolment.EnrolmentRefused):
        enrolment.mark_no_show(seated, trainer)
    assert _statuses([seated, *queue]) == [Status.ENROLLED, Status.WAITLISTED]


def test_promoting_by_hand_adds_a_seat_for_the_learner_who_waited_longest(cohort, trainer):
    _seated, queue = _full_with_waitlist(cohort, waiting=2)

    with pytest.raises(enrolment.EnrolmentRefused):
        enrolment.promote(queue[1], trainer)  # someone has waited longer
    promoted = enrolment.promote(queue[0], trainer)

    assert promoted.status == Status.ENROLLED
    assert _statuses(queue) == [Status.ENROLLED, Status.WAITLISTED]
    assert _seats(cohort) == (2, 2)


# The roster's buttons ---------------------------------------------------------------------


def _action_url(enrollment, action):
    return reverse(
        "courses_admin_enrolment_action", args=[enrollment.cohort.code, enrollment.pk, action]
    )


def test_the_roster_offers_remove_no_show_and_promote_behind_a_confirmation(
    client, cohort, trainer
):
    seated, queue = _full_with_waitlist(cohort, waiting=2)
    client.force_login(trainer)

    roster = client.get(reverse("courses_admin_roster", args=[cohort.code])).content.decode()
    assert _action_url(seated, "remove") in roster
    assert _action_url(queue[0], "promote") in roster
    assert _action_url(queue[1], "promote") not in roster  # only the head of the queue
    assert _action_url(seated, "no-show") not in roster  # the cohort has not started
    with translation.override("th"):
        promote = escape(translation.pgettext("waitlist", "Promote"))
    assert promote == "เลื่อนจากสำรอง"
    assert promote in roster and thai("Remove") in roster
    assert ">Promote<" not in roster and ">Remove<" not in roster  # no English on a Thai screen

    confirm = client.get(_action_url(seated, "remove"))
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert seated.learner.full_name_th in page
    assert thai("Remove from the cohort") in page
    with translation.override("th"):
        explained = gettext(
            "%(learner)s loses their seat, which goes to the first person on the waitlist. "
            "They are told by e-mail and cannot enrol in this cohort again by themselves."
        ) % {"learner": seated.learner.full_name_th}
    assert escape(explained) in page
    assert 'method="post"' in page
    assert _statuses([seated]) == [Status.ENROLLED]  # looking changes nothing

    done = client.post(_action_url(seated, "remove"))
    assert done.status_code == 302
    assert done["Location"] == reverse("courses_admin_roster", args=[cohort.code])
    assert _statuses([seated, *queue]) == [Status.REMOVED, Status.ENROLLED, Status.WAITLISTED]


@pytest.mark.parametrize("persona", ["anonymous", "learner", "other trainer"])
def test_nobody_else_can_remove_a_learner(client, cohort, persona):
    seated, queue = _full_with_waitlist(cohort, waiting=1)
    if persona == "learner":
        client.force_login(seated.learner)
    elif persona == "other trainer":
        other = make_trainer()
        make_cohort(trainers=[other])
        client.force_login(other)

    response = client.post(_action_url(seated, "remove"))

    assert response.status_code == 302
    assert ("/admin/login/" in response["Location"]) == (persona != "other trainer")
    assert _statuses([seated, *queue]) == [Status.ENROLLED, Status.WAITLISTED]


def test_opdc_staff_promote_by_hand_and_an_unknown_action_is_not_found(client, cohort):
    _seated, queue = _full_with_waitlist(cohort, waiting=1)
    client.force_login(make_opdc_staff())

    assert client.post(_action_url(queue[0], "explode")).status_code == 404
    client.post(_action_url(queue[0], "promote"))

    assert _statuses(queue) == [Status.ENROLLED]
    assert _seats(cohort) == (2, 2)


# A waiting learner's place in the queue ---------------------------------------------------


def _place_shown(client, learner, url: str) -> int | None:
    """The number in "You are number N on the waiting list" on the page at `url`, as `learner`
    reads it (in English on /en/, in Thai on /th/)."""
    client.force_login(learner)
    html = client.get(url).content.decode()
    language = "en" if url.startswith("/en/") else "th"
    with translation.override(language):
        sentence = gettext("You are number %(number)s on the waiting list.")
    pattern = re.escape(escape(sentence)).replace(re.escape("%(number)s"), r"(\d+)")
    found = re.findall(pattern, html)
    assert len(found) <= 1, found
    return int(found[0]) if found else None


@pytest.fixture
def bilingual_cohort(trainer):
    return make_cohort(capacity=1, trainers=[trainer], course=make_bilingual_course())


def test_my_learning_shows_each_waiting_learner_their_place_in_the_order_of_promotion(
    client, bilingual_cohort
):
    seated, queue = _full_with_waitlist(bilingual_cohort, waiting=3)
    # Two requests in the same instant: the promotion breaks the tie by id, and so does the place.
    Enrollment.objects.filter(pk__in=[queue[1].pk, queue[2].pk]).update(requested_at=timezone.now())

    places = [_place_shown(client, e.learner, "/en/me/") for e in queue]

    assert places == [1, 2, 3]
    assert _place_shown(client, queue[2].learner, "/th/me/") == 3
    assert _place_shown(client, seated.learner, "/en/me/") is None  # seated: no place
    # The order shown is the order promotion follows, the tie included.
    enrolment.withdraw(queue[0], queue[0].learner)
    enrolment.withdraw(seated, seated.learner)
    assert _statuses(queue[1:]) == [Status.ENROLLED, Status.WAITLISTED]
    assert _place_shown(client, queue[2].learner, "/en/me/") == 1


def test_the_place_moves_up_when_someone_ahead_withdraws_or_is_promoted(
    client, bilingual_cohort, trainer
):
    seated, queue = _full_with_waitlist(bilingual_cohort, waiting=3)
    last = queue[2].learner
    course_page = bilingual_cohort.course.url
    assert _place_shown(client, last, "/en/me/") == 3
    assert _place_shown(client, last, course_page) == 3

    enrolment.withdraw(queue[0], queue[0].learner)  # someone ahead leaves the queue
    assert _place_shown(client, last, "/en/me/") == 2
    assert _place_shown(client, last, course_page) == 2

    enrolment.promote(queue[1], trainer)  # the head of the queue is seated
    assert _place_shown(client, last, "/th/me/") == 1
    assert _place_shown(client, last, course_page) == 1

    enrolment.withdraw(seated, seated.learner)  # a seat frees: the last one is promoted
    assert _statuses([queue[2]]) == [Status.ENROLLED]
    assert _place_shown(client, last, "/th/me/") is None
    assert _place_shown(client, last, course_page) is None


def test_someone_behind_leaving_does_not_change_the_place(client, bilingual_cohort):
    _seated, queue = _full_with_waitlist(bilingual_cohort, waiting=3)
    enrolment.withdraw(queue[2], queue[2].learner)
    assert _place_shown(client, queue[1].learner, "/en/me/") == 2
    assert _place_shown(client, queue[0].learner, bilingual_cohort.course.url) == 1


def test_the_english_course_page_shows_the_place_in_english(client, bilingual_cohort):
    _seated, queue = _full_with_waitlist(bilingual_cohort, waiting=2)
    english = bilingual_cohort.course.get_translations().get().url
    assert english.startswith("/en/")
    assert _place_shown(client, queue[1].learner, english) == 2
