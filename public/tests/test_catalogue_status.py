"""The catalogue lists, by default, only products whose current certificate shows a star today (active, due for
renewal, extended for a late filer); the others only behind an explicit filter, each labelled with its
certificate's status and no star."""

import datetime

import pytest
from django.utils import timezone

from certificates.models import Certificate
from conftest import _system_officer
from criteria.models import CriteriaSet
from products.domain import create_product

from .factories import make_certificate

STAR = "★"
ALL = {"tat_ca": "on"}
FILTER_LABEL = "Cả sản phẩm đã hết hạn/bị thu hồi chứng nhận"


def today() -> datetime.date:
    return timezone.localdate()


def product_with(producer, name: str, **certificate) -> object:
    criteria_set = CriteriaSet.objects.get(legal_version__code="QD26_2026", number=7)
    product = create_product(
        by=_system_officer(producer), producer=producer, criteria_set=criteria_set, name=name, specification="Hộp"
    )
    make_certificate(product, stars=4, **certificate)
    return product


@pytest.fixture
def shelf(producer_a):
    """One product per certificate status a current certificate can have."""
    extended = product_with(producer_a, "Mứt gừng gia hạn", expires_on=today() - datetime.timedelta(days=5))
    Certificate.objects.filter(product=extended).update(extended_until=today() + datetime.timedelta(days=175))
    return {
        "active": product_with(producer_a, "Bánh chưng còn hiệu lực"),
        "due": product_with(producer_a, "Chè đến hạn đánh giá lại", expires_on=today() + datetime.timedelta(days=90)),
        "extended": extended,
        "expired": product_with(producer_a, "Miến dong hết hạn", expires_on=today() - datetime.timedelta(days=1)),
        "withdrawn": product_with(producer_a, "Tương bần bị thu hồi", withdrawn_on=today()),
    }


def listed(client, **params) -> str:
    response = client.get("/san-pham-ocop/", params)
    assert response.status_code == 200
    return response.content.decode()


def card(html: str, name: str) -> str:
    return html.split(f">{name}</a>", 1)[1].split("</li>", 1)[0]


def test_catalogue_by_default_lists_only_products_showing_a_star(client, shelf):
    html = listed(client)
    shown = {key for key, product in shelf.items() if product.name in html}
    assert shown == {"active", "due", "extended"}
    assert "3 sản phẩm" in html
    for key in ("active", "due", "extended"):
        assert STAR * 4 in card(html, shelf[key].name), key


def test_catalogue_offers_the_explicit_filter_for_the_others(client, shelf):
    html = listed(client)
    assert FILTER_LABEL in html
    assert 'name="tat_ca"' in html


def test_catalogue_filter_lists_the_others_labelled_and_without_star(client, shelf):
    html = listed(client, **ALL)
    assert all(product.name in html for product in shelf.values())
    assert "5 sản phẩm" in html
    expired, withdrawn = card(html, shelf["expired"].name), card(html, shelf["withdrawn"].name)
    assert "Hết hiệu lực" in expired and STAR not in expired
    assert "Đã thu hồi" in withdrawn and STAR not in withdrawn
    assert 'name="tat_ca" checked' in html or "checked" in html.split('name="tat_ca"', 1)[1].split(">", 1)[0]


def test_catalogue_star_filter_never_lists_a_product_without_star(client, shelf):
    for params in ({"sao": "4"}, {"sao": "4", **ALL}):
        html = listed(client, **params)
        assert {key for key, product in shelf.items() if product.name in html} == {"active", "due", "extended"}


def test_catalogue_cache_keeps_the_default_and_the_filtered_page_apart(client, shelf, django_assert_num_queries):
    listed(client)
    # A cached page still reads the catalogue's version from the shared cache: one query, no listing.
    with django_assert_num_queries(1):
        assert shelf["expired"].name not in listed(client)
    assert shelf["expired"].name in listed(client, **ALL)
    with django_assert_num_queries(2):
        assert shelf["expired"].name in listed(client, **ALL)
        assert shelf["expired"].name not in listed(client)


def test_product_page_of_an_extended_certificate_says_until_the_decision_at_the_latest(client, shelf):
    product = shelf["extended"]
    certificate = Certificate.objects.get(product=product)
    html = client.get(f"/san-pham-ocop/{product.code}/").content.decode()
    assert f"Gia hạn chờ quyết định đánh giá lại, chậm nhất đến ngày {certificate.extended_until:%d/%m/%Y}" in html
    assert STAR * 4 in html
