"""Seat quotas (issue #16): a trainer reserves seats of a cohort for an agency or a ministry
until a release date; the release job gives the seats nobody of theirs took to the waitlist.

Called alike by the trainer's admin screens, the beat task and the demo seeder. Every change
runs under the cohort's row lock (courses/seats.py) and raises `QuotaRefused` (a translated
message) with nothing changed when it cannot be made: a quota for nobody or for both an agency
and a ministry, fewer than one seat, a second quota of the same agency or ministry, a release
date on or after the cohort's first day or already past, reservations adding up to more than
the capacity, or more than the seats still open (people of other agencies already hold seats
that are no longer free to reserve).

The release selects "held and past its date" rows, so a missed run is caught up by the next
and running twice changes nothing more. Seats a release frees go to the waitlist through
`enrolment.promote_waitlist`: staff their agency nominated first (supplied by the higher
agencies app through the ``waitlist_first`` hook), then the oldest request.
"""

import dataclasses
import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from cms.models import Agency, Ministry
from courses import enrolment, seats
from courses.enrolment import EnrolmentRefused
from courses.models import Cohort, SeatQuota
from thai.dates import format_date

# Each hook function takes a cohort id and returns the ids of its waitlisted enrolments that
# go first when reserved seats are released.
WAITLIST_FIRST_HOOK = "waitlist_first"


class QuotaRefused(EnrolmentRefused):
    """A quota a trainer cannot add, change or remove; `message` is translated for display."""


@dataclasses.dataclass
class QuotaChange:
    """What a trainer asks for: seats for an agency or for a ministry, until a day."""

    agency: Agency | None = None
    ministry: Ministry | None = None
    seats: int = 0
    release_on: datetime.date | None = None


def _check(cohort: Cohort, quota: SeatQuota, others: list[SeatQuota], today) -> None:
    if (quota.agency_id is None) == (quota.ministry_id is None):
        raise QuotaRefused(_("Choose either an agency or a ministry to reserve seats for."))
    if quota.seats is None or quota.seats < 1:
        raise QuotaRefused(_("Reserve at least one seat."))
    if quota.release_on is None:
        raise QuotaRefused(_("Give the last day the seats are held."))
    if quota.release_on >= cohort.start_date:
        raise QuotaRefused(
            _("The seats must be released before the cohort starts: on %(date)s at the latest.")
            % {"date": format_date(cohort.start_date - datetime.timedelta(days=1))}
        )
    if quota.release_on < today:
        raise QuotaRefused(_("The last day to hold the seats has passed already."))
    for other in others:
        if (quota.agency_id and other.agency_id == quota.agency_id) or (
            quota.ministry_id and other.ministry_id == quota.ministry_id
        ):
            raise QuotaRefused(
                _("Seats are already reserved for %(holder)s in this cohort: change that quota.")
                % {"holder": quota.holder}
            )
    held = [other for other in others if other.is_held] + [quota]
    total = sum(q.seats for q in held)
    if total > cohort.capacity:
        raise QuotaRefused(
            _(
                "The reservations would add up to %(total)d seats, more than the cohort's"
                " capacity of %(capacity)d."
            )
            % {"total": total, "capacity": cohort.capacity}
        )
    ledger = seats.ledger(cohort, held)
    excess = ledger.seats_taken + ledger.reserved_unfilled - cohort.capacity
    if excess > 0:
        raise QuotaRefused(
            _(
                "At most %(most)d seats can be reserved for %(holder)s: %(taken)d seats are"
                " taken, by people of other agencies too, and the other quotas hold theirs."
            )
            % {
                "most": max(quota.seats - excess, 0),
                "holder": quota.holder,
                "taken": cohort.seats_taken,
            }
        )


def _save(quota: SeatQuota, by) -> SeatQuota:
    # django-simple-history names the actor of this history row.
    quota._history_user = by  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            quota.save()
    except IntegrityError:
        # A simultaneous quota of the same agency or ministry won the constraint.
        raise QuotaRefused(
            _("Seats are already reserved for %(holder)s in this cohort: change that quota.")
            % {"holder": quota.holder}
        ) from None
    return quota


def reserve(cohort: Cohort, change: QuotaChange, by, *, today=None) -> SeatQuota:
    """Reserve `change.seats` seats of `cohort` for an agency or a ministry."""
    today = today or timezone.localdate()
    with transaction.atomic():
        cohort = seats.lock_cohort(cohort.pk)
        quota = SeatQuota(
            cohort=cohort,
            agency=change.agency,
            ministry=change.ministry,
            seats=change.seats,
            release_on=change.release_on,  # type: ignore[misc]  # None is refused by _check
            created_by=by,
        )
        _check(cohort, quota, list(cohort.seat_quotas.all()), today)
        return _save(quota, by)


def change(quota: SeatQuota, change: QuotaChange, by, *, today=None) -> SeatQuota:
    """Change a held quota; seats it no longer reserves go to the waitlist."""
    today = today or timezone.localdate()
    with transaction.atomic():
        cohort = seats.lock_cohort(quota.cohort_id)
        quota = SeatQuota.objects.select_for_update().get(pk=quota.pk)
        if not quota.is_held:
            raise QuotaRefused(_("These seats have been released already: add a new quota."))
        quota.agency, quota.ministry = change.agency, change.ministry
        quota.seats = change.seats
        quota.release_on = change.release_on  # type: ignore[assignment]  # None: refused below
        _check(cohort, quota, list(cohort.seat_quotas.exclude(pk=quota.pk)), today)
        _save(quota, by)
        enrolment.promote_waitlist(cohort.pk, by)
        return quota


def remove(quota: SeatQuota, by) -> None:
    """Remove a quota: its seats are open to everyone at once and go to the waitlist."""
    with transaction.atomic():
        cohort = seats.lock_cohort(quota.cohort_id)
        quota._history_user = by  # type: ignore[attr-defined]
        quota.delete()
        enrolment.promote_waitlist(cohort.pk, by)


def _first_in_queue(cohort_id: int) -> set[int]:
    first: set[int] = set()
    for supply in hooks.get_hooks(WAITLIST_FIRST_HOOK):
        first |= set(supply(cohort_id))
    return first


def release_cohort(cohort_id: int, *, today=None, now=None) -> int:
    """Release the cohort's quotas past their date and seat the waitlist in the seats nobody of
    theirs took. Returns how many quotas were released (0 when run again)."""
    today = today or timezone.localdate()
    now = now or timezone.now()
    with transaction.atomic():
        seats.lock_cohort(cohort_id)
        due = list(SeatQuota.objects.due_for_release(today).filter(cohort_id=cohort_id))
        for quota in due:
            quota.released_at = now
            quota._history_user = None  # type: ignore[attr-defined]
            quota.save(update_fields=["released_at"])
        if due:
            enrolment.promote_waitlist(cohort_id, None, first=_first_in_queue(cohort_id))
    return len(due)


def release_due(today=None) -> int:
    """Release every quota past its date (the beat job). Returns how many were released."""
    today = today or timezone.localdate()
    cohorts = (
        SeatQuota.objects.due_for_release(today).values_list("cohort_id", flat=True).distinct()
    )
    return sum(release_cohort(cohort_id, today=today) for cohort_id in list(cohorts))
