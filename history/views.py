from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from areas.models import Area
from certificates.rules import can_import
from core.pagination import paginate

from . import jobs
from .columns import BY_KEY
from .domain import export_bundle
from .forms import ExportForm, ImportForm
from .models import ImportJob
from .rules import can_export, export_provinces
from .template import build_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROBLEMS_PER_PAGE = 100


def _importer(request) -> None:
    if not can_import(request.user):
        raise PermissionDenied


def _visible_job(request, code: str) -> ImportJob:
    return get_object_or_404(
        ImportJob.objects.visible_to(request.user).select_related("uploaded_by", "imported_by", "province"),
        code=code,
    )


@login_required
def import_page(request):
    _importer(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = jobs.upload_job(upload=form.cleaned_data["workbook"], by=request.user)
        except jobs.AlreadyImported as error:
            messages.info(request, " ".join(error.messages))
            return redirect(error.job)
        except ValidationError as error:
            form.add_error("workbook", error)
        else:
            return redirect(job)
    page = paginate(request, ImportJob.objects.visible_to(request.user).select_related("uploaded_by"))
    return render(request, "history/import.html", {"form": form, "page": page})


@login_required
@require_GET
def import_template(request):
    _importer(request)
    response = HttpResponse(build_template(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-du-lieu-lich-su-ocop.xlsx"'
    return response


def _status_context(request, job: ImportJob) -> dict:
    stalled = jobs.is_stalled(job)
    problems = None
    if job.status == ImportJob.Status.CHECKED and job.problems:
        problems = Paginator(job.problems, PROBLEMS_PER_PAGE).get_page(request.GET.get("page"))
    percent = (
        100 if not job.is_running else (100 * job.progress_done // job.progress_total if job.progress_total else 0)
    )
    return {
        "job": job,
        "stalled": stalled,
        "polling": job.is_running and not stalled,
        "can_import": can_import(request.user),
        "can_resume": stalled and can_import(request.user),
        "problems": problems,
        "percent": percent,
        "summary": _summary_rows(job.summary),
    }


def _summary_rows(summary: dict) -> list[dict]:
    return [{"sheet": BY_KEY[key].title, **counts} for key, counts in summary.items() if key in BY_KEY]


@login_required
def job_detail(request, code: str):
    job = _visible_job(request, code)
    context = _status_context(request, job)
    if request.htmx:
        return render(request, "history/job.html#status", context)
    return render(request, "history/job.html", context)


@login_required
@require_POST
def job_import(request, code: str):
    job = _visible_job(request, code)
    try:
        jobs.start_import(job=job, by=request.user)
    except jobs.AlreadyImported as error:
        messages.info(request, " ".join(error.messages))
        return redirect(error.job)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(job)


@login_required
@require_POST
def job_resume(request, code: str):
    job = _visible_job(request, code)
    try:
        jobs.resume_job(job=job, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã cho chạy lại việc nhập %(code)s.") % {"code": job.code})
    return redirect(job)


@login_required
@require_GET
def export(request):
    if not can_export(request.user):
        raise PermissionDenied
    provinces = export_provinces(request.user, Area.objects.filter(era=Area.Era.CURRENT, level=Area.Level.PROVINCE))
    if "province" in request.GET:
        province = get_object_or_404(provinces, code=request.GET["province"])
        response = HttpResponse(export_bundle(province=province, by=request.user), content_type=XLSX)
        filename = f"du-lieu-lich-su-ocop-{province.code}-{timezone.localdate():%Y%m%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    form = ExportForm()
    form.fields["province"].queryset = provinces.order_by("name")
    # A province officer has one province: a button, not a choice.
    own = provinces.first() if len(form.fields["province"].queryset[:2]) == 1 else None
    return render(request, "history/export.html", {"form": form, "own": own, "can_import": can_import(request.user)})
