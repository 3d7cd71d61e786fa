"""The enrolment workflow as a Hypothesis state machine (issue #14, guard 2).

Random sequences of what learners and trainers do (enrol, withdraw, approve, reject with or
without a reason, raise and lower the capacity, promote by hand, remove, mark a no-show, import
a participant list, reserve seats for an agency, remove a reservation, run the release job)
run through the real `courses.enrolment`, `courses.importing` and `courses.quotas` functions
against the test database, on two cohorts of one bilingual course, with learners of two
agencies and of none. After every step:

* no cohort is oversold, and `Cohort.seats_taken` is the number of seated enrolments;
* seats reserved for an agency are never taken by others while the quota is held: people
  outside a quota's agency (and its people beyond its seats) hold at most the open seats;
* nobody waits who could take a seat (a seat of their agency's quota, or an open one);
* nobody who got a seat in the step is younger (`Enrollment.WAITLIST_ORDER`) than somebody
  of the same agency still waiting, and every waiting learner is shown their place in the
  queue;
* each learner has at most one enrolment per cohort;
* running the release job again changes nothing;

and each rule checks its own outcome: a refused operation (`EnrolmentRefused`, an import with
errors) and a repeated one change nothing at all, not even an e-mail in the outbox.

Each example runs in a savepoint that is rolled back at its end, so examples and shrinking
start from the same database. A failure prints the shortest sequence of steps that shows it.
"""

import csv
import datetime
import io
import itertools
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    precondition,
    rule,
    run_state_machine_as_test,
)

from accounts.models import User
from courses import enrolment, importing, quotas
from courses.enrolment import REJECTION_REASON_MAX_LENGTH, EnrolmentRefused
from courses.models import Cohort, Enrollment, SeatQuota
from outbox.models import OutboxMessage
from tests.courses.helpers import make_cohort
from tests.factories import (
    days_from_now,
    make_agency,
    make_bilingual_course,
    make_learner,
    make_trainer,
)

Status = Enrollment.Status
# A request for the same cohort returns these as they are (courses.enrolment._ACTIVE).
ACTIVE = (Status.PENDING, Status.ENROLLED, Status.WAITLISTED, Status.COMPLETED)
# A trainer closed these: asking again is refused.
CLOSED = (Status.REJECTED, Status.REMOVED, Status.NO_SHOW)
WITHDRAWABLE = (Status.PENDING, Status.ENROLLED, Status.WAITLISTED)
REASONS = ("", "ไม่ใช่กลุ่มเป้าหมายของรุ่นนี้", "x" * (REJECTION_REASON_MAX_LENGTH + 1))

_newcomers = itertools.count(1)
# The machine's two cohorts of one course.
OPEN, BY_APPROVAL = "open to all", "by approval"
COHORTS = (OPEN, BY_APPROVAL)


@dataclass
class World:
    """What every example shares, built once per test: the course, its trainer, learners."""

    course: object
    trainer: User
    learners: list[User]
    agencies: list


def _snapshot() -> dict:
    """Everything an enrolment operation may change, to show that a refusal changed nothing."""
    return {
        "cohorts": list(Cohort.objects.order_by("pk").values("pk", "capacity", "seats_taken")),
        "enrolments": list(Enrollment.objects.order_by("pk").values()),
        "enrolment history": Enrollment.history.count(),
        "quotas": list(SeatQuota.objects.order_by("pk").values()),
        "accounts": User.objects.count(),
        "outbox": OutboxMessage.objects.count(),
    }


def _key(enrollment: dict) -> tuple:
    return tuple(enrollment[name] for name in Enrollment.WAITLIST_ORDER)


