"""English on the public pages: a language switch on every one (no CSRF token: the pages are cached and shared),
the classification's names in English, the pages cached per language."""

import re

from django.conf import settings
from django.test import Client

from conftest import _system_officer
from criteria.models import CriteriaSet
from products.domain import create_product

from .factories import make_certificate

SWITCH = re.compile(r'<form action="/i18n/setlang/" method="post" class="lang-switch">(.*?)</form>', re.S)


def recognised(producer, number: int = 7):
    criteria_set = CriteriaSet.objects.get(legal_version__code="QD26_2026", number=number)
    product = create_product(
        by=_system_officer(producer), producer=producer, criteria_set=criteria_set, name="Mứt gừng", specification="Hộp"
    )
    make_certificate(product, stars=4)
    return product


def test_public_pages_have_a_language_switch_without_a_csrf_token(client, producer_a):
    product = recognised(producer_a)
    for url in ("/san-pham-ocop/", f"/san-pham-ocop/{product.code}/", "/kiem-tra-tem/", "/bao-hang-gia/"):
        html = client.get(url).content.decode()
        switch = SWITCH.search(html)
        assert switch, url
        assert 'value="en"' in switch.group(1), url
        assert "csrfmiddlewaretoken" not in switch.group(1), url


def test_switching_language_from_a_cached_page_needs_no_csrf_token(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/san-pham-ocop/"})
    assert response.status_code == 302
    assert response["Location"] == "/san-pham-ocop/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en">' in client.get("/san-pham-ocop/").content.decode()


def test_switch_refuses_a_foreign_next(db):
    response = Client(enforce_csrf_checks=True).post(
        "/i18n/setlang/", {"language": "en", "next": "https://evil.example/"}
    )
    assert "evil.example" not in response.get("Location", "")


def test_catalogue_filters_and_product_page_name_the_classification_in_english(client, producer_a):
    product = recognised(producer_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    catalogue = client.get("/san-pham-ocop/").content.decode()
    assert '<option value="I">I. Food products</option>' in catalogue
    assert '<option value="I.3">I.3 Processed food</option>' in catalogue
    page = client.get(f"/san-pham-ocop/{product.code}/").content.decode()
    assert "<dd>Processed food</dd>" in page


def test_catalogue_in_vietnamese_keeps_the_official_names(client, producer_a):
    recognised(producer_a)
    catalogue = client.get("/san-pham-ocop/").content.decode()
    assert '<option value="I.3">I.3 Thực phẩm chế biến</option>' in catalogue
