"""Cohorts of a course, who is enrolled, their sessions, attendance and module progress.

Invariants live in the database as named constraints; every model keeps its history
(django-simple-history) so a trainer can see who changed what and when.
"""

import datetime
import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Case, Count, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts import roles
from cms.pages import DeliveryMode
from thai.text import in_reader_language

# No 0/O, 1/I/L: cohort codes are read aloud and typed from slides.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


# Days each stage of two-stage approval has to decide a request, unless the cohort says.
DEFAULT_APPROVAL_DAYS = 5


def new_public_code(length: int = 8) -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(length))


class CohortQuerySet(models.QuerySet):
    def open_for_enrollment(self, now=None):
        """Cohorts whose enrolment window is open now (see `Cohort.enrollment_is_open`)."""
        now = now or timezone.now()
        return self.filter(
            Q(enrolment_opens_at__isnull=True) | Q(enrolment_opens_at__lte=now),
            Q(enrolment_closes_at__gt=now)
            | Q(enrolment_closes_at__isnull=True, start_date__gte=timezone.localdate(now)),
        )

    def upcoming(self, today=None):
        """Cohorts that have not ended yet, soonest first."""
        today = today or timezone.localdate()
        return self.filter(end_date__gte=today).order_by("start_date", "pk")

    def managed_by(self, user):
        """Cohorts a person may manage: the ones they train; OPDC staff and superusers, all
        (`accounts.roles.can_manage_cohort` for one cohort). None before the second factor."""
        if not user.is_authenticated:
            return self.none()
        if roles.is_opdc_staff(user):
            return self.all()
        if not roles.second_factor_verified(user):
            return self.none()
        return self.filter(trainers=user)

    def joinable_by(self, user):
        """Cohorts a person may ask to join: of a live course, and not one they train. The
        enrolment workflow still refuses a closed window or a declined request, with a reason."""
        cohorts = self.filter(course__live=True)
        if user.is_authenticated:
            cohorts = cohorts.exclude(trainers=user)
        return cohorts


