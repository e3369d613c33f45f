from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role
from areas.forms import communes_of
from areas.models import Area
from audit.domain import history
from core.forms import add_domain_errors
from core.pagination import paginate

from . import attendance, domain, rules
from .forms import (
    AssignmentForm,
    AttendanceImportForm,
    AttendeeForm,
    ConsultantForm,
    EndAssignmentForm,
    EventFilterForm,
    EventForm,
    FundingForm,
    PlanFilterForm,
    PlanForm,
    SharesForm,
    SplitChoiceForm,
)
from .models import Assignment, Attendee, Consultant, Event, Funding, Indicator, Plan

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _officer_only(request) -> None:
    if not rules.can_open_programme(request.user):
        raise Http404


# Plans ---------------------------------------------------------------------------------------------------


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
    """The province whose plan is split: a province officer's own; an administrator names one (?tinh=code)."""
    if request.user.role == Role.PROVINCE_OFFICER:
        return request.user.area
    if request.user.role == Role.SYSADMIN:
        code = request.GET.get("tinh") or request.POST.get("tinh") or ""
        province = Area.objects.current().filter(level=Area.Level.PROVINCE, code=code).first()
        if province is not None:
            return province
    raise Http404


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
            if request.user.role == Role.SYSADMIN:
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


# Funding -------------------------------------------------------------------------------------------------


@login_required
def funding_list(request):
    _officer_only(request)
    fundings = Funding.objects.visible_to(request.user).select_related("producer", "application__product", "commune")
    return render(
        request,
        "programme/fundings.html",
        {"page": paginate(request, fundings), "can_create": rules.can_record_support(request.user)},
    )


def _visible_funding(request, code: str) -> Funding:
    return get_object_or_404(Funding.objects.visible_to(request.user).select_related("producer"), code=code)


@login_required
def funding_create(request):
    if not rules.can_record_support(request.user):
        raise Http404
    form = FundingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            domain.record_funding(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã ghi khoản hỗ trợ."))
            return redirect("programme:fundings")
    return render(request, "programme/funding_form.html", {"form": form, "funding": None})


@login_required
def funding_edit(request, code: str):
    funding = _visible_funding(request, code)
    if not rules.can_edit_funding(request.user, funding):
        raise PermissionDenied
    form = FundingForm(request.POST or None, user=request.user, instance=Funding.objects.get(pk=funding.pk))
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k != "producer"}
        try:
            domain.update_funding(funding=funding, by=request.user, **changes)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("programme:fundings")
    return render(
        request, "programme/funding_form.html", {"form": form, "funding": funding, "history": history(funding)[:20]}
    )


@login_required
@require_POST
def funding_delete(request, code: str):
    funding = _visible_funding(request, code)
    if not rules.can_edit_funding(request.user, funding):
        raise PermissionDenied
    domain.delete_funding(funding=funding, by=request.user)
    messages.success(request, _("Đã xoá khoản hỗ trợ."))
    return redirect("programme:fundings")


# Consultants ---------------------------------------------------------------------------------------------


@login_required
def consultant_list(request):
    _officer_only(request)
    consultants = Consultant.objects.visible_to(request.user).select_related("province")
    return render(
        request,
        "programme/consultants.html",
        {"page": paginate(request, consultants), "can_create": rules.can_manage_consultants(request.user)},
    )


def _visible_consultant(request, code: str) -> Consultant:
    return get_object_or_404(Consultant.objects.visible_to(request.user).select_related("province"), code=code)


@login_required
def consultant_create(request):
    if not rules.can_manage_consultants(request.user) or not request.user.area_id:
        raise Http404
    form = ConsultantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            consultant = domain.save_consultant(consultant=form.save(commit=False), by=request.user)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã thêm tư vấn %(name)s.") % {"name": consultant.name})
            return redirect("programme:consultant", code=consultant.code)
    return render(request, "programme/consultant_form.html", {"form": form, "consultant": None})


@login_required
def consultant_edit(request, code: str):
    consultant = _visible_consultant(request, code)
    if not rules.can_edit_consultant(request.user, consultant):
        raise PermissionDenied
    form = ConsultantForm(request.POST or None, instance=Consultant.objects.get(pk=consultant.pk))
    if request.method == "POST" and form.is_valid():
        try:
            domain.save_consultant(consultant=form.save(commit=False), by=request.user)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("programme:consultant", code=consultant.code)
    return render(request, "programme/consultant_form.html", {"form": form, "consultant": consultant})


@login_required
def consultant_detail(request, code: str):
    consultant = _visible_consultant(request, code)
    assignments = (
        Assignment.objects.visible_to(request.user)
        .filter(consultant=consultant)
        .select_related("producer", "area__parent")
    )
    can_edit = rules.can_edit_consultant(request.user, consultant)
    return render(
        request,
        "programme/consultant_detail.html",
        {
            "consultant": consultant,
            "assignments": assignments,
            "can_edit": can_edit,
            "form": AssignmentForm(consultant=consultant) if can_edit else None,
            "end_form": EndAssignmentForm(initial={"ends_on": timezone.localdate()}),
        },
    )


