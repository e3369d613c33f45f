"""Evidence files: the type is sniffed from the content, the size limited, the content checksummed and stored
once; a failed upload leaves neither a row nor a file."""

import datetime
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from audit.domain import history
from dossiers import domain
from dossiers.files import check_upload
from dossiers.models import Document, DocumentKind, Evidence

from .factories import image_bytes, pdf_bytes, pdf_upload


def stored_files(media) -> list[str]:
    return sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())


def upload(producer, user, file, **kwargs):
    return domain.upload_document(
        producer=producer,
        by=user,
        upload=file,
        kind=kwargs.pop("kind", DocumentKind.OTHER),
        title=kwargs.pop("title", "Giấy tờ"),
        **kwargs,
    )


def test_pdf_is_recognised_by_its_content_whatever_its_name():
    content = pdf_bytes(b"abc")
    checked = check_upload(SimpleUploadedFile("anh.jpg", content, content_type="image/jpeg"))
    assert (checked.content_type, checked.extension) == ("application/pdf", "pdf")
    assert checked.sha256 == hashlib.sha256(content).hexdigest()
    assert checked.size == len(content)


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\n<html><script>alert(1)</script></html>",
        b"%PDF-1.7\nabc\n%%EOF\n",
        pdf_bytes(b"business registration")[:200],
    ],
)
def test_file_starting_like_a_pdf_that_does_not_parse_is_refused(content):
    with pytest.raises(ValidationError) as caught:
        check_upload(SimpleUploadedFile("hop-dong.pdf", content, content_type="application/pdf"))
    assert caught.value.code == "document_pdf"
    assert caught.value.messages == [
        "Tệp có phần đầu của tệp PDF nhưng không đọc được: tệp hỏng hoặc không phải PDF. Hãy tải lên tệp PDF hợp lệ."
    ]


def test_password_protected_pdf_is_refused_with_a_message():
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(72, 72)
    writer.encrypt("mat-khau")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ValidationError) as caught:
        check_upload(SimpleUploadedFile("hop-dong.pdf", out.getvalue(), content_type="application/pdf"))
    assert caught.value.messages == ["Tệp PDF có mật khẩu: hãy tải lên bản không đặt mật khẩu để cán bộ xem được."]


@pytest.mark.parametrize(
    ("image_format", "content_type", "extension"), [("JPEG", "image/jpeg", "jpg"), ("PNG", "image/png", "png")]
)
def test_images_are_recognised_by_pillow_whatever_their_name(image_format, content_type, extension):
    file = SimpleUploadedFile("scan.pdf", image_bytes(image_format), content_type="application/pdf")
    checked = check_upload(file)
    assert (checked.content_type, checked.extension) == (content_type, extension)


@pytest.mark.parametrize(
    "content",
    [b"MZ\x90\x00 an executable", b"<html><script>alert(1)</script></html>", b"PK\x03\x04 a zip"],
)
def test_other_content_is_refused_even_with_a_pdf_name_and_type(content):
    with pytest.raises(ValidationError) as caught:
        check_upload(SimpleUploadedFile("hop-dong.pdf", content, content_type="application/pdf"))
    assert "PDF, JPEG hoặc PNG" in " ".join(caught.value.messages)


def test_gif_is_refused_as_a_format():
    with pytest.raises(ValidationError) as caught:
        check_upload(SimpleUploadedFile("a.png", image_bytes("GIF"), content_type="image/png"))
    assert "GIF" in " ".join(caught.value.messages)


def test_empty_file_is_refused():
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("a.pdf", b"", content_type="application/pdf"))


@override_settings(MAX_DOCUMENT_BYTES=1000)
def test_file_over_the_size_limit_is_refused():
    with pytest.raises(ValidationError) as caught:
        check_upload(pdf_upload(b"x" * 1000))
    assert "tối đa" in " ".join(caught.value.messages)
    assert check_upload(pdf_upload(b"x" * 500)).size < 1000


def test_upload_stores_the_file_under_its_checksum_and_audits(alice, producer_a, media):
    document, result = upload(producer_a, alice, pdf_upload(b"business registration"))
    assert (result.created, result.changed) == (True, ())
    assert document.sha256 == hashlib.sha256(pdf_bytes(b"business registration")).hexdigest()
    assert document.file.name == f"documents/{producer_a.code}/{document.sha256[:2]}/{document.sha256}.pdf"
    assert stored_files(media) == [document.file.name]
    assert document.file.read().startswith(b"%PDF-")
    assert [entry.action for entry in history(document)] == ["create"]


def test_identical_content_is_stored_once_and_reused(alice, producer_a, media):
    first, _ = upload(producer_a, alice, pdf_upload(b"same"), title="Bản gốc")
    again, result = upload(producer_a, alice, pdf_upload(b"same", name="ban-sao.pdf"), title="Bản gốc")
    assert (result.created, result.changed) == (False, ())
    assert again.pk == first.pk
    assert Document.objects.count() == 1
    assert len(stored_files(media)) == 1
    assert [entry.action for entry in history(first)] == ["create"]


def test_identical_content_with_a_corrected_validity_date_updates_the_document(alice, producer_a, media):
    first, _ = upload(producer_a, alice, pdf_upload(b"same"), valid_until=datetime.date(2026, 12, 31))
    again, result = upload(producer_a, alice, pdf_upload(b"same"), valid_until=datetime.date(2027, 12, 31))
    assert (again.pk, result.created, result.changed) == (first.pk, False, ("valid_until",))
    first.refresh_from_db()
    assert first.valid_until == datetime.date(2027, 12, 31)
    update = history(first)[0]
    assert (update.action, update.changes) == ("update", {"valid_until": ["2026-12-31", "2027-12-31"]})
    assert len(stored_files(media)) == 1


