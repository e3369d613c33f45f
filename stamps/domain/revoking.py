"""Revoking stamps (lost, stolen, misprinted): one stamp, a list of stamps, or a whole batch. A revoked stamp's
verdict on the public page is "stamp revoked"; the page reads `revoked_at` on the stamp and on its batch, so a
batch is revoked with one row, however many stamps it has."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import people
from audit import domain as audit
from notifications.domain import notify

from .. import serials as serial_numbers
from ..models import RevokeReason, Stamp, StampBatch
from ..rules import can_manage_batch

MAX_LISTED = 10_000


def _reason(reason: str) -> str:
    if reason not in RevokeReason.values:
        raise ValidationError({"reason": _("Chọn lý do thu hồi: bị mất, bị đánh cắp hoặc in hỏng.")})
    return reason


@transaction.atomic
def revoke_batch(*, batch: StampBatch, reason: str, by) -> StampBatch:
    """Revoke every stamp of the batch at once. Side effects: the batch's revoked_at, reason and revoked_by, an
    audit entry "revoke"; the inspectors of the producer's province are told. A batch revoked already is left as
    it was."""
    if not can_manage_batch(by, batch):
        raise PermissionDenied
    reason = _reason(reason)
    batch = StampBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.revoked_at is not None:
        raise ValidationError(_("Lô tem này đã bị thu hồi."), code="already_revoked")
    fields = ["revoked_at", "revoke_reason", "revoked_by"]
    before = audit.snapshot(batch, fields)
    batch.revoked_at = timezone.now()
    batch.revoke_reason = reason
    batch.revoked_by = by
    batch.save(update_fields=fields)
    audit.record(actor=by, action="revoke", obj=batch, before=before, after=audit.snapshot(batch, fields))
    notify(
        users=people.inspectors(batch.product.producer.current_province_id),
        message=_("Lô tem %(lot)s của sản phẩm %(product)s đã bị thu hồi (%(reason)s).")
        % {"lot": batch.lot, "product": batch.product.name, "reason": batch.get_revoke_reason_display()},
        url=batch.get_absolute_url(),
    )
    return batch


@transaction.atomic
def revoke_stamps(*, serials: Iterable[str], reason: str, by, batch: StampBatch | None = None) -> int:
    """Revoke the stamps with these serials (as typed: normalised first), all or none: an unknown serial, one
    of another batch than `batch` (when given) or one the user may not manage refuses the whole list.
    Stamps revoked already are left as they were. Returns how many were revoked now.

    Side effects: revoked_at and reason on each stamp; per batch touched, one audit entry "revoke_stamps"
    listing the serials."""
    reason = _reason(reason)
    wanted = list(dict.fromkeys(serial_numbers.normalise(s) for s in serials if s.strip()))
    if not wanted:
        raise ValidationError({"serials": _("Nhập ít nhất một mã tem.")})
    if len(wanted) > MAX_LISTED:
        raise ValidationError(
            {"serials": _("Mỗi lần thu hồi tối đa %(max)s mã; thu hồi cả lô nếu cần.") % {"max": MAX_LISTED}}
        )
    stamps = Stamp.objects.filter(serial__in=wanted).select_related("batch__product__producer")
    if batch is not None:
        stamps = stamps.filter(batch=batch)
    found = {stamp.serial: stamp for stamp in stamps}
    missing = [serial for serial in wanted if serial not in found]
    if missing:
        shown = ", ".join(serial_numbers.group(s) for s in missing[:20])
        message = _("Không có tem mã %(serials)s trong lô này.") if batch else _("Không có tem mã %(serials)s.")
        raise ValidationError({"serials": message % {"serials": shown}})
    batches = {stamp.batch_id: stamp.batch for stamp in found.values()}
    if any(not can_manage_batch(by, b) for b in batches.values()):
        raise PermissionDenied
    now = timezone.now()
    to_revoke = [stamp for stamp in found.values() if stamp.revoked_at is None]
    Stamp.objects.filter(pk__in=[stamp.pk for stamp in to_revoke]).update(revoked_at=now, revoke_reason=reason)
    for batch_id, stamp_batch in batches.items():
        revoked = sorted(stamp.serial for stamp in to_revoke if stamp.batch_id == batch_id)
        if revoked:
            audit.record(
                actor=by,
                action="revoke_stamps",
                obj=stamp_batch,
                after={"revoked_serials": revoked, "revoke_reason": reason},
                note=_("Thu hồi %(count)s tem.") % {"count": len(revoked)},
            )
    return len(to_revoke)
