"""Issuing, revoking and reissuing certificates: the one workflow every caller uses.

Views, Celery tasks, the demo seeder and the courses completion workflow all call these
functions. Invariants are in the database: at most one VALID certificate per enrolment (a named
partial unique constraint), so two concurrent requests for the same enrolment give one
certificate: the loser of the race hits IntegrityError and returns the winner's certificate.

Revoked stays revoked: an enrolment whose certificate was revoked gets no new one from the
cohort batch, a re-delivered completion job or any other caller of `issue_certificate`; only a
deliberate `reissue()` of the revoked certificate issues a new valid one.
"""

import hashlib
import logging
import threading

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop
from wagtail.log_actions import log
from wagtail.models import Locale

from certificates import memory
from certificates.models import Certificate, CertificateBatch, CertificateTemplate
from certificates.rendering import CertificateContent, CertificateDesign, CertificateRenderer
from certificates.storage import certificate_storage
from courses.models import Enrollment
from outbox.messages import enqueue, enqueue_deduplicated

logger = logging.getLogger(__name__)

_renderers: dict[str, CertificateRenderer] = {}
# WeasyPrint's font configuration is not thread-safe: one render at a time per process.
_renderer_lock = threading.Lock()


class CertificateNotIssuable(ValueError):
    """The enrolment is not in a state that earns a certificate."""


class CertificateRevoked(CertificateNotIssuable):
    """The enrolment's certificate was revoked; only a deliberate reissue gives a new one."""


class _AlreadyIssued(Exception):
    """The one-valid-certificate constraint stopped an insert: someone else issued it."""


def render_pdf(certificate: Certificate) -> bytes:
    """Render ``certificate`` from its snapshot with the per-process renderer."""
    design = (certificate.design or CertificateTemplate.get_default()).to_design()
    return render_design(design, certificate.content(verification_url(certificate.serial)))


def render_design(design: CertificateDesign, content: CertificateContent) -> bytes:
    """Render with the process's renderer (created on first use: fonts load once)."""
    media_root = str(settings.MEDIA_ROOT)
    with _renderer_lock:
        # Keyed by MEDIA_ROOT only because tests give each test its own media directory.
        if media_root not in _renderers:
            _renderers[media_root] = CertificateRenderer(
                allowed_dirs=[media_root], fast_path=settings.CERTIFICATE_FAST_PATH
            )
        try:
            return _renderers[media_root].render(design, content)
        finally:
            # A render leaves ~2,500 objects in reference cycles (boxes point at their
            # parents), most promoted to the oldest generation mid-render, which Python
            # collects only once it has grown by a quarter: a worker's memory climbed by
            # ~20 MB across a batch.
            memory.collect_if_frozen()


def verification_url(serial: str) -> str:
    return settings.PUBLIC_BASE_URL + reverse("certificates:verify", args=[serial])


def _store_pdf(certificate: Certificate, data: bytes) -> None:
    """Write the PDF and record its name and hash on the (unsaved) certificate."""
    _write_pdf(certificate, data)
    certificate.sha256 = hashlib.sha256(data).hexdigest()


def _write_pdf(certificate: Certificate, data: bytes) -> None:
    # The storage writes a temporary file and renames it (certificates.storage): a crash or a
    # full disk never leaves a truncated PDF under the recorded name.
    name = certificate_storage().save(f"certificates/{certificate.serial}.pdf", ContentFile(data))
    certificate.pdf.name = name


def _course_title_en(course) -> str:
    try:
        translation = course.get_translation_or_none(Locale.objects.get(language_code="en"))
    except Locale.DoesNotExist:
        translation = None
    return translation.title if translation else ""


def _snapshot(enrollment, by) -> Certificate:
    """A new, unsaved certificate copying what will be printed."""
    learner = enrollment.learner
    cohort = enrollment.cohort
    course = cohort.course.specific
    design = CertificateTemplate.for_course(course)
    return Certificate(
        enrollment=enrollment,
        holder_name_th=learner.full_name_th or learner.full_name_en or learner.username,
        holder_name_en=learner.full_name_en,
        course_title_th=course.title,
        course_title_en=_course_title_en(course),
        cohort_code=cohort.code,
        cohort_title_th=cohort.title,
        cohort_title_en=cohort.title_en,
        start_date=cohort.start_date,
        end_date=cohort.end_date,
        hours=course.duration_hours or 0,
        issuer_th=design.issuer_th,
        issuer_en=design.issuer_en,
        design=design,
        issued_at=timezone.now(),
        issued_by=by,
    )


