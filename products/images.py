"""Checking and shrinking uploaded product images. The content decides the type, never the file name."""

import io

from django.core.files.base import ContentFile
from PIL import Image

from core.images import check_image

THUMBNAIL_SIZE = (480, 480)


def read_image(upload) -> tuple[str, bytes]:
    """Return (extension, bytes) of an uploaded JPEG, PNG or WebP image after `core.images.check_image`."""
    checked = check_image(upload)
    return checked.extension, upload.read()


def make_thumbnail(data: bytes) -> ContentFile:
    with Image.open(io.BytesIO(data)) as image:
        image = image.convert("RGB")
        image.thumbnail(THUMBNAIL_SIZE)
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=82, optimize=True)
    return ContentFile(out.getvalue(), name="thumb.jpg")
