"""Erasure of a certificate holder's name (certificates/privacy.py) where the certificates'
own storage is configured apart from the default one (STORAGES["certificates"]): the PDF that
printed the name is deleted from that storage, and the new one is written there."""

import hashlib

import pytest
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
