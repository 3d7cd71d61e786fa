"""The seat ledger of a cohort: who may take which seat while seats are reserved (issue #16).

A held `SeatQuota` reserves seats for the people of one agency, or of every agency of one
ministry. The ledger counts the seats each quota's own people fill, from the seated enrolments
of the cohort grouped by the learner's account agency (and its ministry): a person takes their
agency's reserved seat first, then their ministry's, then an open seat. Counted, not recorded
on the enrolment, so a withdrawal gives the reserved seat back to its agency by itself, and
nothing can drift.

The cohort's invariant, which every seat decision keeps, is that open seats never go below zero:

    seats taken + reserved seats not yet filled by their own people <= capacity

so a person can take a seat exactly when that still holds with them seated (`can_seat`). Every
decision is made under a row lock on the cohort (`lock_cohort`): it depends on several rows
(the quotas, the seated people's agencies), which one conditional UPDATE cannot re-check, and
PostgreSQL evaluates a subquery in an UPDATE against the statement's snapshot, not the rows
committed while it waited. The lock serialises seat decisions of one cohort only; SQLite
serialises write transactions anyway (`transaction_mode = IMMEDIATE`).
"""

import dataclasses
import datetime
from collections import Counter
from collections.abc import Iterable

from django.db.models import Count

from cms.models import Agency
from courses.models import Cohort, Enrollment, SeatQuota

# (agency id, ministry id) of a learner: whose reserved seats they may take. (None, None) for
# someone without an agency, who can take only open seats.
Group = tuple[int | None, int | None]


def lock_cohort(cohort_id: int) -> Cohort:
    """Lock the cohort's row until the end of the transaction and read it as it stands."""
    return Cohort.objects.select_for_update().get(pk=cohort_id)


def group_of(user) -> Group:
    if user.agency_id is None:
        return (None, None)
    ministry = Agency.objects.filter(pk=user.agency_id).values_list("ministry_id", flat=True)
    return (user.agency_id, ministry.first())


def groups_of(enrollments) -> list[Group]:
    """The groups of `enrollments` (a queryset), in its order, in one query."""
    return [
        (agency, ministry)
        for agency, ministry in enrollments.values_list(
            "learner__agency", "learner__agency__ministry"
        )
    ]


def _fill(quotas: list[SeatQuota], seated: Counter) -> dict[int, int]:
    """Seats of each quota (by position) filled by its own people: an agency's first, then
    what their agency's quota had no room for goes to their ministry's."""
    filled = [0] * len(quotas)
    by_agency = {q.agency_id: i for i, q in enumerate(quotas) if q.agency_id}
    by_ministry = {q.ministry_id: i for i, q in enumerate(quotas) if q.ministry_id}
    overflow: Counter = Counter()
    for (agency, ministry), count in seated.items():
        i = by_agency.get(agency) if agency is not None else None
        if i is not None:
            taken = min(count, quotas[i].seats - filled[i])
            filled[i] += taken
            count -= taken
        if count and ministry is not None and ministry in by_ministry:
            overflow[ministry] += count
    for ministry, count in overflow.items():
        i = by_ministry[ministry]
        filled[i] += min(count, quotas[i].seats - filled[i])
    return dict(enumerate(filled))


@dataclasses.dataclass
class QuotaLine:
    quota: SeatQuota
    filled: int

    @property
    def unfilled(self) -> int:
        return self.quota.seats - self.filled


@dataclasses.dataclass
class SeatLedger:
    capacity: int
    seats_taken: int
    quotas: list[SeatQuota]  # held quotas only
    seated: Counter  # Group -> seated enrolments

    @property
    def lines(self) -> list[QuotaLine]:
        filled = _fill(self.quotas, self.seated)
        return [QuotaLine(quota, filled[i]) for i, quota in enumerate(self.quotas)]

    def _unfilled(self, seated: Counter) -> int:
        filled = _fill(self.quotas, seated)
        return sum(quota.seats - filled[i] for i, quota in enumerate(self.quotas))

    @property
    def reserved_unfilled(self) -> int:
        return self._unfilled(self.seated) if self.quotas else 0

    @property
    def open_seats(self) -> int:
        """Seats anybody may take."""
        return max(self.capacity - self.seats_taken - self.reserved_unfilled, 0)

    def can_seat(self, groups: Iterable[Group]) -> bool:
        """Whether people of `groups` can all be seated without taking anybody else's
        reserved seat or overselling the cohort."""
        groups = list(groups)
        if self.seats_taken + len(groups) > self.capacity:
            return False
        if not self.quotas:
            return True
        after = self.seated + Counter(groups)
        return self.seats_taken + len(groups) + self._unfilled(after) <= self.capacity

    def seat(self, group: Group) -> None:
        """Record in the ledger a seat just taken (by the caller's conditional UPDATE)."""
        self.seats_taken += 1
        self.seated[group] += 1

    def free(self, group: Group) -> None:
        self.seats_taken -= 1
        self.seated[group] -= 1

    def reserved_until(self, group: Group) -> datetime.date | None:
        """For someone of `group` who cannot be seated although seats are free: the first
        day on which reserved seats of others may be released (None if the cohort is full)."""
        if self.seats_taken >= self.capacity:
            return None
        others = [
            line.quota.release_on
            for line in self.lines
            if line.unfilled
            and line.quota.agency_id != group[0]
            and (line.quota.ministry_id is None or line.quota.ministry_id != group[1])
        ]
        return min(others) if others else None


