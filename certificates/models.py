"""Certificate designs (a Wagtail snippet) and issued certificates (a frozen snapshot).

An issued :class:`Certificate` copies everything it printed, so the public verification page
answers from the snapshot and never changes when a name, a course title or a design is edited
later. Status changes (revoke, supersede) go through :mod:`certificates.issuing`.
"""

import hashlib

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from simple_history.models import HistoricalRecords
from wagtail.models import PreviewableMixin, RevisionMixin

from certificates.rendering import (
    MAX_SIGNATORIES,
    ORIENTATIONS,
    PAGE_SIZES_MM,
    CertificateContent,
    CertificateDesign,
    Signatory,
)
from certificates.serials import new_serial

_PLACEHOLDER_HELP = _(
    "Placeholders: {name_th} {name_en} {course_th} {course_en} {cohort} {cohort_th} {cohort_en} "
    "{cohort_code} {start_date_th} {end_date_th} {start_date_en} {end_date_en} {issue_date_th} "
    "{issue_date_en} {hours} {serial}. {cohort} is the cohort's name in the language of the text "
    "(the Thai name in Thai texts, the English name in English ones); its code only when the "
    "cohort has no name."
)
_DEFAULTS = CertificateDesign()
DEFAULT_TEMPLATE_NAME = "เกียรติบัตรมาตรฐาน / Standard certificate"


def _image_field(verbose_name):
    return models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


def _numbered(text: str, number: int):
    """A lazy "signatory N ..." label: translated when shown, not when the model is imported."""
    return lazy(lambda: _(text) % {"n": number}, str)()


def _signatory_fields(number: int) -> dict:
    return {
        f"signatory{number}_name_th": models.CharField(
            _numbered(gettext_noop("signatory %(n)d name (Thai)"), number),
            max_length=255,
            blank=True,
        ),
        f"signatory{number}_name_en": models.CharField(
            _numbered(gettext_noop("signatory %(n)d name (English)"), number),
            max_length=255,
            blank=True,
        ),
        f"signatory{number}_position_th": models.CharField(
            _numbered(gettext_noop("signatory %(n)d position (Thai)"), number),
            max_length=255,
            blank=True,
        ),
        f"signatory{number}_position_en": models.CharField(
            _numbered(gettext_noop("signatory %(n)d position (English)"), number),
            max_length=255,
            blank=True,
        ),
        f"signatory{number}_signature": _image_field(
            _numbered(gettext_noop("signatory %(n)d signature"), number)
        ),
    }


