"""The producer's document library, evidence on a dossier, and serving a document's file to those who may
see it (documents are private: they are never served from the public media URL)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_domain_errors
from core.pagination import count_of, paginate
from criteria.sheets import sheet_layout

from .. import domain
from ..forms import AttachForm, DocumentEditForm, DocumentUploadForm, EvidenceUploadForm
from ..models import Application, Document, DocumentKind, Evidence
from ..rules import can_edit_application, can_manage_documents, is_applicant
from ..sheet import SelfScoreLine
from ._common import visible_application


def _library_producer_id(request) -> int:
    """The producer whose library the user manages; anyone else gets 404."""
    if not can_manage_documents(request.user, request.user.producer_id):
        raise Http404
    return request.user.producer_id


@login_required
def document_list(request):
    producer_id = _library_producer_id(request)
    documents = (
        Document.objects.filter(producer_id=producer_id)
        .annotate(dossier_count=count_of(Evidence.objects.all(), "document", distinct="application"))
        .order_by("-uploaded_at", "-id")
    )
    page = paginate(request, documents)
    form = DocumentUploadForm()
    return render(request, "dossiers/documents.html", {"page": page, "form": form})


@login_required
@require_POST
def document_upload(request):
    producer_id = _library_producer_id(request)
    form = DocumentUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document, result = domain.upload_document(
                producer=request.user.producer, by=request.user, **form.domain_fields()
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            if result.created:
                messages.success(request, _("Đã lưu “%(title)s” vào thư viện.") % {"title": document.title})
            elif result.changed:
                messages.success(request, _already_there(document, result))
            else:
                messages.info(
                    request,
                    _("Tệp này đã có trong thư viện với tên “%(title)s”: dùng lại tài liệu đó.")
                    % {"title": document.title},
                )
            return redirect("dossiers:documents")
    documents = (
        Document.objects.filter(producer_id=producer_id)
        .annotate(dossier_count=count_of(Evidence.objects.all(), "document", distinct="application"))
        .order_by("-uploaded_at", "-id")
    )
    return render(request, "dossiers/documents.html", {"page": paginate(request, documents), "form": form}, status=400)


def _already_there(document: Document, result) -> str:
    """What a re-upload of a file already in the library did: which of its details it corrected."""
    changes = []
    if "kind" in result.changed:
        changes.append(_("loại tài liệu: %(kind)s") % {"kind": document.get_kind_display()})
    if "title" in result.changed:
        changes.append(_("tên tài liệu"))
    if "valid_until" in result.changed:
        if document.valid_until is None:
            changes.append(_("bỏ ngày hiệu lực"))
        else:
            changes.append(_("ngày hiệu lực: %(date)s") % {"date": f"{document.valid_until:%d/%m/%Y}"})
    text = _("Tệp này đã có trong thư viện với tên “%(title)s”") % {"title": document.title}
    if changes:
        text = _("%(text)s; đã cập nhật %(changes)s") % {"text": text, "changes": ", ".join(changes)}
    return f"{text}."


@login_required
def document_edit(request, code: str):
    producer_id = _library_producer_id(request)
    document = get_object_or_404(Document, producer_id=producer_id, code=code)
    form = DocumentEditForm(request.POST or None, instance=Document.objects.get(pk=document.pk))
    if request.method == "POST" and form.is_valid():
        try:
            domain.update_document(document=document, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thông tin tài liệu."))
            return redirect("dossiers:documents")
    return render(request, "dossiers/document_edit.html", {"document": document, "form": form})


@login_required
def document_file(request, code: str):
    document = get_object_or_404(Document.objects.visible_to(request.user), code=code)
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        filename=f"{slugify(document.title) or 'tai-lieu'}.{document.extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _evidence_target(request, code: str) -> Application:
    application = visible_application(request, code)
    if not is_applicant(request.user, application):
        raise PermissionDenied
    return application


def _after_evidence(request, application: Application, criterion_code: str, *, notice: str = "", errors=()):
    """HTMX: the criterion's evidence block again, with the outcome inside it; otherwise the outcome as a
    message and back to where the form was."""
    line = sheet_layout(application.criteria_set_id).leaf(criterion_code) if criterion_code else None
    if request.htmx and line is not None:
        evidence = list(application.evidence.filter(criterion_code=criterion_code).select_related("document"))
        return render(
            request,
            "dossiers/self_assessment.html#evidence",
            {
                "application": application,
                "leaf": SelfScoreLine(line, evidence=evidence),
                "editable": can_edit_application(request.user, application),
                "documents": Document.objects.filter(producer_id=application.product.producer_id).order_by("title"),
                "kinds": DocumentKind.choices,
                "evidence_notice": notice,
                "evidence_errors": list(errors),
            },
        )
    for message in errors:
        messages.error(request, message)
    if notice:
        messages.success(request, notice)
    if line is not None:
        return redirect(reverse("dossiers:self_assessment", args=[application.code]) + f"#c-{criterion_code}")
    return redirect(reverse("dossiers:detail", args=[application.code]) + "#evidence")


@login_required
@require_POST
def evidence_attach(request, code: str):
    application = _evidence_target(request, code)
    documents = Document.objects.filter(producer_id=application.product.producer_id)
    form = AttachForm(request.POST, documents=documents)
    criterion_code = request.POST.get("criterion_code", "")
    if not form.is_valid():
        return _after_evidence(
            request, application, criterion_code, errors=[_("Hãy chọn một tài liệu trong thư viện.")]
        )
    try:
        domain.attach_evidence(application=application, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        return _after_evidence(request, application, criterion_code, errors=error.messages)
    notice = _("Đã đính kèm “%(title)s”.") % {"title": form.cleaned_data["document"].title}
    return _after_evidence(request, application, criterion_code, notice=notice)


@login_required
@require_POST
def evidence_upload(request, code: str):
    application = _evidence_target(request, code)
    form = EvidenceUploadForm(request.POST, request.FILES)
    criterion_code = request.POST.get("criterion_code", "")
    if not form.is_valid():
        errors = [
            f"{form.fields[field].label}: {' '.join(messages_)}" if field in form.fields else " ".join(messages_)
            for field, messages_ in form.errors.items()
        ]
        return _after_evidence(request, application, criterion_code, errors=errors)
    try:
        evidence, result = domain.upload_evidence(
            application=application,
            by=request.user,
            criterion_code=form.cleaned_data["criterion_code"],
            **form.domain_fields(),
        )
    except ValidationError as error:
        return _after_evidence(request, application, criterion_code, errors=error.messages)
    if result.created:
        notice = _("Đã tải lên và đính kèm “%(title)s”.") % {"title": evidence.document.title}
    else:
        notice = f"{_already_there(evidence.document, result)} {_('Đã đính kèm tài liệu đó vào hồ sơ.')}"
    return _after_evidence(request, application, criterion_code, notice=notice)


@login_required
@require_POST
def evidence_confirm(request, code: str, pk: int):
    """The producer has reviewed an evidence link carried over from the last dossier."""
    application = _evidence_target(request, code)
    evidence = get_object_or_404(application.evidence.select_related("document"), pk=pk)
    try:
        domain.confirm_evidence(evidence=evidence, by=request.user)
    except ValidationError as error:
        return _after_evidence(request, application, evidence.criterion_code, errors=error.messages)
    notice = _("Đã xác nhận “%(title)s”.") % {"title": evidence.document.title}
    return _after_evidence(request, application, evidence.criterion_code, notice=notice)


@login_required
@require_POST
def evidence_detach(request, code: str, pk: int):
    application = _evidence_target(request, code)
    evidence = get_object_or_404(application.evidence.select_related("document"), pk=pk)
    try:
        domain.detach_evidence(evidence=evidence, by=request.user)
    except ValidationError as error:
        return _after_evidence(request, application, evidence.criterion_code, errors=error.messages)
    notice = _("Đã gỡ “%(title)s” khỏi hồ sơ.") % {"title": evidence.document.title}
    return _after_evidence(request, application, evidence.criterion_code, notice=notice)
