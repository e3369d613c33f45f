"""What a closed session's result leads to (QĐ 26/2026 Điều 4.1, 7.3.d–e, 7.4; spec §5.3 steps 7, 7b, 10, 10b):

- provincial result of 90 points or more (step 7b) → the Chairman approves the result and the dossier is
  proposed to the ministry for 5★ (no recognition yet), whether or not the 5★ minimums are met: the central
  council decides; the decision page shows the minimums that are missed;
- provincial result 3★/4★ below 90 → the provincial Chairman's recognition (a certificate);
- 1★/2★ or not rankable → not recognised (no decision, no certificate), with the reason;
- central result 5★ → the Minister's recognition; otherwise the dossier is returned to the province (step
  10b), which recognises 3★/4★ on the central council's result (Điều 7.4: "căn cứ kết quả đánh giá của Hội
  đồng cấp trung ương"), sends it back to a provincial round to be evaluated again, or does not recognise it
  (with its reasons).

Recognitions are recorded by `recognition.recognise`; the other decisions are `ResultDecision`s."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts import people
from accounts.models import User
from audit import domain as audit
from certificates.domain import end_extension
from core.formatting import points
from dossiers.domain.transitions import move
from dossiers.models import Application, ApplicationStatus
from notifications.domain import notify

from ..models import Evaluation, Level, ResultDecision
from ..rules import can_organise
from .recognition import recognise

PROVINCE_STARS = (3, 4)
CENTRAL_STARS = 5
FIVE_STAR_BAND = 5  # the band of 90 points or more

RECOGNISE_PROVINCE = "recognise_province"
PROPOSE_5 = "propose_5"
NOT_RECOGNISED = "not_recognised"
RECOGNISE_MINISTRY = "recognise_ministry"
RETURN = "return"
REEVALUATE = "reevaluate"
OUTCOME_LABELS = {
    RECOGNISE_PROVINCE: _lazy("Chủ tịch UBND tỉnh công nhận, cấp giấy chứng nhận"),
    PROPOSE_5: _lazy("Chủ tịch UBND tỉnh phê duyệt kết quả, đề xuất Bộ đánh giá 5 sao"),
    NOT_RECOGNISED: _lazy("Không công nhận (không có quyết định, không cấp giấy chứng nhận)"),
    RECOGNISE_MINISTRY: _lazy("Bộ trưởng công nhận 5 sao, cấp giấy chứng nhận"),
    RETURN: _lazy("Trả về tỉnh để công nhận 3, 4 sao theo kết quả của hội đồng trung ương"),
    REEVALUATE: _lazy("Đánh giá lại: đưa hồ sơ vào đợt đánh giá cấp tỉnh"),
}


def outcome_of(evaluation: Evaluation, application: Application) -> str:
    """What the result itself leads to, at the dossier's current step."""
    stars = evaluation.stars if evaluation.rankable else None
    if evaluation.level == Level.CENTRAL and application.status == ApplicationStatus.CENTRAL_SCORED:
        return RECOGNISE_MINISTRY if stars == CENTRAL_STARS else RETURN
    if evaluation.level == Level.PROVINCE and evaluation.rankable and evaluation.band == FIVE_STAR_BAND:
        return PROPOSE_5
    if stars in PROVINCE_STARS:
        return RECOGNISE_PROVINCE
    return NOT_RECOGNISED


def outcomes_for(evaluation: Evaluation, application: Application) -> list[str]:
    """The decisions that may be recorded on the result at the dossier's current step, the result's own first.
    Only a central result returned to the province leaves a choice (step 10b)."""
    own = outcome_of(evaluation, application)
    if evaluation.level == Level.CENTRAL and application.status == ApplicationStatus.RETURNED_TO_PROVINCE:
        return list(dict.fromkeys([own, REEVALUATE, NOT_RECOGNISED]))
    return [own]