@dataclass
class Seats:
    """The test's own reading of a cohort's seats, from the rule of issue #16 (agency quotas
    only): each held quota's seats are filled first by its agency's seated people."""

    capacity: int
    taken: int
    held: dict  # agency id -> reserved seats
    seated: dict  # agency id (None: no agency) -> seated enrolments

    @classmethod
    def of(cls, cohort_id: int, extra=()) -> "Seats":
        cohort = Cohort.objects.get(pk=cohort_id)
        held = dict(SeatQuota.objects.held().filter(cohort=cohort).values_list("agency", "seats"))
        seated: dict = {}
        for agency in (
            Enrollment.objects.seated()
            .filter(cohort=cohort)
            .values_list("learner__agency", flat=True)
        ):
            seated[agency] = seated.get(agency, 0) + 1
        for agency in extra:
            seated[agency] = seated.get(agency, 0) + 1
        return cls(cohort.capacity, cohort.seats_taken + len(extra), held, seated)

    @property
    def unfilled(self) -> int:
        return sum(max(seats - self.seated.get(a, 0), 0) for a, seats in self.held.items())

    @property
    def others(self) -> int:
        """Seats held by people other than a quota's own within its seats: open seats taken."""
        own = sum(min(self.seated.get(a, 0), seats) for a, seats in self.held.items())
        return self.taken - own

    def valid(self) -> bool:
        return self.taken <= self.capacity and self.others <= self.capacity - sum(
            self.held.values()
        )

    def fits(self, agency) -> bool:
        if self.taken >= self.capacity:
            return False
        if agency in self.held and self.seated.get(agency, 0) < self.held[agency]:
            return True
        return self.taken + self.unfilled < self.capacity


