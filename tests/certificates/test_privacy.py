"""Erasure of a certificate holder's name (certificates/privacy.py) where the certificates'
own storage is configured apart from the default one (STORAGES["certificates"]): the PDF that
printed the name is deleted from that storage, and the new one is written there."""

import datetime
import hashlib

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from certificates import issuing
from certificates.privacy import ERASED_HOLDER_EN
from certificates.storage import certificate_storage
from privacy import registry
from tests.certificates.factories import make_enrollment
from tests.factories import make_learner

pytestmark = pytest.mark.django_db


def _pdf_texts(directory) -> dict[str, str]:
    return {
        str(path.relative_to(directory)): "".join(
            page.extract_text() for page in PdfReader(path).pages
        )
        for path in directory.rglob("*.pdf")
    }


def test_erasure_deletes_the_named_pdf_from_the_certificates_own_storage(
    separate_certificate_storage,
):
    learner = make_learner(first_name="Somsri", last_name="Lobdai", last_name_th="ลบได้")
    certificate = issuing.issue_certificate(make_enrollment(learner=learner))
    old_pdf = certificate.pdf.name
    assert certificate_storage().exists(old_pdf)
    assert "Lobdai" in _pdf_texts(separate_certificate_storage)[old_pdf]

    registry.erase_person(learner)

    certificate.refresh_from_db()
    assert certificate.holder_name_en == ERASED_HOLDER_EN
    texts = _pdf_texts(separate_certificate_storage)
    # One PDF left for the certificate, without the name, and it matches the recorded hash.
    assert list(texts) == [certificate.pdf.name]
    assert "Lobdai" not in texts[certificate.pdf.name]
    assert "ลบได้" not in texts[certificate.pdf.name]
    with certificate_storage().open(certificate.pdf.name, "rb") as file:
        assert hashlib.sha256(file.read()).hexdigest() == certificate.sha256


def _erased_certificate():
    learner = make_learner(first_name="Somsri", last_name="Lobdai", last_name_th="ลบได้")
    certificate = issuing.issue_certificate(make_enrollment(learner=learner))
    with certificate_storage().open(certificate.pdf.name, "rb") as file:
        original = file.read()
    registry.erase_person(learner)
    certificate.refresh_from_db()
    return certificate, original


def _upload(client, certificate, data: bytes):
    upload = SimpleUploadedFile("certificate.pdf", data, content_type="application/pdf")
    return client.post(f"/verify/{certificate.serial}/check/", {"file": upload})


def _words(response) -> str:
    return " ".join(response.content.decode().split())


@time_machine.travel(datetime.datetime(2026, 3, 5, 10, tzinfo=datetime.UTC), tick=False)
def test_the_verify_page_says_the_holder_was_erased_under_the_pdpa_and_when(client):
    certificate, _original = _erased_certificate()

    page = _words(client.get(f"/verify/{certificate.serial}/"))

    assert (
        "erased at their request under Thailand's Personal Data Protection Act (PDPA) on 5 March 2026"
        in page
    )
    assert "ถูกลบตามคำขอของเจ้าของข้อมูล ตามพระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล" in page
    assert "5 มีนาคม 2569" in page
    assert f"genuinely issued for the course {certificate.course_title_en}" in page
    assert "Lobdai" not in page


def test_the_original_pdf_is_still_recognised_after_erasure(client):
    certificate, original = _erased_certificate()

    page = _words(_upload(client, certificate, original))

    assert "MATCH: this file is exactly the certificate that was issued" in page
    assert "NO MATCH" not in page
    assert "This is the file originally issued to the holder" in page


def test_the_copy_without_the_name_matches_and_another_file_does_not(client):
    certificate, original = _erased_certificate()
    with certificate_storage().open(certificate.pdf.name, "rb") as file:
        copy = file.read()
    altered = bytearray(original)
    altered[len(altered) // 2] ^= 0x01

    copy_page = _words(_upload(client, certificate, copy))
    altered_page = _words(_upload(client, certificate, bytes(altered)))

    assert "NO MATCH" not in copy_page
    assert "the copy made again without the holder's name" in copy_page
    assert "NO MATCH" in altered_page
    assert "✔" not in altered_page


def test_erasing_twice_keeps_the_digest_of_the_file_first_issued():
    certificate, original = _erased_certificate()

    registry.erase_person(certificate.enrollment.learner)

    certificate.refresh_from_db()
    assert certificate.original_sha256 == hashlib.sha256(original).hexdigest()
    assert certificate.sha256 != certificate.original_sha256


def test_a_certificate_erased_with_the_earlier_wording_is_not_taken_for_a_first_erasure():
    """Erasures before holder_erased_at printed "ลบข้อมูลตามคำขอของเจ้าของข้อมูล"; erasing
    such a certificate again must not keep the copy's digest as the original's."""
    from certificates.models import Certificate

    certificate, _original = _erased_certificate()
    Certificate.objects.filter(pk=certificate.pk).update(
        holder_name_th="ลบข้อมูลตามคำขอของเจ้าของข้อมูล", holder_erased_at=None, original_sha256=""
    )

    registry.erase_person(certificate.enrollment.learner)

    certificate.refresh_from_db()
    assert certificate.original_sha256 == "" and certificate.holder_erased_at is None
    assert certificate.holder_name_th == "ลบตามคำขอของเจ้าของข้อมูล"
