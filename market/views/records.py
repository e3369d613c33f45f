"""Sales points, a product's marketplace listings and trade agreements, behind the login."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.forms import add_domain_errors
from core.pagination import paginate
from products.models import Product
from products.rules import can_edit_product

from .. import rules
from ..domain import agreements, listings, sales_points
from ..forms import AgreementForm, ListingForm, ProductCertificationForm, SalesPointForm
from ..models import Listing, SalesPoint, TradeAgreement
from .shelf import shelf_page


def _market_only(request) -> None:
    if not rules.can_open_market(request.user):
        raise Http404


# Sales points ----------------------------------------------------------------------------------------------


@login_required
def sales_point_list(request):
    _market_only(request)
    points = SalesPoint.objects.visible_to(request.user).select_related("area").prefetch_related("products")
    return render(
        request,
        "market/sales_points.html",
        {"page": paginate(request, points), "can_create": rules.can_keep_sales_points(request.user)},
    )


def _visible_point(request, code: str) -> SalesPoint:
    return get_object_or_404(SalesPoint.objects.visible_to(request.user).select_related("area"), code=code)


@login_required
def sales_point_form(request, code: str | None = None):
    point = _visible_point(request, code) if code else None
    if point is None and not rules.can_keep_sales_points(request.user):
        raise Http404
    if point is not None and not rules.sales_point_fields_for(request.user, point, SalesPointForm._meta.fields):
        raise PermissionDenied
    form = SalesPointForm(request.POST or None, user=request.user, instance=point)
    if request.method == "POST" and form.is_valid():
        try:
            saved = sales_points.save_sales_point(sales_point=form.save(commit=False), by=request.user)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã lưu điểm bán."))
            return redirect("market:sales_point", code=saved.code)
    return render(request, "market/sales_point_form.html", {"form": form, "point": point})


@login_required
@require_safe
def sales_point_detail(request, code: str):
    """A sales point's page, also its operator's home page (`dashboards`): its details, the products it carries with
    their certificate's status today, and for those who keep it the forms that change them (`views.shelf`)."""
    return shelf_page(request, _visible_point(request, code))


# Listings ----------------------------------------------------------------------------------------------------


@login_required
def product_listings(request, code: str):
    product = get_object_or_404(Product.objects.visible_to(request.user).select_related("producer"), code=code)
    can_edit = can_edit_product(request.user, product)
    form = ListingForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                listings.add_listing(product=product, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_domain_errors(form, error)
            else:
                messages.success(request, _("Đã thêm gian hàng."))
                return redirect("market:listings", code=product.code)
    return render(
        request,
        "market/listings.html",
        {"product": product, "listings": product.listings.all(), "form": form, "can_edit": can_edit},
        status=400 if form is not None and form.errors else 200,
    )


@login_required
def product_certifications(request, code: str):
    """The certifications a product holds (VietGAP, organic...), which buyers' demands may require."""
    product = get_object_or_404(Product.objects.visible_to(request.user).select_related("producer"), code=code)
    can_edit = can_edit_product(request.user, product)
    form = ProductCertificationForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                listings.declare_certification(product=product, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_domain_errors(form, error)
            else:
                messages.success(request, _("Đã ghi chứng nhận."))
                return redirect("market:certifications", code=product.code)
    return render(
        request,
        "market/certifications.html",
        {"product": product, "certifications": product.certifications.all(), "form": form},
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_POST
def listing_remove(request, code: str):
    listing = get_object_or_404(Listing.objects.visible_to(request.user).select_related("product"), code=code)
    if not rules.can_edit_listing(request.user, listing):
        raise PermissionDenied
    product_code = listing.product.code
    listings.remove_listing(listing=listing, by=request.user)
    messages.success(request, _("Đã bỏ gian hàng."))
    return redirect("market:listings", code=product_code)


# Trade agreements -------------------------------------------------------------------------------------------


@login_required
def agreement_list(request):
    _market_only(request)
    rows = TradeAgreement.objects.visible_to(request.user).select_related("producer", "event")
    return render(request, "market/agreements.html", {"page": paginate(request, rows.prefetch_related("products"))})


@login_required
def agreement_create(request):
    _market_only(request)
    demand = request.GET.get("demand")
    form = AgreementForm(request.POST or None, user=request.user, demand=demand)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agreements.record_agreement(by=request.user, **data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã ghi thỏa thuận."))
            if data["event"] is not None:
                return redirect("market:event", code=data["event"].code)
            return redirect("market:agreements")
    return render(request, "market/agreement_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def agreement_delete(request, code: str):
    agreement = get_object_or_404(TradeAgreement.objects.visible_to(request.user), code=code)
    if not rules.can_edit_agreement(request.user, agreement):
        raise PermissionDenied
    agreements.delete_agreement(agreement=agreement, by=request.user)
    messages.success(request, _("Đã xoá."))
    return redirect("market:agreements")
