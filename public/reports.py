"""Consumers' reports of suspected fakes: filing one, keeping its photo while the form is corrected, and
following it by its reference number.

A report goes to the province that issued the stamp (the producer's province today) when its code is one of
ours, and the consumer is not asked for a province then; otherwise to the province the consumer picks. Each
report is an item of that province's inspectors' inbox (`monitoring`), with the same reference number, which
holds its status: the consumer follows it there, seeing the status and the outcome published, nothing else."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.people import report_handlers
from areas.models import Area
from audit import domain as audit
from audit.context import current_origin, request_context
from core.codes import random_code
from monitoring import domain as inbox
from monitoring.models import Kind, Signal
from notifications.domain import notify
from products.images import read_image
from stamps.models import FakeReport, Stamp

AUDITED = ["serial", "province", "what", "where", "photo", "contact"]
PENDING_DIR = "reports/pending"
PENDING_KEY = "fake_report_photo"


def known_stamp(serial: str) -> Stamp | None:
    """The stamp with this serial, with what names its province, or None (no serial, or not one of ours)."""
    if not serial:
        return None
    return Stamp.objects.select_related("batch__product__producer__current_province").filter(serial=serial).first()


@transaction.atomic
def submit_report(
    *, serial: str, what: str, where: str, province: Area | None = None, contact: str = "", photo=None
) -> FakeReport:
    """File a consumer's report. `province` is needed only when the serial is not one of ours (the stamp's own
    province wins otherwise). The photo (optional) must really be a JPEG, PNG or WebP image within the size
    limit, whatever its name says; it is stored under a random name.

    Side effects: a FakeReport and its inbox item (status "open"); audit entries "create" without the consumer's
    address (reports are anonymous); a notification to the inspectors and OCOP officers of the province it goes
    to."""
    what, where = (what or "").strip(), (where or "").strip()
    stamp = known_stamp(serial)
    target = stamp.batch.product.producer.current_province if stamp is not None else province
    errors = {}
    if not what or not where:
        errors["__all__"] = [_("Cho biết sự việc và nơi mua hoặc phát hiện sản phẩm.")]
    if target is None:
        errors["province"] = [
            _("Mã trên tem không có trong hệ thống nên không biết tỉnh cấp tem: chọn tỉnh/thành phố nơi mua.")
        ]
    if errors:
        raise ValidationError(errors)
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
        signal = inbox.raise_for_report(report=report)
    notify(
        users=report_handlers(target.pk),
        message=_("Phản ánh nghi vấn hàng giả mới %(code)s: %(where)s") % {"code": report.code, "where": where},
        url=signal.get_absolute_url(),
    )
    return report


def followed(code: str) -> Signal | None:
    """The inbox item of the consumer's report with this reference number (what the follow page shows)."""
    code = (code or "").strip().upper()[:10]
    return Signal.objects.filter(kind=Kind.FAKE_REPORT, code=code).first() if code else None


# --- the photo kept while the form is corrected ------------------------------------------------------------
# A browser never sends a file back: on a refused submission the checked photo is kept in storage, under a random
# name held only by the visitor's session, and used when the corrected form is sent (unless they drop it).


def _discard_stale_pending(now: datetime.datetime) -> None:
    """Pending photos outlive no session: those older than a session are deleted (few, a folder of a day's)."""
    if not default_storage.exists(PENDING_DIR):
        return
    oldest = now - datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    for name in default_storage.listdir(PENDING_DIR)[1]:
        path = f"{PENDING_DIR}/{name}"
        if default_storage.get_modified_time(path) < oldest:
            default_storage.delete(path)


def keep_pending_photo(session, upload) -> str:
    """Check the photo now and keep it for the visitor's next submission. Returns its pending name; raises the
    image's ValidationError (and keeps nothing) when it is not a valid image."""
    extension, data = read_image(upload)
    drop_pending_photo(session)
    _discard_stale_pending(timezone.now())
    name = default_storage.save(f"{PENDING_DIR}/{random_code(16)}.{extension}", ContentFile(data))
    session[PENDING_KEY] = name
    return name


def pending_photo(session):
    """The photo this visitor had attached to a refused submission, open for reading, or None."""
    name = session.get(PENDING_KEY, "")
    if not name.startswith(f"{PENDING_DIR}/") or not default_storage.exists(name):
        return None
    photo = default_storage.open(name, "rb")
    photo.name = name
    return photo


def drop_pending_photo(session) -> None:
    name = session.pop(PENDING_KEY, "")
    if name.startswith(f"{PENDING_DIR}/"):
        default_storage.delete(name)
