"""Ordering a stamp batch: who may, for which product, with which lot and dates."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import domain as audit
from certificates.models import SHOWS_STAR, Certificate
from certificates.queries import current_certificate

from ..links import validate_lot
from ..models import StampBatch
from ..rules import can_order_stamps
from .following import province_of

AUDITED_FIELDS = ["product", "certificate", "quantity", "lot", "production_date", "expiry_date", "status"]


def batch_max() -> int:
    return settings.STAMP_BATCH_MAX


def certificate_for_stamps(product, *, day: datetime.date | None = None) -> Certificate | None:
    """The product's current certificate if it shows a star on `day` (active, due for renewal, extended):
    only such a product may carry OCOP stamps."""
    certificate = current_certificate(product)
    if certificate is None or certificate.status_on(day or timezone.localdate()) not in SHOWS_STAR:
        return None
    return certificate


def _check(*, quantity: int, lot: str, production_date, expiry_date, today: datetime.date) -> str:
    errors: dict[str, str] = {}
    limit = batch_max()
    if not 1 <= quantity <= limit:
        errors["quantity"] = _("Số lượng tem từ 1 đến %(max)s.") % {"max": f"{limit:,}".replace(",", ".")}
    try:
        lot = validate_lot(lot)
    except ValidationError as error:
        errors["lot"] = error.messages[0]
    if production_date > today:
        errors["production_date"] = _("Ngày sản xuất không được sau hôm nay.")
    if expiry_date <= production_date:
        errors["expiry_date"] = _("Hạn sử dụng phải sau ngày sản xuất.")
    if errors:
        raise ValidationError(errors)
    return lot


@transaction.atomic
def order_batch(
    *,
    product,
    quantity: int,
    lot: str,
    production_date: datetime.date,
    expiry_date: datetime.date,
    by,
    run_in_background: bool = True,
) -> StampBatch:
    """Order `quantity` stamps for one lot of a product whose current certificate shows a star.

    Side effects: the batch (status queued), an audit entry "order", and — unless `run_in_background` is
    False, for callers that issue at once (`issue_stamps`) — the issuing job, enqueued once this
    transaction commits."""
    if not can_order_stamps(by, product):
        raise PermissionDenied
    today = timezone.localdate()
    certificate = certificate_for_stamps(product, day=today)
    if certificate is None:
        raise ValidationError(
            _("Sản phẩm %(product)s không có giấy chứng nhận OCOP còn hiệu lực nên không được đặt in tem.")
            % {"product": product.name},
            code="no_valid_certificate",
        )
    lot = _check(quantity=quantity, lot=lot, production_date=production_date, expiry_date=expiry_date, today=today)
    batch = StampBatch.objects.create(
        product=product,
        province_id=province_of(product),
        certificate=certificate,
        quantity=quantity,
        lot=lot,
        production_date=production_date,
        expiry_date=expiry_date,
        ordered_by=by,
    )
    audit.record(actor=by, action="order", obj=batch, after=audit.snapshot(batch, AUDITED_FIELDS))
    if run_in_background:
        from ..tasks import issue_stamp_batch

        batch_id = batch.pk
        transaction.on_commit(lambda: issue_stamp_batch.enqueue(batch_id))
    return batch
