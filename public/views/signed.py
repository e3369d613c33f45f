"""The public "check a signed file" page (`/kiem-tra-van-ban/`): anyone uploads a PDF the platform signed and
reads whether its signature is valid, who signed it, whether it was changed after signing and, for a
certificate, whether it matches the one the platform holds and what its status is today. The file is read in
memory and never stored (not even in a temporary file); checks are counted per client (`core.ratelimit`)."""

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from certificates.signed_files import match_certificate, verdict
from core.uploads import InMemoryUpload
from signing.checking import check_pdf
from signing.kinds import DocumentKind

from ..forms import SignedFileForm
from ..ratelimit import allow, too_many

RATE_WINDOW = 3600
MULTIPART_OVERHEAD = 64 * 1024


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


# A check changes nothing and no one's session is used, so no CSRF token: the public certificate page, cached
# the same for everyone, can post here.
@csrf_exempt
def check_signed_file(request):
    max_bytes = settings.SIGNED_FILE_MAX_BYTES
    expected = request.GET.get("so", "")[:100]
    context = {"expected": expected, "max_mb": max_bytes // (1024 * 1024)}
    if request.method != "POST":
        context["form"] = SignedFileForm(max_bytes=max_bytes)
        return render(request, "public/signed_check.html", context)
    if not allow(request, scope="signed-file", limit=settings.SIGNED_FILE_CHECK_RATE_PER_HOUR, window=RATE_WINDOW):
        return too_many(request, window=RATE_WINDOW)
    if _content_length(request) > max_bytes + MULTIPART_OVERHEAD:
        form = SignedFileForm({}, {}, max_bytes=max_bytes, too_large=True)
    else:
        handler = InMemoryUpload(request, limit=max_bytes)
        request.upload_handlers = [handler]
        # request.POST is read first: the handler knows whether it skipped the file before too_large is read.
        form = SignedFileForm(request.POST, request.FILES, max_bytes=max_bytes, too_large=handler.too_large)
    context["form"] = form
    status = 200
    if form.is_valid():
        check = check_pdf(form.cleaned_data["tep"])
        match = match_certificate(check, today=timezone.localdate())
        context.update(check=check, match=match, verdict=verdict(check, match, expected=expected))
        context["kind_label"] = DocumentKind(check.kind).label if check.kind in DocumentKind.values else ""
    else:
        status = 400
    response = render(request, "public/signed_check.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response
