"""The producer's document library and the evidence attached to dossiers.

A document is stored once per producer and content (SHA-256), under a path made of that checksum, and is
never deleted: later upgrades and re-evaluations attach it again instead of uploading it again. Uploading
identical content returns the document already in the library, with the type, title and validity date given
this time (a re-upload is how producers correct a date).

A file is written to storage before its row, inside the transaction; if the transaction rolls back, the
file is deleted again (`_atomic_writing_files`), so a failed upload leaves nothing behind."""

import datetime
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit import domain as audit
from criteria.sheets import leaf_codes
from producers.models import Producer

from ..files import check_upload
from ..models import Application, Document, DocumentKind, Evidence, document_path
from ..rules import can_edit_application, can_manage_documents, is_applicant

# What the producer gives and may change of a document; the rest comes from the file.
METADATA_FIELDS = ["kind", "title", "valid_until"]
DOCUMENT_FIELDS = [*METADATA_FIELDS, "size", "sha256", "content_type", "file"]


@dataclass(frozen=True)
class UploadResult:
    """What an upload did: stored a new document, or found the same content in the library and corrected
    the `changed` fields of that document (none: it was already as given)."""

    created: bool
    changed: tuple[str, ...] = ()


@contextmanager
def _atomic_writing_files():
    """A transaction that also owns the files written during it: on any failure the rows roll back and the
    files (listed by the caller in the yielded list as (storage, name)) are deleted."""
    written: list[tuple] = []
    try:
        with transaction.atomic():
            yield written
    except BaseException:
        for storage, name in written:
            # Never delete a file that a committed document points to.
            if not Document.objects.filter(file=name).exists():
                storage.delete(name)
        raise


def _clean_metadata(*, kind: str, title: str, valid_until: datetime.date | None) -> str:
    errors: dict[str, list[str]] = {}
    if kind not in DocumentKind.values:
        errors["kind"] = [_("Chọn loại tài liệu.")]
    title = (title or "").strip()
    if not title:
        errors["title"] = [_("Nhập tên tài liệu.")]
    elif len(title) > 255:
        errors["title"] = [_("Tên tài liệu dài tối đa 255 ký tự.")]
    if errors:
        raise ValidationError(errors)
    return title


def _set_metadata(document: Document, *, by, kind: str, title: str, valid_until, note: str = "") -> None:
    before = audit.snapshot(document, METADATA_FIELDS)
    document.kind, document.title, document.valid_until = kind, title, valid_until
    document.save(update_fields=METADATA_FIELDS)
    audit.record(
        actor=by,
        action="update",
        obj=document,
        before=before,
        after=audit.snapshot(document, METADATA_FIELDS),
        note=note,
    )


