"""Upload limits, and uploads that a browser would run are never served inline from our origin."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from certificates import issuing
from tests.certificates.factories import make_enrollment
from tests.factories import make_user

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


@pytest.fixture
def editor(client):
    client.force_login(make_user(role=None, is_superuser=True, is_staff=True))
    return client


def _png(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "white").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [("logo.svg", SVG, "image/svg+xml"), ("logo.png", SVG, "image/png")],
)
def test_an_svg_image_is_refused_whatever_its_name(editor, name, content, content_type):
    response = editor.post(
        "/admin/images/add/",
        {"title": "logo", "file": SimpleUploadedFile(name, content, content_type)},
    )

    assert response.status_code == 200  # the form again, with the error
    assert not Image.objects.exists()


def test_an_image_above_the_size_limit_is_refused(editor, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100
    response = editor.post(
        "/admin/images/add/",
        {"title": "big", "file": SimpleUploadedFile("big.png", _png((200, 200)), "image/png")},
    )

    assert response.status_code == 200
    assert not Image.objects.exists()


def test_a_normal_image_is_accepted(editor):
    response = editor.post(
        "/admin/images/add/",
        {"title": "ok", "file": SimpleUploadedFile("ok.png", _png(), "image/png")},
    )

    assert response.status_code == 302
    assert Image.objects.count() == 1


@pytest.mark.parametrize("name", ["page.html", "page.htm", "logo.svg", "data.xml", "run.js"])
def test_documents_a_browser_would_run_are_refused(editor, name):
    response = editor.post(
        "/admin/documents/add/",
        {"title": "evil", "file": SimpleUploadedFile(name, HTML, "text/html")},
    )

    assert response.status_code == 200
    assert not Document.objects.exists()


def test_a_document_above_the_size_limit_is_refused(editor, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 10
    response = editor.post(
        "/admin/documents/add/",
        {"title": "big", "file": SimpleUploadedFile("notes.txt", b"x" * 100, "text/plain")},
    )

    assert response.status_code == 200
    assert not Document.objects.exists()


def test_an_html_file_saved_as_text_downloads_and_cannot_run(client):
    document = Document.objects.create(title="notes", file=ContentFile(HTML, name="notes.txt"))

    response = client.get(document.url)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert not response["Content-Type"].startswith("text/html")


def test_a_pdf_opens_in_the_browser_but_sandboxed(client):
    document = Document.objects.create(
        title="handout", file=ContentFile(b"%PDF-1.4\n", name="handout.pdf")
    )

    response = client.get(document.url)

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_request_body_above_the_limit_is_refused(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024

    response = client.post("/th/accounts/login/", {"username": "x" * 4096, "password": "y"})

    assert response.status_code == 400


def test_too_many_files_in_one_request_are_refused(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    certificate = issuing.issue_certificate(make_enrollment())
    files = [SimpleUploadedFile(f"f{n}.pdf", b"%PDF", "application/pdf") for n in range(3)]

    response = client.post(f"/verify/{certificate.serial}/check/", {"file": files})

    assert response.status_code == 400
