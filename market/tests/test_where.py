import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from areas.centroids import centroid
from market.domain.sales_points import save_sales_point, set_products
from market.models import SalesPoint
from market.where import by_distance, distance_km, where_to_buy
from public.tests.factories import make_certificate

HOAN_KIEM = (21.03, 105.85)


def make_point(*, by, area, name, lat=None, lon=None, **extra) -> SalesPoint:
    return save_sales_point(
        sales_point=SalesPoint(
            name=name,
            operator="HTX Dịch vụ",
            address="Số 1",
            area=area,
            decision_number="5/QĐ-UBND",
            decision_date=datetime.date(2025, 5, 1),
            latitude=Decimal(str(lat)) if lat is not None else None,
            longitude=Decimal(str(lon)) if lon is not None else None,
            **extra,
        ),
        by=by,
    )


def test_distance_km_between_hanoi_and_ho_chi_minh_city():
    assert round(distance_km((21.0285, 105.8542), (10.7769, 106.7009))) == 1144


def test_distance_km_is_zero_for_the_same_point():
    assert distance_km(HOAN_KIEM, HOAN_KIEM) == 0


@pytest.mark.django_db
def test_by_distance_puts_the_nearest_first_and_points_without_a_place_last(commune_x):
    far = SalesPoint(name="A xa", area=commune_x, latitude=Decimal("21.5"), longitude=Decimal("105.8"))
    near = SalesPoint(name="B gan", area=commune_x, latitude=Decimal("21.03"), longitude=Decimal("105.86"))
    middle = SalesPoint(name="C giua", area=commune_x, latitude=Decimal("21.2"), longitude=Decimal("105.85"))
    places = by_distance([far, near, middle], HOAN_KIEM)
    assert [p.sales_point.name for p in places] == ["B gan", "C giua", "A xa"]
    assert places[0].distance == 1.0


@pytest.mark.django_db
def test_by_distance_uses_the_communes_centroid_without_own_coordinates(commune_x):
    point = SalesPoint(name="Không tọa độ", area=commune_x)
    [place] = by_distance([point], HOAN_KIEM)
    assert place.distance == round(distance_km(HOAN_KIEM, centroid(commune_x)), 1)


@pytest.mark.django_db
def test_by_distance_without_a_location_orders_by_name(commune_x):
    points = [SalesPoint(name=n, area=commune_x) for n in ("Cửa hàng B", "Cửa hàng A")]
    assert [(p.sales_point.name, p.distance) for p in by_distance(points, None)] == [
        ("Cửa hàng A", None),
        ("Cửa hàng B", None),
    ]


@pytest.mark.parametrize(
    ("expires_in", "withdrawn", "shown"),
    [(400, False, True), (100, False, True), (-1, False, False), (400, True, False)],
    ids=["active", "due-for-renewal", "expired", "withdrawn"],
)
def test_where_to_buy_only_while_the_certificate_shows_a_star(product_a, erin, commune_x, expires_in, withdrawn, shown):
    today = timezone.localdate()
    make_certificate(
        product_a,
        expires_on=today + datetime.timedelta(days=expires_in),
        withdrawn_on=today if withdrawn else None,
    )
    point = make_point(by=erin, area=commune_x, name="Điểm OCOP Hoàn Kiếm")
    # Put on the shelf two days ago, while its certificate still showed a star.
    set_products(sales_point=point, products=[product_a], by=erin, today=today - datetime.timedelta(days=2))
    assert [p.sales_point for p in where_to_buy(product_a, day=today)] == ([point] if shown else [])


def test_where_to_buy_leaves_out_a_closed_sales_point(product_a, erin, commune_x):
    make_certificate(product_a)
    point = make_point(by=erin, area=commune_x, name="Đã đóng cửa", is_open=False)
    set_products(sales_point=point, products=[product_a], by=erin)
    assert where_to_buy(product_a, day=timezone.localdate()) == []


def test_a_sales_point_carries_only_certified_products(product_a, product_b, erin, commune_x):
    from django.core.exceptions import ValidationError

    make_certificate(product_a)
    point = make_point(by=erin, area=commune_x, name="Điểm OCOP")
    with pytest.raises(ValidationError) as caught:
        set_products(sales_point=point, products=[product_a, product_b], by=erin)
    assert caught.value.error_dict["products"][0].code == "sales_point_uncertified"
    assert list(point.products.all()) == []
