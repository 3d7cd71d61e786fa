import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext

from certificates import issuing
from certificates.models import Certificate
from certificates.serials import new_serial
from tests.certificates.factories import make_enrollment
from tests.factories import make_opdc_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate():
    return issuing.issue_certificate(make_enrollment())


def _url(certificate, suffix="/"):
    return f"/verify/{certificate.serial}{suffix}"


def test_a_valid_certificate_shows_its_holder_course_and_both_calendars(client, certificate):
    response = client.get(_url(certificate))

    assert response.status_code == 200
    page = response.content.decode()
    assert "This certificate is genuine and valid" in page
    assert "นางสาวศักดิ์สิทธิ์ ฟ้าใส" in page
    assert "Ms Saksit Fasai" in page
    assert "17 กุมภาพันธ์ 2563" in page
    assert "17 February 2020" in page
    assert certificate.course_title_th in page
    # Nothing more personal than what is printed on the certificate.
    assert certificate.enrollment.learner.email not in page
    assert certificate.enrollment.learner.username not in page


def test_a_revoked_certificate_says_when_and_why(client, certificate):
    issuing.revoke(certificate, "ข้อมูลผู้เรียนไม่ถูกต้อง", by=make_opdc_staff())

    response = client.get(_url(certificate))

    page = response.content.decode()
    assert response.status_code == 200
    assert "was revoked on" in page
    assert "ข้อมูลผู้เรียนไม่ถูกต้อง" in page
    assert "genuine and valid" not in page


def test_a_superseded_certificate_links_to_the_new_one(client, certificate):
    new = issuing.reissue(certificate, by=make_opdc_staff())

    response = client.get(_url(certificate))

    page = response.content.decode()
    assert "replaced by a new one" in page
    assert f"/verify/{new.serial}/" in page
    assert "genuine and valid" not in page


def test_a_serial_typed_with_typos_of_form_redirects_to_the_canonical_page(client, certificate):
    typed = certificate.serial.lower().replace("-", " ").replace("0", "o")

    response = client.get("/verify/", {"serial": typed})

    assert response.status_code == 302
    assert response["Location"] == _url(certificate)


def test_the_form_explains_a_serial_that_cannot_be_one(client):
    response = client.get("/verify/", {"serial": "GL-1234"})

    assert response.status_code == 200
    with translation.override("th"):
        expected = gettext("This is not a certificate number. Please check it and try again.")
    assert expected in response.content.decode()


def test_unknown_and_malformed_serials_get_the_same_not_found_answer(client, certificate):
    unknown = client.get(f"/verify/{new_serial()}/")
    malformed = client.get("/verify/not-a-serial/")
    wrong_check = client.get(
        f"/verify/{certificate.serial[:-1]}{'0' if certificate.serial[-1] != '0' else '1'}/"
    )

    assert unknown.status_code == malformed.status_code == wrong_check.status_code == 404
    assert unknown.content == malformed.content == wrong_check.content


def test_json_for_a_valid_certificate(client, certificate):
    response = client.get(_url(certificate, ".json"))

    assert response.status_code == 200
    data = response.json()
    assert data["serial"] == certificate.serial
    assert data["status"] == "valid"
    assert data["holder"]["th"] == "นางสาวศักดิ์สิทธิ์ ฟ้าใส"
    assert data["start_date"] == "2020-02-17"
    assert data["hours"] == "30"
    assert data["superseded_by"] is None
    assert "email" not in str(data)


def test_json_for_revoked_and_superseded_certificates(client, certificate):
    new = issuing.reissue(certificate, by=make_opdc_staff())
    issuing.revoke(new, "ออกผิดรุ่น", by=make_opdc_staff())

    old_data = client.get(_url(certificate, ".json")).json()
    new_data = client.get(_url(new, ".json")).json()

    assert old_data["status"] == "superseded"
    assert old_data["superseded_by"].endswith(f"/verify/{new.serial}/")
    assert new_data["status"] == "revoked"
    assert new_data["revocation_reason"] == "ออกผิดรุ่น"
    assert new_data["revoked_at"]


def test_json_for_unknown_and_malformed_serials_is_the_same_404(client):
    unknown = client.get(f"/verify/{new_serial()}.json")
    malformed = client.get("/verify/nonsense.json")

    assert unknown.status_code == malformed.status_code == 404
    assert unknown.content == malformed.content


def _upload(client, certificate, data):
    return client.post(
        _url(certificate, "/check/"),
        {"file": SimpleUploadedFile("certificate.pdf", data, content_type="application/pdf")},
    )


