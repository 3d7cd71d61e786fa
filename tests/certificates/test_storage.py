"""Certificate files: atomic writes, a full disk, and regeneration against the issued SHA-256."""

import errno
import hashlib
import logging

import pytest
from django.core.files.base import ContentFile

from certificates import issuing
from certificates.models import Certificate, CertificateBatch
from certificates.storage import AtomicFileSystemStorage, certificate_storage
from tests.certificates.factories import make_cohort, make_enrollment
from tests.factories import make_learner

pytestmark = pytest.mark.django_db


class DiskFullStorage(AtomicFileSystemStorage):
    """The disk fills up after the first chunk of every file."""

    def _write(self, file, chunk):
        if file.tell() > 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        file.write(chunk[: len(chunk) // 2])
        file.flush()
        raise OSError(errno.ENOSPC, "No space left on device")


def _files(settings):
    root = settings.MEDIA_ROOT
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def test_certificates_are_written_through_the_atomic_storage_by_default():
    assert type(certificate_storage()) is AtomicFileSystemStorage


def test_a_configured_certificates_storage_is_used(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "certificates": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }

    assert type(certificate_storage()).__name__ == "InMemoryStorage"


def test_the_atomic_storage_writes_the_whole_file_and_leaves_no_temporary(settings):
    storage = AtomicFileSystemStorage()
    data = b"%PDF-" + bytes(range(256)) * 1000

    name = storage.save("certificates/a.pdf", ContentFile(data))

    assert storage.open(name, "rb").read() == data
    assert _files(settings) == ["certificates/a.pdf"]


def test_it_never_replaces_an_existing_file_of_the_same_name(settings):
    storage = AtomicFileSystemStorage()
    storage.save("certificates/a.pdf", ContentFile(b"first"))

    second = storage.save("certificates/a.pdf", ContentFile(b"second"))

    assert second != "certificates/a.pdf"
    assert storage.open("certificates/a.pdf", "rb").read() == b"first"
    assert storage.open(second, "rb").read() == b"second"


def test_a_full_disk_leaves_no_truncated_file(settings):
    storage = DiskFullStorage()

    with pytest.raises(OSError) as error:
        storage.save("certificates/a.pdf", ContentFile(b"x" * 200_000))

    assert error.value.errno == errno.ENOSPC
    assert _files(settings) == []


def test_a_full_disk_fails_the_batch_item_and_a_rerun_issues_it(
    settings, django_capture_on_commit_callbacks
):
    cohort = make_cohort()
    make_enrollment(cohort=cohort)
    make_enrollment(cohort=cohort, learner=make_learner())
    settings.STORAGES = {
        **settings.STORAGES,
        "certificates": {"BACKEND": "tests.certificates.test_storage.DiskFullStorage"},
    }

    with django_capture_on_commit_callbacks(execute=True):
        batch = issuing.issue_for_cohort(cohort)

    batch.refresh_from_db()
    assert (batch.done, batch.failed) == (0, 2)
    assert "No space left on device" in batch.errors[0]["error"]
    assert not Certificate.objects.exists()
    assert _files(settings) == []

    # Space freed: running the batch again issues both, once each.
    del settings.STORAGES["certificates"]
    settings.STORAGES = {**settings.STORAGES}
    with django_capture_on_commit_callbacks(execute=True):
        rerun = issuing.issue_for_cohort(cohort)

    rerun.refresh_from_db()
    assert (rerun.done, rerun.failed, rerun.is_finished) == (2, 0, True)
    assert Certificate.objects.valid().filter(enrollment__cohort=cohort).count() == 2
    for certificate in Certificate.objects.all():
        assert certificate.matches_file(certificate_storage().open(certificate.pdf.name).read())
    assert CertificateBatch.objects.count() == 2


def test_a_lost_file_is_regenerated_byte_for_byte_and_the_issued_hash_is_kept():
    certificate = issuing.issue_certificate(make_enrollment())
    issued_hash = certificate.sha256
    certificate_storage().delete(certificate.pdf.name)

    data = issuing.ensure_pdf(certificate)

    certificate.refresh_from_db()
    assert hashlib.sha256(data).hexdigest() == issued_hash == certificate.sha256
    assert certificate_storage().open(certificate.pdf.name).read() == data


def test_a_damaged_file_is_replaced_by_the_regenerated_one():
    certificate = issuing.issue_certificate(make_enrollment())
    path = certificate_storage().path(certificate.pdf.name)
    with open(path, "r+b") as file:
        file.truncate(1000)

    data = issuing.ensure_pdf(certificate)

    assert certificate.matches_file(data)
    assert certificate.matches_file(certificate_storage().open(certificate.pdf.name).read())


def test_a_regenerated_file_that_differs_is_reported_and_the_issued_hash_stays(caplog):
    certificate = issuing.issue_certificate(make_enrollment())
    issued_hash = certificate.sha256
    certificate.design.title_en = "Certificate of Attendance"  # edited after issue
    certificate.design.save()
    certificate_storage().delete(certificate.pdf.name)

    with caplog.at_level(logging.ERROR, logger="certificates.issuing"):
        data = issuing.ensure_pdf(certificate)

    certificate.refresh_from_db()
    assert certificate.sha256 == issued_hash
    assert hashlib.sha256(data).hexdigest() != issued_hash
    assert any(
        certificate.serial in record.getMessage() and "does not match" in record.getMessage()
        for record in caplog.records
    )