@login_required
@require_POST
def assignment_create(request, code: str):
    consultant = _visible_consultant(request, code)
    if not rules.can_edit_consultant(request.user, consultant):
        raise PermissionDenied
    form = AssignmentForm(request.POST, consultant=consultant)
    if form.is_valid():
        try:
            domain.assign_consultant(consultant=consultant, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã phân công tư vấn."))
            return redirect("programme:consultant", code=consultant.code)
    assignments = Assignment.objects.visible_to(request.user).filter(consultant=consultant)
    return render(
        request,
        "programme/consultant_detail.html",
        {"consultant": consultant, "assignments": assignments, "can_edit": True, "form": form},
        status=400,
    )


@login_required
@require_POST
def assignment_end(request, pk: int):
    assignment = get_object_or_404(Assignment.objects.visible_to(request.user).select_related("consultant"), pk=pk)
    if not rules.can_edit_assignment(request.user, assignment):
        raise PermissionDenied
    form = EndAssignmentForm(request.POST)
    if form.is_valid():
        try:
            domain.end_assignment(assignment=assignment, ends_on=form.cleaned_data["ends_on"], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã ghi ngày kết thúc phân công."))
    else:
        messages.error(request, _("Ngày kết thúc không hợp lệ."))
    return redirect("programme:consultant", code=assignment.consultant.code)


# Events --------------------------------------------------------------------------------------------------


@login_required
def event_list(request):
    _officer_only(request)
    filters = EventFilterForm(request.GET)
    events = Event.objects.visible_to(request.user).select_related("area__parent")
    if filters.is_valid():
        if filters.cleaned_data["kind"]:
            events = events.filter(kind=filters.cleaned_data["kind"])
        if filters.cleaned_data["year"]:
            events = events.filter(starts_on__year=filters.cleaned_data["year"])
    return render(
        request,
        "programme/events.html",
        {"page": paginate(request, events), "filters": filters, "can_create": rules.can_hold_events(request.user)},
    )


def _visible_event(request, code: str) -> Event:
    return get_object_or_404(Event.objects.visible_to(request.user).select_related("area__parent"), code=code)


@login_required
def event_create(request):
    if not rules.can_hold_events(request.user):
        raise Http404
    form = EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            event = domain.save_event(event=form.save(commit=False), by=request.user)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã thêm %(event)s.") % {"event": event.get_kind_display().lower()})
            return redirect("programme:event", code=event.code)
    return render(request, "programme/event_form.html", {"form": form, "event": None})


@login_required
def event_edit(request, code: str):
    event = _visible_event(request, code)
    if not rules.can_edit_event(request.user, event):
        raise PermissionDenied
    form = EventForm(request.POST or None, user=request.user, instance=Event.objects.get(pk=event.pk))
    if request.method == "POST" and form.is_valid():
        try:
            domain.save_event(event=form.save(commit=False), by=request.user)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("programme:event", code=event.code)
    return render(request, "programme/event_form.html", {"form": form, "event": event})


@login_required
@require_POST
def event_delete(request, code: str):
    event = _visible_event(request, code)
    if not rules.can_edit_event(request.user, event):
        raise PermissionDenied
    domain.delete_event(event=event, by=request.user)
    messages.success(request, _("Đã xoá."))
    return redirect("programme:events")


def _event_page(request, event: Event, *, form=None, status: int = 200):
    can_edit = rules.can_edit_event(request.user, event)
    attendees = event.attendees.select_related("producer")
    return render(
        request,
        "programme/event_detail.html",
        {
            "event": event,
            "attendees": attendees,
            "officials": sum(1 for a in attendees if a.kind == Attendee.Kind.OFFICIAL),
            "can_edit": can_edit,
            "form": form or (AttendeeForm(user=request.user) if can_edit else None),
            "history": history(event)[:20],
        },
        status=status,
    )


@login_required
def event_detail(request, code: str):
    return _event_page(request, _visible_event(request, code))


@login_required
@require_POST
def attendee_add(request, code: str):
    event = _visible_event(request, code)
    if not rules.can_edit_event(request.user, event):
        raise PermissionDenied
    form = AttendeeForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            attendee = domain.add_attendee(event=event, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã thêm %(name)s.") % {"name": attendee.name})
            return redirect("programme:event", code=event.code)
    return _event_page(request, event, form=form, status=400)


@login_required
@require_POST
def attendee_remove(request, code: str, pk: int):
    event = _visible_event(request, code)
    attendee = get_object_or_404(event.attendees, pk=pk)
    if not rules.can_edit_event(request.user, event):
        raise PermissionDenied
    domain.remove_attendee(attendee=attendee, by=request.user)
    messages.success(request, _("Đã bỏ %(name)s khỏi danh sách.") % {"name": attendee.name})
    return redirect("programme:event", code=event.code)


@login_required
def attendance_import(request, code: str):
    event = _visible_event(request, code)
    if not rules.can_edit_event(request.user, event):
        raise PermissionDenied
    form = AttendanceImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["sheet"]
        try:
            report = attendance.import_attendance(
                event=event, file=upload, name=upload.name, by=request.user, dry_run=form.cleaned_data["dry_run"]
            )
        except ValidationError as error:
            form.add_error("sheet", error)
        else:
            if report.ok and not report.dry_run:
                messages.success(
                    request,
                    _("Đã nhập %(added)s người tham dự; %(already)s người đã có trong danh sách.")
                    % {"added": report.added, "already": report.already},
                )
                return redirect("programme:event", code=event.code)
    return render(request, "programme/attendance_import.html", {"event": event, "form": form, "report": report})


@login_required
@require_GET
def attendance_template(request):
    if not rules.can_hold_events(request.user):
        raise Http404
    response = HttpResponse(attendance.template(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-diem-danh.xlsx"'
    return response
