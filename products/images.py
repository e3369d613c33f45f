"""Checking and shrinking uploaded product images. The content decides the type, never the file name."""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
THUMBNAIL_SIZE = (480, 480)
MAX_PIXELS = 40_000_000


def read_image(upload) -> tuple[str, bytes]:
    """Return (extension, bytes) of an uploaded image after checking its size and real format."""
    limit = settings.MAX_IMAGE_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("Ảnh quá lớn (%(size)s MB). Dung lượng tối đa là %(limit)s MB."),
            code="image_too_large",
            params={"size": f"{upload.size / 1048576:.1f}", "limit": f"{limit / 1048576:.0f}"},
        )
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            width, height = probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise ValidationError(
            _("Tệp không phải là ảnh hợp lệ. Hãy tải lên ảnh JPEG, PNG hoặc WebP."), code="image_invalid"
        ) from None
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("Định dạng %(format)s không được chấp nhận. Hãy tải lên ảnh JPEG, PNG hoặc WebP."),
            code="image_format",
            params={"format": image_format},
        )
    if width * height > MAX_PIXELS:
        raise ValidationError(_("Ảnh có quá nhiều điểm ảnh."), code="image_pixels")
    return ALLOWED_FORMATS[image_format], data


def make_thumbnail(data: bytes) -> ContentFile:
    with Image.open(io.BytesIO(data)) as image:
        image = image.convert("RGB")
        image.thumbnail(THUMBNAIL_SIZE)
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=82, optimize=True)
    return ContentFile(out.getvalue(), name="thumb.jpg")
