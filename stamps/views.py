from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.db.models.functions import Coalesce
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from certificates.models import Certificate
from certificates.queries import showing_star_q
from core.forms import add_domain_errors
from core.pagination import paginate
from products.models import Product

from . import domain
from .forms import OrderForm, RevokeBatchForm, RevokeStampsForm, SheetForm
from .links import batch_link_prefix
from .models import StampBatch, StampSheet
from .rules import can_manage_batch, may_order_at_all
from .serials import group
from .verdicts import certificate_in_force, is_revoked, revoke_reason

SAMPLE_SIZE = 10
SHEETS_SHOWN = 5


def _visible_batch(request, code: str) -> StampBatch:
    return get_object_or_404(
        StampBatch.objects.visible_to(request.user).select_related(
            "product__producer", "certificate__superseded_by", "ordered_by", "revoked_by"
        ),
        code=code,
    )


def _managed_batch(request, code: str) -> StampBatch:
    batch = _visible_batch(request, code)
    if not can_manage_batch(request.user, batch):
        raise PermissionDenied
    return batch


def _orderable_products(user):
    """Products the user may order stamps for: in scope, with a certificate showing a star today."""
    if not may_order_at_all(user):
        return Product.objects.none()
    starred = Certificate.objects.filter(showing_star_q(timezone.localdate()), product=OuterRef("pk"))
    products = Product.objects.visible_to(user).filter(Exists(starred)).select_related("producer")
    return products.order_by("name", "id")


@login_required
def batch_list(request):
    batches = StampBatch.objects.visible_to(request.user).select_related("product__producer")
    page = paginate(request, batches)
    return render(request, "stamps/list.html", {"page": page, "may_order": may_order_at_all(request.user)})