def chosen_outcome(evaluation: Evaluation, application: Application, outcome: str | None) -> str:
    """The decision to record: `outcome`, or the result's own when none is given; refused if the result does not
    allow it at the dossier's current step."""
    allowed = outcomes_for(evaluation, application)
    outcome = outcome or allowed[0]
    if outcome not in allowed:
        raise ValidationError(
            {
                "outcome": [
                    _("Quyết định này không áp dụng cho kết quả hiện tại; chọn một trong: %(allowed)s.")
                    % {"allowed": "; ".join(str(OUTCOME_LABELS[o]) for o in allowed)}
                ]
            }
        )
    return outcome


def missed_minimums(evaluation: Evaluation) -> list[dict]:
    """The star minimums the council's means miss, as the scoring engine stored them, highest star first."""
    return sorted(evaluation.failed_minimums, key=lambda item: (-item["star"], item["criterion"]))


def _check_decision(
    *, evaluation: Evaluation, decision_number: str, decision_date, signer: str, number_required: bool
) -> None:
    errors: dict[str, list[str]] = {}
    if number_required and not (decision_number or "").strip():
        errors["decision_number"] = [_("Nhập số quyết định.")]
    if number_required and not (signer or "").strip():
        errors["signer"] = [_("Nhập người ký quyết định.")]
    if decision_date is None:
        errors["decision_date"] = [_("Nhập ngày quyết định.")]
    elif decision_date > timezone.localdate():
        errors["decision_date"] = [_("Ngày quyết định không được ở tương lai.")]
    elif evaluation.closed_at and decision_date < timezone.localdate(evaluation.closed_at):
        errors["decision_date"] = [_("Ngày quyết định không được trước ngày hội đồng kết thúc đánh giá.")]
    if errors:
        raise ValidationError(errors)


def _record(
    *, evaluation: Evaluation, kind: str, by: User, decision_number: str, decision_date, signer: str, reason: str
) -> ResultDecision:
    decision = ResultDecision.objects.create(
        evaluation=evaluation,
        kind=kind,
        decision_number=(decision_number or "").strip(),
        decision_date=decision_date,
        signer=(signer or "").strip(),
        reason=reason.strip(),
        recorded_by=by,
    )
    audit.record(
        actor=by,
        action="create",
        obj=evaluation,
        after=audit.snapshot(decision, ["kind", "decision_number", "decision_date", "signer", "reason"]),
        note=str(decision.get_kind_display()),
    )
    return decision


def _decision_note(number: str, date: datetime.date | None) -> str:
    if number and date:
        return _("Quyết định %(number)s ngày %(date)s") % {"number": number.strip(), "date": f"{date:%d/%m/%Y}"}
    return f"{date:%d/%m/%Y}" if date else ""


def _not_recognised_reason(evaluation: Evaluation, extra: str) -> str:
    if evaluation.rankable and evaluation.stars in PROVINCE_STARS:
        # Only a returned central result gets here (step 10b): the province chose not to recognise it.
        base = _("UBND tỉnh không công nhận kết quả %(stars)d sao (điểm trung bình %(mean)s).") % {
            "stars": evaluation.stars,
            "mean": f"{evaluation.mean_total:.2f}",
        }
    elif not evaluation.rankable:
        base = _("Không đạt: %(reason)s") % {"reason": evaluation.reason}
    else:
        base = _("Kết quả %(stars)d sao (điểm trung bình %(mean)s): sản phẩm dưới 3 sao không được công nhận.") % {
            "stars": evaluation.stars,
            "mean": points(evaluation.mean_total),
        }
    return f"{base} {extra.strip()}".strip()


