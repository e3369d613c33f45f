"""The official's digital signature on a decision (issue 15): the decision is drawn, signed with the key its
province configured for that kind of document (`signing.documents.sign_pdf`: an agency's PKCS#12 file, or the
official's PKCS#11 token, which needs its PIN), and the signed bytes are kept once. Every download serves
those bytes; nothing is signed twice."""

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import people
from audit import domain as audit
from audit.models import AuditEntry
from notifications.domain import notify
from signing.documents import needs_pin, sign_pdf
from signing.errors import SigningError

from .. import decision_pdf
from ..decisions import Decision, can_sign
from ..models import SignedDecision

SIGNED_FIELDS = ["kind", "number", "sha256", "size", "signed_at"]


def pin_needed(decision: Decision) -> bool:
    """Whether signing this decision asks the official for their token's PIN."""
    return needs_pin(kind=decision.kind, province=decision.province)


def sign_decision(*, decision: Decision, by, pin: str = "") -> SignedDecision:
    """Sign `decision` as its authority and keep the signed PDF.

    Validates: `by` signs for the decision's authority (its province's OCOP officers, ministry officers for the
    Minister's); the decision is not signed yet; the PIN is given when the key is a token. A `SigningError`
    (no key configured, an expired certificate, a wrong PIN) becomes a ValidationError with its message, and
    nothing is stored. Side effects, in one transaction: a SignedDecision with the file, its SHA-256, when and by
    whom; an audit entry on it and on each certificate it lists; the producers' users are told."""
    if not can_sign(by, decision):
        raise PermissionDenied
    if decision.signed is not None:
        raise ValidationError(_("Quyết định này đã được ký số; tải bản đã ký."))
    if pin_needed(decision) and not (pin or "").strip():
        raise ValidationError({"pin": [_("Nhập mã PIN của thiết bị ký số.")]})
    unsigned, box = decision_pdf.render_for_signing(decision)
    try:
        signed = sign_pdf(
            unsigned,
            kind=decision.kind,
            province=decision.province,
            number=decision.number,
            signer=by,
            pin=(pin or None),
            box=box,
        )
    except SigningError as error:
        raise ValidationError(str(error)) from error
    return _store(decision=decision, signed=signed, by=by)


def _store(*, decision: Decision, signed: bytes, by) -> SignedDecision:
    record = SignedDecision(
        key=decision.key,
        kind=decision.kind,
        authority=decision.authority,
        province=decision.province,
        number=decision.number,
        sha256=hashlib.sha256(signed).hexdigest(),
        size=len(signed),
        signed_at=timezone.now(),
        signed_by=by,
    )
    record.file.save(f"{record.sha256}.pdf", ContentFile(signed), save=False)
    try:
        with transaction.atomic():
            record.save()
            note = _("Ký số %(title)s") % {"title": decision.title}
            audit.record(
                actor=by,
                action=AuditEntry.Action.CREATE,
                obj=record,
                after=audit.snapshot(record, SIGNED_FIELDS),
                note=note,
            )
            for certificate in decision.certificates:
                audit.record(actor=by, action=AuditEntry.Action.UPDATE, obj=certificate, note=note)
            _tell_producers(decision)
    except IntegrityError as error:
        # Another official signed the same decision a moment earlier: theirs is the one kept.
        record.file.delete(save=False)
        raise ValidationError(_("Quyết định này đã được ký số; tải bản đã ký.")) from error
    except Exception:
        record.file.delete(save=False)
        raise
    decision._signed = record
    return record


def _tell_producers(decision: Decision) -> None:
    for certificate in decision.certificates:
        product = certificate.product
        notify(
            users=people.producer_users(product.producer_id),
            message=_("%(title)s (sản phẩm %(product)s) đã được ký số: tải bản đã ký tại trang giấy chứng nhận.")
            % {"title": decision.title, "product": product.name},
            url=certificate.get_absolute_url(),
        )
