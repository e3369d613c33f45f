"""Fake reports: the consumers' form, the page that follows a report by its reference number, and the old
addresses of the inbox (now the inspectors' inbox, `monitoring`, where notifications sent earlier still lead)."""

from contextlib import nullcontext

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.forms import add_domain_errors
from monitoring.domain import public_status

from .. import reports
from ..forms import FollowForm, ReportForm, serial_from_text
from ..ratelimit import allow, follow_limit, report_limit, too_many

HOUR = 3600


def _take_photo(request) -> ValidationError | None:
    """The photo comes first, whatever else the form gets wrong: a new upload is checked and kept for this
    visitor (replacing one kept before); a kept one is dropped when its box is unticked. Returns the photo's
    refusal, if any."""
    upload = request.FILES.get("photo")
    if upload:
        try:
            reports.keep_pending_photo(request.session, upload)
        except ValidationError as error:
            return error
    elif reports.PENDING_KEY in request.session and not request.POST.get("keep_photo"):
        reports.drop_pending_photo(request.session)
    return None


def report(request):
    """The public form. The serial comes prefilled from the verification page (?ma=…); a known stamp's
    province is not asked."""
    serial = serial_from_text((request.POST if request.method == "POST" else request.GET).get("ma", ""))[:40]
    stamp = reports.known_stamp(serial)
    if request.method == "POST":
        if not allow(request, scope="report", limit=report_limit(), window=HOUR):
            return too_many(request, window=HOUR)
        photo_error = _take_photo(request)
        pending = reports.pending_photo(request.session)
        data = request.POST.copy()
        if pending is not None:
            data["keep_photo"] = "on"
        form = ReportForm(data, stamp=stamp, pending_photo=pending is not None)
        if form.is_valid() and photo_error is None:
            clean = form.cleaned_data
            try:
                with pending or nullcontext():
                    filed = reports.submit_report(
                        serial=clean["ma"],
                        province=clean.get("province"),
                        what=clean["what"],
                        where=clean["where"],
                        contact=clean["contact"],
                        photo=pending,
                    )
            except ValidationError as error:
                add_domain_errors(form, error)
            else:
                reports.drop_pending_photo(request.session)
                return redirect(f"{reverse('public:report_sent')}?ma={filed.code}")
        if photo_error is not None:
            form.add_error("photo", photo_error)
        if pending is not None and not pending.closed:
            pending.close()
    else:
        pending = reports.pending_photo(request.session)
        if pending is not None:
            pending.close()
        form = ReportForm(initial={"ma": serial}, stamp=stamp, pending_photo=pending is not None)
    return render(request, "public/report.html", {"form": form, "stamp": stamp, "has_photo": pending is not None})


@require_GET
def report_photo(request):
    """The photo this visitor attached to a refused submission, shown back to them on the form."""
    photo = reports.pending_photo(request.session)
    if photo is None:
        raise Http404
    response = FileResponse(photo)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def report_sent(request):
    return render(request, "public/report_sent.html", {"code": request.GET.get("ma", "")[:10]})


@require_GET
def follow(request):
    """A report's progress, by its reference number: its status and the outcome published, nothing personal."""
    form = FollowForm(request.GET or None)
    item = None
    if form.is_bound:
        if not allow(request, scope="follow", limit=follow_limit(), window=HOUR):
            return too_many(request, window=HOUR)
        if form.is_valid():
            item = reports.followed(form.cleaned_data["ma"])
            if item is None:
                form.add_error(
                    "ma",
                    _("Không có phản ánh nào với số tham chiếu này. Kiểm tra lại số đã nhận khi gửi phản ánh."),
                )
    context = {"form": form, "item": item, "status": public_status(item) if item else ""}
    response = render(request, "public/report_follow.html", context)
    response["Cache-Control"] = "no-store"
    return response


def inbox(request):
    return redirect("monitoring:inbox")


def inbox_detail(request, code: str):
    return redirect("monitoring:detail", code=code)


def inbox_photo(request, code: str):
    return redirect("monitoring:photo", code=code)
