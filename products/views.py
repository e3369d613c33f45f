from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from audit.domain import history
from certificates.queries import with_current_certificate
from core.forms import add_domain_errors
from core.pagination import paginate
from producers.models import Producer

from . import domain
from .forms import ImageForm, IntellectualPropertyForm, NewProductForm, ProductFilterForm, ProductForm
from .models import Product
from .rules import can_edit_product


def _visible_product(request, code: str) -> Product:
    return get_object_or_404(
        Product.objects.visible_to(request.user).select_related(
            "producer__area__parent__parent", "criteria_set__group__sector", "criteria_set__legal_version"
        ),
        code=code,
    )


@login_required
def product_list(request):
    filters = ProductFilterForm(request.GET, label_suffix="")
    products = with_current_certificate(
        Product.objects.visible_to(request.user).select_related("producer", "criteria_set")
    )
    if filters.is_valid():
        if filters.cleaned_data["q"]:
            products = products.search(filters.cleaned_data["q"])
        if filters.cleaned_data["criteria_set"]:
            products = products.filter(criteria_set=filters.cleaned_data["criteria_set"])
    page = paginate(request, products)
    template = "products/list.html#results" if request.htmx else "products/list.html"
    return render(request, template, {"page": page, "filters": filters})


@login_required
def product_detail(request, code: str):
    product = _visible_product(request, code)
    can_edit = can_edit_product(request.user, product)
    return render(
        request,
        "products/detail.html",
        {
            "product": product,
            "images": product.images.all(),
            "ip_titles": product.ip_titles.all(),
            "can_edit": can_edit,
            "image_form": ImageForm() if can_edit else None,
            "ip_form": IntellectualPropertyForm() if can_edit else None,
            "history": history(product)[:50] if request.user.is_officer else None,
        },
    )


def _producers_for_new_product(user):
    producers = Producer.objects.visible_to(user).filter(status=Producer.Status.VERIFIED)
    if user.role not in (Role.PRODUCER, Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICER, Role.SYSADMIN):
        return producers.none()
    return producers


@login_required
def product_create(request):
    producers = _producers_for_new_product(request.user)
    if not producers.exists():
        if request.user.role == Role.PRODUCER:
            messages.warning(request, _("Chủ thể chưa được xã xác minh nên chưa đăng ký được sản phẩm."))
            return redirect("dashboards:home")
        raise Http404
    initial = {}
    if request.GET.get("producer"):
        initial["producer"] = producers.filter(code=request.GET["producer"]).first()
    elif request.user.role == Role.PRODUCER:
        initial["producer"] = producers.first()
    form = NewProductForm(request.POST or None, producers=producers, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            product = domain.create_product(
                by=request.user, producer=form.cleaned_data["producer"], **form.domain_fields()
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã đăng ký sản phẩm, mã %(code)s.") % {"code": product.official_code})
            return redirect(product)
    return render(request, "products/form.html", {"form": form, "product": None})


@login_required
def product_edit(request, code: str):
    product = _visible_product(request, code)
    if not can_edit_product(request.user, product):
        raise PermissionDenied
    form = ProductForm(request.POST or None, instance=Product.objects.get(pk=product.pk))
    if request.method == "POST" and form.is_valid():
        try:
            domain.update_product(product=product, by=request.user, **form.domain_fields())
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect(product)
    return render(request, "products/form.html", {"form": form, "product": product})


@login_required
@require_POST
def product_delete(request, code: str):
    product = _visible_product(request, code)
    try:
        domain.delete_product(product=product, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(product)
    messages.success(request, _("Đã xoá sản phẩm %(name)s.") % {"name": product.name})
    return redirect("products:list")


@login_required
@require_POST
def image_add(request, code: str):
    product = _visible_product(request, code)
    form = ImageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            domain.add_product_image(
                product=product,
                by=request.user,
                upload=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã thêm ảnh."))
    else:
        messages.error(request, _("Hãy chọn một tệp ảnh."))
    return redirect(product)


@login_required
@require_POST
def image_remove(request, code: str, image_id: int):
    product = _visible_product(request, code)
    image = get_object_or_404(product.images, pk=image_id)
    domain.remove_product_image(image=image, by=request.user)
    messages.success(request, _("Đã xoá ảnh."))
    return redirect(product)


@login_required
@require_POST
def ip_add(request, code: str):
    product = _visible_product(request, code)
    form = IntellectualPropertyForm(request.POST)
    if form.is_valid():
        domain.add_ip_title(product=product, by=request.user, **form.cleaned_data)
        messages.success(request, _("Đã thêm tài sản trí tuệ."))
    else:
        messages.error(
            request,
            _("Thông tin tài sản trí tuệ chưa đủ: ")
            + "; ".join(f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items()),
        )
    return redirect(product)


@login_required
@require_POST
def ip_remove(request, code: str, title_id: int):
    product = _visible_product(request, code)
    title = get_object_or_404(product.ip_titles, pk=title_id)
    domain.remove_ip_title(title=title, by=request.user)
    messages.success(request, _("Đã xoá tài sản trí tuệ."))
    return redirect(product)
