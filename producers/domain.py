"""Producer rules: registering (by an officer, or a producer signing up with its account), editing, verifying
and deleting a producer. Every function validates, writes inside one transaction and records an audit entry."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import people
from accounts.domain import register_own_account
from accounts.models import Role, User
from accounts.rules import is_officer_for
from areas.domain import current_units
from areas.models import Area
from audit import domain as audit
from core.text import search_key
from notifications.domain import notify

from .models import Producer, ProducerKind
from .rules import can_delete_producer, can_edit_producer, can_verify_producer
from .validators import normalise_tax_code

EDITABLE_FIELDS = (
    "name",
    "kind",
    "enterprise_form",
    "tax_code",
    "founded_on",
    "representative_name",
    "representative_position",
    "representative_gender",
    "representative_ethnicity",
    "representative_has_disability",
    "street_address",
    "area",
    "phone",
    "email",
    "website",
    "local_capital_percent",
)


def normalise_phone(raw: str) -> str:
    """Digits only (a leading + kept); 9 to 12 digits, as Vietnamese landline and mobile numbers have."""
    phone = "".join(c for c in (raw or "") if c.isdigit() or c == "+")
    if not 9 <= len(phone.lstrip("+")) <= 12 or "+" in phone[1:]:
        raise ValidationError({"phone": _("Số điện thoại không hợp lệ.")})
    return phone


def _apply(producer: Producer, fields: dict[str, Any], *, by) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not producer fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(producer, name, value)
    producer.tax_code = normalise_tax_code(producer.tax_code) or None
    producer.phone = normalise_phone(producer.phone)
    area: Area | None = getattr(producer, "area", None) if producer.area_id else None
    if area is None:
        raise ValidationError({"area": _("Hãy chọn xã/phường nơi chủ thể đặt trụ sở.")})
    if area.level != Area.Level.COMMUNE:
        raise ValidationError({"area": _("Địa chỉ phải là một xã/phường/đặc khu, không phải tỉnh hay huyện.")})
    producer.current_commune, producer.current_province = current_units(area)
    # Officers register and move producers only inside their own area; producers sign up anywhere.
    if by is not None and by.role != Role.PRODUCER and not is_officer_for(by, producer):
        raise ValidationError({"area": _("Bạn chỉ đăng ký được chủ thể trên địa bàn mình quản lý.")})
    if producer.kind != ProducerKind.ENTERPRISE:
        producer.enterprise_form = ""
    producer.search_key = search_key(f"{producer.name} {producer.representative_name}")
    producer.full_clean()


@transaction.atomic
def create_producer(*, by, **fields: Any) -> Producer:
    """Register a producer (by an officer, or by the producer's own new account). It waits for its commune
    to verify it. Side effects: audit entry; on a sign-up (`by` is the new producer account), the officers of
    the producer's commune are told it waits for them."""
    producer = Producer()
    _apply(producer, fields, by=by)
    producer.save()
    audit.record(actor=by, action="create", obj=producer, after=audit.snapshot(producer))
    officers = people.commune_officers(producer=producer) if by is not None and by.role == Role.PRODUCER else []
    if officers:
        notify(
            users=officers,
            message=_("Chủ thể %(producer)s đăng ký tài khoản trên địa bàn %(commune)s: chờ xã xác minh.")
            % {"producer": producer.name, "commune": producer.current_commune.name},
            url=producer.get_absolute_url(),
        )
    return producer


@transaction.atomic
def update_producer(*, producer: Producer, by, **fields: Any) -> Producer:
    """Change a producer's declared data. A producer that changes its legal identity (name, type or tax
    number) after verification goes back to its commune for verification. Side effects: audit entry."""
    if not can_edit_producer(by, producer):
        raise PermissionDenied
    before = audit.snapshot(producer)
    _apply(producer, fields, by=by)
    identity_changed = any(before[k] != audit.snapshot(producer)[k] for k in ("name", "kind", "tax_code", "area"))
    if identity_changed and producer.status == Producer.Status.VERIFIED and by.role == Role.PRODUCER:
        producer.status = Producer.Status.PENDING
        producer.verified_at = None
        producer.status_note = _("Thông tin pháp lý thay đổi, chờ xã xác minh lại.")
    producer.save()
    audit.record(actor=by, action="update", obj=producer, before=before, after=audit.snapshot(producer))
    return producer


@transaction.atomic
def verify_producer(*, producer: Producer, by, approve: bool, note: str = "") -> Producer:
    """The commune confirms (or refuses) that the producer exists as declared. Side effects: audit entry; the
    producer's users are told the outcome."""
    if not can_verify_producer(by, producer):
        raise PermissionDenied
    if not approve and not note.strip():
        raise ValidationError({"note": _("Hãy ghi rõ lý do không xác minh.")})
    before = audit.snapshot(producer, ["status", "status_note"])
    producer.status = Producer.Status.VERIFIED if approve else Producer.Status.REJECTED
    producer.status_note = note.strip()
    producer.verified_at = timezone.now() if approve else None
    producer.save(update_fields=["status", "status_note", "verified_at", "updated_at"])
    audit.record(
        actor=by,
        action="transition",
        obj=producer,
        before=before,
        after=audit.snapshot(producer, ["status", "status_note"]),
    )
    if approve:
        message = _("Hồ sơ chủ thể %(producer)s đã được xác minh: chủ thể có thể đăng ký sản phẩm OCOP.")
    else:
        message = _("Hồ sơ chủ thể %(producer)s không được xác minh: %(note)s")
    notify(
        users=people.producer_users(producer.pk),
        message=message % {"producer": producer.name, "note": producer.status_note},
        url=producer.get_absolute_url(),
    )
    return producer


@transaction.atomic
def delete_producer(*, producer: Producer, by) -> None:
    """Remove a producer registered by mistake. One with products cannot be deleted: their history stays.
    Side effects: audit entry with the deleted values."""
    if not can_delete_producer(by, producer):
        raise PermissionDenied
    if producer.products.exists():
        raise ValidationError(_("Không thể xoá chủ thể đã có sản phẩm."))
    before = audit.snapshot(producer)
    audit.record(actor=by, action="delete", obj=producer, before=before)
    producer.delete()


def register_producer_account(*, username: str, password: str, email: str, producer_fields: dict[str, Any]) -> User:
    """A producer signs up: one account and one producer profile, both or neither. The producer waits for
    its commune's verification. Side effects: audit entries for the user and the producer."""

    def attach(user: User) -> None:
        user.producer = create_producer(by=user, **producer_fields)
        user.save(update_fields=["producer"])

    return register_own_account(username=username, password=password, email=email, role=Role.PRODUCER, attach=attach)
