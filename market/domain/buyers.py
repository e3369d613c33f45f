"""Buyers: a buyer registers itself with its account and waits for the OCOP officers of its province, who verify it
or refuse it with a reason."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import people
from accounts.domain import register_own_account
from accounts.models import Role, User
from areas.domain import current_units
from areas.models import Area
from audit import domain as audit
from audit.models import AuditEntry
from notifications.domain import notify
from producers.domain import normalise_phone
from producers.validators import normalise_tax_code

from .. import rules
from ..models import Buyer

BUYER_FIELDS = ["name", "kind", "tax_code", "street_address", "area", "contact_name", "phone", "email", "website"]
AUDITED = [*BUYER_FIELDS, "status", "status_note"]


def register_buyer_account(*, username: str, password: str, email: str, buyer_fields: dict[str, Any]) -> User:
    """A buyer signs up: one account (role `BUYER`) and its buyer, both or neither, the buyer waiting for
    verification. Side effects: audit entries for the account and the buyer; the OCOP officers of the buyer's
    province are told it waits for them."""

    def attach(user: User) -> None:
        create_buyer(account=user, **buyer_fields)

    return register_own_account(username=username, password=password, email=email, role=Role.BUYER, attach=attach)


def create_buyer(*, account: User, **fields: Any) -> Buyer:
    unknown = set(fields) - set(BUYER_FIELDS)
    if unknown:
        raise TypeError(f"not buyer fields: {sorted(unknown)}")
    buyer = Buyer(account=account, **fields)
    buyer.tax_code = normalise_tax_code(buyer.tax_code)
    buyer.phone = normalise_phone(buyer.phone)
    area: Area | None = buyer.area if buyer.area_id else None
    if area is None or area.level != Area.Level.COMMUNE:
        raise ValidationError({"area": _("Hãy chọn xã/phường nơi bên mua đặt trụ sở.")})
    buyer.commune, buyer.province = current_units(area)
    with transaction.atomic():
        buyer.full_clean(exclude=["account"])
        buyer.save()
        audit.record(actor=account, action=AuditEntry.Action.CREATE, obj=buyer, after=audit.snapshot(buyer, AUDITED))
        notify(
            users=people.province_officers(buyer.province_id),
            message=_("Bên mua %(buyer)s đăng ký trên hệ thống: chờ tỉnh xác minh.") % {"buyer": buyer.name},
            url=buyer.get_absolute_url(),
        )
    return buyer


def verify_buyer(*, buyer: Buyer, by, approve: bool, note: str = "") -> Buyer:
    """The province's OCOP officer verifies a buyer (it may then post demands) or refuses it with a reason.
    Side effects: audit entry; the buyer's account is told in the platform and by e-mail."""
    if not rules.can_verify_buyer(by, buyer):
        raise PermissionDenied
    note = note.strip()
    if not approve and not note:
        raise ValidationError({"note": _("Hãy ghi rõ lý do không xác minh.")})
    with transaction.atomic():
        before = audit.snapshot(buyer, ["status", "status_note"])
        buyer.status = Buyer.Status.VERIFIED if approve else Buyer.Status.REFUSED
        buyer.status_note = note
        buyer.verified_by = by
        buyer.verified_at = timezone.now()
        buyer.save(update_fields=["status", "status_note", "verified_by", "verified_at", "updated_at"])
        audit.record(
            actor=by,
            action=AuditEntry.Action.TRANSITION,
            obj=buyer,
            before=before,
            after=audit.snapshot(buyer, ["status", "status_note"]),
        )
        if approve:
            message = _("Bên mua %(buyer)s đã được xác minh: có thể đăng nhu cầu mua sản phẩm OCOP.")
        else:
            message = _("Bên mua %(buyer)s không được xác minh: %(note)s")
        notify(
            users=people.buyer_users(buyer.account_id),
            message=message % {"buyer": buyer.name, "note": note},
            url=buyer.get_absolute_url(),
        )
    return buyer
