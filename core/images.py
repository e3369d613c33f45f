"""The one check every uploaded image goes through (product images, fake-report photos, evidence images). The
content decides the format, never the file name; a file with too many bytes or too many pixels is refused
before anything decodes it, so a tiny file declaring a huge picture (a decompression bomb) costs nothing."""

import struct
import warnings
from collections.abc import Collection
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

WEB_FORMATS = ("JPEG", "PNG", "WEBP")
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
NAMES = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}


@dataclass(frozen=True)
class CheckedImage:
    format: str  # Pillow's name: JPEG, PNG, WEBP
    width: int
    height: int

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]


def _choices(formats: Collection[str]) -> str:
    names = [NAMES.get(f, f) for f in formats]
    if len(names) == 1:
        return names[0]
    return _("%(items)s hoặc %(last)s") % {"items": ", ".join(names[:-1]), "last": names[-1]}


def _megabytes(size: int) -> str:
    return f"{size / 1048576:.1f}".replace(".", ",").removesuffix(",0")


def check_image(upload, *, formats: Collection[str] = WEB_FORMATS, max_bytes: int | None = None) -> CheckedImage:
    """The real format and size of an uploaded image, or a ValidationError (in Vietnamese) when it has more than
    `max_bytes` bytes (default settings.MAX_IMAGE_BYTES), more than settings.MAX_IMAGE_PIXELS pixels, cannot be
    read or decoded, or is not one of `formats`. Counts the pixels from the header before decoding them; leaves
    `upload` at its start."""
    limit = settings.MAX_IMAGE_BYTES if max_bytes is None else max_bytes
    if upload.size > limit:
        raise ValidationError(
            _("Ảnh quá lớn (%(size)s MB). Dung lượng tối đa là %(limit)s MB."),
            code="image_too_large",
            params={"size": _megabytes(upload.size), "limit": _megabytes(limit)},
        )
    too_many_pixels = ValidationError(
        _("Ảnh có quá nhiều điểm ảnh. Tối đa %(limit)s triệu điểm ảnh."),
        code="image_pixels",
        params={"limit": f"{settings.MAX_IMAGE_PIXELS / 1_000_000:g}".replace(".", ",")},
    )
    upload.seek(0)
    try:
        # Pillow warns past its own threshold and raises past twice that; both mean a picture far too big.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as probe:
                image_format, (width, height) = probe.format, probe.size
                if image_format not in formats:
                    raise ValidationError(
                        _("Định dạng %(format)s không được chấp nhận. Hãy tải lên ảnh %(formats)s."),
                        code="image_format",
                        params={"format": image_format, "formats": _choices(formats)},
                    )
                if width * height > settings.MAX_IMAGE_PIXELS:
                    raise too_many_pixels
                probe.verify()
            # verify() checks the structure only; the pixels must decode too (thumbnails, viewers decode them).
            upload.seek(0)
            with Image.open(upload) as image:
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many_pixels from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error):
        raise ValidationError(
            _("Tệp không phải là ảnh hợp lệ. Hãy tải lên ảnh %(formats)s."),
            code="image_invalid",
            params={"formats": _choices(formats)},
        ) from None
    finally:
        upload.seek(0)
    return CheckedImage(format=image_format, width=width, height=height)
