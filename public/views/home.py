"""The site's home page. A signed-in user gets their work page (`dashboards`); everyone else gets the programme's
shop window: search, the certified products by star and province, the latest recognised ones, the next trade
events, the nearest sales points and the stamp check. The shop window is also at `/ocop/` for anyone, signed in
or not. It is cached whole like the catalogue (`public.cache`), so it shows nothing of the visitor."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.pagination import paginate
from dashboards.views import home as work_page
from market.forms import NearForm
from market.shop import upcoming_events

from .. import shop
from ..cache import cached_page
from ..forms import CheckForm, ShopWindowForm, provinces
from .catalogue import PAGE_SIZE

SHOWCASE_SIZE = 8
EVENTS_SHOWN = 4
SALES_POINTS_SHOWN = 5


def home(request):
    if request.user.is_authenticated:
        return work_page(request)
    return shop_window(request)


@require_GET
@cached_page
def shop_window(request):
    today = timezone.localdate()
    form = ShopWindowForm(request.GET, provinces=list(provinces()))
    province = form.province_code()
    near_form = NearForm(request.GET) if {"lat", "lon"} & set(request.GET) else None
    near = near_form.position() if near_form is not None else None
    counts = shop.star_counts(day=today, province_code=province)
    return render(
        request,
        "public/home.html",
        {
            "form": form,
            "province": province,
            "province_name": dict(form.fields["tinh"].choices).get(province, "") if province else "",
            "star_counts": [(stars, count, "★" * stars) for stars, count in counts.items()],
            "showcase": shop.recently_recognised(day=today, province_code=province, limit=SHOWCASE_SIZE),
            "events": upcoming_events(day=today, limit=EVENTS_SHOWN),
            "places": shop.nearest_sales_points(near=near, province_code=province, limit=SALES_POINTS_SHOWN),
            "near": near,
            "near_error": near_form is not None and near is None,
            "check_form": CheckForm(),
            "today": today,
        },
    )


@require_GET
@cached_page
def sales_point(request, code: str):
    """A sales point's public page: where it is, when it opens, how to reach it, and the OCOP products it carries
    that show a star today."""
    point = get_object_or_404(shop.open_sales_points(), code=code)
    page = paginate(request, shop.carried_products(point, day=timezone.localdate()), per_page=PAGE_SIZE)
    return render(request, "public/sales_point.html", {"point": point, "page": page})