@transaction.atomic
def decide_provincial_result(
    *,
    evaluation: Evaluation,
    by: User,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    signer: str = "",
    reason: str = "",
    outcome: str | None = None,
):
    """Record the province's decision on a closed result: the provincial council's (dossier SCORED), or the
    central council's after the ministry returned the dossier (RETURNED_TO_PROVINCE). `outcome` is one of
    `outcomes_for` (default: the result's own); only a returned result offers a choice: recognise 3★/4★,
    re-evaluate, or not recognise — the last with the province's reasons when the result was 3★/4★.
    Returns the Certificate (3★/4★ recognised through `recognition.recognise`) or the ResultDecision
    (proposed for 5★, with the Chairman's approval number, date and signer; sent back for re-evaluation; or
    not recognised, with the reason).
    Side effects: the dossier's move (PROPOSED_5 / RECEIVED / NOT_RECOGNISED here, RECOGNISED in `recognise`);
    audit entries; the producer and the commune are told the result, the ministry a 5★ proposal."""
    application = Application.objects.select_for_update().select_related("product").get(pk=evaluation.application_id)
    evaluation = Evaluation.objects.select_related("round").get(pk=evaluation.pk)
    if not can_organise(by, level=Level.PROVINCE, province_id=application.province_id):
        raise PermissionDenied
    own_result = evaluation.level == Level.PROVINCE and application.status == ApplicationStatus.SCORED
    returned = evaluation.level == Level.CENTRAL and application.status == ApplicationStatus.RETURNED_TO_PROVINCE
    if evaluation.status != Evaluation.Status.CLOSED or not (own_result or returned):
        raise ValidationError(_("Hồ sơ không ở bước chờ tỉnh quyết định về kết quả này."))
    outcome = chosen_outcome(evaluation, application, outcome)
    if outcome == RECOGNISE_PROVINCE:
        return recognise(
            application=application,
            evaluation=evaluation,
            authority="province",
            decision_number=decision_number,
            decision_date=decision_date,
            signer=signer,
            stars=evaluation.stars,
            by=by,
        )
    product = application.product.name
    if outcome == PROPOSE_5:
        _check_decision(
            evaluation=evaluation,
            decision_number=decision_number,
            decision_date=decision_date,
            signer=signer,
            number_required=True,
        )
        decision = _record(
            evaluation=evaluation,
            kind=ResultDecision.Kind.PROPOSED_5,
            by=by,
            decision_number=decision_number,
            decision_date=decision_date,
            signer=signer,
            reason=reason,
        )
        move(
            application,
            to=ApplicationStatus.PROPOSED_5,
            by=by,
            note=_("Phê duyệt kết quả, đề xuất 5 sao: %(decision)s")
            % {"decision": _decision_note(decision_number, decision_date)},
        )
        message = _(
            "Sản phẩm %(product)s đạt %(mean)s điểm: UBND tỉnh phê duyệt kết quả, đề xuất Bộ đánh giá 5 sao."
        ) % {
            "product": product,
            "mean": points(evaluation.mean_total),
        }
        notify(
            users=people.producer_and_commune(dossier=application), message=message, url=application.get_absolute_url()
        )
        notify(users=people.ministry_officers(), message=message, url=evaluation.get_absolute_url())
        return decision
    if outcome == REEVALUATE:
        return _send_back_for_reevaluation(
            evaluation=evaluation,
            application=application,
            by=by,
            decision_number=decision_number,
            decision_date=decision_date,
            signer=signer,
            reason=reason,
        )
    if returned and evaluation.rankable and evaluation.stars in PROVINCE_STARS and not (reason or "").strip():
        raise ValidationError({"reason": [_("Ghi lý do không công nhận kết quả của hội đồng trung ương.")]})
    _check_decision(
        evaluation=evaluation,
        decision_number=decision_number,
        decision_date=decision_date,
        signer=signer,
        number_required=False,
    )
    decision = _record(
        evaluation=evaluation,
        kind=ResultDecision.Kind.NOT_RECOGNISED,
        by=by,
        decision_number=decision_number,
        decision_date=decision_date,
        signer=signer,
        reason=_not_recognised_reason(evaluation, reason),
    )
    move(application, to=ApplicationStatus.NOT_RECOGNISED, by=by, note=decision.reason)
    previous = application.previous_certificate
    if previous is not None and previous.extended_until:
        # A late filer's certificate held only until this decision.
        end_extension(certificate=previous, decided_on=decision_date or timezone.localdate(), by=by)
    notify(
        users=people.producer_and_commune(dossier=application),
        message=_("Sản phẩm %(product)s không được công nhận OCOP. %(reason)s")
        % {"product": product, "reason": decision.reason},
        url=application.get_absolute_url(),
    )
    return decision


