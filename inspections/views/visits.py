"""Visits: recording one with its checklist on a phone, its page, its evidence and their scoped download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_domain_errors

from .. import domain, rules
from ..forms import EvidenceForm, VisitForm
from ..models import Evidence, RemediationStatus
from .access import inspectors_only, visible_inspection, visible_visit


@login_required
def visit_create(request, code: str):
    inspection = visible_inspection(request, code)
    if not rules.can_act(request.user, inspection):
        raise PermissionDenied
    follows = None
    follows_id = request.GET.get("kiem-tra-lai") or request.POST.get("follows")
    if follows_id:
        if not follows_id.isdigit():
            raise Http404
        follows = get_object_or_404(
            inspection.outcomes.select_related("product"), pk=follows_id, remediation_status=RemediationStatus.OPEN
        )
    elif not inspection.is_open:
        raise Http404
    form = VisitForm(
        request.POST or None,
        request.FILES or None,
        inspection=inspection,
        follows=follows,
        initial={"visited_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = domain.record_visit(
                inspection=inspection,
                product=data["product"],
                visited_on=data["visited_on"],
                place=data["place"],
                note=data["note"],
                findings=form.findings,
                files=data["files"],
                follows=follows,
                resolved=data.get("resolved", False),
                by=request.user,
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã ghi kết quả kiểm tra."))
            return redirect(visit)
    return render(request, "inspections/visit_form.html", {"inspection": inspection, "form": form, "follows": follows})


@login_required
def visit_detail(request, code: str):
    visit = visible_visit(request, code)
    acts = rules.can_act(request.user, visit.inspection)
    return render(
        request,
        "inspections/visit_detail.html",
        {
            "visit": visit,
            "inspection": visit.inspection,
            "findings": visit.findings.prefetch_related("evidence"),
            "evidence": visit.evidence.filter(finding__isnull=True),
            "form": EvidenceForm(visit=visit) if acts else None,
        },
    )


@login_required
@require_POST
def evidence_add(request, code: str):
    visit = visible_visit(request, code)
    if not rules.can_act(request.user, visit.inspection):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES, visit=visit)
    if form.is_valid():
        try:
            domain.add_evidence(
                visit=visit,
                upload=form.cleaned_data["file"],
                finding=form.cleaned_data["finding"],
                title=form.cleaned_data["title"],
                by=request.user,
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã thêm ảnh, tài liệu."))
            return redirect(visit)
    return render(
        request,
        "inspections/visit_detail.html",
        {
            "visit": visit,
            "inspection": visit.inspection,
            "findings": visit.findings.prefetch_related("evidence"),
            "evidence": visit.evidence.filter(finding__isnull=True),
            "form": form,
        },
        status=400,
    )


@login_required
def evidence_file(request, code: str):
    inspectors_only(request)
    evidence = get_object_or_404(Evidence.objects.visible_to(request.user), code=code)
    response = FileResponse(
        evidence.file.open("rb"), content_type=evidence.content_type, filename=f"{evidence.code}.{evidence.extension}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
