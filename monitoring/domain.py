"""The inbox's rules: how an item is raised (from a consumer's report, a complaint, the scan detection in
`monitoring.detection`) and the one transition function that triages it (`move`)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import people
from audit import domain as audit
from inspections import domain as inspections
from inspections.models import Inspection, Trigger
from inspections.models import Kind as InspectionKind
from notifications.domain import notify
from stamps.models import ScanEvent, Stamp, Verdict
from stamps.scanning import checks_so_far
from stamps.verdicts import certificate_in_force, judge

from .models import LIVE, Kind, Signal, Status
from .rules import can_answer, can_triage

TRIAGED = ["status", "question", "answer", "close_reason", "public_outcome", "inspection"]

# Where an item may go from each status (answering is the producer's; the others are the inbox keepers').
MOVES = {
    Status.OPEN: {Status.ASKED, Status.INSPECTION, Status.CLOSED},
    Status.ASKED: {Status.ANSWERED, Status.INSPECTION, Status.CLOSED},
    Status.ANSWERED: {Status.ASKED, Status.INSPECTION, Status.CLOSED},
    Status.INSPECTION: {Status.CLOSED},
    Status.CLOSED: set(),
}

# What the consumer sees of their report on the follow page: the status only, in plain words.
PUBLIC_STATUS = {
    Status.OPEN: gettext_lazy("Đã tiếp nhận, đang chờ thanh tra xem xét"),
    Status.ASKED: gettext_lazy("Đang xác minh với cơ sở sản xuất"),
    Status.ANSWERED: gettext_lazy("Đang xác minh với cơ sở sản xuất"),
    Status.INSPECTION: gettext_lazy("Đã chuyển đoàn kiểm tra"),
    Status.CLOSED: gettext_lazy("Đã xử lý xong"),
}


def public_status(signal: Signal) -> str:
    return str(PUBLIC_STATUS[signal.status])


def stamp_verdict(stamp: Stamp, *, today: datetime.date) -> str:
    """The verdict the verification page would give the stamp today, without recording a check: its scans so far,
    and whether one of them was found suspicious."""
    flagged = ScanEvent.objects.filter(stamp=stamp, verdict=Verdict.SUSPICIOUS).exists()
    certificate = certificate_in_force(stamp.batch.certificate)
    return judge(stamp=stamp, certificate=certificate, today=today, scan_count=checks_so_far(stamp.pk), flagged=flagged)


def links(*, stamp: Stamp | None = None, certificate=None) -> dict:
    """What an item concerns, from its stamp (or, without one, its certificate): batch, product, producer, the
    certificate in force, and the producer's units of today (the province whose inbox it is)."""
    batch = stamp.batch if stamp is not None else None
    if batch is not None:
        certificate = certificate_in_force(batch.certificate)
    if certificate is None:
        return {"stamp": stamp, "batch": batch}
    product = certificate.product
    producer = product.producer
    return {
        "stamp": stamp,
        "batch": batch,
        "certificate": certificate,
        "product": product,
        "producer": producer,
        "province_id": producer.current_province_id,
        "commune_id": producer.current_commune_id,
    }


def _tell_handlers(signal: Signal, message: str) -> None:
    notify(users=people.report_handlers(signal.province_id), message=message, url=signal.get_absolute_url())


def _report_verdict(report, stamp: Stamp | None) -> str:
    """A known stamp's verdict today; a code that is not ours is "unknown"; no code at all, no verdict."""
    if stamp is not None:
        return stamp_verdict(stamp, today=timezone.localdate())
    return Verdict.UNKNOWN if report.serial else ""


def raise_for_report(*, report) -> Signal:
    """The inbox item of a consumer's fake report (`public.reports.submit_report` calls it in its transaction):
    same reference number as the report, linked to the stamp when its code is one of ours, in the inbox of the
    report's province. Side effects: a Signal; an audit entry "create" (no actor: reports are anonymous)."""
    stamp = (
        Stamp.objects.select_related("batch__certificate__product__producer").get(pk=report.stamp_id)
        if report.stamp_id
        else None
    )
    found = links(stamp=stamp)
    signal = Signal.objects.create(
        code=report.code,
        kind=Kind.FAKE_REPORT,
        report=report,
        verdict=_report_verdict(report, stamp),
        summary=report.what,
        **{**found, "province_id": report.province_id},
    )
    audit.record(actor=None, action="create", obj=signal, after=audit.snapshot(signal, ["kind", "status", "stamp"]))
    return signal


@transaction.atomic
def record_complaint(*, by, product, summary: str) -> Signal:
    """An inspector records a complaint received otherwise (a letter, a call, an agency's notice) about one of the
    province's products. Side effects: a Signal of kind "complaint"; an audit entry."""
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError({"summary": _("Ghi nội dung khiếu nại.")})
    certificate = product.certificates.order_by("-issued_on").first()
    signal = Signal(
        kind=Kind.COMPLAINT,
        summary=summary,
        product=product,
        producer=product.producer,
        certificate=certificate,
        province_id=product.producer.current_province_id,
        commune_id=product.producer.current_commune_id,
    )
    if not can_triage(by, signal):
        raise PermissionDenied
    signal.save()
    audit.record(actor=by, action="create", obj=signal, after=audit.snapshot(signal, ["kind", "summary", "product"]))
    return signal


