from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.domain import history
from certificates.models import Certificate
from core.forms import add_domain_errors
from criteria.sheets import sheet_layout

from .. import domain
from ..domain import decisions
from ..domain._common import regulation_for
from ..forms import DecisionForm, InspectionFlagForm, MeetingForm, ReopenForm, SiteVisitForm
from ..models import Evaluation, MemberSheet, Round
from ..rules import can_decide, can_manage_round, can_record_site_visit, is_chair, is_scoring_member, membership_of
from ._common import visible_evaluation


def _result_rows(evaluation: Evaluation) -> list[dict]:
    """Each leaf of the sheet with the council's mean on it and the star minimum it failed, if any."""
    failed = {}
    for item in evaluation.failed_minimums:
        failed.setdefault(item["criterion"], []).append(item)
    rows = []
    for line in sheet_layout(evaluation.criteria_set_id).lines:
        mean = evaluation.criterion_means.get(line.code) if line.is_leaf else None
        rows.append(
            {"line": line, "mean": Decimal(mean) if mean is not None else None, "failed": failed.get(line.code, [])}
        )
    return rows


def _opinion_gap(sheets) -> Decimal | None:
    """The gap between the totals of the written opinions submitted so far (None with fewer than two)."""
    totals = [sheet.total for sheet in sheets if sheet.submitted_at and sheet.total is not None]
    return max(totals) - min(totals) if len(totals) > 1 else None


@login_required
def evaluation_detail(request, code: str):
    evaluation = visible_evaluation(request, code)
    round_ = evaluation.round
    user = request.user
    memberships = [m for m in round_.memberships.all() if m.scores]
    sheets = {s.member_id: s for s in evaluation.sheets.all()}
    seats = [{"membership": m, "sheet": sheets.get(m.user_id)} for m in memberships]
    submitted = sum(1 for s in sheets.values() if s.submitted_at and s.member_id in {m.user_id for m in memberships})
    regulation = regulation_for(round_)
    closed = evaluation.status == Evaluation.Status.CLOSED
    member_names = {m.user.get_username(): m.user for m in round_.memberships.all()}
    member_totals = [
        {"member": member_names.get(name, name), "total": Decimal(total)}
        for name, total in evaluation.member_totals.items()
    ]
    application = evaluation.application
    context = {
        "evaluation": evaluation,
        "round": round_,
        "round_visible": Round.objects.visible_to(user).filter(pk=round_.pk).exists(),
        "application": application,
        "seats": seats,
        "submitted": submitted,
        "regulation": regulation,
        "readable_sheets": MemberSheet.objects.visible_to(user)
        .filter(evaluation=evaluation, submitted_at__isnull=False)
        .exclude(member=user)
        .select_related("member"),
        "own_sheet": sheets.get(user.pk),
        "is_member": is_scoring_member(user, round_),
        "is_chair": is_chair(user, round_),
        "membership": membership_of(user, round_),
        "can_manage": can_manage_round(user, round_),
        "can_decide": closed and can_decide(user, evaluation),
        "site_visits": evaluation.site_visits.select_related("recorded_by"),
        "site_visit_form": SiteVisitForm(initial={"date": timezone.localdate()})
        if can_record_site_visit(user, evaluation)
        else None,
        "decisions": evaluation.decisions.select_related("recorded_by"),
        "certificate": Certificate.objects.filter(recognition__evaluation=evaluation).first() if closed else None,
        "result_rows": _result_rows(evaluation) if closed else [],
        "member_totals": member_totals,
        "gap": (max(t["total"] for t in member_totals) - min(t["total"] for t in member_totals))
        if member_totals
        else None,
        "reopen_form": ReopenForm() if closed and evaluation.divergence_flag and is_chair(user, round_) else None,
        "meeting_form": MeetingForm() if evaluation.in_written_mode and not closed and is_chair(user, round_) else None,
        "inspection_form": InspectionFlagForm(
            initial={"ground": evaluation.inspection_ground, "reason": evaluation.inspection_reason}
        )
        if evaluation.by_written_opinion and not closed and can_manage_round(user, round_)
        else None,
        "opinion_gap": _opinion_gap(sheets.values()) if evaluation.in_written_mode else None,
        "history": history(evaluation)[:50] if user.is_officer else None,
    }
    return render(request, "evaluation/evaluation_detail.html", context)


