"""The one check every uploaded image goes through (core.images.check_image): Pillow decides the format from the
content; too many bytes, too many pixels (decompression bombs) and unreadable files are refused in Vietnamese."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.images import check_image

from .factories import bomb_upload, png_declaring


def image_upload(size=(40, 30), fmt="PNG", name="anh.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 40)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def refusal(upload, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        check_image(upload, **kwargs)
    return caught.value


def test_check_image_reads_format_and_size_from_the_content():
    checked = check_image(image_upload(fmt="JPEG", name="scan.pdf"))
    assert (checked.format, checked.extension, checked.width, checked.height) == ("JPEG", "jpg", 40, 30)


def test_check_image_leaves_the_upload_at_its_start():
    upload = image_upload()
    check_image(upload)
    assert upload.read(8) == b"\x89PNG\r\n\x1a\n"


def test_check_image_refuses_a_decompression_bomb():
    error = refusal(bomb_upload())
    assert error.code == "image_pixels"
    assert error.messages == ["Ảnh có quá nhiều điểm ảnh. Tối đa 40 triệu điểm ảnh."]


def test_check_image_refuses_pixels_in_pillows_warning_range():
    # 100 million pixels: past Pillow's warning threshold, below its error threshold.
    assert refusal(SimpleUploadedFile("a.png", png_declaring(10000, 10000))).code == "image_pixels"


def test_check_image_refuses_pixels_over_the_setting(settings):
    settings.MAX_IMAGE_PIXELS = 1000
    assert refusal(image_upload(size=(40, 30))).code == "image_pixels"
    assert check_image(image_upload(size=(40, 25))).width == 40


def test_check_image_refuses_more_bytes_than_the_limit(settings):
    settings.MAX_IMAGE_BYTES = 100
    error = refusal(image_upload(size=(200, 200)))
    assert error.code == "image_too_large"
    assert "Dung lượng tối đa" in error.messages[0]


def test_check_image_takes_a_callers_byte_limit():
    assert refusal(image_upload(), max_bytes=10).code == "image_too_large"


def test_check_image_refuses_content_that_is_no_image():
    error = refusal(SimpleUploadedFile("anh.jpg", b"<?php echo 1; ?>"))
    assert error.code == "image_invalid"
    assert error.messages == ["Tệp không phải là ảnh hợp lệ. Hãy tải lên ảnh JPEG, PNG hoặc WebP."]


def test_check_image_refuses_a_truncated_image():
    data = image_upload().read()
    assert refusal(SimpleUploadedFile("anh.png", data[:40])).code == "image_invalid"


def test_check_image_refuses_pixels_that_do_not_decode():
    # The chunks are sound (Pillow's verify() passes) but the compressed pixels are garbage.
    broken = png_declaring(100, 100, pixels=b"not zlib data" * 10)
    assert refusal(SimpleUploadedFile("anh.png", broken)).code == "image_invalid"


def test_check_image_refuses_formats_the_caller_does_not_take():
    error = refusal(image_upload(fmt="WEBP"), formats=("JPEG", "PNG"))
    assert error.code == "image_format"
    assert error.messages == ["Định dạng WEBP không được chấp nhận. Hãy tải lên ảnh JPEG hoặc PNG."]