# Why a certificate's history row was written; translated where it is shown (My data).
REASONS = (gettext_noop("issued"), gettext_noop("revoked"), gettext_noop("superseded"))


def _record(certificate: Certificate, by, reason: str) -> None:
    """Who made the next save and why, for django-simple-history's record."""
    # setattr: simple-history reads these private attributes; they are not model fields.
    setattr(certificate, "_history_user", by)  # noqa: B010
    setattr(certificate, "_change_reason", reason)  # noqa: B010


def _create(enrollment, by) -> Certificate:
    """Render, store and insert a new VALID certificate; IntegrityError if one already exists."""
    certificate = _snapshot(enrollment, by)
    _store_pdf(certificate, render_pdf(certificate))
    _record(certificate, by, "issued")
    try:
        with transaction.atomic():
            certificate.save()
    except IntegrityError as error:
        certificate_storage().delete(str(certificate.pdf.name))
        if Certificate.objects.valid().filter(enrollment=enrollment).exists():
            raise _AlreadyIssued from error
        raise
    return certificate


def issue_certificate(enrollment, by=None) -> Certificate:
    """Return the enrolment's valid certificate, issuing it first if there is none.

    Raises `CertificateRevoked` when its certificate was revoked (see `reissue`)."""
    existing = Certificate.objects.valid().filter(enrollment=enrollment).first()
    if existing:
        return existing
    if enrollment.status != Enrollment.Status.COMPLETED:
        raise CertificateNotIssuable(f"Enrolment {enrollment.pk} is not completed")
    if _has_revoked(enrollment):
        raise CertificateRevoked(f"Enrolment {enrollment.pk}: its certificate was revoked")
    try:
        return _create(enrollment, by)
    except _AlreadyIssued:
        # A concurrent request issued it first (the constraint allows one valid certificate).
        return Certificate.objects.valid().get(enrollment=enrollment)


def _has_revoked(enrollment) -> bool:
    """A revoked certificate that no deliberate reissue has replaced."""
    return (
        Certificate.objects.filter(enrollment=enrollment, status=Certificate.Status.REVOKED)
        .filter(superseded_by__isnull=True)
        .exists()
    )


def issue_on_completion(enrollment) -> None:
    """Called by the courses completion workflow: issue in the background after commit. The job
    goes through the outbox, so a broker outage delays the certificate instead of losing it
    (issuing is idempotent: one valid certificate per enrolment). The task records when it is
    done, so a message the broker lost is published again (`outbox.messages.redeliver`)."""
    enqueue_deduplicated("certificates.tasks.issue_certificate_task", enrollment.pk)


def revoke(certificate: Certificate, reason: str, by=None) -> Certificate:
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.status == Certificate.Status.VALID:
            locked.status = Certificate.Status.REVOKED
            locked.revoked_at = timezone.now()
            locked.revoked_by = by
            locked.revocation_reason = reason
            _record(locked, by, "revoked")
            locked.save()
    certificate.refresh_from_db()
    return certificate


def reissue(
    certificate: Certificate, by=None, reason: str = "", reinstate: bool = False
) -> Certificate:
    """Issue a fresh certificate from today's data, deliberately, and log who and why.

    A valid certificate becomes SUPERSEDED and points to the new one. A revoked certificate is
    reissued only with ``reinstate=True`` (else `CertificateRevoked`): it stays REVOKED (its
    reason and date remain on the verification page) and points to the new one. This is the
    only way a revoked learner gets a valid certificate again."""
    with transaction.atomic():
        old = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if old.superseded_by_id or old.status not in (
            Certificate.Status.VALID,
            Certificate.Status.REVOKED,
        ):
            raise CertificateNotIssuable(
                f"Only a valid or revoked certificate can be reissued, once ({old.serial})"
            )
        if old.status == Certificate.Status.REVOKED and not reinstate:
            raise CertificateRevoked(
                f"{old.serial} is revoked: reissuing it would reinstate the learner"
            )
        was = old.status
        if old.status == Certificate.Status.VALID:
            old.status = Certificate.Status.SUPERSEDED
            _record(old, by, "superseded")
            old.save()
        new = _create(old.enrollment, by)
        old.superseded_by = new
        _record(old, by, f"superseded by {new.serial}" + (f": {reason}" if reason else ""))
        old.save()
        action = (
            "certificates.reinstate"
            if was == Certificate.Status.REVOKED
            else "certificates.reissue"
        )
        data = {"reason": reason, "old_serial": old.serial, "new_serial": new.serial}
        log(old, action, user=by, data=data)
        log(new, action, user=by, data=data)
    certificate.refresh_from_db()
    return new


