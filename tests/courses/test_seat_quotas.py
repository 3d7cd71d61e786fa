"""Seat quotas (issue #16): seats reserved for an agency or a ministry until a release date."""

import datetime

import pytest
from django.utils import timezone, translation

from cms.models import Ministry
from courses import enrolment, quotas
from courses.models import Cohort, Enrollment, SeatQuota
from courses.quotas import QuotaChange, QuotaRefused
from tests.courses.helpers import make_cohort
from tests.factories import days_from_now, make_agency, make_learner, make_trainer

pytestmark = pytest.mark.django_db
Status = Enrollment.Status


@pytest.fixture(autouse=True)
def in_english():
    """The workflow's messages are read in English here; the view test reads them in Thai."""
    with translation.override("en"):
        yield


@pytest.fixture
def world():
    interior = Ministry.objects.create(name_th="กระทรวงมหาดไทย", name_en="Ministry of Interior")
    lands = make_agency("Department of Lands", ministry=interior)
    local = make_agency("Department of Local Administration", ministry=interior)
    revenue = make_agency("Revenue Department")
    trainer = make_trainer()
    cohort = make_cohort(capacity=4, trainers=[trainer])
    return {
        "interior": interior,
        "lands": lands,
        "local": local,
        "revenue": revenue,
        "trainer": trainer,
        "cohort": cohort,
    }


def _reserve(world, seats=2, *, agency=None, ministry=None, release_on=None):
    return quotas.reserve(
        world["cohort"],
        QuotaChange(
            agency=agency if agency is not None or ministry else world["lands"],
            ministry=ministry,
            seats=seats,
            release_on=release_on or days_from_now(7),
        ),
        world["trainer"],
    )


def _staff(agency, n=1):
    return [make_learner(agency=agency) for _ in range(n)]


def _seats(cohort):
    cohort.refresh_from_db()
    return cohort.seats_taken


def test_people_of_other_agencies_wait_when_the_seats_left_are_reserved(world):
    _reserve(world, 2)
    first, second, third = _staff(world["revenue"], 3)
    assert enrolment.enrol(first, world["cohort"]).status == Status.ENROLLED
    assert enrolment.enrol(second, world["cohort"]).status == Status.ENROLLED
    waiting = enrolment.enrol(third, world["cohort"])

    assert waiting.status == Status.WAITLISTED
    assert waiting.reserved_until == days_from_now(7)
    assert _seats(world["cohort"]) == 2


def test_the_waitlist_message_names_the_release_date_in_thai(world):
    with translation.override("th"):
        message = enrolment.reserved_seats_message(datetime.date(2027, 1, 5))
    assert message.startswith("ที่นั่งที่เหลือสงวนไว้สำหรับหน่วยงานอื่นจนถึงวันที่")
    assert "2570" in message  # the Buddhist-era year


def test_staff_of_the_agency_take_its_reserved_seats_first_then_open_ones(world):
    _reserve(world, 2)
    lands_staff = _staff(world["lands"], 4)
    outsiders = _staff(world["revenue"], 2)
    for person in lands_staff[:3]:
        assert enrolment.enrol(person, world["cohort"]).status == Status.ENROLLED
    # Two reserved seats and one open seat taken by the agency: one open seat left.
    assert enrolment.enrol(outsiders[0], world["cohort"]).status == Status.ENROLLED
    assert enrolment.enrol(outsiders[1], world["cohort"]).status == Status.WAITLISTED
    assert enrolment.enrol(lands_staff[3], world["cohort"]).status == Status.WAITLISTED
    assert _seats(world["cohort"]) == 4


def test_a_ministry_quota_is_for_every_agency_of_the_ministry(world):
    _reserve(world, 3, ministry=world["interior"])
    enrolment.enrol(_staff(world["revenue"])[0], world["cohort"])
    assert enrolment.enrol(_staff(world["revenue"])[0], world["cohort"]).status == Status.WAITLISTED
    assert enrolment.enrol(_staff(world["lands"])[0], world["cohort"]).status == Status.ENROLLED
    assert enrolment.enrol(_staff(world["local"])[0], world["cohort"]).status == Status.ENROLLED


