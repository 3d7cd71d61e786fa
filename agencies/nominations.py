"""The nomination workflow (issue #16): a coordinator nominates staff of their agency into a
cohort, the nominee accepts (and is enrolled) or declines, the coordinator may withdraw a
nomination not yet answered, and one not answered by its date expires.

Called alike by the coordinator's and the learner's views and the demo seeder. Every
operation runs in one transaction and raises `NominationRefused` (a translated message) with
nothing changed when it cannot be done: a person of another agency, a second live nomination
of the same person to the same cohort, a cohort that is closed or full, an answer after the
date. Accepting is the agency's consent, so it enrols through `courses.enrolment.enrol`: a
seat, the waitlist if the cohort filled up since, or a request waiting for a trainer when the
cohort needs one's approval; a refusal of the enrolment workflow refuses the acceptance too.

Someone without an account is invited by e-mail: the nomination holds the address. Following
the invitation's link proves the address is theirs, so once they are logged in with an account
of that address, `attach_invitations` gives them every invitation sent to it.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.models import User
from accounts.names import normalise_email
from agencies import notifications
from agencies.models import Nomination
from courses import enrolment
from courses.models import Cohort, Enrollment
from thai.dates import format_date
from thai.text import normalise_text

Status = Nomination.Status

# The longest reason a nominee may give for declining.
REASON_MAX_LENGTH = 500
# Enrolments that mean the person is in the cohort already, or has asked to be.
_IN_COHORT = (
    Enrollment.Status.AGENCY_PENDING,
    Enrollment.Status.PENDING,
    Enrollment.Status.ENROLLED,
    Enrollment.Status.WAITLISTED,
    Enrollment.Status.COMPLETED,
)


class NominationRefused(Exception):
    """A nomination or an answer that cannot be made. `template` is a lazy translation,
    %-formatted with `params` (lazy too where they depend on the language, e.g. a person's
    name): `message` reads it in the active language, so an import's row report can give it
    in Thai and in English."""

    def __init__(self, template, params: dict | None = None):
        super().__init__(template)
        self.template = template
        self.params = params or {}

    @property
    def message(self) -> str:
        if not self.params:
            return str(self.template)
        return str(self.template) % {
            key: str(value) if isinstance(value, Promise) else value
            for key, value in self.params.items()
        }


# A value read in the language active when the message is shown, not when it was raised.
_later = lazy(lambda read: read(), str)


def last_day_to_answer(cohort: Cohort) -> datetime.date:
    """The last day a nominee can still accept: the last day of the enrolment window (which,
    without a closing time, stays open until the cohort's first day)."""
    if cohort.enrolment_closes_at:
        closes = timezone.localtime(cohort.enrolment_closes_at - datetime.timedelta(microseconds=1))
        return min(closes.date(), cohort.start_date)
    return cohort.start_date


def _check_cohort(cohort: Cohort, now) -> None:
    if not cohort.course.live:
        raise NominationRefused(_("This cohort's course is not published."))
    if cohort.enrollment_not_yet_open(now):
        raise NominationRefused(_("Enrolment for this cohort has not opened yet."))
    if not cohort.enrollment_is_open(now):
        raise NominationRefused(_("Enrolment for this cohort has closed: nobody can be nominated."))
    if cohort.seats_left == 0:
        raise NominationRefused(_("This cohort is full: nobody can be nominated."))


def _find_account(email: str) -> User | None:
    return User.objects.filter(email__iexact=email, is_active=True).first()


def nominate(
    by,
    cohort: Cohort,
    agency,
    *,
    person: User | None = None,
    email: str = "",
    respond_by: datetime.date | None = None,
    now=None,
) -> Nomination:
    """`by`, a coordinator of `agency`, nominates `person` (staff of the agency), or the
    person with the account of `email`, or invites `email` if nobody has an account of it.
    The nominee is e-mailed. `respond_by` defaults to the last day of the enrolment window."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if not roles.coordinates(by, agency):
        raise NominationRefused(_("You do not coordinate this agency."))
    if person is None:
        email = normalise_email(email)
        try:
            validate_email(email)
        except ValidationError:
            raise NominationRefused(
                _("“%(email)s” is not an e-mail address."), {"email": email}
            ) from None
        person = _find_account(email)
    if person is not None and (not person.is_active or person.agency_id != agency.pk):
        raise NominationRefused(
            _(
                "%(person)s is not on the staff of %(agency)s: only your agency's staff can be nominated."
            ),
            {
                "person": _later(lambda: person.display_name),
                "agency": _later(lambda: agency.name),
            },
        )
    label = _later(lambda: person.display_name) if person else email
    last_day = last_day_to_answer(cohort)
    respond_by = respond_by or last_day
    if respond_by < today:
        raise NominationRefused(_("The date to answer by has passed already."))
    if respond_by > last_day:
        raise NominationRefused(
            _("The date to answer by must be on or before %(date)s, the last day of enrolment."),
            {"date": _later(lambda: format_date(last_day))},
        )
    with transaction.atomic():
        # The cohort's row, locked, so its seats are read as they stand.
        cohort = Cohort.objects.select_for_update().select_related("course").get(pk=cohort.pk)
        _check_cohort(cohort, now)
        live = Nomination.objects.live().filter(cohort=cohort)
        if person is not None:
            if roles.trains(person, cohort):
                raise NominationRefused(
                    _("%(person)s trains this cohort and cannot be nominated to it."),
                    {"person": label},
                )
            if live.filter(nominee=person).exists():
                raise _duplicate(label)
            if Enrollment.objects.filter(
                learner=person, cohort=cohort, status__in=_IN_COHORT
            ).exists():
                raise NominationRefused(
                    _("%(person)s is already enrolled in this cohort or has asked to join it."),
                    {"person": label},
                )
        elif live.filter(nominee__isnull=True, invited_email__iexact=email).exists():
            raise _duplicate(label)
        try:
            with transaction.atomic():
                nomination = Nomination.objects.create(
                    cohort=cohort,
                    nominee=person,
                    invited_email="" if person else email,
                    agency=agency,
                    nominated_by=by,
                    nominated_at=now,
                    respond_by=respond_by,
                )
        except IntegrityError:
            # A simultaneous nomination of the same person won the constraint.
            raise _duplicate(label) from None
        notifications.nominated(nomination)
    return nomination


def _duplicate(label) -> NominationRefused:
    return NominationRefused(
        _("%(person)s is already nominated to this cohort."), {"person": label}
    )


def _save(nomination: Nomination, status: str, by, now, reason: str = "") -> Nomination:
    nomination.status = status
    nomination.decided_at = now
    nomination.reason = reason
    # django-simple-history names the actor of this history row.
    nomination._history_user = by  # type: ignore[attr-defined]
    nomination.save()
    return nomination


def _lock_waiting(nomination: Nomination, today) -> Nomination:
    # Only the nomination's row is locked: the nominee is a nullable (outer) join, which
    # PostgreSQL cannot lock.
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("cohort", "cohort__course", "nominee", "agency", "nominated_by")
        .get(pk=nomination.pk)
    )
    if nomination.status != Status.NOMINATED:
        raise NominationRefused(
            _("This nomination is no longer waiting for an answer: %(status)s."),
            {"status": _later(nomination.get_status_display)},
        )
    if nomination.is_overdue(today):
        raise NominationRefused(
            _("The date to answer this nomination, %(date)s, has passed."),
            {"date": _later(lambda: format_date(nomination.respond_by))},
        )
    return nomination


def _check_nominee(nomination: Nomination, by) -> None:
    if nomination.nominee_id is None or nomination.nominee_id != by.pk:
        raise NominationRefused(_("Only the person nominated can answer this nomination."))


def accept(nomination: Nomination, by, *, now=None) -> Nomination:
    """The nominee accepts: enrolled through the enrolment workflow (seated, waitlisted, or
    waiting for a trainer's approval), all or nothing. The coordinator who nominated is
    e-mailed the answer."""
    now = now or timezone.now()
    _check_nominee(nomination, by)
    with transaction.atomic():
        nomination = _lock_waiting(nomination, timezone.localdate(now))
        try:
            # The nomination is the agency's consent: no agency approval (stage 1) again.
            enrollment = enrolment.enrol(
                nomination.nominee, nomination.cohort, now=now, agency_consent=True
            )
        except enrolment.EnrolmentRefused as refusal:
            raise NominationRefused(refusal.message) from None  # a lazy translation
        nomination.enrollment = enrollment
        _save(nomination, Status.ACCEPTED, by, now)
        notifications.answered(nomination)
        return nomination


def decline(nomination: Nomination, by, reason: str = "", *, now=None) -> Nomination:
    """The nominee declines, with a reason for the coordinator if they give one; the
    coordinator who nominated is e-mailed the answer (as when the nominee accepts)."""
    now = now or timezone.now()
    reason = normalise_text(reason)
    if len(reason) > REASON_MAX_LENGTH:
        raise NominationRefused(
            _("The reason is too long: at most %(limit)d characters."), {"limit": REASON_MAX_LENGTH}
        )
    _check_nominee(nomination, by)
    with transaction.atomic():
        nomination = _lock_waiting(nomination, timezone.localdate(now))
        _save(nomination, Status.DECLINED, by, now, reason)
        notifications.answered(nomination)
        return nomination


def withdraw(nomination: Nomination, by, *, now=None) -> Nomination:
    """A coordinator of the nomination's agency withdraws it before the nominee answered; the
    nominee is told. An accepted nomination stays: the enrolment is the nominee's to withdraw."""
    now = now or timezone.now()
    if not roles.coordinates(by, nomination.agency):
        raise NominationRefused(_("You do not coordinate this agency."))
    with transaction.atomic():
        nomination = _lock_waiting(nomination, timezone.localdate(now))
        _save(nomination, Status.WITHDRAWN, by, now)
        notifications.withdrawn(nomination)
        return nomination


def expire_overdue(today=None) -> int:
    """Record as expired every nomination not answered by its date. Selects "waiting and past
    its date", so a missed run is caught up by the next; running twice changes nothing more.
    Returns how many expired."""
    today = today or timezone.localdate()
    expired = 0
    with transaction.atomic():
        overdue = Nomination.objects.select_for_update(skip_locked=True).filter(
            status=Status.NOMINATED, respond_by__lt=today
        )
        for nomination in overdue:
            _save(nomination, Status.EXPIRED, None, timezone.now())
            expired += 1
    return expired


def attach_invitations(user, code) -> list[Nomination]:
    """`user` followed the invitation with this `code`: if it was sent to their account's
    address, every invitation to that address becomes theirs to answer. The person's agency
    is set from the invitation when their profile names none; an invitation from another
    agency than their profile's is refused. Returns the nominations attached."""
    invitation = Nomination.objects.filter(code=code).select_related("agency").first()
    if invitation is None:
        raise NominationRefused(_("This invitation does not exist."))
    if invitation.nominee_id is not None:
        if invitation.nominee_id == user.pk:
            return []
        raise NominationRefused(_("This invitation has been taken up by another account."))
    if not user.email or normalise_email(user.email) != normalise_email(invitation.invited_email):
        raise NominationRefused(
            _(
                "This invitation was sent to another e-mail address. Log in with the account of"
                " that address, or sign up with it."
            )
        )
    if user.agency_id is not None and user.agency_id != invitation.agency_id:
        raise NominationRefused(
            _(
                "This invitation is from %(agency)s, but your profile names another agency."
                " Correct your agency in your profile, then follow the invitation again."
            ),
            {"agency": _later(lambda: invitation.agency.name)},
        )
    attached = []
    try:
        with transaction.atomic():
            if user.agency_id is None:
                # The invitation names the agency from the list, instead of a typed one.
                user.agency = invitation.agency
                user.agency_other = ""
                user.save(update_fields=["agency", "agency_other"])
            invitations = Nomination.objects.select_for_update().filter(
                nominee__isnull=True,
                invited_email__iexact=invitation.invited_email,
                agency=user.agency,
            )
            for nomination in invitations:
                nomination.nominee = user
                nomination._history_user = user  # type: ignore[attr-defined]
                nomination.save(update_fields=["nominee"])
                attached.append(nomination)
    except IntegrityError:
        raise NominationRefused(
            _("You are already nominated to this cohort: see My learning.")
        ) from None
    return attached