def _send_back_for_reevaluation(
    *, evaluation: Evaluation, application: Application, by: User, decision_number, decision_date, signer, reason
) -> ResultDecision:
    """Step 10b's third way: the central result stays as it is and the dossier goes back to RECEIVED, for the
    province's officers to put it into one of its rounds again."""
    _check_decision(
        evaluation=evaluation,
        decision_number=decision_number,
        decision_date=decision_date,
        signer=signer,
        number_required=False,
    )
    decision = _record(
        evaluation=evaluation,
        kind=ResultDecision.Kind.REEVALUATE,
        by=by,
        decision_number=decision_number,
        decision_date=decision_date,
        signer=signer,
        reason=reason,
    )
    move(
        application,
        to=ApplicationStatus.RECEIVED,
        by=by,
        note=_("Đánh giá lại ở cấp tỉnh sau kết quả của hội đồng trung ương. %(reason)s") % {"reason": decision.reason},
        notify_users=people.producer_and_commune(dossier=application),
        message=_(
            "Sản phẩm %(product)s chưa đạt 5 sao ở cấp trung ương: UBND tỉnh quyết định đánh giá lại ở cấp tỉnh. "
            "%(reason)s"
        )
        % {"product": application.product.name, "reason": decision.reason},
    )
    return decision


@transaction.atomic
def decide_central_result(
    *,
    evaluation: Evaluation,
    by: User,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    signer: str = "",
    reason: str = "",
):
    """Record the ministry's decision on a closed central result (dossier CENTRAL_SCORED): 5★ is recognised
    by the Minister through `recognition.recognise` (returns the Certificate); any other result
    returns the dossier to the province (returns the ResultDecision), which then decides with
    `decide_provincial_result` on this central result. Side effects: the dossier's move; audit entries; the
    province's officers, the producer and the commune are told."""
    application = Application.objects.select_for_update().select_related("product").get(pk=evaluation.application_id)
    evaluation = Evaluation.objects.select_related("round").get(pk=evaluation.pk)
    if not can_organise(by, level=Level.CENTRAL, province_id=None):
        raise PermissionDenied
    if (
        evaluation.level != Level.CENTRAL
        or evaluation.status != Evaluation.Status.CLOSED
        or application.status != ApplicationStatus.CENTRAL_SCORED
    ):
        raise ValidationError(_("Hồ sơ không ở bước chờ Bộ quyết định về kết quả này."))
    if outcome_of(evaluation, application) == RECOGNISE_MINISTRY:
        return recognise(
            application=application,
            evaluation=evaluation,
            authority="ministry",
            decision_number=decision_number,
            decision_date=decision_date,
            signer=signer,
            stars=CENTRAL_STARS,
            by=by,
        )
    _check_decision(
        evaluation=evaluation,
        decision_number=decision_number,
        decision_date=decision_date,
        signer=signer,
        number_required=False,
    )
    summary = _("Hội đồng trung ương: %(mean)s điểm, %(stars)s.") % {
        "mean": points(evaluation.mean_total),
        "stars": _("%(stars)d sao") % {"stars": evaluation.stars} if evaluation.rankable else _("không đạt"),
    }
    decision = _record(
        evaluation=evaluation,
        kind=ResultDecision.Kind.RETURNED,
        by=by,
        decision_number=decision_number,
        decision_date=decision_date,
        signer=signer,
        reason=f"{summary} {reason.strip()}".strip(),
    )
    move(application, to=ApplicationStatus.RETURNED_TO_PROVINCE, by=by, note=decision.reason)
    message = _("Sản phẩm %(product)s chưa đạt 5 sao ở cấp trung ương, trả về tỉnh công nhận. %(reason)s") % {
        "product": application.product.name,
        "reason": decision.reason,
    }
    notify(
        users=people.province_officers(application.province_id),
        message=message,
        url=evaluation.get_absolute_url(),
    )
    notify(users=people.producer_and_commune(dossier=application), message=message, url=application.get_absolute_url())
    return decision
