"""Consumers' reports of suspected fakes, and the inbox where the province's inspectors handle them.

A report goes to the province that issued the stamp (the producer's province today) when its code is one of
ours, otherwise to the province the consumer picked. It is seen by that province's inspectors and OCOP
officers, and by national roles (`FakeReport.scope`); everyone else gets a 404."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import scope
from accounts.people import REPORT_HANDLERS as HANDLERS
from accounts.people import report_handlers
from areas.models import Area
from audit import domain as audit
from audit.context import current_origin, request_context
from core.codes import random_code
from notifications.domain import notify
from products.images import read_image
from stamps.models import FakeReport, Stamp

AUDITED = ["serial", "province", "what", "where", "photo", "contact", "status"]


def can_handle(user, report: FakeReport) -> bool:
    """Inspectors and OCOP officers of the report's province change its status."""
    return user.is_authenticated and user.role in HANDLERS and scope.covers(user, report)


@transaction.atomic
def submit_report(*, serial: str, province: Area, what: str, where: str, contact: str = "", photo=None) -> FakeReport:
    """File a consumer's report. The photo (optional) must really be a JPEG, PNG or WebP image within the size
    limit, whatever its name says; it is stored under a random name.

    Side effects: a FakeReport (status "new"); an audit entry "create" without the consumer's address (reports
    are anonymous); a notification to the inspectors and OCOP officers of the province it goes to."""
    what, where = (what or "").strip(), (where or "").strip()
    if not what or not where:
        raise ValidationError(_("Cho biết sự việc và nơi mua hoặc phát hiện sản phẩm."), code="report_required")
    stamp = Stamp.objects.select_related("batch__product__producer").filter(serial=serial).first() if serial else None
    target = stamp.batch.product.producer.current_province if stamp is not None else province
    report = FakeReport(
        serial=serial,
        stamp=stamp,
        province=target,
        what=what,
        where=where,
        contact=(contact or "").strip(),
    )
    if photo:
        try:
            extension, data = read_image(photo)
        except ValidationError as error:
            raise ValidationError({"photo": error.messages}) from None
        report.photo.save(f"{random_code(16)}.{extension}", ContentFile(data), save=False)
    report.save()
    with request_context(ip_address=None, user_agent=current_origin().user_agent):
        audit.record(actor=None, action="create", obj=report, after=audit.snapshot(report, AUDITED))
    notify(
        users=report_handlers(target.pk),
        message=_("Phản ánh nghi vấn hàng giả mới %(code)s: %(where)s") % {"code": report.code, "where": where},
        url=reverse("public:inbox_detail", args=[report.code]),
    )
    return report


@transaction.atomic
def set_report_status(*, report: FakeReport, status: str, by, note: str = "") -> FakeReport:
    """Move a report to `status` (new, investigating, closed). Side effects: the status; an audit entry
    "transition" with the note."""
    if not can_handle(by, report):
        raise PermissionDenied
    if status not in FakeReport.Status.values:
        raise ValidationError({"status": _("Trạng thái không hợp lệ.")})
    report = FakeReport.objects.select_for_update().get(pk=report.pk)
    if report.status == status:
        raise ValidationError({"status": _("Phản ánh đã ở trạng thái này.")})
    before = audit.snapshot(report, ["status"])
    report.status = status
    report.save(update_fields=["status"])
    audit.record(
        actor=by, action="transition", obj=report, before=before, after=audit.snapshot(report, ["status"]), note=note
    )
    return report