@login_required
def batch_order(request):
    if not may_order_at_all(request.user):
        raise PermissionDenied
    products = _orderable_products(request.user)
    initial = {}
    if request.GET.get("product"):
        initial["product"] = products.filter(code=request.GET["product"]).first()
    elif request.user.role == Role.PRODUCER and len(choices := list(products[:2])) == 1:
        initial["product"] = choices[0]
    form = OrderForm(request.POST or None, products=products, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            batch = domain.order_batch(
                product=form.cleaned_data["product"],
                quantity=form.cleaned_data["quantity"],
                lot=form.cleaned_data["lot"],
                production_date=form.cleaned_data["production_date"],
                expiry_date=form.cleaned_data["expiry_date"],
                by=request.user,
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã đặt lô tem %(code)s; tem đang được phát hành.") % {"code": batch.code})
            return redirect(batch)
    return render(request, "stamps/order.html", {"form": form, "has_products": products.exists()})


def _status_context(request, batch: StampBatch) -> dict:
    sheets = list(batch.sheets.select_related("requested_by")[:SHEETS_SHOWN])
    can_manage = can_manage_batch(request.user, batch)
    for sheet in sheets:
        sheet.stalled = domain.is_sheet_stalled(sheet)
    # A stalled batch or sheet has nothing to wait for until someone resumes it.
    stalled = domain.is_stalled(batch)
    polling = (not batch.is_done and not stalled) or any(not sheet.is_done and not sheet.stalled for sheet in sheets)
    print_refusal = domain.no_star_reason(batch)
    return {
        "batch": batch,
        "sheets": sheets,
        "polling": polling,
        "stalled": stalled,
        "can_resume": stalled and can_manage,
        # What `check_printable` asks of a sheet drawn again (the batch is issued once it has sheets).
        "can_resume_sheets": can_manage and not batch.revoked_at and not print_refusal,
        "print_refusal": print_refusal,
    }


@login_required
def batch_detail(request, code: str):
    batch = _visible_batch(request, code)
    context = _status_context(request, batch)
    if request.htmx:
        return render(request, "stamps/batch.html#status", context)
    can_manage = can_manage_batch(request.user, batch)
    prefix = batch_link_prefix(batch)
    sample = [
        {
            "serial": stamp.serial,
            "grouped": group(stamp.serial),
            "url": prefix + stamp.serial,
            "stamp": stamp,
            "revoked": is_revoked(stamp),
            "reason": revoke_reason(stamp),
        }
        for stamp in batch.stamps.annotate(scan_count=Coalesce("counter__count", 0)).order_by("id")[:SAMPLE_SIZE]
    ]
    remaining = max(batch.quantity, 1)
    context.update(
        {
            "certificate": certificate_in_force(batch.certificate),
            "can_manage": can_manage,
            "sample": sample,
            "revoked_count": batch.stamps.filter(revoked_at__isnull=False).count() if batch.is_done else 0,
            "sheet_form": SheetForm(initial={"count": min(remaining, domain.sheet_max())}) if can_manage else None,
            "revoke_batch_form": RevokeBatchForm(prefix="batch") if can_manage else None,
            "revoke_stamps_form": RevokeStampsForm(prefix="stamps") if can_manage else None,
            "sheet_max": domain.sheet_max(),
        }
    )
    return render(request, "stamps/batch.html", context)


@login_required
@require_POST
def batch_resume(request, code: str):
    batch = _managed_batch(request, code)
    try:
        domain.resume_batch(batch=batch, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã cho phát hành lại lô tem %(code)s.") % {"code": batch.code})
    return redirect(batch)


@login_required
@require_POST
def sheet_resume(request, code: str, sheet: str):
    batch = _managed_batch(request, code)
    stamp_sheet = get_object_or_404(batch.sheets, code=sheet)
    try:
        domain.resume_sheet(sheet=stamp_sheet, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Đã cho tạo lại tệp in (tem %(first)s–%(last)s).")
            % {
                "first": stamp_sheet.first,
                "last": stamp_sheet.first + stamp_sheet.count - 1,
            },
        )
    return redirect(batch)


@login_required
@require_POST
def sheet_create(request, code: str):
    batch = _managed_batch(request, code)
    form = SheetForm(request.POST)
    if form.is_valid():
        try:
            domain.request_sheet(
                batch=batch,
                by=request.user,
                first=form.cleaned_data["first"],
                count=form.cleaned_data["count"],
                layout=form.layout(),
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đang tạo tệp PDF; tải về khi thanh tiến độ chạy xong."))
            return redirect(batch)
    _report_errors(request, form)
    return redirect(batch)


def _report_errors(request, form, *, labelled: bool = True) -> None:
    """The form's errors as messages: the actions post from the batch page and come back to it."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if labelled and field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))


@login_required
def sheet_download(request, code: str, sheet: str):
    batch = _managed_batch(request, code)
    sheet = get_object_or_404(batch.sheets, code=sheet, status=StampSheet.Status.READY)
    try:
        domain.check_printable(batch=batch, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(batch)
    last = sheet.first + sheet.count - 1
    return FileResponse(
        sheet.file.open("rb"),
        as_attachment=True,
        filename=f"tem-{batch.code}-{sheet.first}-{last}.pdf",
        content_type="application/pdf",
    )


@login_required
def batch_csv(request, code: str):
    batch = _managed_batch(request, code)
    try:
        lines = domain.csv_lines(batch=batch, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(batch)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tem-{batch.code}.csv"'
    return response


@login_required
@require_POST
def batch_revoke(request, code: str):
    batch = _managed_batch(request, code)
    form = RevokeBatchForm(request.POST, prefix="batch")
    if not form.is_valid():
        _report_errors(request, form, labelled=False)
        return redirect(batch)
    try:
        domain.revoke_batch(batch=batch, reason=form.cleaned_data["reason"], by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã thu hồi cả lô tem %(code)s.") % {"code": batch.code})
    return redirect(batch)


@login_required
@require_POST
def stamps_revoke(request, code: str):
    batch = _managed_batch(request, code)
    form = RevokeStampsForm(request.POST, prefix="stamps")
    if not form.is_valid():
        _report_errors(request, form, labelled=False)
        return redirect(batch)
    try:
        count = domain.revoke_stamps(
            serials=form.serial_list(), reason=form.cleaned_data["reason"], by=request.user, batch=batch
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã thu hồi %(count)s tem.") % {"count": count})
    return redirect(batch)