def test_the_exact_issued_pdf_matches(client, certificate):
    with default_storage.open(certificate.pdf.name, "rb") as file:
        data = file.read()

    response = _upload(client, certificate, data)

    assert response.status_code == 200
    assert "MATCH: this file is exactly the certificate" in response.content.decode()


def test_an_altered_pdf_does_not_match(client, certificate):
    with default_storage.open(certificate.pdf.name, "rb") as file:
        data = bytearray(file.read())
    data[len(data) // 2] ^= 0x01

    response = _upload(client, certificate, bytes(data))

    page = response.content.decode()
    assert "NO MATCH" in page
    assert "MATCH: this file is exactly" not in page


def test_checking_a_file_against_an_unknown_serial_is_not_found(client):
    response = client.post(
        f"/verify/{new_serial()}/check/",
        {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.7", content_type="application/pdf")},
    )

    assert response.status_code == 404
    assert not Certificate.objects.exists()


def test_a_lowercase_serial_in_the_address_redirects_to_the_canonical_one(client, certificate):
    response = client.get(f"/verify/{certificate.serial.lower()}/")

    assert response.status_code == 302
    assert response["Location"] == _url(certificate)


def test_the_not_found_page_has_the_site_header_and_footer(client):
    response = client.get(f"/verify/{new_serial()}/")

    page = response.content.decode()
    assert response.status_code == 404
    assert 'class="site-header"' in page
    assert 'class="site-footer"' in page
    assert "Certificate not found" in page
    assert '<meta name="robots" content="noindex">' in page


def test_the_not_found_page_never_repeats_the_serial_asked_for(client):
    asked = new_serial()

    page = client.get(f"/verify/{asked}/").content.decode()

    assert asked not in page
    assert "not-a-serial" not in client.get("/verify/not-a-serial/").content.decode()


def _tampered(certificate) -> bytes:
    with default_storage.open(certificate.pdf.name, "rb") as file:
        data = bytearray(file.read())
    data[len(data) // 2] ^= 0x01
    return bytes(data)


def test_a_tampered_file_gets_one_verdict_without_a_genuine_mark(client, certificate):
    page = _upload(client, certificate, _tampered(certificate)).content.decode()

    assert "NO MATCH" in page
    assert "✔" not in page
    assert "status-valid" not in page
    assert "genuine and valid" not in page
    # The record is valid, and the page says the uploaded file is not that certificate.
    assert "belongs to a genuine certificate that is still valid, but the uploaded file is not" in (
        " ".join(page.split())
    )
    # The file's verdict comes before the facts of the record.
    assert page.index("NO MATCH") < page.index("Awarded to")


def test_the_issued_file_gets_one_genuine_verdict(client, certificate):
    with default_storage.open(certificate.pdf.name, "rb") as file:
        page = _upload(client, certificate, file.read()).content.decode()

    assert page.count("✔") == 1
    assert "MATCH: this file is exactly the certificate that was issued, and the" in page
    assert "NO MATCH" not in page


def test_the_issued_file_of_a_revoked_certificate_is_not_shown_as_valid(client, certificate):
    with default_storage.open(certificate.pdf.name, "rb") as file:
        data = file.read()
    issuing.revoke(certificate, "ออกผิดรุ่น", by=make_opdc_staff())

    page = _upload(client, certificate, data).content.decode()

    assert "✔" not in page
    assert "no longer valid" in page
    assert "was revoked on" in page


@pytest.mark.parametrize("language", ["th", "en"])
def test_the_upload_control_speaks_the_pages_languages_not_the_browsers(
    client, certificate, language
):
    """A native file input's button is labelled by the browser ("Choose File", "Browse…") in
    its own language: ours is a label in the page's two languages over a visually hidden
    input, whatever language the browser asks for."""
    response = client.get(_url(certificate), HTTP_ACCEPT_LANGUAGE=language)

    page = response.content.decode()
    assert f'<html lang="{language}"' in page
    control = page[page.index('class="file-picker"') :]
    control = control[: control.index("</div>")]
    assert (
        '<label for="id_file" class="button button-secondary file-picker-button">'
        'เลือกไฟล์ PDF <span lang="en">/ Choose a PDF file</span></label>'
    ) in control
    assert 'type="file"' in control and 'class="visually-hidden file-picker-input"' in control
    assert 'id="id_file"' in control
    # Where the chosen file's name appears.
    assert 'ยังไม่ได้เลือกไฟล์ <span lang="en">/ No file chosen</span>' in control
