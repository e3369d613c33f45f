"""Where to buy a product: the open sales points that carry it, only while its certificate shows a star (the
certificate's status rule, `certificates`), nearest first when the shopper shares a location."""

import datetime
import math
from dataclasses import dataclass

from areas.centroids import centroid
from certificates.models import SHOWS_STAR
from certificates.queries import current_certificate

from .models import SalesPoint

EARTH_RADIUS_KM = 6371.0


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points, in kilometres (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def position(sales_point: SalesPoint) -> tuple[float, float] | None:
    """Its own latitude and longitude when it stores them, otherwise its commune's centroid."""
    if sales_point.latitude is not None and sales_point.longitude is not None:
        return float(sales_point.latitude), float(sales_point.longitude)
    return centroid(sales_point.area)


@dataclass(frozen=True)
class Place:
    sales_point: SalesPoint
    distance: float | None  # km from the shopper, when they shared a location and the point has a position


def by_distance(points, near: tuple[float, float] | None) -> list[Place]:
    """`points` as places, nearest first when `near` is given (those without a position last, by name);
    by name otherwise."""
    places = []
    for point in points:
        where = position(point) if near is not None else None
        places.append(Place(point, round(distance_km(near, where), 1) if where is not None else None))
    return sorted(places, key=lambda p: (p.distance is None, p.distance or 0, p.sales_point.name, p.sales_point.pk))


def where_to_buy(
    product, *, day: datetime.date, near: tuple[float, float] | None = None, certificate=None
) -> list[Place]:
    """The open sales points carrying `product`, when its current certificate (or `certificate`, the one that
    applies when the caller holds it: a stamp's) shows a star on `day`; none otherwise (an expired or withdrawn
    star is sold nowhere)."""
    certificate = certificate or current_certificate(product)
    if certificate is None or certificate.status_on(day) not in SHOWS_STAR:
        return []
    points = product.sales_points.filter(is_open=True).select_related("area__parent")
    return by_distance(points, near)
