"""Plans of an area and year, and their split over the province's communes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scope
from areas.forms import communes_of
from areas.models import Area
from audit.domain import history
from core.forms import add_domain_errors
from core.pagination import paginate

from .. import domain, rules
from ..forms import (
    PlanFilterForm,
    PlanForm,
    SharesForm,
    SplitChoiceForm,
)
from ..models import Indicator, Plan
from .access import _officer_only


@login_required
def plan_list(request):
    _officer_only(request)
    filters = PlanFilterForm(request.GET or {"year": timezone.localdate().year})
    plans = Plan.objects.visible_to(request.user).select_related("area__parent")
    year = timezone.localdate().year
    if filters.is_valid():
        year = filters.cleaned_data["year"] or year
        if filters.cleaned_data["indicator"]:
            plans = plans.filter(indicator=filters.cleaned_data["indicator"])
    plans = plans.filter(year=year).order_by("area__level", "area__era", "area__name", "indicator")
    return render(
        request,
        "programme/plans.html",
        {
            "page": paginate(request, plans, per_page=100),
            "filters": filters,
            "year": year,
            "can_plan": rules.can_plan(request.user),
        },
    )


def _visible_plan(request, code: str) -> Plan:
    return get_object_or_404(Plan.objects.visible_to(request.user).select_related("area"), code=code)


@login_required
def plan_create(request):
    if not rules.can_plan(request.user):
        raise Http404
    form = PlanForm(request.POST or None, user=request.user, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            domain.set_plan(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã lưu chỉ tiêu kế hoạch."))
            return redirect(f"{reverse('programme:plans')}?year={form.cleaned_data['year']}")
    return render(request, "programme/plan_form.html", {"form": form, "plan": None})


@login_required
def plan_edit(request, code: str):
    plan = _visible_plan(request, code)
    if not rules.can_edit_plan(request.user, plan):
        raise PermissionDenied
    initial = {
        "area": plan.area,
        "year": plan.year,
        "indicator": plan.indicator,
        "target": plan.target,
        "note": plan.note,
    }
    form = PlanForm(request.POST or None, user=request.user, initial=initial)
    for name in ("area", "year", "indicator"):
        form.fields[name].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            domain.set_plan(
                area=plan.area,
                year=plan.year,
                indicator=plan.indicator,
                target=form.cleaned_data["target"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã lưu chỉ tiêu kế hoạch."))
            return redirect(f"{reverse('programme:plans')}?year={plan.year}")
    return render(request, "programme/plan_form.html", {"form": form, "plan": plan, "history": history(plan)[:20]})


@login_required
@require_POST
def plan_delete(request, code: str):
    plan = _visible_plan(request, code)
    if not rules.can_edit_plan(request.user, plan):
        raise PermissionDenied
    domain.delete_plan(plan=plan, by=request.user)
    messages.success(request, _("Đã xoá chỉ tiêu."))
    return redirect(f"{reverse('programme:plans')}?year={plan.year}")


def _split_province(request) -> Area:
    """The province whose plan is split, among those the scope rule gives the user (`accounts.scope.in_area`):
    a province officer's own; a national account names one (?tinh=code)."""
    provinces = scope.in_area(request.user, Area.objects.current().filter(level=Area.Level.PROVINCE))
    if request.user.area_id is not None:
        province = provinces.filter(pk=request.user.area_id).first()
    else:
        code = request.GET.get("tinh") or request.POST.get("tinh") or ""
        province = provinces.filter(code=code).first()
    if province is None:
        raise Http404
    return province


@login_required
def plan_shares(request):
    """Split the province's plan for one year and indicator over its communes: the shares are entered next to
    each other with their sum against the province's target; a sum that differs is shown as a warning."""
    if not rules.can_plan(request.user):
        raise Http404
    province = _split_province(request)
    choice = SplitChoiceForm(request.GET or {"year": timezone.localdate().year, "indicator": Indicator.DOSSIERS})
    if not choice.is_valid():
        choice = SplitChoiceForm({"year": timezone.localdate().year, "indicator": Indicator.DOSSIERS})
        choice.is_valid()
    year, indicator = choice.cleaned_data["year"], choice.cleaned_data["indicator"]
    split = domain.split(province=province, year=year, indicator=indicator)
    communes = communes_of(province)
    form = SharesForm(request.POST or None, communes=communes, initial_shares=split.shares)
    if request.method == "POST" and form.is_valid():
        try:
            split = domain.set_shares(
                province=province, year=year, indicator=indicator, shares=form.shares(), by=request.user
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã lưu phần giao cho các xã."))
            if split.difference:
                messages.warning(request, _difference_message(split))
            query = f"?year={year}&indicator={indicator}"
            if request.user.area_id != province.pk:
                query += f"&tinh={province.code}"
            return redirect(f"{reverse('programme:plan_shares')}{query}")
    return render(
        request,
        "programme/plan_shares.html",
        {
            "province": province,
            "choice": choice,
            "form": form,
            "split": split,
            "indicator_label": Indicator(indicator).label,
            "year": year,
            "difference_message": _difference_message(split) if split.difference else "",
        },
    )


def _difference_message(split) -> str:
    if split.target is None:
        return _("Tỉnh chưa có chỉ tiêu này; tổng phần giao các xã là %(total)s.") % {"total": split.total}
    if split.difference > 0:
        return _("Tổng phần giao các xã (%(total)s) nhiều hơn chỉ tiêu của tỉnh (%(target)s) %(gap)s.") % {
            "total": split.total,
            "target": split.target,
            "gap": split.difference,
        }
    return _("Tổng phần giao các xã (%(total)s) còn thiếu %(gap)s so với chỉ tiêu của tỉnh (%(target)s).") % {
        "total": split.total,
        "target": split.target,
        "gap": -split.difference,
    }
