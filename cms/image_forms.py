"""The form behind every image upload in the Wagtail admin: the add form, the multiple upload,
the chooser's upload tab and replacing an image's file (`WAGTAILIMAGES_IMAGE_FORM_BASE`).

Wagtail tells an image by its first bytes and decodes it only later: a truncated GIF (or any
damaged image) answered 500 from Wagtail's pixel check, where Pillow could not identify it,
or from the thumbnail drawn once it was saved. Here the file field also decodes the image,
after Wagtail's own size and pixel limits, and refuses a damaged one with a form error, so
nothing is saved.
"""

import struct
import zlib

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

DAMAGED = _(
    "This image file is damaged or incomplete and cannot be read. Open it in an image editor, "
    "save it again (as PNG or JPEG, for example) and upload it again."
)
# What Pillow raises, by format, for a file that ends early or holds garbage.
_DECODING_ERRORS = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    IndexError,
    struct.error,
    zlib.error,
)
# Formats that Pillow decodes (SVG, which Willow reads without Pillow, is not accepted here).
_DECODED_FORMATS = {"gif", "jpeg", "png", "webp"}


class CheckedImageField(WagtailImageField):
    def to_python(self, data):
        try:
            upload = super().to_python(data)
        except _DECODING_ERRORS as error:
            raise ValidationError(DAMAGED, code="invalid_image") from error
        if upload is not None and upload.image.format_name in _DECODED_FORMATS:
            _decode(upload)
        return upload


def _decode(upload) -> None:
    """Check the file's structure (Pillow's `verify`: a PNG's chunks and their checksums to the
    end), then decode the first frame, which renditions are drawn from. A JPEG is decoded at
    an eighth of its size, which still reads all of its data; memory is bounded anyway by
    `WAGTAILIMAGES_MAX_IMAGE_PIXELS`, checked before.

    `verify` matters because WeasyPrint, once imported, sets Pillow's process-wide
    `LOAD_TRUNCATED_IMAGES`, and decoding alone then pads a truncated PNG or GIF with grey."""
    try:
        with PILImage.open(upload) as image:
            image.verify()
        upload.seek(0)
        with PILImage.open(upload) as image:
            if image.format == "JPEG":
                image.draft("RGB", (max(image.width // 8, 1), max(image.height // 8, 1)))
            image.load()
    except _DECODING_ERRORS as error:
        raise ValidationError(DAMAGED, code="invalid_image") from error
    finally:
        upload.seek(0)


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail builds the file field itself (`formfield_for_dbfield`); forms without it
        # (editing the title and tags after a multiple upload) are left as they are.
        field = self.fields.get("file")
        if field is not None:
            self.fields["file"] = CheckedImageField(
                label=field.label, required=field.required, widget=field.widget
            )