def ledger(cohort: Cohort, quotas: list[SeatQuota] | None = None) -> SeatLedger:
    """The cohort's seats as they stand (lock the cohort first to decide on them); with
    `quotas`, as they would stand if those were its held quotas."""
    if quotas is None:
        quotas = list(SeatQuota.objects.held().filter(cohort_id=cohort.pk).order_by("pk"))
    seated: Counter = Counter()
    if quotas:
        rows = (
            Enrollment.objects.seated()
            .filter(cohort_id=cohort.pk)
            .values_list("learner__agency", "learner__agency__ministry")
            .annotate(n=Count("pk"))
            .order_by()
        )
        seated = Counter({(agency, ministry): n for agency, ministry, n in rows})
    return SeatLedger(cohort.capacity, cohort.seats_taken, quotas, seated)


@dataclasses.dataclass
class Reservation:
    """Seats of a cohort held for a person's agency (or its ministry), as they are told it:
    for whom, how many, how many of those are still free, and the last day they are held."""

    holder: object  # the Agency or the Ministry
    seats: int
    left: int
    release_on: datetime.date


def reservations_for(user, cohorts) -> dict[int, Reservation]:
    """For each of `cohorts` (by id) with seats held for the person's agency or ministry:
    the reservation they may take a seat of, the agency's before the ministry's (the order
    in which the ledger fills them). Three queries at most, whatever the number of cohorts;
    none for someone without an agency."""
    if not getattr(user, "is_authenticated", False) or user.agency_id is None:
        return {}
    agency, ministry = group_of(user)
    ids = [cohort.pk for cohort in cohorts]
    quotas = list(
        SeatQuota.objects.held()
        .filter(cohort_id__in=ids)
        .select_related("agency", "ministry")
        .order_by("cohort_id", "pk")
    )
    mine = {
        q.cohort_id
        for q in quotas
        if q.agency_id == agency or (ministry is not None and q.ministry_id == ministry)
    }
    if not mine:
        return {}
    seated: dict[int, Counter] = {}
    rows = (
        Enrollment.objects.seated()
        .filter(cohort_id__in=mine)
        .values_list("cohort_id", "learner__agency", "learner__agency__ministry")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for cohort_id, seated_agency, seated_ministry, n in rows:
        seated.setdefault(cohort_id, Counter())[(seated_agency, seated_ministry)] = n
    found: dict[int, Reservation] = {}
    for cohort_id in mine:
        held = [q for q in quotas if q.cohort_id == cohort_id]
        lines = SeatLedger(0, 0, held, seated.get(cohort_id, Counter())).lines
        ordered = sorted(lines, key=lambda line: line.quota.agency_id != agency)
        for line in ordered:
            quota = line.quota
            if quota.agency_id == agency or (
                ministry is not None and quota.ministry_id == ministry
            ):
                found[cohort_id] = Reservation(
                    quota.holder, quota.seats, line.unfilled, quota.release_on
                )
                break
    return found


@dataclasses.dataclass
class HeldSeats:
    """Of a cohort's seats left, how many are held for agencies and not yet filled by their
    people, and the first day any of them is released: what the course page tells everyone."""

    count: int
    until: datetime.date


def held_seats(cohorts) -> dict[int, HeldSeats]:
    """For each of `cohorts` (by id) with reserved seats still unfilled. Two queries at most,
    whatever the number of cohorts; none for no cohorts."""
    ids = [cohort.pk for cohort in cohorts]
    if not ids:
        return {}
    quotas = list(SeatQuota.objects.held().filter(cohort_id__in=ids).order_by("cohort_id", "pk"))
    if not quotas:
        return {}
    with_quotas = {quota.cohort_id for quota in quotas}
    seated: dict[int, Counter] = {}
    rows = (
        Enrollment.objects.seated()
        .filter(cohort_id__in=with_quotas)
        .values_list("cohort_id", "learner__agency", "learner__agency__ministry")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for cohort_id, agency, ministry, n in rows:
        seated.setdefault(cohort_id, Counter())[(agency, ministry)] = n
    found = {}
    for cohort_id in with_quotas:
        held = [quota for quota in quotas if quota.cohort_id == cohort_id]
        lines = [
            line
            for line in SeatLedger(0, 0, held, seated.get(cohort_id, Counter())).lines
            if line.unfilled > 0
        ]
        if lines:
            found[cohort_id] = HeldSeats(
                sum(line.unfilled for line in lines), min(line.quota.release_on for line in lines)
            )
    return found
