"""The public catalogue of recognised OCOP products: search and filters, product pages, producer pages. Pages
are cached whole (see `public.cache`)."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from certificates.models import SHOWS_STAR
from certificates.queries import current_certificate
from core.pagination import paginate
from market.forms import NearForm
from market.where import where_to_buy

from ..cache import cached_page
from ..catalogue import filter_choices, filter_products, recognised_producers, recognised_products
from ..forms import CatalogueFilterForm

PAGE_SIZE = 24


@require_GET
@cached_page
def catalogue(request):
    today = timezone.localdate()
    form = CatalogueFilterForm(request.GET, **filter_choices(request.GET.get("tinh", "")))
    form.is_valid()  # an unknown choice is dropped; the valid filters still apply
    products = filter_products(recognised_products(), day=today, **form.cleaned_data)
    page = paginate(request, products, per_page=PAGE_SIZE)
    return render(request, "public/catalogue.html", {"form": form, "page": page, "today": today})


@require_GET
@cached_page
def product(request, code: str):
    product = get_object_or_404(
        recognised_products()
        .select_related(
            "producer__area__parent__parent",
            "producer__current_commune",
            "producer__current_province",
            "criteria_set__group__sector",
        )
        .prefetch_related("images"),
        code=code,
    )
    today = timezone.localdate()
    certificate = current_certificate(product)
    status = certificate.status_on(today)
    near = NearForm(request.GET) if {"lat", "lon"} & set(request.GET) else None
    return render(
        request,
        "public/product.html",
        {
            "product": product,
            "producer": product.producer,
            "certificate": certificate,
            "status": status,
            "shows_star": status in SHOWS_STAR,
            "today": today,
            "places": where_to_buy(product, day=today, near=near.position() if near else None),
            "near_error": near is not None and not near.is_valid(),
            "listings": product.listings.all() if status in SHOWS_STAR else [],
        },
    )


@require_GET
@cached_page
def producer(request, code: str):
    producer = get_object_or_404(
        recognised_producers().select_related("area__parent__parent", "current_commune", "current_province"), code=code
    )
    products = recognised_products().filter(producer=producer)
    page = paginate(request, products, per_page=PAGE_SIZE)
    return render(request, "public/producer.html", {"producer": producer, "page": page})