def test_a_waiting_outsider_does_not_block_the_agencys_own_staff(world):
    _reserve(world, 2)
    for person in _staff(world["revenue"], 2):
        enrolment.enrol(person, world["cohort"])
    outsider = enrolment.enrol(_staff(world["revenue"])[0], world["cohort"])
    late_lands = enrolment.enrol(_staff(world["lands"])[0], world["cohort"])

    assert outsider.status == Status.WAITLISTED
    assert late_lands.status == Status.ENROLLED


def test_a_withdrawal_gives_the_reserved_seat_back_to_the_agency_not_the_waitlist(world):
    _reserve(world, 2)
    lands = [enrolment.enrol(person, world["cohort"]) for person in _staff(world["lands"], 2)]
    for person in _staff(world["revenue"], 2):
        enrolment.enrol(person, world["cohort"])
    outsider = enrolment.enrol(_staff(world["revenue"])[0], world["cohort"])

    enrolment.withdraw(lands[0], by=lands[0].learner)

    outsider.refresh_from_db()
    assert outsider.status == Status.WAITLISTED
    assert _seats(world["cohort"]) == 3


def test_the_release_seats_the_waitlist_and_running_again_changes_nothing(world):
    quota = _reserve(world, 2, release_on=days_from_now(1))
    for person in _staff(world["revenue"], 2):
        enrolment.enrol(person, world["cohort"])
    waiting = [enrolment.enrol(p, world["cohort"]) for p in _staff(world["revenue"], 3)]

    assert quotas.release_due(today=days_from_now(1)) == 0  # held through its last day
    assert quotas.release_due(today=days_from_now(2)) == 1
    assert quotas.release_due(today=days_from_now(2)) == 0

    statuses = [Enrollment.objects.get(pk=e.pk).status for e in waiting]
    assert statuses == [Status.ENROLLED, Status.ENROLLED, Status.WAITLISTED]
    quota.refresh_from_db()
    assert quota.released_at is not None
    assert _seats(world["cohort"]) == 4
    # Released seats are open to everyone.
    enrolment.withdraw(Enrollment.objects.get(pk=waiting[0].pk), by=waiting[0].learner)
    assert Enrollment.objects.get(pk=waiting[2].pk).status == Status.ENROLLED


def test_a_trainer_cannot_lower_the_capacity_into_the_reserved_seats(world):
    _reserve(world, 2)
    for person in _staff(world["revenue"], 2):
        enrolment.enrol(person, world["cohort"])
    with pytest.raises(enrolment.EnrolmentRefused) as refused:
        enrolment.change_capacity(world["cohort"], 3, by=world["trainer"])
    assert "reserved" in str(refused.value.message)
    assert Cohort.objects.get(pk=world["cohort"].pk).capacity == 4


@pytest.mark.parametrize(
    ("seats", "agency", "release_in", "refusal"),
    [
        (5, "lands", 7, "capacity of 4"),
        (0, "lands", 7, "at least one seat"),
        (-1, "lands", 7, "at least one seat"),
        (2, "lands", 14, "before the cohort starts"),
        (2, "lands", 30, "before the cohort starts"),
        (2, "lands", -1, "has passed"),
        (2, None, 7, "either an agency or a ministry"),
    ],
)
def test_bad_quotas_are_refused_with_a_reason_and_nothing_changes(
    world, seats, agency, release_in, refusal
):
    with pytest.raises(QuotaRefused) as refused:
        quotas.reserve(
            world["cohort"],
            QuotaChange(
                agency=world[agency] if agency else None,
                seats=seats,
                release_on=days_from_now(release_in),
            ),
            world["trainer"],
        )
    assert refusal in str(refused.value.message)
    assert not SeatQuota.objects.exists()


