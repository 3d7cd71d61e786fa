"""The nomination workflow as a Hypothesis state machine: random sequences of nominations,
answers, withdrawals, the clock moving on and the expiry job, through the real
`agencies.nominations` against the test database, by two agencies' coordinators (each also
trying the other's people and nominations) into one small cohort. After every step:

* each person has at most one live (waiting or accepted) nomination to the cohort;
* an accepted nomination has the nominee's enrolment, and every enrolment in the cohort came
  from an accepted nomination;
* the cohort is never oversold;
* no nomination names a person of another agency than its own;

and a refused operation changes nothing, not even an e-mail in the outbox."""

import datetime

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from agencies import nominations
from agencies.models import Nomination
from agencies.nominations import NominationRefused
from courses.models import Cohort, Enrollment
from outbox.models import OutboxMessage
from tests.agencies.helpers import make_agencies
from tests.courses.helpers import make_cohort

pytestmark = pytest.mark.django_db
Status = Nomination.Status


def _snapshot():
    return (
        list(Nomination.objects.order_by("pk").values_list("pk", "status", "nominee")),
        list(Enrollment.objects.order_by("pk").values_list("pk", "status")),
        Cohort.objects.values_list("seats_taken", flat=True).get(),
        OutboxMessage.objects.count(),
    )


class NominationMachine(RuleBasedStateMachine):
    def __init__(self, world, cohort):
        super().__init__()
        self.world, self.cohort = world, cohort
        self.people = [world.alice, world.bob, world.charlie]
        self.coordinators = [world.coordinator, world.other_coordinator]
        self.days = 0  # how far the clock has moved on
        self._atomic = transaction.atomic()
        self._atomic.__enter__()

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _now(self):
        return timezone.now() + datetime.timedelta(days=self.days)

    def _attempt(self, operation, *args, **kwargs) -> bool:
        """Runs the operation; True if it was refused (and then changed nothing)."""
        before = _snapshot()
        try:
            with time_machine.travel(self._now(), tick=False):
                operation(*args, **kwargs, now=self._now())
        except NominationRefused:
            assert _snapshot() == before
            return True
        return False

    def _must_refuse(self, nomination, *, right_person: bool) -> bool:
        """An answer or withdrawal by the wrong person, to a nomination not waiting, or after
        its date."""
        return (
            not right_person
            or nomination.status != Status.NOMINATED
            or nomination.respond_by < timezone.localdate(self._now())
        )

    def _some_nomination(self, index):
        chosen = list(Nomination.objects.order_by("pk"))
        return chosen[index % len(chosen)] if chosen else None

    @rule(by=st.integers(0, 1), person=st.integers(0, 2), respond_in=st.integers(0, 5))
    def nominate(self, by, person, respond_in):
        coordinator = self.coordinators[by]
        agency = coordinator.coordinator_of.get().agency
        respond_by = timezone.localdate(self._now()) + datetime.timedelta(days=respond_in)
        refused = self._attempt(
            nominations.nominate,
            coordinator,
            self.cohort,
            agency,
            person=self.people[person],
            respond_by=min(respond_by, self.cohort.start_date),
        )
        if self.people[person].agency_id != agency.pk:
            assert refused

    @rule(index=st.integers(0, 20), as_nominee=st.booleans())
    def accept(self, index, as_nominee):
        nomination = self._some_nomination(index)
        if nomination:
            who = nomination.nominee if as_nominee else self.world.bob
            refused = self._attempt(nominations.accept, nomination, who)
            if self._must_refuse(nomination, right_person=who == nomination.nominee):
                assert refused

    @rule(index=st.integers(0, 20), as_nominee=st.booleans())
    def decline(self, index, as_nominee):
        nomination = self._some_nomination(index)
        if nomination:
            who = nomination.nominee if as_nominee else self.world.alice
            refused = self._attempt(nominations.decline, nomination, who, reason="ติดราชการ")
            if self._must_refuse(nomination, right_person=who == nomination.nominee):
                assert refused
            else:
                assert not refused

    @rule(index=st.integers(0, 20), by=st.integers(0, 1))
    def withdraw(self, index, by):
        nomination = self._some_nomination(index)
        if nomination:
            coordinator = self.coordinators[by]
            refused = self._attempt(nominations.withdraw, nomination, coordinator)
            ours = coordinator.coordinator_of.filter(agency=nomination.agency).exists()
            assert refused == self._must_refuse(nomination, right_person=ours)

    @rule(days=st.integers(1, 3))
    def time_passes(self, days):
        self.days += days

    @rule()
    def the_expiry_job_runs(self):
        today = timezone.localdate(self._now())
        overdue = set(
            Nomination.objects.filter(status=Status.NOMINATED, respond_by__lt=today).values_list(
                "pk", flat=True
            )
        )
        assert nominations.expire_overdue(today=today) == len(overdue)
        assert nominations.expire_overdue(today=today) == 0  # running twice changes nothing

    @invariant()
    def one_live_nomination_per_person(self):
        live = list(Nomination.objects.live().values_list("nominee", flat=True))
        assert len(live) == len(set(live))

    @invariant()
    def enrolments_come_from_accepted_nominations(self):
        accepted = {
            (n.nominee_id, n.enrollment.learner_id)
            for n in Nomination.objects.filter(status=Status.ACCEPTED).select_related("enrollment")
        }
        assert all(nominee == learner for nominee, learner in accepted)
        enrolled = set(Enrollment.objects.values_list("learner", flat=True))
        assert enrolled == {nominee for nominee, _learner in accepted}

    @invariant()
    def never_oversold(self):
        cohort = Cohort.objects.get()
        seated = Enrollment.objects.filter(status=Enrollment.Status.ENROLLED).count()
        assert cohort.seats_taken == seated <= cohort.capacity

    @invariant()
    def nominees_belong_to_the_nominating_agency(self):
        for nomination in Nomination.objects.select_related("nominee"):
            assert nomination.nominee.agency_id == nomination.agency_id


def test_nominations_keep_their_invariants_whatever_people_do_in_whatever_order():
    world = make_agencies()
    cohort = make_cohort(capacity=1)
    run_state_machine_as_test(
        lambda: NominationMachine(world, cohort),
        settings=settings(max_examples=40, stateful_step_count=20),
    )
