"""Damaged images in the Wagtail admin's image uploads (cms/image_forms.py): a form error in
the editor's language, and no image saved."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image as PILImage
from wagtail.images import get_image_model

from cms.image_forms import DAMAGED
from tests.accounts.two_factor import login_with_two_factor
from tests.factories import make_user

pytestmark = pytest.mark.django_db

Image = get_image_model()


@pytest.fixture
def admin(client, settings):
    settings.ADMIN_REQUIRE_TWO_FACTOR = True
    login_with_two_factor(client, make_user(role=None, is_superuser=True, is_staff=True))
    return client


def _image(file_format: str, size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "red").save(buffer, file_format)
    return buffer.getvalue()


def _damaged(file_format: str, keep: int) -> SimpleUploadedFile:
    extension = {"GIF": "gif", "PNG": "png", "JPEG": "jpg"}[file_format]
    data = _image(file_format, (400, 300))
    return SimpleUploadedFile(f"photo.{extension}", data[:keep], f"image/{extension}")


def _message(language: str) -> str:
    with translation.override(language):
        return str(DAMAGED)


def test_the_message_is_translated():
    assert _message("th") != _message("en")


@pytest.mark.parametrize(
    ("file_format", "keep"),
    [
        pytest.param("GIF", 30, id="GIF cut after 30 bytes"),
        pytest.param("PNG", 200, id="PNG cut in its image data"),
        pytest.param("JPEG", 600, id="JPEG cut in its image data"),
    ],
)
def test_a_damaged_image_is_a_form_error_in_the_single_upload(admin, file_format, keep):
    response = admin.post(
        "/admin/images/add/", {"title": "photo", "file": _damaged(file_format, keep)}
    )

    assert response.status_code == 200  # the form again
    assert response.context["form"].errors["file"] == [_message("th")]
    assert not Image.objects.exists()


def test_a_truncated_gif_is_a_form_error_in_the_multiple_upload(admin):
    response = admin.post("/admin/images/multiple/add/", {"files[]": _damaged("GIF", 30)})

    assert response.status_code == 200
    body = response.json()
    assert body["success"] is False
    assert _message("th") in body["error_message"]
    assert not Image.objects.exists()


def test_a_whole_image_is_still_accepted_by_both_uploads(admin):
    single = admin.post(
        "/admin/images/add/",
        {"title": "photo", "file": SimpleUploadedFile("a.gif", _image("GIF"), "image/gif")},
    )
    multiple = admin.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile("b.jpg", _image("JPEG"), "image/jpeg")},
    )

    assert single.status_code == 302
    assert multiple.json()["success"] is True
    assert Image.objects.count() == 2