def test_an_agency_gets_one_quota_per_cohort_and_reservations_fit_the_capacity(world):
    _reserve(world, 2)
    with pytest.raises(QuotaRefused, match="already reserved"):
        _reserve(world, 1)
    with pytest.raises(QuotaRefused, match="add up to 5"):
        _reserve(world, 3, agency=world["revenue"])
    assert SeatQuota.objects.count() == 1


def test_seats_others_already_took_cannot_be_reserved(world):
    for person in _staff(world["revenue"], 3):
        enrolment.enrol(person, world["cohort"])
    with pytest.raises(QuotaRefused, match="At most 1 seats"):
        _reserve(world, 2)
    assert not SeatQuota.objects.exists()


def test_removing_a_quota_opens_its_seats_to_the_waitlist_at_once(world):
    quota = _reserve(world, 2)
    for person in _staff(world["revenue"], 3):
        enrolment.enrol(person, world["cohort"])
    quotas.remove(quota, world["trainer"])
    assert Enrollment.objects.filter(status=Status.ENROLLED).count() == 3
    assert SeatQuota.history.filter(history_type="-").count() == 1


def test_lowering_a_quota_gives_the_seats_to_the_waitlist(world):
    quota = _reserve(world, 2)
    for person in _staff(world["revenue"], 3):
        enrolment.enrol(person, world["cohort"])
    quotas.change(
        quota,
        QuotaChange(agency=world["lands"], seats=1, release_on=quota.release_on),
        world["trainer"],
    )
    assert Enrollment.objects.filter(status=Status.ENROLLED).count() == 3
    assert SeatQuota.history.filter(history_type="~").count() == 1


def test_a_released_quota_cannot_be_changed(world):
    quota = _reserve(world, 2, release_on=days_from_now(1))
    quotas.release_due(today=days_from_now(2))
    with pytest.raises(QuotaRefused, match="released already"):
        quotas.change(
            quota,
            QuotaChange(agency=world["lands"], seats=1, release_on=days_from_now(3)),
            world["trainer"],
        )


def test_trainer_promotion_of_an_outsider_adds_a_seat_instead_of_taking_a_reserved_one(world):
    _reserve(world, 2)
    for person in _staff(world["revenue"], 2):
        enrolment.enrol(person, world["cohort"])
    outsider = enrolment.enrol(_staff(world["revenue"])[0], world["cohort"])
    enrolment.promote(outsider, by=world["trainer"])
    world["cohort"].refresh_from_db()
    assert (world["cohort"].capacity, world["cohort"].seats_taken) == (5, 3)
    # The agency's two seats are still free for its staff.
    for person in _staff(world["lands"], 2):
        assert enrolment.enrol(person, world["cohort"]).status == Status.ENROLLED


def test_the_release_job_is_scheduled():
    from django.conf import settings

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "courses.tasks.release_seat_quotas" in tasks


def test_the_release_task_releases_what_is_due(world):
    from courses.tasks import release_seat_quotas

    quota = _reserve(world, 1, release_on=timezone.localdate())
    assert release_seat_quotas() == 0
    SeatQuota.objects.filter(pk=quota.pk).update(release_on=days_from_now(-1))
    assert release_seat_quotas() == 1


def test_the_learner_is_told_in_thai_that_the_seats_left_are_reserved(client, world):
    from django.urls import reverse

    from thai.dates import format_date

    _reserve(world, 4, release_on=days_from_now(7))
    outsider = _staff(world["revenue"])[0]
    client.force_login(outsider)

    with translation.override("th"):
        url = reverse("courses:enrol", args=[world["cohort"].code])
    response = client.post(url, follow=True)

    assert Enrollment.objects.get(learner=outsider).status == Status.WAITLISTED
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith("ที่นั่งที่เหลือสงวนไว้สำหรับหน่วยงานอื่นจนถึงวันที่")
    with translation.override("th"):
        assert format_date(days_from_now(7)) in message
