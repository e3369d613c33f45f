"""Support given: funding records, consultants and their assignments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.domain import history
from core.forms import add_domain_errors
from core.pagination import paginate

from .. import domain, rules
from ..forms import (
    AssignmentForm,
    ConsultantForm,
    EndAssignmentForm,
    FundingForm,
)
from ..models import Assignment, Consultant, Funding
from .access import _officer_only


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
def assignment_end(request, code: str):
    assignment = get_object_or_404(Assignment.objects.visible_to(request.user).select_related("consultant"), code=code)
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