def test_identical_content_with_another_title_and_type_renames_the_document(alice, producer_a):
    first, _ = upload(producer_a, alice, pdf_upload(b"same"), title="Bản gốc")
    _, result = upload(producer_a, alice, pdf_upload(b"same"), title="Giấy phép", kind=DocumentKind.TEST_REPORT)
    assert result.changed == ("kind", "title")
    first.refresh_from_db()
    assert (first.kind, first.title) == (DocumentKind.TEST_REPORT, "Giấy phép")


def test_another_producer_keeps_its_own_copy(alice, bob, producer_a, producer_b):
    mine, _ = upload(producer_a, alice, pdf_upload(b"same"))
    theirs, result = upload(producer_b, bob, pdf_upload(b"same"))
    assert result.created and theirs.pk != mine.pk


def test_refused_upload_leaves_nothing(alice, producer_a, media):
    with pytest.raises(ValidationError) as caught:
        upload(producer_a, alice, SimpleUploadedFile("a.pdf", b"not a pdf", content_type="application/pdf"))
    assert "file" in caught.value.message_dict
    assert not Document.objects.exists()
    assert stored_files(media) == []


def test_upload_needs_a_title_and_a_known_kind(alice, producer_a, media):
    with pytest.raises(ValidationError) as caught:
        upload(producer_a, alice, pdf_upload(), title="  ", kind="secret")
    assert set(caught.value.message_dict) == {"title", "kind"}
    assert stored_files(media) == []


def test_only_the_producers_users_upload_to_its_library(bob, carol, erin, producer_a, media):
    for user in (bob, carol, erin):
        with pytest.raises(PermissionDenied):
            upload(producer_a, user, pdf_upload())
    assert stored_files(media) == []


def test_failed_attachment_rolls_back_the_upload_and_deletes_its_file(draft, alice, media):
    with pytest.raises(ValidationError):
        domain.upload_evidence(
            application=draft,
            by=alice,
            upload=pdf_upload(b"evidence"),
            kind=DocumentKind.OTHER,
            title="Hợp đồng",
            criterion_code="99.9",
        )
    assert not Document.objects.exists()
    assert not Evidence.objects.exists()
    assert stored_files(media) == []


def test_orphan_file_left_at_the_path_is_replaced_not_duplicated(alice, producer_a, media):
    document, _ = upload(producer_a, alice, pdf_upload(b"orphan"))
    name = document.file.name
    Document.objects.filter(pk=document.pk).delete()  # as if its transaction had rolled back
    again, result = upload(producer_a, alice, pdf_upload(b"orphan"))
    assert result.created
    assert again.file.name == name
    assert stored_files(media) == [name]


def test_upload_evidence_for_a_criterion_attaches_it(draft, alice):
    evidence, _ = domain.upload_evidence(
        application=draft,
        by=alice,
        upload=pdf_upload(b"vietgap"),
        kind=DocumentKind.RAW_MATERIAL,
        title="Chứng nhận VietGAP",
        criterion_code="1.2",
    )
    assert evidence.criterion_code == "1.2"
    assert evidence.document.producer == draft.product.producer


def test_library_document_is_reused_in_a_later_dossier(draft, alice, product_a):
    document, _ = upload(
        product_a.producer, alice, pdf_upload(b"registration"), kind=DocumentKind.BUSINESS_REGISTRATION
    )
    domain.attach_evidence(application=draft, document=document, by=alice)
    domain.attach_evidence(application=draft, document=document, by=alice, criterion_code="3.1")
    domain.attach_evidence(application=draft, document=document, by=alice)  # twice: no change
    assert list(draft.evidence.order_by("criterion_code").values_list("criterion_code", flat=True)) == ["", "3.1"]
    assert Document.objects.count() == 1


def test_someone_elses_document_cannot_be_attached(draft, alice, bob, producer_b):
    document, _ = upload(producer_b, bob, pdf_upload(b"theirs"))
    with pytest.raises(PermissionDenied):
        domain.attach_evidence(application=draft, document=document, by=alice)


def test_evidence_cannot_change_once_submitted(submitted, alice):
    evidence = submitted.evidence.first()
    with pytest.raises(ValidationError) as caught:
        domain.detach_evidence(evidence=evidence, by=alice)
    assert "Đã nộp cho xã" in " ".join(caught.value.messages)
    with pytest.raises(ValidationError):
        domain.attach_evidence(application=submitted, document=evidence.document, by=alice, criterion_code="1.1")


def test_detach_keeps_the_document_in_the_library(draft, alice):
    evidence, _ = domain.upload_evidence(application=draft, by=alice, upload=pdf_upload(), kind="other", title="Ảnh")
    domain.detach_evidence(evidence=evidence, by=alice)
    assert not draft.evidence.exists()
    assert Document.objects.filter(pk=evidence.document_id).exists()


def test_document_validity_can_be_corrected_and_is_flagged_when_past(alice, producer_a):
    import datetime

    document, _ = upload(producer_a, alice, pdf_upload())
    assert not document.is_expired
    domain.update_document(
        document=document,
        by=alice,
        kind=DocumentKind.TEST_REPORT,
        title="Phiếu kiểm nghiệm",
        valid_until=datetime.date(2020, 1, 1),
    )
    document.refresh_from_db()
    assert document.is_expired
    assert document.kind == DocumentKind.TEST_REPORT
