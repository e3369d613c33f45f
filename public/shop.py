"""What the public home page (the programme's shop window) shows, as queries: the certified products by star and
province, the recently recognised ones, and the sales points nearest the visitor. Every product count and list
goes through the catalogue's own filter (`public.catalogue.filter_products`), so a figure here is the number of
products the catalogue lists behind its link, and a star shows only while the certificate rule of `certificates`
says so."""

import datetime

from django.db.models import Count, OuterRef, QuerySet, Subquery

from areas.models import Area
from certificates.models import Certificate
from market.models import SalesPoint
from market.where import Place, by_distance

from .catalogue import filter_products, recognised_products

STARS = (3, 4, 5)


def star_counts(*, day: datetime.date, province_code: str = "") -> dict[int, int]:
    """The number of products showing each star on `day` (3, 4 and 5, zero included), in a province of today
    when given: the counts of the catalogue filtered by that star (and province)."""
    products = filter_products(recognised_products(), day=day, tinh=province_code)
    rows = products.order_by().values("current_stars").annotate(n=Count("pk", distinct=True))
    counts = {row["current_stars"]: row["n"] for row in rows}
    return {star: counts.get(star, 0) for star in STARS}


def recently_recognised(*, day: datetime.date, province_code: str = "", limit: int) -> list:
    """The products showing a star on `day` whose current certificate is the newest, newest first, with what a
    card shows (thumbnail, producer, commune and province of today, the certificate for the badge)."""
    products = filter_products(recognised_products(), day=day, tinh=province_code)
    issued = Certificate.objects.filter(pk=OuterRef("current_certificate_id")).values("issued_on")
    return list(
        products.select_related("producer__current_commune")
        .annotate(recognised_on=Subquery(issued))
        .order_by("-recognised_on", "-id")[:limit]
    )


def open_sales_points(*, province_code: str = "") -> QuerySet:
    points = SalesPoint.objects.filter(is_open=True).select_related("area__parent")
    if province_code:
        points = points.filter(province__code=province_code, province__era=Area.Era.CURRENT)
    return points


def nearest_sales_points(*, near: tuple[float, float] | None, province_code: str = "", limit: int) -> list[Place]:
    """The open sales points (of a province of today, when given): nearest first when the visitor shared a
    location (`market.where`'s distance), otherwise the most recently recognised."""
    points = open_sales_points(province_code=province_code)
    if near is not None:
        return by_distance(points, near)[:limit]
    return [Place(point, None) for point in points.order_by("-decision_date", "-id")[:limit]]


def carried_products(sales_point: SalesPoint, *, day: datetime.date) -> QuerySet:
    """The products a sales point carries that show a star on `day` (an expired or withdrawn star is shown on no
    shelf), as catalogue cards."""
    return filter_products(recognised_products().filter(sales_points=sales_point), day=day)
