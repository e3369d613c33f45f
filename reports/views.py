from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.databases import on_replica
from signing.errors import SigningError

from . import exports
from .figures import TABLE_KEYS, report_tables
from .filters import area_key, area_options, read_report, round_options
from .rules import can_view_reports
from .signing import signed_report, unsigned_reason

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Certificates listed one by one on the page; the table's .xlsx (and the API) lists them all.
PAGE_LIST_LIMIT = 50


def _read(request):
    if not can_view_reports(request.user):
        raise PermissionDenied
    return read_report(request.user, request.GET)


def _tables(asked):
    return report_tables(asked.report)


@login_required
@require_GET
@on_replica()
def report(request):
    asked = _read(request)
    context = {
        "form": asked.form,
        "area_options": area_options(request.user),
        "round_options": round_options(request.user),
    }
    if asked.report is None:
        return render(request, "reports/report.html", context, status=400)
    query = asked.query
    asked.report.list_limit = PAGE_LIST_LIMIT
    tables = _tables(asked)
    drill = {}
    for table in tables:
        drill[table.key] = [
            "?" + urlencode({**query, "area": area_key(area)}) if area is not None else None for area in table.links
        ]
    context.update(
        report=asked.report,
        tables=[(t, list(zip(t.rows, drill[t.key] or [None] * len(t.rows), strict=False))) for t in tables],
        scope_lines=asked.scope_lines(),
        query=urlencode(query),
        selected_area=query["area"],
        unsigned_reason=unsigned_reason(request.user),
    )
    return render(request, "reports/report.html", context)


def _filename(asked, extension: str) -> str:
    area, period = asked.report.area, asked.report.period
    if period.kind == period.ROUND:
        span = f"dot-{period.round.code}"
    elif period.kind == period.DATES:
        span = f"{period.since:%Y%m%d}-{period.until:%Y%m%d}"
    else:
        span = str(period)
    return f"bao-cao-ocop-{slugify(area.name if area else 'toan-quoc')}-{span}.{extension}"


@login_required
@require_GET
@on_replica()
def report_xlsx(request):
    asked = _read(request)
    if asked.report is None:
        return render(request, "reports/report.html", {"form": asked.form}, status=400)
    only = request.GET.get("table")
    if only and only not in TABLE_KEYS:
        raise Http404
    tables = report_tables(asked.report, keys=[only] if only else TABLE_KEYS)
    content = exports.workbook(tables, asked.scope_lines())
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(asked, "xlsx")}"'
    return response


@login_required
@require_GET
@on_replica()
def report_pdf(request):
    asked = _read(request)
    if asked.report is None:
        return render(request, "reports/report.html", {"form": asked.form}, status=400)
    content = exports.pdf(_tables(asked), asked.scope_lines(), title=_("Báo cáo kết quả Chương trình OCOP"))
    filename = _filename(asked, "pdf")
    try:
        content = signed_report(content, user=request.user, number=filename.removesuffix(".pdf"))
    except SigningError as error:
        # The agency's key is there but cannot sign (an expired certificate): nothing unsigned goes out as if signed.
        messages.error(request, error.message)
        return redirect(f"{reverse('reports:report')}?{urlencode(asked.query)}")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
