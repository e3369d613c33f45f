"""Recognition (QĐ 26/2026 Điều 4, 7.3.d, 7.4): the competent authority's decision on a council's result,
which issues the certificate (written by `certificates.domain.issue_certificate`)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import people
from certificates.decisions import SIGNED_NUMBER, is_signed
from certificates.domain import issue_certificate, supersede
from certificates.models import Certificate, Recognition, SignedDecision
from certificates.rules import can_record_recognition
from dossiers.domain.transitions import move
from dossiers.models import Application, ApplicationKind, ApplicationStatus

from ..models import Evaluation

STARS_BY_AUTHORITY = {Recognition.Authority.PROVINCE: (3, 4), Recognition.Authority.MINISTRY: (5,)}


def _check(
    *,
    application: Application,
    evaluation: Evaluation,
    authority: str,
    decision_number: str,
    decision_date: datetime.date | None,
    signer: str,
    stars: int,
) -> None:
    errors: dict[str, list[str]] = {}
    allowed = STARS_BY_AUTHORITY.get(authority)
    if allowed is None:
        errors.setdefault("authority", []).append(_("Cấp công nhận không hợp lệ."))
    elif stars not in allowed:
        errors.setdefault("stars", []).append(
            _("Chủ tịch UBND tỉnh công nhận 3 hoặc 4 sao.")
            if authority == Recognition.Authority.PROVINCE
            else _("Bộ trưởng công nhận hạng 5 sao.")
        )
    if evaluation.application_id != application.pk:
        errors.setdefault("evaluation", []).append(_("Phiên đánh giá không thuộc hồ sơ này."))
    elif evaluation.status != Evaluation.Status.CLOSED:
        errors.setdefault("evaluation", []).append(_("Hội đồng chưa kết thúc phiên đánh giá."))
    elif evaluation.stars != stars:
        errors.setdefault("stars", []).append(
            _("Hạng sao công nhận phải đúng kết quả của hội đồng (%(stars)s sao).") % {"stars": evaluation.stars}
        )
    if not (decision_number or "").strip():
        errors.setdefault("decision_number", []).append(_("Nhập số quyết định."))
    elif is_signed(
        kind=SignedDecision.Kind.RECOGNITION,
        province=None if authority == Recognition.Authority.MINISTRY else application.product.producer.current_province,
        number=decision_number,
    ):
        errors.setdefault("decision_number", []).append(SIGNED_NUMBER % {"number": decision_number.strip()})
    if not (signer or "").strip():
        errors.setdefault("signer", []).append(_("Nhập người ký quyết định."))
    if decision_date is None:
        errors.setdefault("decision_date", []).append(_("Nhập ngày quyết định."))
    elif decision_date > timezone.localdate():
        errors.setdefault("decision_date", []).append(_("Ngày quyết định không được ở tương lai."))
    elif evaluation.closed_at and decision_date < timezone.localdate(evaluation.closed_at):
        errors.setdefault("decision_date", []).append(
            _("Ngày quyết định không được trước ngày hội đồng kết thúc đánh giá.")
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def recognise(
    *,
    application: Application,
    evaluation: Evaluation,
    authority: str,
    decision_number: str,
    decision_date: datetime.date,
    signer: str,
    stars: int,
    by,
) -> Certificate:
    """Record the decision recognising `application`'s result and issue its certificate.

    Validates: `by` records decisions of `authority` for the product's province; stars 3/4 for the province,
    5 for the ministry, equal to the closed `evaluation`'s result; decision number, date (not in the future,
    not before the evaluation closed) and signer. Side effects, in one transaction: a Recognition and a
    Certificate (issued on the decision date, valid 36 months, under the application's legal version, in
    the product's current province, with the producer's area as it is now); for an upgrade or a
    re-evaluation the product's previous current certificate is superseded by the new one; the application
    moves to RECOGNISED (via `dossiers.domain.transitions.move`), notifying the producer's users and the
    officers of the dossier's commune; audit entries on the certificate (and on the superseded one)."""
    product = application.product
    producer = product.producer
    if not can_record_recognition(by, authority=authority, province_id=application.province_id):
        raise PermissionDenied
    _check(
        application=application,
        evaluation=evaluation,
        authority=authority,
        decision_number=decision_number,
        decision_date=decision_date,
        signer=signer,
        stars=stars,
    )
    decision_number, signer = decision_number.strip(), signer.strip()
    recognition = Recognition.objects.create(
        application=application,
        evaluation=evaluation,
        authority=authority,
        decision_number=decision_number,
        decision_date=decision_date,
        signer=signer,
        stars=stars,
        legal_version=application.legal_version,
        recorded_by=by,
    )
    certificate = issue_certificate(
        product=product,
        application=application,
        recognition=recognition,
        stars=stars,
        legal_version=application.legal_version,
        province=producer.current_province,
        area_at_issue=producer.area,
        decision_number=decision_number,
        decision_date=decision_date,
        issued_on=decision_date,
        by=by,
        note=_("Cấp theo quyết định công nhận %(number)s") % {"number": decision_number},
    )
    if application.kind in (ApplicationKind.UPGRADE, ApplicationKind.REEVALUATION):
        supersede(new=certificate, previous=application.previous_certificate, by=by)
    move(
        application,
        to=ApplicationStatus.RECOGNISED,
        by=by,
        note=_("Quyết định %(number)s ngày %(date)s")
        % {"number": decision_number, "date": f"{decision_date:%d/%m/%Y}"},
        notify_users=people.producer_and_commune(dossier=application),
        message=_("Sản phẩm %(product)s được công nhận %(stars)s sao OCOP, giấy chứng nhận số %(number)s.")
        % {"product": product.name, "stars": stars, "number": certificate.number},
    )
    return certificate
