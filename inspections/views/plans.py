"""Inspection plans: a province's periodic inspections for a year."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from audit.domain import history
from core.forms import add_domain_errors

from .. import domain, rules
from ..forms import PlanForm
from .access import visible_plan


@login_required
def plan_create(request):
    if not rules.can_plan_in(request.user, request.user.area_id):
        raise Http404
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = domain.create_plan(by=request.user, province=request.user.area, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã lập kế hoạch kiểm tra."))
            return redirect(plan)
    return render(request, "inspections/plan_form.html", {"form": form})


@login_required
def plan_detail(request, code: str):
    plan = visible_plan(request, code)
    inspections = plan.inspections.select_related("province").prefetch_related("producers")
    return render(
        request,
        "inspections/plan_detail.html",
        {
            "plan": plan,
            "inspections": inspections,
            "can_act": rules.can_act(request.user, plan),
            "history": history(plan) if rules.can_act(request.user, plan) else None,
        },
    )
