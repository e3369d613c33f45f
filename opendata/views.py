import json

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .datasets import DATASETS
from .export import PACKAGE, latest

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@require_GET
def index(request):
    run = latest()
    package = json.loads((run / PACKAGE).read_text(encoding="utf-8")) if run else None
    return render(request, "opendata/index.html", {"package": package, "license": settings.OPEN_DATA_LICENSE})


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