class Cohort(models.Model):
    course = models.ForeignKey(
        "cms.CoursePage", verbose_name=_("course"), on_delete=models.PROTECT, related_name="cohorts"
    )
    code = models.CharField(
        _("public code"),
        max_length=16,
        default=new_public_code,
        editable=False,
        help_text=_("Unguessable code used in links and imports."),
    )
    title = models.CharField(_("title"), max_length=255, help_text=_("e.g. รุ่นที่ 3 ปีงบประมาณ 2569"))
    title_en = models.CharField(
        _("cohort title (English)"),
        max_length=255,
        blank=True,
        help_text=_(
            "Shown on the English site and printed on English lines of certificates, e.g. Cohort 3,"
            " fiscal year 2026."
        ),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    delivery_mode = models.CharField(
        _("delivery mode"),
        max_length=16,
        choices=DeliveryMode.choices,
        default=DeliveryMode.ON_SITE,
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    venue_en = models.CharField(
        _("venue (English)"),
        max_length=255,
        blank=True,
        help_text=_("Shown on the English site and in English e-mails; the Thai venue if empty."),
    )
    online_link = models.URLField(_("online meeting link"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), help_text=_("Seats; never oversold."))
    enrolment_opens_at = models.DateTimeField(_("enrolment opens"), null=True, blank=True)
    enrolment_closes_at = models.DateTimeField(_("enrolment closes"), null=True, blank=True)
    approval_required = models.BooleanField(
        _("approval required"),
        default=False,
        help_text=_("Requests wait for a trainer to approve them."),
    )
    agency_approval_required = models.BooleanField(
        _("agency approval required"),
        default=False,
        help_text=_(
            "A learner's own request waits first for a coordinator of their agency to approve it"
            " (nominated staff have their agency's consent already)."
        ),
    )
    agency_approval_days = models.PositiveSmallIntegerField(
        _("days for the agency to decide"),
        default=DEFAULT_APPROVAL_DAYS,
        help_text=_(
            "A request the agency has not decided in this many days expires (at the latest on"
            " the cohort's first day)."
        ),
    )
    trainer_approval_days = models.PositiveSmallIntegerField(
        _("days for the trainers to decide"),
        default=DEFAULT_APPROVAL_DAYS,
        help_text=_(
            "With agency approval: a request the agency approved that no trainer has decided in"
            " this many days expires (at the latest on the cohort's first day)."
        ),
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainers"),
        blank=True,
        related_name="trained_cohorts",
    )
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"),
        default=80,
        # The form's own message, before the database's constraint would answer in English
        # with its internal name ("Constraint … is violated").
        validators=[MaxValueValidator(100)],
        help_text=_("Counted against all planned sessions."),
    )
    required_modules = models.ManyToManyField(
        "cms.ModulePage",
        verbose_name=_("required modules"),
        blank=True,
        related_name="+",
        help_text=_("Modules a learner must complete; leave empty for none."),
    )
    co_designed_prototypes = models.ManyToManyField(
        "cms.CaseStudyPage",
        verbose_name=_("co-designed prototypes"),
        blank=True,
        related_name="co_designing_cohorts",
        help_text=_("Prototypes this cohort's participants co-designed (training to results)."),
    )
    # Denormalised count of enrolled seats, changed only by conditional UPDATEs so that
    # concurrent requests can never take more seats than `capacity` (SQLite has no row locks).
    seats_taken = models.PositiveIntegerField(_("seats taken"), default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["seats_taken"])

    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            models.UniqueConstraint(fields=["code"], name="cohort_unique_code"),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="cohort_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(seats_taken__lte=models.F("capacity")), name="cohort_not_oversold"
            ),
            models.CheckConstraint(
                condition=Q(min_attendance_percent__lte=100),
                name="cohort_attendance_percent_max_100",
                violation_error_message=_("Minimum attendance is a percentage: at most 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.code})"

    def save(self, *args, **kwargs):
        # `seats_taken` is the enrolment ledger's counter, moved only by its conditional UPDATEs
        # (courses/enrolment.py). A cohort edited in the admin while someone enrols would
        # otherwise write back the count it read before that seat was taken.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "seats_taken"
            ]
        super().save(*args, **kwargs)

    @property
    def display_title(self) -> str:
        """The title in the reader's language: English on the English site where one is given."""
        return in_reader_language(self.title, self.title_en)

    @property
    def display_venue(self) -> str:
        """The venue in the reader's language: English on the English site where one is given."""
        return in_reader_language(self.venue, self.venue_en)

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.seats_taken, 0)

    def enrollment_is_open(self, now=None) -> bool:
        """Same rule as `Cohort.objects.open_for_enrollment()`: without a closing time,
        enrolment stays open until the first day of the cohort."""
        now = now or timezone.now()
        if self.enrolment_opens_at and self.enrolment_opens_at > now:
            return False
        if self.enrolment_closes_at:
            return now < self.enrolment_closes_at
        return timezone.localdate(now) <= self.start_date

    def enrollment_not_yet_open(self, now=None) -> bool:
        now = now or timezone.now()
        return bool(self.enrolment_opens_at and self.enrolment_opens_at > now)


