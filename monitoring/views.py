"""The inspectors' inbox: the list, an item with what it concerns and its stamp's scan history, the triage
(HTMX partials), the producer's answer, a complaint recorded by hand, and the photo of a consumer's report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit.domain import history
from core.forms import add_domain_errors
from core.pagination import paginate
from products.models import Product
from stamps.models import ScanEvent
from stamps.serials import group, is_valid

from . import domain
from .forms import AnswerForm, AskForm, CloseForm, ComplaintForm, InboxFilterForm, InspectForm
from .models import Signal, Status
from .rules import can_answer, can_triage, is_handler, sees_report

SCANS_PER_PAGE = 20


def _visible(request, code: str) -> Signal:
    return get_object_or_404(
        Signal.objects.visible_to(request.user).select_related(
            "report", "stamp", "batch", "product", "producer", "certificate", "province", "commune"
        ),
        code=code,
    )


@login_required
@require_GET
def inbox(request):
    form = InboxFilterForm(request.GET, user=request.user)
    items = form.apply(Signal.objects.visible_to(request.user).select_related("product", "producer", "province"))
    return render(
        request,
        "monitoring/inbox.html",
        {"page": paginate(request, items), "form": form, "can_record": is_handler(request.user)},
    )


def _triage_forms(request, signal: Signal, bound: dict | None = None) -> dict:
    forms = {"ask": AskForm(prefix="ask"), "close": CloseForm(prefix="close")}
    if signal.producer_id and signal.status != Status.INSPECTION:
        forms["inspect"] = InspectForm(prefix="inspect", signal=signal)
    forms.update(bound or {})
    return forms


def _context(request, signal: Signal, **extra) -> dict:
    scans = None
    if signal.stamp_id:
        history_of_stamp = ScanEvent.objects.filter(stamp_id=signal.stamp_id).order_by("-scanned_at", "-id")
        scans = paginate(request, history_of_stamp, SCANS_PER_PAGE)
    serial = signal.report.serial if signal.report_id else (signal.stamp.serial if signal.stamp_id else "")
    return {
        "item": signal,
        "can_triage": can_triage(request.user, signal),
        "can_answer": can_answer(request.user, signal) and signal.status == Status.ASKED,
        "sees_report": sees_report(request.user, signal),
        "serial_grouped": group(serial) if serial and is_valid(serial) else serial,
        "page": scans,
        "history": history(signal),
        "forms": extra.pop("forms", None) or _triage_forms(request, signal),
        "answer_form": extra.pop("answer_form", None) or AnswerForm(),
        **extra,
    }


@login_required
@require_GET
def detail(request, code: str):
    signal = _visible(request, code)
    template = "monitoring/detail.html#scans" if request.htmx and request.GET.get("page") else "monitoring/detail.html"
    return render(request, template, _context(request, signal))


def _ask(signal, by, data):
    return domain.move(signal=signal, to=Status.ASKED, by=by, question=data["question"])


def _close(signal, by, data):
    return domain.move(
        signal=signal, to=Status.CLOSED, by=by, reason=data["reason"], public_outcome=data["public_outcome"]
    )


def _inspect(signal, by, data):
    domain.open_inspection_for(signal=signal, by=by, **data)
    return Signal.objects.get(pk=signal.pk)


# The triage actions the page offers: each its form and the domain call it makes.
ACTIONS = {
    "ask": (AskForm, _ask),
    "close": (CloseForm, _close),
    "inspect": (InspectForm, _inspect),
}


@login_required
@require_POST
def triage(request, code: str):
    """One triage action (ask the producer, open an ad-hoc inspection, close); answers with the triage part of
    the page (HTMX) or goes back to the item. A refused action changes nothing and says why, in the form."""
    signal = _visible(request, code)
    if not can_triage(request.user, signal):
        raise PermissionDenied
    action = request.POST.get("action", "")
    if action not in ACTIONS:
        raise Http404
    form_class, act = ACTIONS[action]
    extra = {"signal": signal} if form_class is InspectForm else {}
    form = form_class(request.POST, prefix=action, **extra)
    if form.is_valid():
        try:
            signal = act(signal, request.user, form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã cập nhật tin báo: %(status)s.") % {"status": signal.get_status_display()})
            if not request.htmx:
                return redirect(signal)
            signal = _visible(request, code)
            return render(request, "monitoring/detail.html#triage", _context(request, signal))
    context = _context(request, signal, forms=_triage_forms(request, signal, {action: form}))
    if request.htmx:
        # HTMX swaps only successful responses: the refusal is a 200 whose form says what is wrong.
        return render(request, "monitoring/detail.html#triage", context)
    return render(request, "monitoring/detail.html", context, status=422)


@login_required
@require_POST
def answer(request, code: str):
    """The producer answers the request sent to it."""
    signal = _visible(request, code)
    if not can_answer(request.user, signal):
        raise PermissionDenied
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            domain.move(signal=signal, to=Status.ANSWERED, by=request.user, answer=form.cleaned_data["answer"])
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã gửi trả lời tới thanh tra tỉnh."))
            return redirect(signal)
    return render(request, "monitoring/detail.html", _context(request, signal, answer_form=form), status=422)


@login_required
def complaint(request):
    """An inspector records a complaint received otherwise, about one of the province's products."""
    if not is_handler(request.user):
        raise Http404
    form = ComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        product = Product.objects.visible_to(request.user).filter(code=form.cleaned_data["product"].upper()).first()
        if product is None:
            form.add_error("product", _("Không có sản phẩm mã này trong địa bàn của bạn."))
        else:
            try:
                signal = domain.record_complaint(by=request.user, product=product, summary=form.cleaned_data["summary"])
            except ValidationError as error:
                add_domain_errors(form, error)
            except PermissionDenied:
                form.add_error("product", _("Sản phẩm này không thuộc tỉnh của bạn."))
            else:
                messages.success(request, _("Đã ghi nhận khiếu nại %(code)s.") % {"code": signal.code})
                return redirect(signal)
    return render(request, "monitoring/complaint.html", {"form": form})


@login_required
@require_GET
def photo(request, code: str):
    """The photo of a consumer's report, only to those who may read the report (never from a public media URL)."""
    signal = _visible(request, code)
    if not sees_report(request.user, signal) or signal.report is None or not signal.report.photo:
        raise Http404
    return FileResponse(signal.report.photo.open("rb"))
