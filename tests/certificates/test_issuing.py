import gc
import io
import threading

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from pypdf import PdfReader

from certificates import issuing
from certificates.models import Certificate, CertificateBatch
from courses.models import Enrollment
from tests.certificates.factories import make_cohort, make_enrollment
from tests.factories import make_learner, make_opdc_staff

pytestmark = pytest.mark.django_db


def _pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _stored_bytes(certificate: Certificate) -> bytes:
    with default_storage.open(certificate.pdf.name, "rb") as file:
        return file.read()


def test_issuing_stores_a_pdf_with_the_thai_name_and_buddhist_era_year():
    enrollment = make_enrollment()

    certificate = issuing.issue_certificate(enrollment)

    text = _pdf_text(_stored_bytes(certificate))
    assert "ศักดิ์สิทธิ์ ฟ้าใส" in text
    assert "2563" in text  # 2020 in the Buddhist era
    assert certificate.serial in text
    assert certificate.status == Certificate.Status.VALID
    assert certificate.matches_file(_stored_bytes(certificate))


def test_the_certificate_keeps_what_was_printed_when_the_learner_changes_name():
    enrollment = make_enrollment()
    certificate = issuing.issue_certificate(enrollment)

    learner = enrollment.learner
    learner.last_name_th = "แสงทอง"
    learner.save()

    certificate.refresh_from_db()
    assert certificate.holder_name_th == "นางสาวศักดิ์สิทธิ์ ฟ้าใส"
    assert certificate.hours == 30
    assert certificate.cohort_code == enrollment.cohort.code


def test_issuing_twice_returns_the_same_certificate():
    enrollment = make_enrollment()

    first = issuing.issue_certificate(enrollment)
    second = issuing.issue_certificate(enrollment)

    assert first.pk == second.pk
    assert Certificate.objects.filter(enrollment=enrollment).count() == 1


def test_it_refuses_an_enrolment_that_is_not_completed():
    enrollment = make_enrollment(status=Enrollment.Status.ENROLLED)

    with pytest.raises(issuing.CertificateNotIssuable):
        issuing.issue_certificate(enrollment)

    assert not Certificate.objects.exists()


def test_revoking_records_the_reason_date_and_actor_in_history():
    staff = make_opdc_staff()
    certificate = issuing.issue_certificate(make_enrollment())

    issuing.revoke(certificate, "พบการทุจริตในการสอบ", by=staff)

    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revoked_by == staff
    assert certificate.revoked_at is not None
    assert certificate.revocation_reason == "พบการทุจริตในการสอบ"
    latest = certificate.history.latest()
    assert latest.status == Certificate.Status.REVOKED
    assert latest.history_user == staff


def test_reissuing_supersedes_the_old_certificate_with_a_new_one():
    staff = make_opdc_staff()
    enrollment = make_enrollment()
    old = issuing.issue_certificate(enrollment)
    learner = enrollment.learner
    learner.last_name_th = "แสงทอง"
    learner.save()

    new = issuing.reissue(old, by=staff)

    old.refresh_from_db()
    assert old.status == Certificate.Status.SUPERSEDED
    assert old.superseded_by == new
    assert new.status == Certificate.Status.VALID
    assert new.serial != old.serial
    assert new.holder_name_th == "นางสาวศักดิ์สิทธิ์ แสงทอง"
    assert old.history.latest().history_user == staff
    assert issuing.issue_certificate(enrollment) == new


def test_a_lost_file_is_regenerated_from_the_snapshot():
    certificate = issuing.issue_certificate(make_enrollment())
    original = _stored_bytes(certificate)
    default_storage.delete(certificate.pdf.name)

    data = issuing.ensure_pdf(certificate)

    assert data == original
    assert _stored_bytes(certificate) == original


def test_a_cohort_batch_issues_one_certificate_per_completed_enrolment_and_can_rerun(
    django_capture_on_commit_callbacks,
):
    staff = make_opdc_staff()
    cohort = make_cohort()
    make_enrollment(cohort=cohort)
    make_enrollment(cohort=cohort, learner=make_learner())
    make_enrollment(cohort=cohort, learner=make_learner(), status=Enrollment.Status.WITHDRAWN)

    with django_capture_on_commit_callbacks(execute=True):
        batch = issuing.issue_for_cohort(cohort, by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        again = issuing.issue_for_cohort(cohort, by=staff)

    batch.refresh_from_db()
    assert (batch.total, batch.done, batch.failed) == (2, 2, 0)
    assert again is None  # nothing new to issue: no batch claims the earlier two
    assert Certificate.objects.filter(enrollment__cohort=cohort).count() == 2
    assert CertificateBatch.objects.count() == 1


def test_issue_on_completion_issues_after_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    enrollment = make_enrollment()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        issuing.issue_on_completion(enrollment)
    assert not Certificate.objects.exists()

    for callback in callbacks:
        callback()
    assert Certificate.objects.filter(enrollment=enrollment).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="SQLite's shared-cache test database answers concurrent writers with 'table is "
    "locked' instead of waiting; run with DATABASE_URL=postgres://... to test the race",
)
def test_concurrent_requests_for_the_same_enrolment_issue_one_certificate():
    enrollment = make_enrollment()
    barrier = threading.Barrier(3)
    results, errors = [], []

    def request():
        try:
            barrier.wait()
            results.append(issuing.issue_certificate(Enrollment.objects.get(pk=enrollment.pk)))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len({certificate.pk for certificate in results}) == 1
    assert Certificate.objects.filter(enrollment=enrollment).count() == 1


def test_a_batch_counts_an_enrolment_that_cannot_be_certified_as_failed_with_its_error():
    cohort = make_cohort()
    enrollment = make_enrollment(cohort=cohort)
    batch = CertificateBatch.objects.create(cohort=cohort, total=1)
    enrollment.status = Enrollment.Status.WITHDRAWN
    enrollment.save()

    issuing.issue_batch_item(batch.pk, enrollment.pk)

    batch.refresh_from_db()
    assert (batch.done, batch.failed) == (0, 1)
    assert batch.errors[0]["enrollment"] == enrollment.pk
    assert batch.is_finished
    assert not Certificate.objects.exists()


def test_a_worker_keeps_no_layout_of_a_certificate_it_has_rendered():
    # In a Celery worker (start-up objects frozen, lms/celery.py), the reference cycles of a
    # render are freed as soon as it ends instead of piling up until a full collection.
    from weasyprint.formatting_structure.boxes import Box

    from certificates import memory
    from certificates.demo import demo_content, demo_design

    issuing.render_design(demo_design(), demo_content())  # fonts and caches load once
    memory.freeze_start_up_objects()
    kept = []
    try:
        for _ in range(3):
            issuing.render_design(demo_design(), demo_content())
            kept.append(sum(isinstance(obj, Box) for obj in gc.get_objects()))
    finally:
        memory.unfreeze()

    assert kept == [0, 0, 0]