def _check_move(signal: Signal, to: str, by, *, reason: str, question: str, answer: str, inspection) -> None:
    if to == Status.ANSWERED:
        if not can_answer(by, signal):
            raise PermissionDenied
    elif not can_triage(by, signal):
        raise PermissionDenied
    if to not in Status.values:
        raise ValidationError({"status": _("Trạng thái không hợp lệ.")})
    if to not in MOVES[signal.status]:
        raise ValidationError(
            _("Tin báo đang ở trạng thái “%(status)s”, không chuyển được sang “%(to)s”.")
            % {"status": signal.get_status_display(), "to": Status(to).label},
            code="bad_move",
        )
    if to == Status.ASKED:
        if signal.producer_id is None:
            raise ValidationError(
                _("Tin báo này không gắn với chủ thể nào (mã tem không có trong hệ thống): không gửi yêu cầu được."),
                code="no_producer",
            )
        if not question:
            raise ValidationError({"question": _("Ghi nội dung yêu cầu chủ thể giải trình.")})
    if to == Status.ANSWERED and not answer:
        raise ValidationError({"answer": _("Ghi nội dung trả lời.")})
    if to == Status.CLOSED and not reason:
        raise ValidationError({"reason": _("Ghi lý do đóng tin báo.")})
    if to == Status.INSPECTION:
        if inspection is None:
            raise ValidationError({"inspection": _("Chọn cuộc kiểm tra.")})
        if (
            inspection.province_id != signal.province_id
            or not inspection.producers.filter(pk=signal.producer_id).exists()
        ):
            raise ValidationError(
                {"inspection": _("Cuộc kiểm tra này không kiểm tra chủ thể của tin báo.")}, code="other_inspection"
            )


@transaction.atomic
def move(
    *,
    signal: Signal,
    to: str,
    by,
    reason: str = "",
    question: str = "",
    answer: str = "",
    public_outcome: str = "",
    inspection=None,
) -> Signal:
    """Triage an item: ask the producer (`question`), record the producer's answer (`answer`, by one of its
    users), hand it to an inspection (`inspection`), or close it (`reason`, required; `public_outcome`, what
    the consumer who reported it reads). Only the moves in MOVES.

    Side effects: the item's status and the fields of the move; an audit entry "transition"; asking notifies
    the producer's users, an answer notifies the province's inspectors and OCOP officers."""
    reason, question, answer = (reason or "").strip(), (question or "").strip(), (answer or "").strip()
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    _check_move(signal, to, by, reason=reason, question=question, answer=answer, inspection=inspection)
    before = audit.snapshot(signal, TRIAGED)
    now = timezone.now()
    signal.status = to
    if to == Status.ASKED:
        signal.question, signal.asked_at, signal.answer, signal.answered_at = question, now, "", None
    elif to == Status.ANSWERED:
        signal.answer, signal.answered_at = answer, now
    elif to == Status.INSPECTION:
        signal.inspection = inspection
    elif to == Status.CLOSED:
        signal.close_reason, signal.closed_at = reason, now
        signal.public_outcome = (public_outcome or "").strip()[:300]
    if to != Status.ANSWERED:
        signal.handled_by = by
    signal.save()
    audit.record(
        actor=by,
        action="transition",
        obj=signal,
        before=before,
        after=audit.snapshot(signal, TRIAGED),
        note=reason or question or answer,
    )
    if to == Status.ASKED:
        notify(
            users=people.producer_users(signal.producer_id),
            message=_("Thanh tra tỉnh đề nghị giải trình về sản phẩm %(product)s (tin báo %(code)s): %(question)s")
            % {"product": signal.product.name if signal.product else "—", "code": signal.code, "question": question},
            url=signal.get_absolute_url(),
        )
    elif to == Status.ANSWERED:
        _tell_handlers(
            signal,
            _("%(producer)s đã trả lời yêu cầu giải trình của tin báo %(code)s.")
            % {"producer": signal.producer.name, "code": signal.code},
        )
    return signal


# What an inspection opened from an item says it was triggered by.
TRIGGERS = {
    Kind.FAKE_REPORT: Trigger.FAKE_REPORT,
    Kind.SUSPICIOUS_STAMP: Trigger.SUSPICIOUS_STAMP,
    Kind.AFTER_EXPIRY: Trigger.POST_EXPIRY_SCANS,
    Kind.AFTER_WITHDRAWAL: Trigger.POST_EXPIRY_SCANS,
    Kind.COMPLAINT: Trigger.COMPLAINT,
}


@transaction.atomic
def open_inspection_for(
    *, signal: Signal, by, team, starts_on: datetime.date, ends_on: datetime.date, scope_note: str = ""
) -> Inspection:
    """Triage an item into a new ad-hoc inspection of its producer and product (`inspections.open_inspection`
    validates the team, the dates and who may open it), then `move` it there. Side effects: those of both."""
    if signal.producer_id is None:
        raise ValidationError(
            _("Tin báo này không gắn với chủ thể nào (mã tem không có trong hệ thống): không mở kiểm tra được."),
            code="no_producer",
        )
    inspection = inspections.open_inspection(
        by=by,
        kind=InspectionKind.AD_HOC,
        trigger=TRIGGERS[signal.kind],
        trigger_note=_("Tin báo %(code)s: %(kind)s") % {"code": signal.code, "kind": signal.get_kind_display()},
        producers=[signal.producer],
        products=[signal.product] if signal.product_id else [],
        team=team,
        starts_on=starts_on,
        ends_on=ends_on,
        scope_note=scope_note,
    )
    move(signal=signal, to=Status.INSPECTION, by=by, inspection=inspection)
    return inspection


def live_signal(**match) -> Signal | None:
    return Signal.objects.filter(status__in=LIVE, **match).order_by("-created_at").first()
