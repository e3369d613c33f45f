"""Fake reports: the consumers' form, and the inspectors' inbox (list, detail, status, photo)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from audit.domain import history
from core.forms import add_domain_errors
from core.pagination import paginate
from stamps.models import FakeReport
from stamps.serials import group, is_valid

from .. import reports
from ..forms import ReportForm, ReportStatusForm
from ..ratelimit import allow, report_limit, too_many

HOUR = 3600


def report(request):
    """The public form. The serial comes prefilled from the verification page (?ma=…)."""
    if request.method == "POST":
        if not allow(request, scope="report", limit=report_limit(), window=HOUR):
            return too_many(request, window=HOUR)
        form = ReportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                filed = reports.submit_report(
                    serial=data["ma"],
                    province=data["province"],
                    what=data["what"],
                    where=data["where"],
                    contact=data["contact"],
                    photo=data["photo"],
                )
            except ValidationError as error:
                add_domain_errors(form, error)
            else:
                return redirect(f"{reverse('public:report_sent')}?ma={filed.code}")
    else:
        form = ReportForm(initial={"ma": request.GET.get("ma", "")[:40]})
    return render(request, "public/report.html", {"form": form})


@require_GET
def report_sent(request):
    return render(request, "public/report_sent.html", {"code": request.GET.get("ma", "")[:10]})


def _visible(request, code: str) -> FakeReport:
    return get_object_or_404(
        FakeReport.objects.visible_to(request.user).select_related("province", "stamp__batch__product__producer"),
        code=code,
    )


@login_required
@require_GET
def inbox(request):
    items = FakeReport.objects.visible_to(request.user).select_related("province")
    status = request.GET.get("status", "")
    if status in FakeReport.Status.values:
        items = items.filter(status=status)
    page = paginate(request, items)
    return render(request, "public/inbox.html", {"page": page, "status": status, "statuses": FakeReport.Status})


@login_required
def inbox_detail(request, code: str):
    item = _visible(request, code)
    form = ReportStatusForm(request.POST or None, initial={"status": item.status})
    if request.method == "POST":
        if not reports.can_handle(request.user, item):
            raise PermissionDenied
        if form.is_valid():
            try:
                reports.set_report_status(
                    report=item, status=form.cleaned_data["status"], by=request.user, note=form.cleaned_data["note"]
                )
            except ValidationError as error:
                add_domain_errors(form, error)
            else:
                messages.success(request, _("Đã cập nhật trạng thái phản ánh."))
                return redirect("public:inbox_detail", code=item.code)
    stamp = item.stamp
    return render(
        request,
        "public/inbox_detail.html",
        {
            "item": item,
            "form": form,
            "can_handle": reports.can_handle(request.user, item),
            "stamp": stamp,
            "serial_grouped": group(item.serial) if item.serial and is_valid(item.serial) else item.serial,
            "history": history(item),
        },
    )


@login_required
@require_GET
def inbox_photo(request, code: str):
    """The report's photo, only to those who may see the report (never from a public media URL)."""
    item = _visible(request, code)
    if not item.photo:
        raise Http404
    return FileResponse(item.photo.open("rb"))
