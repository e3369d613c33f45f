"""The producer's pages: the dossier list, opening a dossier, Mẫu 01/02, the self-assessment with its live
preview, deleting a draft and submitting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_domain_errors
from core.pagination import paginate
from criteria.sheets import SheetMissing, leaf_codes, sheet_layout
from products.models import Product

from .. import domain
from ..domain.applications import clean_self_score
from ..forms import ApplicationForm, NewApplicationForm, StatusFilterForm, parse_self_score
from ..models import FINAL_STATUSES, Application, Document, DocumentKind
from ..presentation import carry_over_notices, starts_empty
from ..preview import Preview, preview_self_score
from ..rules import can_create_application, can_edit_application, is_applicant
from ..sheet import self_score_lines
from ._common import report_errors, visible_application


@login_required
def application_list(request):
    filters = StatusFilterForm(request.GET)
    applications = Application.objects.visible_to(request.user).select_related(
        "product__producer", "criteria_set", "commune"
    )
    if filters.is_valid() and filters.cleaned_data["status"]:
        applications = applications.filter(status=filters.cleaned_data["status"])
    page = paginate(request, applications)
    template = "dossiers/list.html#results" if request.htmx else "dossiers/list.html"
    return render(
        request, template, {"page": page, "filters": filters, "can_create": can_create_application(request.user)}
    )


def _products_without_open_dossier(user):
    open_dossier = Application.objects.filter(product=OuterRef("pk")).exclude(
        status__in=[s.value for s in FINAL_STATUSES]
    )
    return Product.objects.visible_to(user).exclude(Exists(open_dossier)).select_related("criteria_set")


@login_required
def application_create(request):
    if not can_create_application(request.user):
        raise Http404
    products = _products_without_open_dossier(request.user)
    initial = {}
    if request.GET.get("product"):
        initial["product"] = products.filter(code=request.GET["product"]).first()
    form = NewApplicationForm(request.POST or None, products=products, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            application = domain.create_application(
                product=form.cleaned_data["product"], kind=form.cleaned_data["kind"], by=request.user
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            notices = carry_over_notices(application) or [
                (messages.SUCCESS, _("Đã lập hồ sơ. Hãy điền Mẫu 01, Mẫu 02 và tự chấm điểm."))
            ]
            for level, notice in notices:
                messages.add_message(request, level, notice)
            return redirect("dossiers:edit", application.code)
    return render(request, "dossiers/create.html", {"form": form, "has_products": products.exists()})


def _editable(request, code: str) -> Application:
    """The dossier for a producer-side change: 404 outside scope, 403 for someone else's, and back to the
    dossier's page with a message when it is no longer editable."""
    application = visible_application(request, code)
    if not is_applicant(request.user, application):
        raise PermissionDenied
    return application


@login_required
def application_edit(request, code: str):
    application = _editable(request, code)
    if not can_edit_application(request.user, application):
        messages.error(request, _("Hồ sơ đã nộp, không sửa được."))
        return redirect(application)
    form = ApplicationForm(request.POST or None, instance=Application.objects.get(pk=application.pk))
    if request.method == "POST" and form.is_valid():
        try:
            domain.update_application(application=application, by=request.user, **form.domain_fields())
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã lưu Mẫu 01 và Mẫu 02."))
            return redirect(
                "dossiers:self_assessment" if "to_sheet" in request.POST else "dossiers:edit", application.code
            )
    return render(
        request,
        "dossiers/edit.html",
        {"application": application, "form": form, "starts_empty": starts_empty(application)},
    )


@login_required
@require_POST
def application_delete(request, code: str):
    application = _editable(request, code)
    domain.delete_application(application=application, by=request.user)
    messages.success(request, _("Đã xoá hồ sơ nháp; tài liệu vẫn giữ trong thư viện."))
    return redirect("dossiers:list")


@login_required
@require_POST
def application_submit(request, code: str):
    application = _editable(request, code)
    try:
        domain.submit_application(application=application, by=request.user)
    except ValidationError as error:
        messages.error(request, _("Chưa nộp được hồ sơ:"))
        report_errors(request, error)
    else:
        messages.success(
            request,
            _("Đã nộp hồ sơ cho UBND xã. Hạn xã đánh giá: %(date)s.")
            % {"date": f"{application.commune_deadline:%d/%m/%Y}"},
        )
    return redirect(application)


def _sheet_context(application: Application, choices: dict, notes: dict, *, editable: bool) -> dict:
    layout = sheet_layout(application.criteria_set_id)
    evidence: dict[str, list] = {}
    for item in application.evidence.select_related("document").order_by("document__title"):
        evidence.setdefault(item.criterion_code, []).append(item)
    rows = self_score_lines(
        layout, choices=choices, notes=notes, evidence=evidence, to_review=set(application.review_lines or [])
    )
    documents = (
        list(Document.objects.filter(producer_id=application.product.producer_id).order_by("title")) if editable else []
    )
    return {
        "application": application,
        "rows": rows,
        "documents": documents,
        "kinds": DocumentKind.choices,
        "preview": _preview(application, choices) if layout.leaves else None,
    }


def _preview(application: Application, choices: dict) -> Preview | None:
    """The preview of the choices on screen; None when the criteria set has no sheet loaded."""
    try:
        clean, _notes = clean_self_score(application, choices, {})
        return preview_self_score(application.criteria_set_id, clean)
    except ValidationError as error:
        return Preview(errors=error.messages)
    except SheetMissing:
        return None


@login_required
def self_assessment(request, code: str):
    """The sheet with the self-score and the evidence per criterion: everyone who sees the dossier reads it;
    the applicant edits it while the dossier is a draft or returned."""
    application = visible_application(request, code)
    editable = can_edit_application(request.user, application)
    choices, notes = application.self_choices or {}, application.self_notes or {}
    errors = []
    if request.method == "POST":
        if not is_applicant(request.user, application):
            raise PermissionDenied
        if not editable:
            messages.error(request, _("Hồ sơ đã nộp, không sửa được."))
            return redirect(application)
        choices, notes = parse_self_score(request.POST, leaf_codes(application.criteria_set_id))
        try:
            domain.save_self_assessment(application=application, by=request.user, choices=choices, notes=notes)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Đã lưu bảng tự chấm điểm."))
            return redirect("dossiers:self_assessment", application.code)
    context = _sheet_context(application, choices, notes, editable=editable)
    context.update({"editable": editable, "errors": errors})
    return render(request, "dossiers/self_assessment.html", context)


@login_required
@require_POST
def self_score_preview(request, code: str):
    """The preview partial for the choices on screen (not saved), with the summary bar out of band."""
    application = _editable(request, code)
    choices, _notes = parse_self_score(request.POST, leaf_codes(application.criteria_set_id))
    return render(
        request,
        "dossiers/includes/preview.html",
        {"application": application, "preview": _preview(application, choices), "summary_oob": True},
    )
