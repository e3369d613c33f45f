"""Visits: the checklist's findings for one product, their evidence, and the follow-up visit that closes a
remediation."""

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import people
from audit import domain as audit
from audit.models import AuditEntry
from dossiers.files import check_upload
from notifications.domain import notify

from .. import checklist
from ..models import OPEN, Evidence, Finding, Inspection, Outcome, RemediationStatus, Result, Status, Visit
from ..rules import can_act
from .inspections import transition

MAX_FILES = 10


def _check_findings(findings: Mapping[str, tuple[str, str]]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not findings:
        errors["findings"] = [_("Ghi kết quả cho ít nhất một nội dung kiểm tra.")]
    for item, (result, note) in findings.items():
        if item not in checklist.BY_KEY:
            errors["findings"] = [_("Nội dung kiểm tra “%(item)s” không có trong danh mục.") % {"item": item}]
        elif result not in Result.values:
            errors[item] = [
                _("%(item)s: chọn kết quả đạt, không đạt hoặc không áp dụng.") % {"item": checklist.BY_KEY[item].label}
            ]
        elif result == Result.NOT_MET and not (note or "").strip():
            errors[item] = [_("%(item)s: ghi rõ nội dung không đạt.") % {"item": checklist.BY_KEY[item].label}]
    return errors


def _check_files(files: Iterable) -> list:
    files = list(files)
    if len(files) > MAX_FILES:
        raise ValidationError({"files": [_("Tối đa %(count)s tệp mỗi lần.") % {"count": MAX_FILES}]})
    checked = []
    for upload in files:
        try:
            checked.append((upload, check_upload(upload)))
        except ValidationError as error:
            raise ValidationError({"files": [f"{upload.name}: {message}" for message in error.messages]}) from None
    return checked


def _store(*, visit: Visit, upload, checked, by, finding: Finding | None = None, title: str = "") -> Evidence:
    evidence = Evidence(
        visit=visit,
        finding=finding,
        title=(title or "").strip()[:200],
        content_type=checked.content_type,
        extension=checked.extension,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=by,
    )
    evidence.file.save(f"{checked.sha256}.{checked.extension}", upload, save=False)
    evidence.save()
    audit.record(actor=by, action=AuditEntry.Action.CREATE, obj=evidence, after=audit.snapshot(evidence))
    return evidence


@transaction.atomic
def record_visit(
    *,
    inspection: Inspection,
    product,
    visited_on: datetime.date,
    findings: Mapping[str, tuple[str, str]],
    by,
    place: str = "",
    note: str = "",
    files: Iterable = (),
    follows: Outcome | None = None,
    resolved: bool = False,
) -> Visit:
    """Record a visit for `product` with `findings` ({checklist item: (result, note)}) and evidence `files`
    (photos, PDFs: content-checked, size-limited).

    A first visit needs the inspection open; it moves a planned inspection to "in progress" (`transition`). A
    follow-up visit (`follows`, an open remediation of this inspection and product) may come after the
    conclusion; `resolved` closes the remediation, and needs no finding "not met".

    Validates: `by` is an inspector or OCOP officer of the province; the product is the inspection's; the date is
    not in the future nor before the inspection starts; each finding; each file. Side effects: the visit, its
    findings and evidence; audit entries; when a remediation closes, its closing (audited) and the producer's
    users are told."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if not can_act(by, inspection):
        raise PermissionDenied
    errors = _check_findings(findings)
    if not inspection.products.filter(pk=product.pk).exists():
        errors["product"] = [_("Sản phẩm không thuộc đợt kiểm tra này.")]
    if follows is not None:
        if follows.inspection_id != inspection.pk or follows.product_id != product.pk:
            errors["follows"] = [_("Yêu cầu khắc phục không thuộc sản phẩm của đợt kiểm tra này.")]
        elif follows.remediation_status != RemediationStatus.OPEN:
            errors["follows"] = [_("Yêu cầu khắc phục này đã đóng.")]
        if resolved and any(result == Result.NOT_MET for result, _note in findings.values()):
            errors["resolved"] = [_("Còn nội dung không đạt: chưa thể xác nhận đã khắc phục.")]
    elif inspection.status not in OPEN:
        errors["inspection"] = [_("Đợt kiểm tra đã kết thúc: chỉ ghi được lần kiểm tra lại một yêu cầu khắc phục.")]
    elif resolved:
        errors["resolved"] = [_("Chỉ lần kiểm tra lại mới đóng được yêu cầu khắc phục.")]
    if visited_on is None:
        errors["visited_on"] = [_("Nhập ngày kiểm tra.")]
    elif visited_on > timezone.localdate():
        errors["visited_on"] = [_("Ngày kiểm tra không được ở tương lai.")]
    elif visited_on < inspection.starts_on:
        errors["visited_on"] = [_("Ngày kiểm tra không được trước ngày bắt đầu đợt kiểm tra.")]
    if errors:
        raise ValidationError(errors)
    checked = _check_files(files)
    if inspection.status == Status.PLANNED:
        transition(inspection=inspection, to=Status.IN_PROGRESS, by=by)
    visit = Visit.objects.create(
        inspection=inspection,
        product=product,
        visited_on=visited_on,
        place=(place or "").strip(),
        note=(note or "").strip(),
        follows=follows,
        recorded_by=by,
    )
    Finding.objects.bulk_create(
        [
            Finding(visit=visit, item=item, result=result, note=(text or "").strip())
            for item, (result, text) in sorted(findings.items(), key=lambda pair: list(checklist.BY_KEY).index(pair[0]))
        ]
    )
    audit.record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=visit,
        after={**audit.snapshot(visit), "findings": {item: result for item, (result, _n) in findings.items()}},
    )
    for upload, check in checked:
        _store(visit=visit, upload=upload, checked=check, by=by)
    if follows is not None and resolved:
        _close(remediation=follows, visit=visit, by=by)
    return visit


def _close(*, remediation: Outcome, visit: Visit, by) -> None:
    before = audit.snapshot(remediation, ["remediation_status", "closed_on", "closed_by"])
    remediation.remediation_status = RemediationStatus.CLOSED
    remediation.closed_on = visit.visited_on
    remediation.closed_by = visit
    remediation.save(update_fields=["remediation_status", "closed_on", "closed_by"])
    audit.record(
        actor=by,
        action=AuditEntry.Action.TRANSITION,
        obj=remediation,
        before=before,
        after=audit.snapshot(remediation, ["remediation_status", "closed_on", "closed_by"]),
        note=_("Kiểm tra lại: đã khắc phục"),
    )
    notify(
        users=people.producer_users(remediation.producer_id),
        message=_("Yêu cầu khắc phục đối với sản phẩm %(product)s đã được xác nhận hoàn thành ngày %(date)s.")
        % {"product": remediation.product.name, "date": f"{visit.visited_on:%d/%m/%Y}"},
        url=remediation.product.get_absolute_url(),
    )


@transaction.atomic
def add_evidence(*, visit: Visit, upload, by, finding: Finding | None = None, title: str = "") -> Evidence:
    """Attach a photo or PDF to `visit` (and to one of its findings). Validates: `by` acts on the inspection; the
    finding is the visit's; the file's content and size (`dossiers.files.check_upload`). Side effects: the
    stored file; audit entry."""
    if not can_act(by, visit.inspection):
        raise PermissionDenied
    if finding is not None and finding.visit_id != visit.pk:
        raise ValidationError({"finding": [_("Nội dung kiểm tra không thuộc lần kiểm tra này.")]})
    [(upload, checked)] = _check_files([upload])
    return _store(visit=visit, upload=upload, checked=checked, by=by, finding=finding, title=title)