class CertificateTemplate(PreviewableMixin, RevisionMixin, models.Model):
    """A certificate design staff edit in the Wagtail admin; one is the default."""

    name = models.CharField(_("name"), max_length=255)
    is_default = models.BooleanField(
        _("default design"),
        default=False,
        help_text=_(
            "Used for every course whose page leaves “certificate design” empty (a course "
            "chooses its own design on its page, under Format)."
        ),
    )
    page_size = models.CharField(
        _("page size"),
        max_length=16,
        choices=[(size, size) for size in PAGE_SIZES_MM],
        default=_DEFAULTS.page_size,
    )
    orientation = models.CharField(
        _("orientation"),
        max_length=16,
        choices=[(value, value) for value in ORIENTATIONS],
        default=_DEFAULTS.orientation,
    )
    title_th = models.CharField(_("title (Thai)"), max_length=255, default=_DEFAULTS.title_th)
    title_en = models.CharField(_("title (English)"), max_length=255, default=_DEFAULTS.title_en)
    presented_th = models.CharField(
        _("presentation line (Thai)"), max_length=255, default=_DEFAULTS.presented_th
    )
    presented_en = models.CharField(
        _("presentation line (English)"), max_length=255, default=_DEFAULTS.presented_en
    )
    body_th = models.TextField(
        _("body (Thai)"), default=_DEFAULTS.body_th, help_text=_PLACEHOLDER_HELP
    )
    body_en = models.TextField(
        _("body (English)"), default=_DEFAULTS.body_en, help_text=_PLACEHOLDER_HELP
    )
    issuer_th = models.CharField(_("issuer (Thai)"), max_length=255, blank=True)
    issuer_en = models.CharField(_("issuer (English)"), max_length=255, blank=True)
    background_image = _image_field(_("background image"))
    logo1 = _image_field(_("logo 1"))
    logo2 = _image_field(_("logo 2"))
    logo3 = _image_field(_("logo 3"))
    locals().update(_signatory_fields(1))
    locals().update(_signatory_fields(2))
    locals().update(_signatory_fields(3))

    class Meta:
        verbose_name = _("certificate design")
        verbose_name_plural = _("certificate designs")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="certificate_template_one_default",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def for_course(cls, course) -> "CertificateTemplate":
        """The design the course chose on its page, else the default design."""
        return getattr(course, "certificate_design", None) or cls.get_default()

    @classmethod
    def get_default(cls) -> "CertificateTemplate":
        design = cls.objects.filter(is_default=True).first()
        if design is None:
            design = cls.objects.order_by("pk").first()
        if design is None:
            try:
                with transaction.atomic():
                    design = cls.objects.create(name=DEFAULT_TEMPLATE_NAME, is_default=True)
            except IntegrityError:
                # Another request created the default design at the same moment.
                design = cls.objects.get(is_default=True)
        return design

    def serve_preview(self, request, mode_name):
        """The design as a PDF filled with sample data, shown in the editor's preview panel."""
        from certificates.demo import demo_content
        from certificates.issuing import render_design

        pdf = render_design(self.to_design(), demo_content())
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="preview.pdf"'
        return response

    def signatories(self) -> list[Signatory]:
        result = []
        for number in range(1, MAX_SIGNATORIES + 1):
            name_th = getattr(self, f"signatory{number}_name_th")
            name_en = getattr(self, f"signatory{number}_name_en")
            if not (name_th or name_en):
                continue
            image = getattr(self, f"signatory{number}_signature")
            result.append(
                Signatory(
                    name_th=name_th,
                    name_en=name_en,
                    position_th=getattr(self, f"signatory{number}_position_th"),
                    position_en=getattr(self, f"signatory{number}_position_en"),
                    signature_image=_image_path(image),
                )
            )
        return result

    def to_design(self) -> CertificateDesign:
        logos = [_image_path(logo) for logo in (self.logo1, self.logo2, self.logo3) if logo]
        return CertificateDesign(
            title_th=self.title_th,
            title_en=self.title_en,
            body_th=self.body_th,
            body_en=self.body_en,
            presented_th=self.presented_th,
            presented_en=self.presented_en,
            issuer_th=self.issuer_th,
            issuer_en=self.issuer_en,
            page_size=self.page_size,
            orientation=self.orientation,
            background_image=_image_path(self.background_image),
            logos=tuple(path for path in logos if path),
            signatories=tuple(self.signatories()),
        )


def _image_path(image) -> str | None:
    """The local file of a Wagtail image, for the renderer (which only reads MEDIA_ROOT)."""
    if image is None:
        return None
    try:
        return image.file.path
    except NotImplementedError:  # remote storage: no local path to give WeasyPrint
        return None


def _pdf_upload_to(certificate: "Certificate", filename: str) -> str:
    return f"certificates/{certificate.serial}.pdf"


class CertificateQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(status=Certificate.Status.VALID)

    def for_serial(self, serial: str):
        return self.filter(serial=serial)


