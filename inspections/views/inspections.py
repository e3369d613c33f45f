"""Inspections: the list, opening one, its page, its transitions and its outcomes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.domain import history
from certificates.rules import can_withdraw
from core.forms import add_domain_errors
from core.pagination import count_of, paginate

from .. import domain, rules
from ..domain.outcomes import withdrawal_form_url
from ..forms import InspectionForm, OutcomeForm, TransitionForm
from ..models import Inspection, InspectionPlan, Outcome, OutcomeKind, Status
from .access import inspectors_only, visible_inspection


@login_required
def inspection_list(request):
    inspectors_only(request)
    status = request.GET.get("status", "")
    inspections = (
        Inspection.objects.visible_to(request.user)
        .select_related("province", "plan")
        .prefetch_related("producers")
        .annotate(product_count=count_of(Inspection.products.through.objects.all(), "inspection"))
        .order_by("-starts_on", "-id")
    )
    if status in Status.values:
        inspections = inspections.filter(status=status)
    today = timezone.localdate()
    remediations = Outcome.objects.visible_to(request.user).open_remediations()
    return render(
        request,
        "inspections/list.html",
        {
            "page": paginate(request, inspections),
            "status": status,
            "statuses": Status.choices,
            "plans": InspectionPlan.objects.visible_to(request.user).select_related("province")[:20],
            "open_remediations": remediations.count(),
            "overdue": remediations.filter(deadline__lt=today).count(),
            "can_create": rules.can_plan_in(request.user, request.user.area_id),
        },
    )


@login_required
def inspection_create(request):
    if not rules.can_plan_in(request.user, request.user.area_id):
        raise Http404
    initial = {"kind": request.GET.get("kind") or "ad_hoc"}
    plan_code = request.GET.get("plan")
    if plan_code:
        initial.update(kind="periodic", plan=plan_code)
    form = InspectionForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            inspection = domain.open_inspection(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã lập đợt kiểm tra."))
            return redirect(inspection)
    return render(request, "inspections/inspection_form.html", {"form": form})


@login_required
def inspection_detail(request, code: str):
    inspection = visible_inspection(request, code)
    user = request.user
    acts = rules.can_act(user, inspection)
    outcomes = list(inspection.outcomes.select_related("product", "producer", "certificate__withdrawal", "closed_by"))
    for outcome in outcomes:
        outcome.withdraw_url = (
            withdrawal_form_url(outcome)
            if outcome.kind == OutcomeKind.WITHDRAWAL
            and not outcome.certificate.withdrawn_on
            and can_withdraw(user, outcome.certificate)
            else ""
        )
    outcome_form = OutcomeForm(inspection=inspection, initial={"concluded_on": timezone.localdate()})
    return render(
        request,
        "inspections/inspection_detail.html",
        {
            "inspection": inspection,
            "products": inspection.products.select_related("producer"),
            "team": inspection.team.all(),
            "visits": inspection.visits.select_related("product", "follows").annotate(findings_count=Count("findings")),
            "outcomes": outcomes,
            "today": timezone.localdate(),
            "can_act": acts,
            "outcome_form": outcome_form if acts and outcome_form.fields["product"].queryset.exists() else None,
            "transition_form": TransitionForm(initial={"concluded_on": timezone.localdate()}) if acts else None,
            "history": history(inspection) if acts else None,
        },
    )


@login_required
@require_POST
def inspection_transition(request, code: str):
    inspection = visible_inspection(request, code)
    if not rules.can_act(request.user, inspection):
        raise PermissionDenied
    form = TransitionForm(request.POST)
    to = request.POST.get("to", "")
    if form.is_valid():
        try:
            domain.transition(inspection=inspection, to=to, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã cập nhật trạng thái đợt kiểm tra."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(inspection)


@login_required
def outcome_create(request, code: str):
    inspection = visible_inspection(request, code)
    if not rules.can_act(request.user, inspection):
        raise PermissionDenied
    form = OutcomeForm(request.POST or None, inspection=inspection, initial={"concluded_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            domain.record_outcome(inspection=inspection, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã ghi kết luận kiểm tra."))
            return redirect(inspection)
    return render(request, "inspections/outcome_form.html", {"inspection": inspection, "form": form})
