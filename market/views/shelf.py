"""A sales point's page and the changes made from it: the products on its shelf (by the officers of its area and its
operator) and its operator's accounts (by the officers). The operator's home page is this page (`dashboards`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_domain_errors

from .. import rules
from ..domain import sales_points
from ..forms import OperatorAccessForm, SalesPointForm, ShelfAddForm
from ..models import SalesPoint


def shelf_page(request, point: SalesPoint, *, forms: dict | None = None, status: int = 200):
    """The sales point's page for `request.user`, who sees `point` (the caller read it through `visible_to`)."""
    user, forms, today = request.user, forms or {}, timezone.localdate()
    keeps_shelf = rules.can_keep_shelf(user, point)
    keeps_point = rules.can_edit_sales_point(user, point)
    context = {
        "point": point,
        "shelf": sales_points.shelf(point, today=today),
        "can_edit": bool(rules.sales_point_fields_for(user, point, SalesPointForm._meta.fields)),
        "keeps_shelf": keeps_shelf,
        "keeps_point": keeps_point,
        "is_operator": rules.is_operator_of(user, point),
        "add_form": forms.get("add")
        or (ShelfAddForm(sales_point=point, today=today, search=request.GET.get("tim", "")) if keeps_shelf else None),
        "search": request.GET.get("tim", "").strip(),
        "access_form": forms.get("access") or (OperatorAccessForm() if keeps_point else None),
        "accounts": sales_points.operator_accounts(point) if keeps_point else [],
    }
    return render(request, "market/sales_point.html", context, status=status)


def _kept_point(request, code: str, may) -> SalesPoint:
    point = get_object_or_404(SalesPoint.objects.visible_to(request.user).select_related("area"), code=code)
    if not may(request.user, point):
        raise PermissionDenied
    return point


def _back(point: SalesPoint):
    return redirect("market:sales_point", code=point.code)


@login_required
@require_POST
def add_product(request, code: str):
    point = _kept_point(request, code, rules.can_keep_shelf)
    form = ShelfAddForm(request.POST, sales_point=point, today=timezone.localdate())
    if form.is_valid():
        product = form.cleaned_data["product"]
        try:
            sales_points.set_products(sales_point=point, products=[*point.products.all(), product], by=request.user)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã thêm %(product)s vào danh sách bày bán.") % {"product": product.name})
            return _back(point)
    return shelf_page(request, point, forms={"add": form}, status=400)


@login_required
@require_POST
def remove_product(request, code: str, product: str):
    point = _kept_point(request, code, rules.can_keep_shelf)
    removed = get_object_or_404(point.products.all(), code=product)
    kept = point.products.exclude(pk=removed.pk)
    sales_points.set_products(sales_point=point, products=kept, by=request.user)
    messages.success(request, _("Đã bỏ %(product)s khỏi danh sách bày bán.") % {"product": removed.name})
    return _back(point)


@login_required
@require_POST
def grant_access(request, code: str):
    point = _kept_point(request, code, rules.can_edit_sales_point)
    form = OperatorAccessForm(request.POST)
    if form.is_valid():
        try:
            account = sales_points.grant_access(sales_point=point, email=form.cleaned_data["email"], by=request.user)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(
                request, _("Đã cấp tài khoản %(username)s và gửi đường dẫn đặt mật khẩu.") % {"username": account}
            )
            return _back(point)
    return shelf_page(request, point, forms={"access": form}, status=400)


@login_required
@require_POST
def remove_access(request, code: str, username: str):
    point = _kept_point(request, code, rules.can_edit_sales_point)
    account = get_object_or_404(sales_points.operator_accounts(point), username=username)
    sales_points.remove_access(sales_point=point, account=account, by=request.user)
    messages.success(request, _("Đã thu hồi quyền truy cập của %(username)s.") % {"username": account.username})
    return _back(point)
