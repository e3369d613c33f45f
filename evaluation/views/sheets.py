from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from core.forms import add_domain_errors
from core.pagination import paginate
from criteria.sheets import Layout, sheet_layout

from .. import domain
from ..forms import ScoreSheetForm
from ..layout import knockout_lines, sheet_rows, stop_rule_lines
from ..models import CouncilMembership, Evaluation, MemberSheet
from ..rules import can_score, is_scoring_member
from ._common import visible_evaluation


@login_required
def my_sheets(request):
    """The sessions the user scores in, with the state of their own sheet in each."""
    if request.user.role in (Role.PRODUCER, Role.COMMUNE_OFFICER):
        raise Http404
    evaluations = (
        Evaluation.objects.visible_to(request.user)
        .filter(
            round__memberships__user=request.user,
            round__memberships__role__in=[CouncilMembership.Role.CHAIR, CouncilMembership.Role.MEMBER],
        )
        .select_related("application__product__producer", "round")
        .prefetch_related(Prefetch("sheets", queryset=MemberSheet.objects.filter(member=request.user), to_attr="mine"))
        .order_by("-status", "round__evaluate_by", "id")
    )
    return render(request, "evaluation/my_sheets.html", {"page": paginate(request, evaluations)})


def _dossier_context(evaluation: Evaluation) -> dict:
    application = evaluation.application
    return {
        "application": application,
        "commune_review": application.commune_reviews.select_related("reviewer").first(),
        "evidence": list(application.evidence.select_related("document").order_by("criterion_code", "id")),
    }


def _flags(layout: Layout, *, knockouts, stops) -> dict:
    return {
        "knockout_boxes": [(index, text, index in knockouts) for index, text in enumerate(knockout_lines(layout))],
        "stop_boxes": [(code, label, code in stops) for code, label in stop_rule_lines(layout).items()],
    }


def _posted_choices(layout: Layout, data) -> dict:
    choices = {}
    for leaf in layout.leaves:
        raw = data.get(leaf.field_name, "")
        if raw.isdigit():
            choices[leaf.code] = int(raw)
    return choices


@login_required
def sheet(request, code: str):
    """The member's own sheet, with the dossier beside it: save a draft at any time, submit once complete."""
    evaluation = visible_evaluation(request, code)
    if not is_scoring_member(request.user, evaluation.round):
        raise Http404
    layout = sheet_layout(evaluation.criteria_set_id)
    row = MemberSheet.objects.filter(evaluation=evaluation, member=request.user).first()
    editable = can_score(request.user, evaluation) and not (row and row.submitted_at)
    if request.method == "POST":
        form = ScoreSheetForm(request.POST, layout=layout)
        if form.is_valid():
            submit = request.POST.get("action") == "submit"
            save = domain.submit_sheet if submit else domain.save_sheet
            try:
                save(evaluation=evaluation, member=request.user, **form.values())
            except ValidationError as error:
                add_domain_errors(form, error)
            else:
                if submit:
                    messages.success(request, _("Đã nộp phiếu chấm."))
                    return redirect(evaluation)
                messages.success(request, _("Đã lưu bản nháp."))
                return redirect("evaluation:sheet", code=evaluation.code)
        choices = _posted_choices(layout, request.POST)
        knockouts = {int(i) for i in request.POST.getlist("knockouts") if i.isdigit()}
        stops = set(request.POST.getlist("stops"))
    else:
        initial = {"comment": row.comment} if row else {}
        form = ScoreSheetForm(initial=initial, layout=layout)
        choices = dict(row.choices) if row else {}
        knockouts, stops = set(row.knockouts if row else ()), set(row.stops if row else ())
    dossier = _dossier_context(evaluation)
    return render(
        request,
        "evaluation/sheet.html",
        {
            "evaluation": evaluation,
            "form": form,
            "row": row,
            "owner": request.user,
            "editable": editable,
            "rows": sheet_rows(
                layout, choices=choices, application=evaluation.application, evidence=dossier["evidence"]
            ),
            "total": layout.total(choices),
            **_flags(layout, knockouts=knockouts, stops=stops),
            **dossier,
        },
    )


@login_required
@require_POST
def sheet_criterion(request, code: str):
    """Save one criterion (or the knock-out and stop boxes) of the member's draft, as the member ticks it;
    answers with the sheet's status line (HTMX)."""
    evaluation = visible_evaluation(request, code)
    if not is_scoring_member(request.user, evaluation.round):
        raise Http404
    if not request.htmx:
        return redirect("evaluation:sheet", code=evaluation.code)
    layout = sheet_layout(evaluation.criteria_set_id)
    criterion = request.POST.get("criterion", "")
    error = ""
    try:
        if criterion == "flags":
            row = domain.save_sheet(
                evaluation=evaluation,
                member=request.user,
                knockouts=[int(i) for i in request.POST.getlist("knockouts") if i.isdigit()],
                stops=request.POST.getlist("stops"),
            )
        else:
            leaf = layout.leaf(criterion)
            if leaf is None:
                return HttpResponseBadRequest()
            raw = request.POST.get(leaf.field_name, "")
            row = domain.save_sheet(
                evaluation=evaluation,
                member=request.user,
                choices={leaf.code: int(raw) if raw.isdigit() else None},
                merge=True,
            )
    except ValidationError as refusal:
        row = MemberSheet.objects.filter(evaluation=evaluation, member=request.user).first()
        error = " ".join(refusal.messages)
    return render(
        request,
        "evaluation/sheet.html#status",
        {"row": row, "total": layout.total(row.choices if row else {}), "error": error, "layout": layout},
    )


@login_required
def sheet_view(request, code: str, sheet_id: int):
    """Another member's submitted sheet (read only), for those allowed to see it: a member who has submitted
    their own, or the organisers once the session is closed."""
    evaluation = visible_evaluation(request, code)
    own_submitted = MemberSheet.objects.filter(evaluation=evaluation, member=request.user, submitted_at__isnull=False)
    if is_scoring_member(request.user, evaluation.round) and not own_submitted.exists():
        # Said twice on purpose (the query below says it too): no peeking before one's own sheet is in.
        raise Http404
    row = get_object_or_404(
        MemberSheet.objects.visible_to(request.user).filter(evaluation=evaluation).select_related("member"),
        pk=sheet_id,
    )
    if row.member_id == request.user.pk:
        return redirect("evaluation:sheet", code=evaluation.code)
    layout = sheet_layout(evaluation.criteria_set_id)
    dossier = _dossier_context(evaluation)
    return render(
        request,
        "evaluation/sheet.html",
        {
            "evaluation": evaluation,
            "row": row,
            "owner": row.member,
            "editable": False,
            "rows": sheet_rows(
                layout, choices=row.choices, application=evaluation.application, evidence=dossier["evidence"]
            ),
            "total": layout.total(row.choices),
            **_flags(layout, knockouts=set(row.knockouts), stops=set(row.stops)),
            **dossier,
        },
    )