def ensure_pdf(certificate: Certificate) -> bytes:
    """The certificate's PDF; a lost or damaged file is rendered again from the snapshot.

    The SHA-256 recorded at issue time stays the reference: it is never overwritten. Rendering
    is deterministic (same snapshot, same design, same bytes), so a regenerated file matches it
    unless the design was edited since; that mismatch is logged as an error (the verification
    page would no longer accept the file) and the regenerated file is still served and stored.
    """
    storage = certificate_storage()
    if certificate.pdf.name and storage.exists(certificate.pdf.name):
        with storage.open(certificate.pdf.name, "rb") as file:
            data = file.read()
        if certificate.matches_file(data):
            return data
        logger.warning("Certificate %s: stored PDF does not match its hash", certificate.serial)
    data = render_pdf(certificate)
    if certificate.pdf.name:
        storage.delete(certificate.pdf.name)
    _write_pdf(certificate, data)
    if not certificate.sha256:
        certificate.sha256 = hashlib.sha256(data).hexdigest()
    elif not certificate.matches_file(data):
        logger.error(
            "Certificate %s: the regenerated PDF does not match the SHA-256 kept at issue time "
            "(was its design edited since?); the issued hash is kept",
            certificate.serial,
        )
    certificate.save(update_fields=["pdf", "sha256"])
    return data


# Enrolments per queued task: a thousand-learner cohort is 100 messages, not 1,000 (publishing
# to the embedded SQLite broker costs tens of milliseconds each, and the trainer's request
# waits for them), while a killed worker strands at most one unfinished chunk, which the stall
# detector (`resume_stalled_batches`) queues again.
BATCH_CHUNK_SIZE = 10
BATCH_ITEMS_TASK = "certificates.tasks.issue_batch_items_task"


def certifiable(cohort):
    """The cohort's completed enrolments whose certificate was not revoked."""
    revoked = Certificate.objects.filter(
        status=Certificate.Status.REVOKED, superseded_by__isnull=True
    ).values("enrollment_id")
    return cohort.enrollments.filter(status=Enrollment.Status.COMPLETED).exclude(pk__in=revoked)


def revoked_in(cohort) -> int:
    """How many of the cohort's completed enrolments keep a revoked certificate."""
    return (
        cohort.enrollments.filter(status=Enrollment.Status.COMPLETED).count()
        - certifiable(cohort).count()
    )


def _enqueue_chunks(batch_id: int, enrollment_ids: list[int], by_id: int | None) -> None:
    for start in range(0, len(enrollment_ids), BATCH_CHUNK_SIZE):
        chunk = enrollment_ids[start : start + BATCH_CHUNK_SIZE]
        enqueue(BATCH_ITEMS_TASK, batch_id, chunk, by_id)


def missing_in(cohort):
    """The certifiable enrolments that hold no valid certificate yet: what a batch would issue."""
    valid = Certificate.objects.filter(status=Certificate.Status.VALID).values("enrollment_id")
    return certifiable(cohort).exclude(pk__in=valid)


def issue_for_cohort(cohort, by=None) -> CertificateBatch | None:
    """Queue the certificates of every completed enrolment that has none; re-running issues no
    duplicates and leaves revoked certificates revoked. None when there is nothing new to
    issue: a batch counts only what it issues, so its "3 of 3" never claims earlier ones."""
    enrollment_ids = list(missing_in(cohort).order_by("pk").values_list("pk", flat=True))
    if not enrollment_ids:
        return None

    # Through the outbox, in the batch's transaction: with the broker down the batch waits
    # instead of failing the trainer's request, and no batch exists without its jobs.
    with transaction.atomic():
        batch = CertificateBatch.objects.create(
            cohort=cohort, created_by=by, total=len(enrollment_ids), progressed_at=timezone.now()
        )
        batch.enrollments.set(enrollment_ids)
        _enqueue_chunks(batch.pk, enrollment_ids, by.pk if by else None)
    return batch