@login_required
@require_POST
def site_visit_add(request, code: str):
    evaluation = visible_evaluation(request, code)
    form = SiteVisitForm(request.POST)
    if form.is_valid():
        try:
            visit = domain.record_site_visit(evaluation=evaluation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã ghi nhận: %(kind)s.") % {"kind": visit.get_kind_display()})
    else:
        messages.error(
            request,
            "; ".join(f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items() if f in form.fields),
        )
    return redirect(evaluation)


@login_required
@require_POST
def close(request, code: str):
    evaluation = visible_evaluation(request, code)
    try:
        evaluation = domain.close_evaluation(evaluation=evaluation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if evaluation.status == Evaluation.Status.OPEN:  # diverging written opinions: a meeting was called
            messages.warning(
                request,
                _("Chưa kết luận: %(reason)s Hội đồng được triệu tập họp trực tiếp.")
                % {"reason": evaluation.meeting_reason},
            )
            return redirect(evaluation)
        messages.success(request, _("Đã kết thúc phiên đánh giá."))
        if evaluation.divergence_flag:
            messages.warning(
                request,
                _("Tổng điểm của các thành viên chênh lệch quá %(gap)s điểm: hội đồng nên thảo luận và chấm lại.")
                % {"gap": regulation_for(evaluation.round).max_gap},
            )
    return redirect(evaluation)


@login_required
@require_POST
def reopen(request, code: str):
    evaluation = visible_evaluation(request, code)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ghi lý do mở lại phiếu chấm."))
        return redirect(evaluation)
    try:
        domain.reopen_evaluation(evaluation=evaluation, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã mở lại phiếu chấm để các thành viên chấm lại."))
    return redirect(evaluation)


def _outcome_label(outcome: str, evaluation: Evaluation) -> str:
    label = str(decisions.OUTCOME_LABELS[outcome])
    if outcome in (decisions.RECOGNISE_PROVINCE, decisions.RECOGNISE_MINISTRY):
        return _("%(label)s: %(stars)d sao") % {"label": label, "stars": evaluation.stars}
    return label


@login_required
@require_POST
def call_meeting(request, code: str):
    evaluation = visible_evaluation(request, code)
    form = MeetingForm(request.POST)
    form.is_valid()
    try:
        domain.call_meeting(evaluation=evaluation, by=request.user, reason=form.cleaned_data.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã triệu tập hội đồng họp trực tiếp; các thành viên đã được thông báo."))
    return redirect(evaluation)


@login_required
@require_POST
def flag_inspection(request, code: str):
    evaluation = visible_evaluation(request, code)
    form = InspectionFlagForm(request.POST)
    form.is_valid()
    try:
        domain.flag_site_inspection(
            evaluation=evaluation,
            by=request.user,
            ground=form.cleaned_data.get("ground", ""),
            reason=form.cleaned_data.get("reason", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã đánh dấu hồ sơ cần kiểm tra thực tế tại cơ sở."))
    return redirect(evaluation)


@login_required
def decide(request, code: str):
    evaluation = visible_evaluation(request, code)
    if evaluation.status != Evaluation.Status.CLOSED or not can_decide(request.user, evaluation):
        raise PermissionDenied
    application = evaluation.application
    outcomes = decisions.outcomes_for(evaluation, application)
    central = outcomes[0] in (decisions.RECOGNISE_MINISTRY, decisions.RETURN)
    form = DecisionForm(
        request.POST or None,
        initial={"decision_date": timezone.localdate()},
        outcomes=[(outcome, _outcome_label(outcome, evaluation)) for outcome in outcomes],
    )
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        outcome = fields.pop("outcome") or outcomes[0]
        try:
            if central:
                domain.decide_central_result(evaluation=evaluation, by=request.user, **fields)
            else:
                domain.decide_provincial_result(evaluation=evaluation, by=request.user, outcome=outcome, **fields)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(
                request, _("Đã ghi nhận quyết định: %(outcome)s.") % {"outcome": decisions.OUTCOME_LABELS[outcome]}
            )
            return redirect(evaluation)
    return render(
        request,
        "evaluation/decide.html",
        {
            "evaluation": evaluation,
            "application": application,
            "outcomes": outcomes,
            "outcome_label": decisions.OUTCOME_LABELS[outcomes[0]],
            "proposing": outcomes[0] == decisions.PROPOSE_5,
            "missed_minimums": decisions.missed_minimums(evaluation),
            "form": form,
        },
    )


@login_required
@require_POST
def remove(request, code: str):
    evaluation = visible_evaluation(request, code)
    round_ = evaluation.round
    try:
        domain.remove_from_round(evaluation=evaluation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(evaluation)
    messages.success(request, _("Đã rút hồ sơ khỏi đợt đánh giá."))
    return redirect(round_)
