"""Checking evidence files before they are stored. The content decides the type — a PDF starts with `%PDF-` and
opens in PDFium, an image is whatever `core.images.check_image` recognises — never the file name or the type the
browser claims."""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pypdfium2 import PdfDocument, PdfiumError
from pypdfium2.raw import FPDF_ERR_PASSWORD

from core.images import check_image

PDF_MAGIC = b"%PDF-"
IMAGE_FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png")}
CHUNK = 64 * 1024


def max_document_bytes() -> int:
    return settings.MAX_DOCUMENT_BYTES


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    size: int
    sha256: str


def _megabytes(size: int) -> str:
    return f"{size / 1048576:.1f}".replace(".", ",")


def check_upload(upload) -> CheckedFile:
    """The real type, size and SHA-256 of an uploaded file, or a ValidationError (in Vietnamese) when it is
    empty, too large, or neither a PDF nor a JPEG/PNG image."""
    limit = max_document_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s MB). Dung lượng tối đa là %(limit)s MB."),
            code="document_too_large",
            params={"size": _megabytes(upload.size), "limit": _megabytes(limit)},
        )
    digest, size, head = hashlib.sha256(), 0, b""
    upload.seek(0)
    for chunk in upload.chunks(CHUNK):
        if not head:
            head = chunk[:16]
        digest.update(chunk)
        size += len(chunk)
    # The declared size comes from the client; the bytes actually read decide.
    if size > limit:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s MB). Dung lượng tối đa là %(limit)s MB."),
            code="document_too_large",
            params={"size": _megabytes(size), "limit": _megabytes(limit)},
        )
    if size == 0:
        raise ValidationError(_("Tệp rỗng, không có nội dung."), code="document_empty")
    if head.startswith(PDF_MAGIC):
        _check_pdf(upload)
        content_type, extension = "application/pdf", "pdf"
    else:
        content_type, extension = _image_type(upload)
    upload.seek(0)
    return CheckedFile(content_type=content_type, extension=extension, size=size, sha256=digest.hexdigest())


def _check_pdf(upload) -> None:
    """A file that only starts like a PDF (HTML behind `%PDF-`, a truncated download) is refused: officers must
    be able to open every piece of evidence. PDFium reads the structure and the page tree, not the pages."""
    unreadable = ValidationError(
        _(
            "Tệp có phần đầu của tệp PDF nhưng không đọc được: tệp hỏng hoặc không phải PDF. "
            "Hãy tải lên tệp PDF hợp lệ."
        ),
        code="document_pdf",
    )
    upload.seek(0)
    try:
        document = PdfDocument(upload.read())
    except PdfiumError as error:
        if error.err_code == FPDF_ERR_PASSWORD:
            raise ValidationError(
                _("Tệp PDF có mật khẩu: hãy tải lên bản không đặt mật khẩu để cán bộ xem được."), code="document_pdf"
            ) from None
        raise unreadable from None
    try:
        if len(document) == 0:
            raise unreadable
    finally:
        document.close()


def _image_type(upload) -> tuple[str, str]:
    try:
        checked = check_image(upload, formats=IMAGE_FORMATS, max_bytes=max_document_bytes())
    except ValidationError as error:
        if error.code == "image_invalid":
            raise ValidationError(
                _("Tệp không phải PDF hay ảnh JPEG, PNG hợp lệ. Hãy tải lên tệp PDF, JPEG hoặc PNG."),
                code="document_type",
            ) from None
        if error.code == "image_format":
            raise ValidationError(
                _("Định dạng %(format)s không được chấp nhận. Hãy tải lên tệp PDF, JPEG hoặc PNG."),
                code="document_type",
                params={"format": error.params["format"]},
            ) from None
        raise
    return IMAGE_FORMATS[checked.format]