def issue_batch_items(batch_id: int, enrollment_ids: list[int], by=None) -> None:
    """Several certificates of a batch, one after the other, each counted on its own."""
    for enrollment_id in enrollment_ids:
        issue_batch_item(batch_id, enrollment_id, by=by)


def issue_batch_item(batch_id: int, enrollment_id: int, by=None) -> None:
    """One certificate of a batch, counted as done or failed with the error kept. Run twice
    (a chunk delivered again), it issues nothing more and counts nothing twice."""
    try:
        enrollment = Enrollment.objects.select_related("cohort__course", "learner").get(
            pk=enrollment_id
        )
        issue_certificate(enrollment, by=by)
    except Exception as error:  # noqa: BLE001 - one bad enrolment must not stop the batch
        logger.exception("Batch %s: enrolment %s failed", batch_id, enrollment_id)
        _record_progress(batch_id, enrollment_id, error=str(error))
        return
    _record_progress(batch_id, enrollment_id)


def _issued_in(batch: CertificateBatch):
    """The batch's enrolments that hold a valid certificate (at most one each)."""
    return batch.enrollments.filter(certificates__status=Certificate.Status.VALID)


def _recount(batch: CertificateBatch) -> None:
    """`done` and `failed` from the database, never by adding one: an item run twice, or a
    chunk delivered again after a worker was killed, counts once. A failure retried with
    success leaves the errors; at most `total` (a batch from before the enrolments were recorded
    took the cohort's, which may have grown)."""
    if batch.errors:
        failed_ids = [error["enrollment"] for error in batch.errors]
        issued = set(_issued_in(batch).filter(pk__in=failed_ids).values_list("pk", flat=True))
        batch.errors = [error for error in batch.errors if error["enrollment"] not in issued]
    # A COUNT per item, not the list of ids: a 1,000-learner batch recounts 1,000 times.
    batch.done = min(_issued_in(batch).count(), batch.total)
    batch.failed = min(len(batch.errors), batch.total - batch.done)


def _record_progress(batch_id: int, enrollment_id: int, error: str | None = None) -> None:
    # The lock makes each recount see every item committed before it (a later statement in
    # READ COMMITTED takes a fresh snapshot), so the last item leaves the true figures.
    with transaction.atomic():
        batch = CertificateBatch.objects.select_for_update().get(pk=batch_id)
        if error is not None:
            others = [item for item in batch.errors if item["enrollment"] != enrollment_id]
            batch.errors = [*others, {"enrollment": enrollment_id, "error": error}]
        _recount(batch)
        batch.progressed_at = timezone.now()
        batch.save(update_fields=["done", "failed", "errors", "progressed_at"])


def resume_stalled_batches(now=None) -> int:
    """Queue again the missing items of every batch that stopped moving: unfinished and without
    an item issued or failed for `CERTIFICATE_BATCH_STALL_AFTER` (its worker was killed, or the
    broker lost its chunks). Items that failed stay failed (the trainer re-runs the batch for
    those); issuing is idempotent, so a chunk that turns up later issues nothing twice. Returns
    how many batches were resumed. Safe to run in parallel: each batch is taken under its lock
    and its last progress moved on."""
    now = now or timezone.now()
    cutoff = now - settings.CERTIFICATE_BATCH_STALL_AFTER
    stalled = CertificateBatch.objects.filter(
        progressed_at__lt=cutoff, total__gt=F("done") + F("failed")
    ).values_list("pk", flat=True)
    return sum(_resume(pk, cutoff, now) for pk in list(stalled))


def _resume(batch_id: int, cutoff, now) -> bool:
    with transaction.atomic():
        batch = (
            CertificateBatch.objects.select_for_update()
            .filter(pk=batch_id, progressed_at__lt=cutoff)
            .first()
        )
        if batch is None:  # it moved, or another detector took it
            return False
        _recount(batch)
        failed = {error["enrollment"] for error in batch.errors}
        missing = sorted(
            set(batch.enrollments.exclude(pk__in=_issued_in(batch)).values_list("pk", flat=True))
            - failed
        )
        batch.progressed_at = now
        if missing:
            batch.resumed += 1
            _enqueue_chunks(batch.pk, missing, batch.created_by_id)
            logger.warning(
                "Batch %s stalled at %s of %s: %s certificates queued again",
                batch.pk,
                batch.done,
                batch.total,
                len(missing),
            )
        batch.save(update_fields=["done", "failed", "errors", "progressed_at", "resumed"])
        return bool(missing)
