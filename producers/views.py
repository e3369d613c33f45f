from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.domain import history
from core.forms import add_domain_errors
from core.pagination import paginate

from . import domain
from .forms import ProducerFilterForm, ProducerForm, RegistrationForm, VerifyForm
from .models import Producer
from .rules import can_create_producer, can_delete_producer, can_edit_producer, can_verify_producer


def _visible_producer(request, code: str) -> Producer:
    return get_object_or_404(
        Producer.objects.visible_to(request.user).select_related(
            "area__parent__parent", "current_commune", "current_province"
        ),
        code=code,
    )


@login_required
def producer_list(request):
    filters = ProducerFilterForm(request.GET, label_suffix="")
    producers = Producer.objects.visible_to(request.user).select_related("area__parent__parent", "current_commune")
    if filters.is_valid():
        if filters.cleaned_data["q"]:
            producers = producers.search(filters.cleaned_data["q"])
        if filters.cleaned_data["status"]:
            producers = producers.filter(status=filters.cleaned_data["status"])
        if filters.cleaned_data["kind"]:
            producers = producers.filter(kind=filters.cleaned_data["kind"])
    page = paginate(request, producers)
    template = "producers/list.html#results" if request.htmx else "producers/list.html"
    return render(
        request, template, {"page": page, "filters": filters, "can_create": can_create_producer(request.user)}
    )


@login_required
def producer_detail(request, code: str):
    producer = _visible_producer(request, code)
    return render(
        request,
        "producers/detail.html",
        {
            "producer": producer,
            "products": producer.products.select_related("criteria_set"),
            "history": history(producer)[:50] if request.user.is_officer else None,
            "can_edit": can_edit_producer(request.user, producer),
            "can_verify": can_verify_producer(request.user, producer),
            "can_delete": can_delete_producer(request.user, producer),
            "verify_form": VerifyForm(),
        },
    )


@login_required
def producer_create(request):
    if not can_create_producer(request.user):
        raise Http404
    form = ProducerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            producer = domain.create_producer(by=request.user, **form.domain_fields())
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã đăng ký chủ thể %(name)s.") % {"name": producer.name})
            return redirect(producer)
    return render(request, "producers/form.html", {"form": form, "producer": None})


@login_required
def producer_edit(request, code: str):
    producer = _visible_producer(request, code)
    if not can_edit_producer(request.user, producer):
        raise PermissionDenied
    form = ProducerForm(request.POST or None, instance=Producer.objects.get(pk=producer.pk))
    if request.method == "POST" and form.is_valid():
        try:
            domain.update_producer(producer=producer, by=request.user, **form.domain_fields())
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect(producer)
    return render(request, "producers/form.html", {"form": form, "producer": producer})


@login_required
@require_POST
def producer_verify(request, code: str):
    producer = _visible_producer(request, code)
    form = VerifyForm(request.POST)
    if form.is_valid():
        try:
            domain.verify_producer(producer=producer, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã ghi kết quả xác minh."))
    else:
        messages.error(request, _("Hãy chọn kết quả xác minh."))
    return redirect(producer)


@login_required
@require_POST
def producer_delete(request, code: str):
    producer = _visible_producer(request, code)
    try:
        domain.delete_producer(producer=producer, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(producer)
    messages.success(request, _("Đã xoá chủ thể %(name)s.") % {"name": producer.name})
    return redirect("producers:list")


def register(request):
    """A producer opens an account and declares its producer profile; the commune verifies it later."""
    if request.user.is_authenticated:
        return redirect("dashboards:home")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = domain.register_producer_account(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                email=form.cleaned_data["email"],
                producer_fields=form.domain_fields(),
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Đã tạo tài khoản. Hồ sơ chủ thể đang chờ UBND xã xác minh."))
            return redirect(user.producer)
    return render(request, "producers/register.html", {"form": form})
