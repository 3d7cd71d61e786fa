"""What an agency coordinator looked at (PDPA accountability for access to other people's
training records: who, when, whose, what), and whom the agency nominated to which cohort."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class AccessRecord(models.Model):
    class What(models.TextChoices):
        STAFF_LIST = "staff_list", _("The agency's list of staff and their training")
        PERSON = "person", _("One person's training record")
        NOMINATIONS = "nominations", _("The agency's nominations")
        REQUESTS = "requests", _("The agency's requests to approve")

    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("viewed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("whose data"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for the agency's whole list."),
    )
    agency = models.ForeignKey(
        "cms.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    what = models.CharField(_("what was seen"), max_length=16, choices=What.choices)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access to training records")
        verbose_name_plural = _("accesses to training records")

    def __str__(self) -> str:
        return f"{self.viewer} · {self.get_what_display()} · {self.at:%Y-%m-%d %H:%M}"


class NominationQuerySet(models.QuerySet):
    def live(self):
        """Nominations still in play: waiting for the nominee's answer, or accepted."""
        return self.filter(status__in=Nomination.LIVE)

    def waiting(self):
        return self.filter(status=Nomination.Status.NOMINATED)

    def for_agencies(self, agencies):
        return self.filter(agency__in=agencies)

    def for_nominee(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(nominee=user)


class Nomination(models.Model):
    """An agency sends one of its people to a cohort (issue #16): the coordinator nominates,
    the nominee accepts (and is enrolled through the enrolment workflow) or declines. Someone
    without an account yet is invited by e-mail: the nomination holds the address until they
    sign up and follow the invitation (agencies/nominations.py)."""

    class Status(models.TextChoices):
        NOMINATED = "nominated", _("Waiting for the nominee's answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn by the coordinator")
        EXPIRED = "expired", _("Expired: not answered in time")

    # One of these per person per cohort at most (the constraints below).
    LIVE = (Status.NOMINATED, Status.ACCEPTED)

    code = models.UUIDField(default=uuid.uuid4, editable=False)
    cohort = models.ForeignKey(
        "courses.Cohort",
        verbose_name=_("cohort"),
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    nominee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nominee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        help_text=_("Empty while an invited person has no account yet."),
    )
    invited_email = models.EmailField(
        _("invited e-mail address"),
        blank=True,
        help_text=_("For someone without an account: the address the invitation went to."),
    )
    agency = models.ForeignKey(
        "cms.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nominated by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    nominated_at = models.DateTimeField(_("nominated at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NOMINATED
    )
    respond_by = models.DateField(
        _("answer by"), help_text=_("The last day on which the nominee may accept or decline.")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    enrollment = models.ForeignKey(
        "courses.Enrollment",
        verbose_name=_("enrolment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The enrolment made when the nominee accepted."),
    )

    history = HistoricalRecords()

    objects = NominationQuerySet.as_manager()

    class Meta:
        ordering = ["-nominated_at", "-pk"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [
            models.UniqueConstraint(fields=["code"], name="nomination_unique_code"),
            models.UniqueConstraint(
                fields=["cohort", "nominee"],
                condition=Q(status__in=["nominated", "accepted"]),
                name="nomination_one_live_per_person_per_cohort",
            ),
            models.UniqueConstraint(
                "cohort",
                Lower("invited_email"),
                condition=Q(nominee__isnull=True, status__in=["nominated", "accepted"]),
                name="nomination_one_live_per_invitee_per_cohort",
            ),
            models.CheckConstraint(
                condition=Q(nominee__isnull=False) | ~Q(invited_email=""),
                name="nomination_names_someone",
            ),
        ]
        indexes = [
            # The coordinator's list: an agency's nominations, newest first.
            models.Index(fields=["agency", "-nominated_at"], name="nomination_agency_idx"),
            # The nightly expiry: waiting nominations past their answer date.
            models.Index(fields=["status", "respond_by"], name="nomination_status_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.nominee or self.invited_email} → {self.cohort}"

    @property
    def nominee_label(self) -> str:
        return self.nominee.display_name if self.nominee else self.invited_email

    def is_overdue(self, today=None) -> bool:
        return (today or timezone.localdate()) > self.respond_by

    @property
    def shown_status(self) -> str:
        """The status as people should read it: a waiting nomination past its date is expired
        even before the nightly job records it."""
        if self.status == self.Status.NOMINATED and self.is_overdue():
            return self.Status.EXPIRED
        return self.status

    def get_shown_status_display(self) -> str:
        return self.Status(self.shown_status).label
