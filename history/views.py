from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from certificates.rules import can_import

from . import workbook
from .domain import import_certificates
from .forms import ImportForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def certificate_import(request):
    if not can_import(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = import_certificates(workbook=form.cleaned_data["workbook"], by=request.user)
        except ValidationError as error:
            form.add_error("workbook", error)
        else:
            if report.ok:
                messages.success(request, _("Đã nhập %(count)s giấy chứng nhận.") % {"count": len(report.created)})
                return redirect("certificates:list")
    return render(request, "history/import.html", {"form": form, "report": report})


@login_required
@require_GET
def import_template(request):
    if not can_import(request.user):
        raise PermissionDenied
    response = HttpResponse(workbook.template(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-giay-chung-nhan-ocop.xlsx"'
    return response
