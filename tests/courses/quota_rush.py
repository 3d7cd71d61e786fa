"""200 people of 5 agencies press "Enrol" at once in a cohort of 60 seats, three agencies of
which hold seat quotas: the scenario of the concurrency test and of
benchmarks/quota_enrolment.py. Each request runs in its own thread with its own database
connection, through the real enrolment workflow."""

import dataclasses
from concurrent.futures import ThreadPoolExecutor

from django.db import connection

from courses import enrolment, quotas
from courses.models import Cohort, Enrollment
from courses.quotas import QuotaChange
from tests.courses.helpers import make_cohort
from tests.factories import days_from_now, make_agency, make_learner, make_trainer

CAPACITY = 60
PEOPLE_PER_AGENCY = 40
# Agency name -> seats reserved for it (the last two have none).
AGENCIES = {
    "Department of Lands": 12,
    "Revenue Department": 10,
    "Department of Local Administration": 8,
    "Customs Department": 0,
    "Department of Health": 0,
}


@dataclasses.dataclass
class Rush:
    cohort: Cohort
    people: list  # (learner, agency name), interleaved across agencies


@dataclasses.dataclass
class Outcome:
    learner_id: int
    status: str
    message: str  # what the learner is told


def build(with_quotas: bool = True) -> Rush:
    trainer = make_trainer()
    cohort = make_cohort(capacity=CAPACITY, trainers=[trainer])
    staff = {}
    for name, reserved in AGENCIES.items():
        agency = make_agency(name)
        if reserved and with_quotas:
            quotas.reserve(
                cohort,
                QuotaChange(agency=agency, seats=reserved, release_on=days_from_now(7)),
                trainer,
            )
        staff[name] = [make_learner(agency=agency) for _ in range(PEOPLE_PER_AGENCY)]
    people = [(staff[name][i], name) for i in range(PEOPLE_PER_AGENCY) for name in AGENCIES]
    return Rush(cohort, people)


def _enrol_in_own_connection(learner, cohort_id) -> Outcome:
    try:
        enrollment = enrolment.enrol(learner, Cohort.objects.get(pk=cohort_id))
        until = getattr(enrollment, "reserved_until", None)
        if until:
            message = enrolment.reserved_seats_message(until)
        else:
            message = enrollment.get_status_display()
        return Outcome(learner.pk, enrollment.status, message)
    finally:
        connection.close()


def run(rush: Rush, workers: int = 20) -> list[Outcome]:
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(
            pool.map(
                _enrol_in_own_connection,
                [learner for learner, _name in rush.people],
                [rush.cohort.pk] * len(rush.people),
            )
        )


def seated_by_agency(cohort: Cohort) -> dict[str, int]:
    seated = {name: 0 for name in AGENCIES}
    for name in (
        Enrollment.objects.seated()
        .filter(cohort=cohort)
        .values_list("learner__agency__name_en", flat=True)
    ):
        seated[name] += 1
    return seated
