"""Checking a file that is not a PDF says so, in both languages, instead of "NO MATCH"."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from certificates import issuing
from tests.certificates.factories import make_enrollment

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate():
    return issuing.issue_certificate(make_enrollment())


def _upload(client, certificate, name, data, content_type):
    return client.post(
        f"/verify/{certificate.serial}/check/",
        {"file": SimpleUploadedFile(name, data, content_type=content_type)},
    )


@pytest.mark.parametrize(
    ("name", "content_type"),
    [("notes.txt", "text/plain"), ("renamed.pdf", "application/pdf")],
)
def test_a_text_file_is_not_a_pdf(client, certificate, name, content_type):
    response = _upload(client, certificate, name, "ไม่ใช่เกียรติบัตร\n".encode(), content_type)

    page = response.content.decode()
    assert response.status_code == 200
    assert "NO MATCH" not in page and "อาจถูกแก้ไข" not in page
    assert "ไฟล์นี้ไม่ใช่ไฟล์ PDF ตรวจสอบได้เฉพาะไฟล์ PDF ของเกียรติบัตรเท่านั้น" in page
    assert "/ This file is not a PDF. Only the certificate&#x27;s PDF file can be checked." in page


def test_an_altered_pdf_still_gets_no_match(client, certificate):
    altered = certificate.pdf.open("rb").read().replace(b"%%EOF", b"%%EOF\n% altered")

    page = _upload(client, certificate, "c.pdf", altered, "application/pdf").content.decode()

    assert "NO MATCH" in page
    assert "not a PDF" not in page


def test_the_page_opens_at_the_refusal(client, certificate):
    """The form posts to "#file-result": a refused file lands on its explanation, not at the
    top of a long page."""
    page = _upload(client, certificate, "notes.txt", b"hello", "text/plain").content.decode()

    anchor = page.index('id="file-result"')
    assert page.index("This file is not a PDF.") > anchor
    assert page.rindex('class="check-file"', 0, anchor) > page.rindex("</dl>", 0, anchor)
