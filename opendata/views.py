import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .datasets import DATASETS
from .export import PACKAGE, latest
from .requests import can_request_export, request_export

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@require_GET
def index(request):
    return render(request, "opendata/index.html", {"package": _package(), "license": settings.OPEN_DATA_LICENSE})


def _package():
    run = latest()
    return json.loads((run / PACKAGE).read_text(encoding="utf-8")) if run else None


@login_required
@require_http_methods(["GET", "POST"])
def export_now(request):
    """A national officer's page to write the open data now instead of tonight."""
    if not can_request_export(request.user):
        raise PermissionDenied
    if request.method == "POST":
        try:
            request_export(by=request.user)
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(request, _("Đã yêu cầu xuất dữ liệu mở: các tệp mới thay cho tệp cũ khi xuất xong."))
        return redirect("opendata:export_now")
    return render(request, "opendata/export_now.html", {"package": _package()})


@require_GET
def download(request, name: str, extension: str):
    """The latest file of a data set, or the data dictionary (`datapackage.json`), at an address that never
    changes."""
    run = latest()
    if run is None or (name not in DATASETS and f"{name}.{extension}" != PACKAGE):
        raise Http404
    # FileResponse closes the file once it is sent.
    file = open(run / f"{name}.{extension}", "rb")  # noqa: SIM115
    response = FileResponse(file, content_type=CONTENT_TYPES[extension])
    response["Access-Control-Allow-Origin"] = "*"
    return response
