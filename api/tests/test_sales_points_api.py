"""/api/v1/sales-points/: the scope's sales points with what they carry, written through the same domain functions as
the pages (market.domain.sales_points)."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from api import tokens
from api.tokens import WriteScope
from audit.models import AuditEntry
from conftest import make_user
from market.domain.sales_points import save_sales_point, set_products
from market.models import SalesPoint
from public.tests.factories import make_certificate

URL = "/api/v1/sales-points/"


def bearer(user, scopes) -> APIClient:
    expires_on = timezone.localdate() + datetime.timedelta(days=30)
    _token, raw = tokens.create_token(user=user, name="Cổng tỉnh", expires_on=expires_on, scopes=scopes, by=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def entries(point) -> list:
    content_type = ContentType.objects.get_for_model(SalesPoint)
    rows = AuditEntry.objects.filter(content_type=content_type, object_id=str(point.pk)).order_by("id")
    return [(e.action, e.actor_id, e.changes, e.note) for e in rows]


def twin(erin, commune_x) -> SalesPoint:
    """A second sales point like `sales_point_x`, for the pages to write what the API writes on the first."""
    return save_sales_point(
        sales_point=SalesPoint(
            name="Điểm giới thiệu sản phẩm OCOP Phú Nghĩa",
            operator="HTX Thương mại Phú Nghĩa",
            address="Số 1 đường Phú Nghĩa",
            area=commune_x,
            decision_number="125/QĐ-SCT",
            decision_date=datetime.date(2025, 5, 15),
        ),
        by=erin,
    )


# Who sees the sales point of commune X.
VISIBLE = {"oanh": True, "carol": True, "dave": False, "erin": True, "frank": False, "alice": False, "root": True}


@pytest.mark.parametrize(("persona", "sees"), VISIBLE.items())
def test_sales_points_are_the_persona_scope(api_as, persona, sees, sales_point_x, oanh):
    client = api_as(persona)
    listed = [row["code"] for row in client.get(URL).json()["results"]]
    assert listed == ([sales_point_x.code] if sees else [])
    assert client.get(f"{URL}{sales_point_x.code}/").status_code == (200 if sees else 404)


def test_another_operator_gets_404_and_changes_nothing(api_as, sales_point_x, oanh, erin, commune_y, product_a):
    make_certificate(product_a)
    other = twin(erin, commune_y)
    stranger = make_user("diem-chuong-my", "sales_point")
    stranger.sales_point = other
    stranger.save()
    client = APIClient()
    client.force_login(stranger)
    assert [row["code"] for row in client.get(URL).json()["results"]] == [other.code]
    response = client.post(f"{URL}{sales_point_x.code}/products/", {"products": [product_a.code]}, format="json")
    assert response.status_code == 404
    assert client.patch(f"{URL}{sales_point_x.code}/", {"phone": "1"}, format="json").status_code == 404
    assert list(sales_point_x.products.all()) == []


def test_the_operator_sets_its_products_through_the_api_as_through_its_page(
    api_as, client, sales_point_x, oanh, erin, commune_x, product_a
):
    make_certificate(product_a)
    page_point = twin(erin, commune_x)
    oanh_on_page = make_user("oanh-trang", "sales_point")
    oanh_on_page.sales_point = page_point
    oanh_on_page.save()

    response = api_as("oanh").post(
        f"{URL}{sales_point_x.code}/products/", {"products": [product_a.code]}, format="json"
    )
    assert response.status_code == 200, response.json()
    (carried,) = response.json()["products"]
    assert (carried["code"], carried["status"], carried["stars"]) == (product_a.code, "active", 4)
    client.force_login(oanh_on_page)
    assert (
        client.post(reverse("market:shelf_add", args=[page_point.code]), {"product": product_a.pk}).status_code == 302
    )

    assert list(sales_point_x.products.all()) == list(page_point.products.all()) == [product_a]
    api_entries = [(action, changes, note) for action, actor, changes, note in entries(sales_point_x)]
    page_entries = [(action, changes, note) for action, actor, changes, note in entries(page_point)]
    assert api_entries == page_entries
    assert (entries(sales_point_x)[-1][1], entries(page_point)[-1][1]) == (oanh.pk, oanh_on_page.pk)


def test_an_expired_product_is_refused_with_the_domain_message(api_as, sales_point_x, oanh, product_a):
    make_certificate(product_a, expires_on=timezone.localdate() - datetime.timedelta(days=1))
    response = api_as("oanh").post(
        f"{URL}{sales_point_x.code}/products/", {"products": [product_a.code]}, format="json"
    )
    assert response.status_code == 400
    assert "không có giấy chứng nhận OCOP còn hiệu lực" in response.json()["errors"]["products"][0]
    unknown = api_as("oanh").post(f"{URL}{sales_point_x.code}/products/", {"products": ["KHONGCO"]}, format="json")
    assert unknown.status_code == 400
    assert list(sales_point_x.products.all()) == []


def test_the_operator_changes_its_own_fields_only(api_as, sales_point_x, oanh):
    client = api_as("oanh")
    response = client.patch(f"{URL}{sales_point_x.code}/", {"opening_hours": "7:00–22:00"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["opening_hours"] == "7:00–22:00"
    assert client.patch(f"{URL}{sales_point_x.code}/", {"name": "Khác"}, format="json").status_code == 403
    assert client.post(URL, {"name": "Mới"}, format="json").status_code == 403
    sales_point_x.refresh_from_db()
    assert sales_point_x.name == "Điểm giới thiệu sản phẩm OCOP Phú Nghĩa"


def test_an_officer_creates_and_changes_a_sales_point(api_as, erin, commune_x, commune_nb):
    body = {
        "name": "Điểm OCOP Hồ Gươm",
        "operator": "Công ty CP Thương mại Hà Nội",
        "address": "Số 2 Lê Thái Tổ",
        "area_code": commune_x.code,
        "decision_number": "7/QĐ-SCT",
        "decision_date": "2025-06-01",
        "latitude": "21.03000",
        "longitude": "105.85000",
    }
    client = api_as("erin")
    created = client.post(URL, body, format="json")
    assert created.status_code == 201, created.json()
    code = created.json()["code"]
    point = SalesPoint.objects.get(code=code)
    assert (point.commune, point.province) == (commune_x, commune_x.parent)
    assert [e[0] for e in entries(point)] == ["create"]
    changed = client.patch(f"{URL}{code}/", {"name": "Điểm OCOP Hồ Gươm mới", "is_open": False}, format="json")
    assert changed.status_code == 200 and changed.json()["is_open"] is False
    outside = client.post(URL, {**body, "area_code": commune_nb.code}, format="json")
    assert outside.status_code == 403
    half = client.post(URL, {**body, "longitude": None}, format="json")
    assert half.status_code == 400


def test_filters_and_ordering(api_as, sales_point_x, erin, commune_y, product_a, hanoi):
    make_certificate(product_a)
    other = twin(erin, commune_y)
    other.name, other.is_open = "A Điểm Chương Mỹ", False
    save_sales_point(sales_point=other, by=erin)
    set_products(sales_point=sales_point_x, products=[product_a], by=erin)
    client = api_as("erin")

    def codes(query: str) -> list[str]:
        response = client.get(f"{URL}?{query}")
        assert response.status_code == 200, response.json()
        return [row["code"] for row in response.json()["results"]]

    assert codes("") == [other.code, sales_point_x.code]
    assert codes("ordering=-name") == [sales_point_x.code, other.code]
    assert codes("open=true") == [sales_point_x.code]
    assert codes("open=false") == [other.code]
    assert codes(f"product={product_a.code}") == [sales_point_x.code]
    assert codes(f"area=2025-commune-{commune_y.code}") == [other.code]
    assert codes(f"area=2025-province-{hanoi.code}") == [other.code, sales_point_x.code]
    assert client.get(f"{URL}?open=maybe").status_code == 400
    assert client.get(f"{URL}?ordering=phone").status_code == 400


def test_a_read_only_token_cannot_write(sales_point_x, oanh, erin, product_a):
    make_certificate(product_a)
    read_only = bearer(oanh, [])
    assert read_only.get(f"{URL}{sales_point_x.code}/").status_code == 200
    body = {"products": [product_a.code]}
    assert read_only.post(f"{URL}{sales_point_x.code}/products/", body, format="json").status_code == 403
    assert bearer(erin, []).patch(f"{URL}{sales_point_x.code}/", {"phone": "1"}, format="json").status_code == 403
    market = bearer(oanh, [WriteScope.MARKET])
    assert market.post(f"{URL}{sales_point_x.code}/products/", body, format="json").status_code == 200


@pytest.mark.parametrize("item_count", [1, 3])
def test_the_list_query_count_does_not_grow(api_as, erin, commune_x, product_a, item_count, django_assert_num_queries):
    make_certificate(product_a)
    for _ in range(item_count):
        set_products(sales_point=twin(erin, commune_x), products=[product_a], by=erin)
    client = api_as("erin")
    with django_assert_num_queries(9):
        assert len(client.get(URL).json()["results"]) == item_count