def _csv(people: list[tuple[str, str, str]]) -> io.BytesIO:
    """A participant list as a trainer uploads it: e-mail, Thai first and last name."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=importing.HEADERS, restval="")
    writer.writeheader()
    for email, first, last in people:
        writer.writerow({"email": email, "first_name_th": first, "last_name_th": last})
    return io.BytesIO(buffer.getvalue().encode("utf-8-sig"))


class EnrolmentMachine(RuleBasedStateMachine):
    people = Bundle("people")
    enrolments = Bundle("enrolments")

    def __init__(self, world: World):
        super().__init__()
        self.world = world
        # Per example: everything this example writes is rolled back in teardown().
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.cohort_ids: dict[str, int] = {}
        self._seated_before: dict[int, set[int]] = {}

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # Set-up --------------------------------------------------------------------------------

    @initialize(
        target=enrolments,
        capacities=st.tuples(st.integers(1, 2), st.integers(0, 2)),
        started=st.tuples(st.booleans(), st.booleans()),
        first_requests=st.tuples(st.integers(0, 4), st.integers(0, 4)),
        reserved=st.tuples(st.integers(0, 2), st.integers(0, 2)),
    )
    def open_two_cohorts(self, capacities, started, first_requests, reserved):
        """Two small cohorts, so that they fill up and people wait, each with its first
        requests (through `enrol`, as every later one): one open to all, one that asks a
        trainer to approve every request (and may have no seat until the capacity is raised).
        """
        enrollments = []
        for which, capacity, has_started, requests, seats in zip(
            COHORTS, capacities, started, first_requests, reserved, strict=True
        ):
            # A cohort that started yesterday still takes requests until tomorrow, so that
            # no-shows (only once it has started) and enrolment can both happen.
            start = days_from_now(-1 if has_started else 7)
            cohort = make_cohort(
                course=self.world.course,
                capacity=capacity,
                approval_required=which == BY_APPROVAL,
                start_date=start,
                end_date=start + datetime.timedelta(days=2),
                enrolment_closes_at=timezone.now() + datetime.timedelta(days=1),
                trainers=[self.world.trainer],
            )
            self.cohort_ids[which] = cohort.pk
            if seats and capacity and not has_started:
                # Seats reserved for the first agency before anybody asks, so that quotas are
                # in play from the first step (the reserve rule adds more, or is refused).
                change = quotas.QuotaChange(
                    agency=self.world.agencies[0],
                    seats=min(seats, capacity),
                    release_on=days_from_now(3),
                )
                quotas.reserve(cohort, change, self.world.trainer)
            for learner in self.world.learners[:requests]:
                enrollments.append(enrolment.enrol(learner, cohort).pk)
        return multiple(*enrollments)

    @initialize(target=people)
    def everybody(self):
        # The trainer too: asking to join or being imported into their own cohort is refused.
        # Listed first: a bundle is drawn from most often at its end.
        return multiple(self.world.trainer, *self.world.learners)

    # Helpers -------------------------------------------------------------------------------

    @property
    def trainer(self) -> User:
        return self.world.trainer

    def _refused(self, label: str, operation, before: dict) -> bool:
        """Run `operation`; on `EnrolmentRefused`, check that nothing changed and say so.
        `label` names the outcome in `--hypothesis-show-statistics`."""
        try:
            operation()
        except EnrolmentRefused as refusal:
            event(f"{label}: refused")
            assert str(refusal.message)
            assert _snapshot() == before, "a refused operation changed something"
            return True
        return False

    @staticmethod
    def _seat_free_and_nobody_older_waits(
        cohort_id: int, enrollment: Enrollment | None, person: User
    ) -> bool:
        """What the workflow promises: a seat for `person`'s `enrollment` (None: a newcomer,
        younger than everybody) if one is free to them and nobody who asked before it and is
        waiting could take one."""
        seats = Seats.of(cohort_id)
        waiting = Enrollment.objects.filter(cohort_id=cohort_id, status=Status.WAITLISTED)
        if enrollment is not None:
            waiting = waiting.filter(
                Q(requested_at__lt=enrollment.requested_at)
                | Q(requested_at=enrollment.requested_at, pk__lt=enrollment.pk)
            )
        older = waiting.values_list("learner__agency", flat=True)
        return seats.fits(person.agency_id) and not any(seats.fits(a) for a in older)

    # Learners ------------------------------------------------------------------------------

    @rule(target=enrolments, which=st.sampled_from(COHORTS), person=people)
    def enrol(self, which, person):
        cohort = self.cohort_ids[which]
        before = _snapshot()
        existing = Enrollment.objects.filter(cohort_id=cohort, learner=person).first()
        seat_for_a_newcomer = self._seat_free_and_nobody_older_waits(cohort, None, person)
        result = []
        if self._refused(
            "enrol" if person != self.trainer else "enrol (the trainer)",
            lambda: result.append(enrolment.enrol(person, Cohort.objects.get(pk=cohort))),
            before,
        ):
            assert person == self.trainer or (existing is not None and existing.status in CLOSED), (
                "a learner was refused a cohort that is open to them"
            )
            return multiple()
        enrollment = Enrollment.objects.get(pk=result[0].pk)
        assert person != self.trainer, "a trainer enrolled in their own cohort"
        if existing is not None and existing.status in ACTIVE:
            event("enrol: asked again")
            assert enrollment.pk == existing.pk
            assert _snapshot() == before, "asking again changed something"
            return multiple()
        event(f"enrol: {'again, ' if existing else ''}{enrollment.status}")
        if Cohort.objects.get(pk=cohort).approval_required:
            assert enrollment.status == Status.PENDING
        elif seat_for_a_newcomer:
            assert enrollment.status == Status.ENROLLED
        else:
            assert enrollment.status == Status.WAITLISTED
        return multiple() if existing else enrollment.pk

    @rule(enrollment=enrolments)
    def withdraw(self, enrollment):
        enrollment = Enrollment.objects.get(pk=enrollment)
        before = _snapshot()
        withdrawing = lambda: enrolment.withdraw(enrollment, by=enrollment.learner)  # noqa: E731
        if self._refused("withdraw", withdrawing, before):
            assert enrollment.status not in WITHDRAWABLE + (Status.WITHDRAWN,)
            return
        if enrollment.status == Status.WITHDRAWN:
            assert _snapshot() == before, "withdrawing twice changed something"
        waiting = Enrollment.objects.waitlisted().filter(cohort_id=enrollment.cohort_id)
        event(f"withdraw: from {enrollment.status}{', people waiting' if waiting else ''}")
        enrollment.refresh_from_db()
        assert enrollment.status == Status.WITHDRAWN

    # Trainers ------------------------------------------------------------------------------

    @rule(enrollment=enrolments)
    def approve(self, enrollment):
        enrollment = Enrollment.objects.get(pk=enrollment)
        before = _snapshot()
        seat_for_them = self._seat_free_and_nobody_older_waits(
            enrollment.cohort_id, enrollment, enrollment.learner
        )
        if self._refused("approve", lambda: enrolment.approve(enrollment, by=self.trainer), before):
            assert enrollment.status != Status.PENDING
            return
        assert enrollment.status == Status.PENDING
        enrollment.refresh_from_db()
        event(f"approve: {enrollment.status}")
        assert enrollment.status == (Status.ENROLLED if seat_for_them else Status.WAITLISTED)

    @rule(enrollment=enrolments, reason=st.sampled_from(REASONS))
    def reject(self, enrollment, reason):
        enrollment = Enrollment.objects.get(pk=enrollment)
        before = _snapshot()
        rejecting = lambda: enrolment.reject(enrollment, by=self.trainer, reason=reason)  # noqa: E731
        if self._refused("reject", rejecting, before):
            assert len(reason) > REJECTION_REASON_MAX_LENGTH or enrollment.status not in (
                Status.PENDING,
                Status.WAITLISTED,
            )
            return
        assert len(reason) <= REJECTION_REASON_MAX_LENGTH
        event(f"reject: {enrollment.status}, {'with' if reason else 'without'} a reason")
        enrollment.refresh_from_db()
        assert enrollment.status == Status.REJECTED
        # The learner is told, with the trainer's reason when there is one.
        assert OutboxMessage.objects.count() > before["outbox"]
        decision = OutboxMessage.objects.filter(recipient_user=enrollment.learner).latest("pk")
        if reason:
            assert reason in decision.args[1], "the e-mail lacks the trainer's reason"

    # Once people have asked: before that, a change has nothing to act on, and raising the
    # capacity of empty cohorts only keeps waitlists from forming.
    @precondition(lambda self: bool(self.bundle("enrolments")))
    @rule(which=st.sampled_from(COHORTS), change=st.sampled_from((-1, 1)))
    def change_capacity(self, which, change):
        cohort = self.cohort_ids[which]
        before = _snapshot()
        current = Cohort.objects.get(pk=cohort)
        old_capacity, seats_taken = current.capacity, current.seats_taken
        least = seats_taken + Seats.of(cohort).unfilled
        capacity = max(old_capacity + change, 0)
        changing = lambda: enrolment.change_capacity(current, capacity, by=self.trainer)  # noqa: E731
        if self._refused("change_capacity", changing, before):
            assert capacity < least, "a capacity above the seats taken and reserved was refused"
            return
        assert capacity >= least, "the capacity went below the seats taken and reserved"
        event(
            f"change_capacity: {'raised' if capacity > old_capacity else 'lowered' if capacity < old_capacity else 'kept'}"
        )
        assert Cohort.objects.get(pk=cohort).capacity == capacity

    @rule(enrollment=enrolments)
    def promote(self, enrollment):
        enrollment = Enrollment.objects.get(pk=enrollment)
        before = _snapshot()
        first = (
            Enrollment.objects.filter(cohort_id=enrollment.cohort_id, status=Status.WAITLISTED)
            .order_by(*Enrollment.WAITLIST_ORDER)
            .first()
        )
        if self._refused("promote", lambda: enrolment.promote(enrollment, by=self.trainer), before):
            assert first is None or first.pk != enrollment.pk, "the first in the queue was refused"
            return
        assert first is not None and first.pk == enrollment.pk, "promoted ahead of the queue"
        event("promote: seated")
        enrollment.refresh_from_db()
        assert enrollment.status == Status.ENROLLED

    @rule(enrollment=enrolments, no_show=st.booleans())
    def close_a_seat(self, enrollment, no_show):
        """Remove an enrolled learner, or mark them as a no-show (once the cohort started)."""
        enrollment = Enrollment.objects.select_related("cohort").get(pk=enrollment)
        before = _snapshot()
        status = Status.NO_SHOW if no_show else Status.REMOVED
        close = enrolment.mark_no_show if no_show else enrolment.remove
        started = enrollment.cohort.start_date <= timezone.localdate()
        if self._refused(status, lambda: close(enrollment, by=self.trainer), before):
            assert enrollment.status != Status.ENROLLED or (no_show and not started)
            return
        assert enrollment.status in (Status.ENROLLED, status)
        event(f"{status}: from {enrollment.status}")
        if enrollment.status == status:
            assert _snapshot() == before, "closing a closed seat changed something"
        enrollment.refresh_from_db()
        assert enrollment.status == status

    @rule(
        target=enrolments,
        which=st.sampled_from(COHORTS),
        listed=st.lists(people, max_size=2, unique_by=lambda person: person.pk),
        newcomers=st.integers(0, 2),
    )
    def import_participants(self, which, listed, newcomers):
        """The admin's upload: a CSV of people already known and people new to the system."""
        cohort = self.cohort_ids[which]
        before = _snapshot()
        current = Cohort.objects.get(pk=cohort)
        new_emails = [f"newcomer{next(_newcomers)}@agency.go.th" for _ in range(newcomers)]
        # The factory numbers last names ("ใจดี3"), which no import accepts; an existing
        # account keeps its own names anyway.
        rows = [(person.email, "สมศรี", "ใจดี") for person in listed]
        rows += [(email, "ผู้เข้าร่วม", "ใหม่") for email in new_emails]
        enrolled_before = set(
            Enrollment.objects.filter(cohort_id=cohort).values_list("learner_id", flat=True)
        )
        seated_before = set(
            Enrollment.objects.seated().filter(cohort_id=cohort).values_list("learner", flat=True)
        )
        # Newcomers have no agency: they can take only open seats.
        after = Seats.of(
            cohort,
            extra=[p.agency_id for p in listed if p.pk not in seated_before] + [None] * newcomers,
        )
        seats_needed = len(rows) - (
            Enrollment.objects.seated()
            .filter(cohort_id=cohort, learner__in=[person.pk for person in listed])
            .count()
        )
        report = importing.import_participants(
            _csv(rows), current, by=self.trainer, name="participants.csv"
        )
        if not report.saved:
            assert report.errors
            assert _snapshot() == before, "a refused import changed something"
            if not rows:
                event("import: refused, no rows")
            elif self.trainer in listed:
                event("import: refused, lists the trainer")
            else:
                assert seats_needed > current.seats_left or not after.valid(), (
                    f"a valid import was refused: {report.lines()}"
                )
                event("import: refused, not enough seats")
            return multiple()
        assert rows and self.trainer not in listed and seats_needed <= current.seats_left
        assert after.valid(), "an import took seats reserved for an agency"
        event("import: saved")
        imported = Enrollment.objects.filter(
            cohort_id=cohort, learner__email__in=[email for email, _first, _last in rows]
        )
        assert sorted(e.status in Enrollment.SEATED for e in imported) == [True] * len(rows)
        return multiple(*imported.exclude(learner__in=enrolled_before).values_list("pk", flat=True))

    # Seat quotas ---------------------------------------------------------------------------

    @rule(
        which=st.sampled_from(COHORTS),
        agency=st.integers(0, 1),
        seats=st.integers(-1, 3),
        release_in=st.integers(-1, 8),
    )
    def reserve_seats(self, which, agency, seats, release_in):
        cohort = Cohort.objects.get(pk=self.cohort_ids[which])
        agency = self.world.agencies[agency]
        release_on = days_from_now(release_in)
        before = _snapshot()
        current = Seats.of(cohort.pk)
        current.held[agency.pk] = current.held.get(agency.pk, 0) + max(seats, 0)
        expected_refusal = (
            seats < 1
            or release_on >= cohort.start_date
            or release_on < timezone.localdate()
            or SeatQuota.objects.filter(cohort=cohort, agency=agency).exists()
            or sum(current.held.values()) > cohort.capacity
            or current.taken + current.unfilled > cohort.capacity
        )
        change = quotas.QuotaChange(agency=agency, seats=seats, release_on=release_on)
        reserving = lambda: quotas.reserve(cohort, change, self.trainer)  # noqa: E731
        if self._refused("reserve", reserving, before):
            assert expected_refusal, "a valid quota was refused"
            return
        assert not expected_refusal, "an invalid quota was saved"
        event("reserve: saved")

    @precondition(lambda self: SeatQuota.objects.exists())
    @rule(data=st.data())
    def remove_quota(self, data):
        quota = data.draw(st.sampled_from(list(SeatQuota.objects.order_by("pk"))))
        quotas.remove(quota, self.trainer)
        event("remove a quota")
        assert not SeatQuota.objects.filter(pk=quota.pk).exists()

    @rule()
    def release_job(self):
        """The beat job, on a day after every release date; a second run changes nothing."""
        after_every_date = days_from_now(10)
        held = SeatQuota.objects.held().count()
        assert quotas.release_due(today=after_every_date) == held
        event(f"release: {'some' if held else 'none'} held")
        before = _snapshot()
        assert quotas.release_due(today=after_every_date) == 0
        assert _snapshot() == before, "releasing twice changed something"

    # Invariants ----------------------------------------------------------------------------

    @invariant()
    def capacity_and_the_waitlist_hold(self):
        # One query for the enrolments of both cohorts: the invariants run after every step,
        # and when a failure is shrunk, after every step of every replay.
        enrollments = list(
            Enrollment.objects.filter(cohort__course=self.world.course)
            .with_waitlist_position()
            .order_by(*Enrollment.WAITLIST_ORDER)
            .values("pk", "cohort", "learner", "status", "waitlist_position", "requested_at", "id")
        )
        agencies = dict(User.objects.values_list("pk", "agency"))
        pairs = [(e["learner"], e["cohort"]) for e in enrollments]
        assert len(pairs) == len(set(pairs)), "a learner holds two enrolments in one cohort"
        for cohort in Cohort.objects.filter(course=self.world.course):
            of_cohort = [e for e in enrollments if e["cohort"] == cohort.pk]
            seated = {e["pk"] for e in of_cohort if e["status"] in Enrollment.SEATED}
            waiting = [e for e in of_cohort if e["status"] == Status.WAITLISTED]
            assert cohort.seats_taken == len(seated), "seats_taken is not the seats taken"
            assert len(seated) <= cohort.capacity, "oversold"
            seats = Seats.of(cohort.pk)
            assert seats.valid(), "seats reserved for an agency were taken by others"
            for enrollment in waiting:
                assert not seats.fits(agencies[enrollment["learner"]]), (
                    "a seat is free to someone who waits"
                )
            # The place each waiting learner is shown is their place in the queue.
            assert [e["waitlist_position"] for e in waiting] == list(range(1, len(waiting) + 1))
            # Whoever got a seat in this step asked before everybody of their agency (who could
            # have had the same seat) still waiting.
            newly_seated = seated - self._seated_before.get(cohort.pk, set())
            for enrollment in of_cohort:
                if enrollment["pk"] not in newly_seated:
                    continue
                same = [
                    w for w in waiting if agencies[w["learner"]] == agencies[enrollment["learner"]]
                ]
                if same:
                    assert _key(enrollment) < _key(same[0]), "seated ahead of the queue"
            self._seated_before[cohort.pk] = seated


@pytest.mark.django_db
def test_enrolment_keeps_its_invariants_whatever_people_do_in_whatever_order():
    agencies = [make_agency("Department of Lands"), make_agency("Revenue Department")]
    world = World(
        course=make_bilingual_course(),
        trainer=make_trainer(),
        # Learners in both languages (every e-mail of the workflow is written in each), of
        # either agency or of none.
        learners=[
            make_learner(preferred_language=language, agency=agency)
            for language, agency in zip(
                ("th", "en") * 3,
                (agencies[0], None, agencies[1], agencies[0], None, agencies[1]),
                strict=True,
            )
        ],
        agencies=agencies,
    )
    run_state_machine_as_test(
        lambda: EnrolmentMachine(world),
        settings=settings(max_examples=60, stateful_step_count=25),
    )