def _store(
    written: list, *, producer: Producer, by, upload, kind: str, title: str, valid_until
) -> tuple[Document, UploadResult]:
    """Check and store one upload in `producer`'s library inside the caller's `_atomic_writing_files`."""
    if not can_manage_documents(by, producer.pk):
        raise PermissionDenied
    title = _clean_metadata(kind=kind, title=title, valid_until=valid_until)
    try:
        checked = check_upload(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    # One upload at a time per producer, so the same content is never stored twice side by side.
    Producer.objects.select_for_update().only("pk").get(pk=producer.pk)
    existing = Document.objects.filter(producer=producer, sha256=checked.sha256).first()
    if existing is not None:
        given = {"kind": kind, "title": title, "valid_until": valid_until}
        changed = tuple(name for name in METADATA_FIELDS if getattr(existing, name) != given[name])
        if changed:
            _set_metadata(existing, by=by, **given, note=_("Tải lại tệp đã có trong thư viện"))
        return existing, UploadResult(created=False, changed=changed)
    document = Document(
        producer=producer,
        kind=kind,
        title=title,
        valid_until=valid_until,
        content_type=checked.content_type,
        extension=checked.extension,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=by,
    )
    storage = document.file.storage
    name = document_path(document, "")
    # A file left at this path by a rolled-back upload is an orphan: no document points to it.
    if storage.exists(name):
        storage.delete(name)
    document.file.save(name, upload, save=False)
    written.append((storage, document.file.name))
    document.save()
    audit.record(actor=by, action="create", obj=document, after=audit.snapshot(document, DOCUMENT_FIELDS))
    return document, UploadResult(created=True)


def upload_document(
    *, producer: Producer, by, upload, kind: str, title: str, valid_until: datetime.date | None = None
) -> tuple[Document, UploadResult]:
    """Add a file to `producer`'s library. Returns (document, result): when the library already holds the
    same content, no file is written and that document takes the kind, title and validity date given (the
    result names the fields that changed; an audit entry records them).

    Validates: `by` is one of the producer's users; kind and title; the file (PDF/JPEG/PNG by content, at most
    MAX_DOCUMENT_BYTES). Side effects: the file stored under its checksum, the Document row, an audit entry."""
    with _atomic_writing_files() as written:
        return _store(written, producer=producer, by=by, upload=upload, kind=kind, title=title, valid_until=valid_until)


@transaction.atomic
def update_document(*, document: Document, by, kind: str, title: str, valid_until: datetime.date | None) -> Document:
    """Correct a document's type, title or validity date; its file never changes. Side effects: audit entry."""
    if not can_manage_documents(by, document.producer_id):
        raise PermissionDenied
    title = _clean_metadata(kind=kind, title=title, valid_until=valid_until)
    _set_metadata(document, by=by, kind=kind, title=title, valid_until=valid_until)
    return document


def require_editable(application: Application, by) -> None:
    """Refuse a change to a dossier that `by` may not edit: someone else's (PermissionDenied) or one that is
    with the commune or the province (a clear ValidationError)."""
    if not is_applicant(by, application):
        raise PermissionDenied
    if not can_edit_application(by, application):
        raise ValidationError(
            _("Hồ sơ đang ở trạng thái “%(status)s”: chỉ sửa được hồ sơ đang soạn hoặc bị trả lại.")
            % {"status": application.get_status_display()}
        )


def _clean_criterion(application: Application, criterion_code: str) -> str:
    code = (criterion_code or "").strip()
    if code and code not in leaf_codes(application.criteria_set_id):
        raise ValidationError(
            {"criterion_code": [_("Tiêu chí %(code)s không có trong phiếu đánh giá.") % {"code": code}]}
        )
    return code


@transaction.atomic
def attach_evidence(*, application: Application, document: Document, by, criterion_code: str = "") -> Evidence:
    """Attach a library document to the dossier, for the whole dossier (blank `criterion_code`) or for one
    criterion of the sheet. Attaching it twice to the same place changes nothing. Side effects: audit entry
    on the dossier."""
    require_editable(application, by)
    if document.producer_id != application.product.producer_id:
        raise PermissionDenied
    code = _clean_criterion(application, criterion_code)
    evidence, created = Evidence.objects.get_or_create(application=application, document=document, criterion_code=code)
    if created:
        audit.record(
            actor=by,
            action="update",
            obj=application,
            after={"evidence": f"{code or '—'}: {document.title}"},
            note=_("Đính kèm minh chứng"),
        )
    return evidence


def upload_evidence(
    *,
    application: Application,
    by,
    upload,
    kind: str,
    title: str,
    criterion_code: str = "",
    valid_until: datetime.date | None = None,
) -> tuple[Evidence, UploadResult]:
    """Upload a file to the producer's library and attach it to the dossier in one step (see `upload_document`
    and `attach_evidence`); if either part fails, neither the row nor the file remains."""
    require_editable(application, by)
    with _atomic_writing_files() as written:
        document, result = _store(
            written,
            producer=application.product.producer,
            by=by,
            upload=upload,
            kind=kind,
            title=title,
            valid_until=valid_until,
        )
        evidence = attach_evidence(application=application, document=document, by=by, criterion_code=criterion_code)
        return evidence, result


@transaction.atomic
def detach_evidence(*, evidence: Evidence, by) -> None:
    """Take a document off the dossier; it stays in the library. Side effects: audit entry on the dossier."""
    application = evidence.application
    require_editable(application, by)
    audit.record(
        actor=by,
        action="update",
        obj=application,
        before={"evidence": f"{evidence.criterion_code or '—'}: {evidence.document.title}"},
        note=_("Gỡ minh chứng"),
    )
    evidence.delete()
