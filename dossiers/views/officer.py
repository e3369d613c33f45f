"""The dossier's page for everyone who sees it, and the officers' pages: the commune's and the province's work
lists, the commune's Mẫu 03 check (and its printable report), the province's reception or return."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from audit.domain import history
from audit.models import AuditEntry
from core.forms import add_domain_errors
from core.pagination import paginate
from criteria.sheets import leaf_codes

from .. import domain
from ..domain.requirements import missing_for_submission, required_document_kinds
from ..domain.review import ASSESSMENTS
from ..forms import AttachForm, CommuneReviewForm, EvidenceUploadForm, ReturnForm
from ..models import REEVALUATION_CLOCK, Application, ApplicationKind, ApplicationStatus, Document, DocumentKind
from ..presentation import starts_empty, waiting_for
from ..preview import preview_self_score
from ..rules import (
    can_delete_application,
    can_edit_application,
    can_receive_as_province,
    can_return_as_province,
    can_review_as_commune,
    is_commune_officer_of,
)
from ._common import report_errors, visible_application


def _transitions(entries) -> list[dict]:
    """The dossier's creation and status changes from the audit trail, oldest first, with the states' names."""
    rows = []
    actions = [AuditEntry.Action.CREATE, AuditEntry.Action.TRANSITION]
    for entry in entries.filter(action__in=actions).order_by("timestamp", "id"):
        before, after = entry.changes.get("status", [None, ApplicationStatus.DRAFT])
        rows.append(
            {
                "entry": entry,
                "before": ApplicationStatus(before).label if before in ApplicationStatus.values else before,
                "after": ApplicationStatus(after).label if after in ApplicationStatus.values else after,
            }
        )
    return rows


@login_required
def application_detail(request, code: str):
    application = visible_application(request, code)
    user = request.user
    editable = can_edit_application(user, application)
    evidence = list(application.evidence.select_related("document").order_by("criterion_code", "document__title"))
    entries = history(application)
    has_sheet = bool(application.self_choices) and bool(leaf_codes(application.criteria_set_id))
    context = {
        "application": application,
        "producer": application.product.producer,
        "dossier_evidence": [e for e in evidence if not e.criterion_code],
        "criterion_evidence": [e for e in evidence if e.criterion_code],
        "reviews": application.commune_reviews.select_related("reviewer"),
        "transitions": _transitions(entries),
        "history": entries[:100] if user.is_officer else None,
        "waiting_for": waiting_for(application),
        "starts_empty": editable and starts_empty(application),
        "preview": preview_self_score(application.criteria_set_id, application.self_choices) if has_sheet else None,
        "required_kinds": [DocumentKind(k).label for k in required_document_kinds(application)],
        "editable": editable,
        "can_delete": can_delete_application(user, application),
        "can_review": can_review_as_commune(user, application),
        "can_receive": can_receive_as_province(user, application),
        "can_return": can_return_as_province(user, application),
        "return_form": ReturnForm() if can_return_as_province(user, application) else None,
    }
    if editable:
        documents = Document.objects.filter(producer_id=application.product.producer_id).order_by("title")
        context["missing"] = missing_for_submission(application, on=timezone.localdate())
        context["attach_form"] = AttachForm(documents=documents, auto_id="attach_%s")
        context["upload_form"] = EvidenceUploadForm(auto_id="upload_%s")
    return render(request, "dossiers/detail.html", context)


@login_required
def commune_worklist(request):
    """Dossiers waiting for the commune's check, soonest deadline first."""
    if request.user.role != Role.COMMUNE_OFFICER:
        raise Http404
    applications = (
        Application.objects.visible_to(request.user)
        .filter(status=ApplicationStatus.SUBMITTED)
        .select_related("product__producer", "criteria_set")
        .order_by("commune_deadline", "submitted_at", "id")
    )
    page = paginate(request, applications)
    return render(request, "dossiers/worklist_commune.html", {"page": page, "today": timezone.localdate()})


@login_required
def province_worklist(request):
    """Dossiers the communes forwarded, waiting for the province's reception, oldest first; and the
    re-evaluations the province has received and not decided yet, against their 45 days, soonest first."""
    if request.user.role != Role.PROVINCE_OFFICER:
        raise Http404
    visible = Application.objects.visible_to(request.user).select_related(
        "product__producer", "criteria_set", "commune"
    )
    applications = visible.filter(status=ApplicationStatus.COMMUNE_REVIEWED).order_by("updated_at", "id")
    reevaluations = visible.filter(kind=ApplicationKind.REEVALUATION, status__in=REEVALUATION_CLOCK).order_by(
        "evaluation_deadline", "id"
    )
    page = paginate(request, applications)
    return render(request, "dossiers/worklist_province.html", {"page": page, "reevaluations": reevaluations})


@login_required
def commune_review(request, code: str):
    application = visible_application(request, code)
    if not is_commune_officer_of(request.user, application):
        raise PermissionDenied
    if not can_review_as_commune(request.user, application):
        messages.error(request, _("Hồ sơ không ở trạng thái chờ xã đánh giá."))
        return redirect(application)
    form = CommuneReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review = domain.review_by_commune(application=application, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            if review.decision == review.Decision.FORWARD:
                messages.success(request, _("Đã chuyển hồ sơ lên cơ quan OCOP cấp tỉnh."))
            else:
                messages.success(request, _("Đã trả lại hồ sơ cho chủ thể bổ sung."))
            return redirect(application)
    return render(
        request,
        "dossiers/commune_review.html",
        {
            "application": application,
            "producer": application.product.producer,
            "form": form,
            "assessment_fields": [form[name] for name in (*ASSESSMENTS, "report")],
        },
    )


@login_required
def form_03(request, code: str, pk: int):
    """Mẫu 03 as a page to print (or save as PDF from the browser)."""
    application = visible_application(request, code)
    review = get_object_or_404(application.commune_reviews.select_related("reviewer"), pk=pk)
    return render(
        request,
        "dossiers/form_03.html",
        {
            "application": application,
            "producer": application.product.producer,
            "review": review,
        },
    )


@login_required
@require_POST
def receive(request, code: str):
    application = visible_application(request, code)
    try:
        domain.receive_application(application=application, by=request.user)
    except ValidationError as error:
        report_errors(request, error)
    else:
        messages.success(request, _("Đã tiếp nhận hồ sơ."))
    return redirect(application)


@login_required
@require_POST
def province_return(request, code: str):
    application = visible_application(request, code)
    form = ReturnForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        domain.return_by_province(application=application, by=request.user, reason=reason)
    except ValidationError as error:
        report_errors(request, error)
    else:
        messages.success(request, _("Đã trả lại hồ sơ cho chủ thể bổ sung."))
    return redirect(application)
