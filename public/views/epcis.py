"""Officers download a stamp batch's commissioning and checks as a GS1 EPCIS 2.0 JSON-LD document."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from stamps import epcis
from stamps.models import StampBatch


@login_required
@require_GET
def batch_epcis(request, code: str):
    """Streamed (a batch holds up to hundreds of thousands of stamps). Outside the officer's scope: 404;
    producers see their batches elsewhere but not this export of consumers' checks: 403."""
    batch = get_object_or_404(StampBatch.objects.visible_to(request.user).select_related("product"), code=code)
    if not request.user.is_officer:
        raise PermissionDenied
    response = StreamingHttpResponse(epcis.iter_document(batch), content_type="application/ld+json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{epcis.filename(batch)}"'
    return response