class EnrollmentQuerySet(models.QuerySet):
    def for_learner(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(learner=user)

    def seated(self):
        return self.filter(status__in=Enrollment.SEATED)

    def waitlisted(self):
        return self.filter(status=Enrollment.Status.WAITLISTED)

    def with_waitlist_position(self):
        """Annotate `waitlist_position`: for a waitlisted enrolment, its place in its cohort's
        queue (1 is the next to get a seat), counted in the order `promote_waitlist` seats
        people (`Enrollment.WAITLIST_ORDER`: oldest request first, then id); None otherwise.
        One subquery, so a list of enrolments stays one query."""
        ahead = (
            Enrollment.objects.filter(
                cohort=OuterRef("cohort"), status=Enrollment.Status.WAITLISTED
            )
            .filter(
                Q(requested_at__lt=OuterRef("requested_at"))
                | Q(requested_at=OuterRef("requested_at"), pk__lt=OuterRef("pk"))
            )
            .order_by()
            .values("cohort")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(
            waitlist_position=Case(
                When(
                    status=Enrollment.Status.WAITLISTED,
                    then=Coalesce(Subquery(ahead), 0) + 1,
                ),
                default=None,
                output_field=models.IntegerField(),
            )
        )


class Enrollment(models.Model):
    class Status(models.TextChoices):
        AGENCY_PENDING = "agency_pending", _("Waiting for the agency's approval")
        PENDING = "pending", _("Pending approval")
        ENROLLED = "enrolled", _("Enrolled")
        WAITLISTED = "waitlisted", _("Waitlisted")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REJECTED = "rejected", _("Rejected")
        COMPLETED = "completed", _("Completed")
        REMOVED = "removed", _("Removed by a trainer")
        NO_SHOW = "no_show", _("No-show")
        EXPIRED = "expired", _("Expired: not decided in time")

    class Method(models.TextChoices):
        REQUEST = "request", _("Learner's request")
        IMPORT = "import", _("Imported by a trainer")

    # Statuses that hold a seat.
    SEATED = (Status.ENROLLED, Status.COMPLETED)
    # A request waiting for a decision: the agency's (stage 1), then a trainer's (stage 2).
    AWAITING_DECISION = (Status.AGENCY_PENDING, Status.PENDING)
    # The waitlist's queue: who gets the next free seat first (courses.enrolment), and so the
    # place a waiting learner is shown (`with_waitlist_position`). Backed by the index below.
    WAITLIST_ORDER = ("requested_at", "id")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.PROTECT,
        related_name="enrollments",
    )
    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.PROTECT, related_name="enrollments"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status changed at"), auto_now=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    method = models.CharField(
        _("enrolled through"),
        max_length=16,
        choices=Method.choices,
        default=Method.REQUEST,
    )
    # When the learner and trainers were told that the minimum attendance is out of reach:
    # the at-risk e-mail goes out once (see courses.completion.notify_at_risk).
    at_risk_notified_at = models.DateTimeField(
        _("at-risk warning sent at"), null=True, blank=True, editable=False
    )

    # Two-stage approval (courses/enrolment.py, agencies/approvals.py): the last day on which
    # the stage the request waits at may decide it (empty: no deadline), and when its deciders
    # were reminded (once per stage).
    decide_by = models.DateField(_("decide by"), null=True, blank=True, editable=False)
    reminded_at = models.DateTimeField(
        _("deciders reminded at"), null=True, blank=True, editable=False
    )

    history = HistoricalRecords(excluded_fields=["at_risk_notified_at", "reminded_at"])

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "cohort"], name="enrollment_one_per_learner_per_cohort"
            ),
        ]
        indexes = [
            # The waitlist promotion picks the oldest waitlisted enrolment of a cohort.
            models.Index(
                fields=["cohort", "status", "requested_at"], name="enrollment_cohort_status_idx"
            ),
            # The hourly deadline job: requests waiting for a decision, by their deadline.
            models.Index(
                fields=["status", "decide_by"],
                condition=Q(decide_by__isnull=False),
                name="enrollment_decide_by_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learner} → {self.cohort}"

    def is_overdue(self, today=None) -> bool:
        """Past the deadline of the stage it waits at: nobody may decide it any more."""
        return self.decide_by is not None and (today or timezone.localdate()) > self.decide_by


class RequestDecision(models.Model):
    """One decision on a request to join a cohort (issue #16, two-stage approval): the
    agency's (stage 1) or a trainer's (stage 2), approved, declined, or expired because
    nobody decided by the deadline; who, when and why. Written only by courses/enrolment.py,
    in the transaction of the enrolment's change; never edited."""

    class Stage(models.TextChoices):
        AGENCY = "agency", _("The learner's agency")
        TRAINER = "trainer", _("Gov Lab's trainer")

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired: not decided in time")

    enrollment = models.ForeignKey(
        Enrollment,
        verbose_name=_("enrolment"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the request expired."),
    )
    at = models.DateTimeField(_("decided at"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("decision on a request")
        verbose_name_plural = _("decisions on requests")
        indexes = [
            # A request's history, oldest first (My learning, the coordinator's list, the roster).
            models.Index(fields=["enrollment", "at"], name="request_decision_enrol_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} · {self.get_stage_display()} · {self.get_decision_display()}"


class SeatQuotaQuerySet(models.QuerySet):
    def held(self):
        """Quotas whose seats are still reserved: not yet released (courses/quotas.py)."""
        return self.filter(released_at__isnull=True)

    def due_for_release(self, today=None):
        """Held quotas past their release date: the release job's work, caught up whenever
        it runs."""
        today = today or timezone.localdate()
        return self.held().filter(release_on__lt=today)


class SeatQuota(models.Model):
    """Seats of a cohort a trainer reserves for one agency, or for every agency of one
    ministry, until `release_on` (issue #16). While it is held, only people of that agency or
    ministry can take its seats; the day after `release_on`, the seats nobody of theirs took
    go to everyone (courses/quotas.py)."""

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="seat_quotas"
    )
    agency = models.ForeignKey(
        "cms.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    ministry = models.ForeignKey(
        "cms.Ministry",
        verbose_name=_("ministry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For every agency of the ministry; choose an agency or a ministry."),
    )
    seats = models.PositiveIntegerField(_("reserved seats"))
    release_on = models.DateField(
        _("held until"),
        help_text=_("The last day the seats are reserved; the next day they are open to everyone."),
    )
    released_at = models.DateTimeField(_("released at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reserved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    objects = SeatQuotaQuerySet.as_manager()

    class Meta:
        ordering = ["release_on", "pk"]
        verbose_name = _("seat quota")
        verbose_name_plural = _("seat quotas")
        constraints = [
            models.CheckConstraint(
                condition=Q(agency__isnull=False, ministry__isnull=True)
                | Q(agency__isnull=True, ministry__isnull=False),
                name="seat_quota_for_an_agency_or_a_ministry",
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="seat_quota_at_least_one"),
            models.UniqueConstraint(
                fields=["cohort", "agency"], name="seat_quota_one_per_agency_per_cohort"
            ),
            models.UniqueConstraint(
                fields=["cohort", "ministry"], name="seat_quota_one_per_ministry_per_cohort"
            ),
        ]
        indexes = [
            # The release job: held quotas past their date.
            models.Index(fields=["released_at", "release_on"], name="seat_quota_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.holder} · {self.seats} · {self.cohort}"

    @property
    def holder(self):
        """The agency or the ministry the seats are reserved for."""
        return self.agency or self.ministry

    @property
    def is_held(self) -> bool:
        return self.released_at is None


class Session(models.Model):
    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="sessions"
    )
    code = models.CharField(max_length=16, default=new_public_code, editable=False)
    title = models.CharField(_("title"), max_length=255)
    title_en = models.CharField(
        _("session title (English)"),
        max_length=255,
        blank=True,
        help_text=_("Shown on the English site, e.g. Day 1: Understanding the problem."),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    venue_en = models.CharField(
        _("venue (English)"),
        max_length=255,
        blank=True,
        help_text=_("Shown on the English site and in English e-mails; the Thai venue if empty."),
    )
    online_link = models.URLField(_("online meeting link"), blank=True)
    late_after_minutes = models.PositiveSmallIntegerField(
        _("late after (minutes)"),
        null=True,
        blank=True,
        default=15,
        help_text=_(
            "A check-in this many minutes after the start is recorded as late. Leave it empty "
            "for a session without a fixed start (e.g. open all day): nobody is marked late."
        ),
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.UniqueConstraint(fields=["code"], name="session_unique_code"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        """The title in the reader's language: English on the English site where one is given."""
        return in_reader_language(self.title, self.title_en)

    @property
    def display_venue(self) -> str:
        """The venue in the reader's language: English on the English site where one is given."""
        return in_reader_language(self.venue, self.venue_en)

    def is_late(self, when) -> bool:
        """Whether a check-in at `when` comes after this session's grace period."""
        if self.late_after_minutes is None:
            return False
        return when > self.starts_at + datetime.timedelta(minutes=self.late_after_minutes)


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")

    class Method(models.TextChoices):
        QR = "qr", _("QR code")
        TYPED_CODE = "code", _("Typed code")
        TRAINER = "trainer", _("Marked by trainer")
        IMPORT = "import", _("Imported")

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendances"
    )
    enrollment = models.ForeignKey(
        Enrollment,
        verbose_name=_("enrolment"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    method = models.CharField(_("recorded by"), max_length=16, choices=Method.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrollment"], name="attendance_one_per_enrollment_per_session"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} @ {self.session}: {self.get_status_display()}"


class ModuleProgress(models.Model):
    enrollment = models.ForeignKey(
        Enrollment,
        verbose_name=_("enrolment"),
        on_delete=models.CASCADE,
        related_name="module_progress",
    )
    module = models.ForeignKey(
        "cms.ModulePage", verbose_name=_("module"), on_delete=models.CASCADE, related_name="+"
    )
    completed_at = models.DateTimeField(_("completed at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("module progress")
        verbose_name_plural = _("module progress")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "module"], name="module_progress_once_per_module"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment}: {self.module_id}"


class ParticipantImport(models.Model):
    """One upload of a participant list: a job a trainer can watch (rows checked of how many,
    errors so far) while a worker validates and saves it. The file stays in Django storage so a
    restarted worker can read it again."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Saved")
        FAILED = "failed", _("Not saved: the file has errors")

    code = models.UUIDField(default=uuid.uuid4, editable=False)
    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="imports"
    )
    file = models.FileField(_("file"), upload_to="participant-imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    # Set when a worker claims the job; a claim older than the timeout may be taken over.
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    total_rows = models.PositiveIntegerField(_("rows in the file"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows checked"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    # The first errors, each {"row", "column", "th", "en"}; `error_count` has the full count.
    errors = models.JSONField(_("error report"), default=list, blank=True)
    created_accounts = models.PositiveIntegerField(_("new accounts"), default=0)
    enrolled = models.PositiveIntegerField(_("enrolled"), default=0)
    already_enrolled = models.PositiveIntegerField(_("already enrolled"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("participant import")
        verbose_name_plural = _("participant imports")
        constraints = [
            models.UniqueConstraint(fields=["code"], name="participant_import_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} → {self.cohort}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def header_refused(self) -> bool:
        """Failed on its header row (row 1; data rows start at 2), so no row was checked."""
        return self.status == self.Status.FAILED and any(
            error.get("row") == 1 for error in self.errors
        )


class SessionReminder(models.Model):
    """The day-before reminder of one session sent to one enrolment, alone or in the e-mail
    about an earlier session of the cohort (courses/notifications.py::send_due_reminders): the
    row is the claim, so the beat task selects "due and not yet reminded" and can never send it
    twice."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="reminders"
    )
    enrollment = models.ForeignKey(
        Enrollment,
        verbose_name=_("enrolment"),
        on_delete=models.CASCADE,
        related_name="session_reminders",
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("session reminder")
        verbose_name_plural = _("session reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrollment"], name="session_reminder_once_per_enrollment"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} @ {self.session}"


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A learner's secret calendar address: calendar apps subscribe without logging in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token = models.CharField(max_length=64, default=new_calendar_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(fields=["token"], name="calendar_feed_unique_token"),
        ]

    def __str__(self) -> str:
        return f"{self.user}"