class Certificate(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")
        SUPERSEDED = "superseded", _("Superseded")

    enrollment = models.ForeignKey(
        "courses.Enrollment",
        verbose_name=_("enrolment"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    serial = models.CharField(_("serial number"), max_length=32, default=new_serial, editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.VALID
    )
    # What was printed, frozen at issue time.
    holder_name_th = models.CharField(_("holder name (Thai)"), max_length=320)
    holder_name_en = models.CharField(_("holder name (English)"), max_length=320, blank=True)
    course_title_th = models.CharField(_("course (Thai)"), max_length=255)
    course_title_en = models.CharField(_("course (English)"), max_length=255, blank=True)
    cohort_code = models.CharField(_("cohort code"), max_length=64)
    cohort_title_th = models.CharField(_("cohort (Thai)"), max_length=255, blank=True)
    cohort_title_en = models.CharField(_("cohort (English)"), max_length=255, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1)
    issuer_th = models.CharField(_("issuer (Thai)"), max_length=255, blank=True)
    issuer_en = models.CharField(_("issuer (English)"), max_length=255, blank=True)
    design = models.ForeignKey(
        CertificateTemplate,
        verbose_name=_("design"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pdf = models.FileField(_("PDF"), upload_to=_pdf_upload_to, blank=True, max_length=255)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    # After a PDPA erasure the stored PDF is rendered again without the name; the digest of the
    # file first issued (not personal data) is kept, so the holder's own copy still verifies.
    original_sha256 = models.CharField(
        _("SHA-256 of the PDF issued before erasure"), max_length=64, blank=True
    )
    holder_erased_at = models.DateTimeField(
        _("holder's personal data erased at"), null=True, blank=True
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
    )

    history = HistoricalRecords()
    objects = CertificateQuerySet.as_manager()
    # Wagtail's reference index (the admin's "usage" counts) would add rows and a few queries to
    # every issue; nobody asks where a certificate is "used".
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(fields=["serial"], name="certificate_unique_serial"),
            models.UniqueConstraint(
                fields=["enrollment"],
                condition=Q(status="valid"),
                name="certificate_one_valid_per_enrollment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.serial} ({self.holder_name_th})"

    def content(self, verification_url: str) -> CertificateContent:
        return CertificateContent(
            serial=self.serial,
            holder_name_th=self.holder_name_th,
            holder_name_en=self.holder_name_en,
            course_name_th=self.course_title_th,
            course_name_en=self.course_title_en or self.course_title_th,
            cohort_code=self.cohort_code,
            cohort_name_th=self.cohort_title_th,
            cohort_name_en=self.cohort_title_en,
            start_date=self.start_date,
            end_date=self.end_date,
            hours=self.hours,
            issue_date=timezone.localdate(self.issued_at),
            verification_url=verification_url,
        )

    @property
    def cohort_name_th(self) -> str:
        """The cohort as the verification page names it: its name, its code if it had none."""
        return self.cohort_title_th or self.cohort_code

    @property
    def cohort_name_en(self) -> str:
        return self.cohort_title_en or self.cohort_name_th

    @property
    def hours_text(self) -> str:
        """Hours as printed: "30", "7.5" (never "3E+1")."""
        return format(self.hours.normalize(), "f")

    def matches_file(self, data: bytes) -> bool:
        return self.matches_digest(hashlib.sha256(data).hexdigest())

    def matches_digest(self, hexdigest: str) -> bool:
        """The file is the one stored now, or the one first issued (before an erasure)."""
        return bool(hexdigest) and hexdigest in {self.sha256, self.original_sha256} - {""}

    def is_original_file(self, hexdigest: str) -> bool:
        """The file issued before the holder's data was erased (it prints their name)."""
        return bool(self.original_sha256) and hexdigest == self.original_sha256


class CertificateBatch(models.Model):
    """Issuing for a whole cohort: one row a person can watch (how many of how many, errors)."""

    cohort = models.ForeignKey(
        "courses.Cohort",
        verbose_name=_("cohort"),
        on_delete=models.CASCADE,
        related_name="certificate_batches",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    total = models.PositiveIntegerField(_("certificates to issue"), default=0)
    done = models.PositiveIntegerField(_("issued"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    # The enrolments the batch was started for: `done` is recounted from their valid
    # certificates after each item (never incremented, so a chunk delivered twice cannot make it
    # read "37 of 30"), and a stalled batch re-queues those still missing.
    enrollments = models.ManyToManyField(
        "courses.Enrollment",
        verbose_name=_("enrolments"),
        related_name="certificate_batches",
        blank=True,
    )
    # When the last item was issued or failed (the start, before the first): a batch unfinished
    # and unchanged for CERTIFICATE_BATCH_STALL_AFTER is stalled (its worker was killed).
    progressed_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    resumed = models.PositiveIntegerField(_("restarted automatically"), default=0)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The stall detector selects unfinished batches by their last progress.
            models.Index(fields=["progressed_at"], name="certificate_batch_progress_idx"),
        ]
        verbose_name = _("certificate batch")
        verbose_name_plural = _("certificate batches")

    def __str__(self) -> str:
        return f"{self.cohort}: {self.done}/{self.total}"

    @property
    def is_finished(self) -> bool:
        return self.done + self.failed >= self.total

    @property
    def processed(self) -> int:
        return self.done + self.failed

    def failures(self) -> list[dict]:
        """Each failed enrolment with the learner's name and the reason, for the progress page
        (one query; the batch itself keeps only enrolment ids, no names)."""
        ids = [error["enrollment"] for error in self.errors]
        enrollments = self.cohort.enrollments.select_related("learner").in_bulk(ids)
        failures = []
        for error in self.errors:
            enrollment = enrollments.get(error["enrollment"])
            learner = enrollment.learner if enrollment else None
            name = (
                (learner.full_name_th or learner.full_name_en or learner.username)
                if learner
                else f"#{error['enrollment']}"
            )
            failures.append({"name": name, "error": error["error"]})
        return failures
