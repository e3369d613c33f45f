"""The public catalogue: only recognised products, diacritic- and case-blind search, filters, the star from the
current certificate's status today, product and producer pages, whole-page caching."""

import datetime

import pytest
from django.utils import timezone

from areas.models import Area
from certificates.models import Certificate
from conftest import _system_officer, make_producer
from criteria.models import CriteriaSet
from producers.models import Producer
from products.domain import add_product_image, create_product
from public import cache as page_cache

from .factories import make_certificate, png_upload

STAR = "★"


def today():
    return timezone.localdate()


def product_of(producer, name: str, *, number: int = 7):
    criteria_set = CriteriaSet.objects.get(legal_version__code="QD26_2026", number=number)
    return create_product(
        by=_system_officer(producer), producer=producer, criteria_set=criteria_set, name=name, specification="Hộp"
    )


@pytest.fixture
def banh_chung(producer_a):
    product = product_of(producer_a, "Bánh chưng Tranh Khúc")
    make_certificate(product, stars=4)
    return product


@pytest.fixture
def che(producer_b):
    product = product_of(producer_b, "Chè búp Chương Mỹ", number=1)
    make_certificate(product, stars=3)
    return product


def listed(client, **params) -> str:
    response = client.get("/san-pham-ocop/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_catalogue_lists_only_recognised_products(client, banh_chung, product_b):
    html = listed(client)
    assert banh_chung.name in html
    assert product_b.name not in html  # registered, never certified


@pytest.mark.parametrize("typed", ["banh chung", "BANH CHUNG", "Bánh Chưng", "bánh chưng tranh", "tranh khu"])
def test_catalogue_search_ignores_diacritics_and_case(client, banh_chung, che, typed):
    html = listed(client, q=typed)
    assert banh_chung.name in html
    assert che.name not in html


def test_catalogue_search_finds_the_producer_name(client, banh_chung, che):
    html = listed(client, q="hop tac xa che")
    assert che.name in html and banh_chung.name not in html


def test_catalogue_filters_by_star(client, banh_chung, che):
    html = listed(client, sao="4")
    assert banh_chung.name in html and che.name not in html
    html = listed(client, sao="3")
    assert che.name in html and banh_chung.name not in html


def test_catalogue_star_filter_skips_expired_certificates(client, banh_chung):
    Certificate.objects.filter(product=banh_chung).update(expires_on=today() - datetime.timedelta(days=1))
    assert banh_chung.name not in listed(client, sao="4")
    assert banh_chung.name in listed(client, tat_ca="on")


def test_catalogue_filters_by_sector_and_group(client, banh_chung, che):
    group = banh_chung.criteria_set.group
    other_group = che.criteria_set.group
    assert group != other_group
    html = listed(client, nhom=group.code)
    assert banh_chung.name in html and che.name not in html
    html = listed(client, nhom=other_group.code)
    assert che.name in html and banh_chung.name not in html
    html = listed(client, nganh=group.sector.numeral)
    assert banh_chung.name in html


def test_catalogue_filters_by_province_and_commune(client, banh_chung, che, commune_x, commune_nb, hanoi):
    nb_producer = make_producer(name="HTX Cói Kim Sơn", area=commune_nb, tax_code="0100112109")
    coi = product_of(nb_producer, "Chiếu cói Kim Sơn")
    make_certificate(coi, stars=3)
    html = listed(client, tinh=hanoi.code)
    assert banh_chung.name in html and che.name in html and coi.name not in html
    html = listed(client, tinh=hanoi.code, xa=commune_x.code)
    assert banh_chung.name in html and che.name not in html
    assert f'value="{commune_x.code}"' in html  # the commune filter offers the province's communes


def test_catalogue_filters_by_producer_type(client, banh_chung, che):
    Producer.objects.filter(pk=che.producer_id).update(kind="enterprise")
    html = listed(client, loai="enterprise")
    assert che.name in html and banh_chung.name not in html


def test_catalogue_unknown_filter_value_is_ignored(client, banh_chung):
    assert banh_chung.name in listed(client, sao="9", tinh="no-such")


def test_catalogue_expired_product_is_listed_without_star_only_on_request(client, banh_chung):
    Certificate.objects.filter(product=banh_chung).update(expires_on=today() - datetime.timedelta(days=1))
    assert banh_chung.name not in listed(client)
    html = listed(client, tat_ca="on")
    assert banh_chung.name in html
    assert STAR not in html
    assert "Hết hiệu lực" in html
    page = client.get(f"/san-pham-ocop/{banh_chung.code}/").content.decode()
    assert "Hết hiệu lực" in page and STAR not in page and "4 sao" not in page


def test_catalogue_product_page_shows_certificate_story_producer_and_contacts(client, banh_chung, media):
    banh_chung.story = "Gói bằng lá dong rừng."
    banh_chung.save(update_fields=["story"])
    add_product_image(product=banh_chung, by=_system_officer(banh_chung.producer), upload=png_upload())
    certificate = Certificate.objects.get(product=banh_chung)
    html = client.get(f"/san-pham-ocop/{banh_chung.code}/").content.decode()
    producer = banh_chung.producer
    for shown in (
        banh_chung.name,
        certificate.number,
        "4 sao",
        "Gói bằng lá dong rừng.",
        producer.name,
        producer.full_address,
        producer.phone,
        STAR * 4,
    ):
        assert shown in html, shown
    assert "/thumbs/" in html  # the small thumbnail, not the full image, is shown on the page


@pytest.fixture
def lua(db):
    """A producer recorded on a unit abolished on 1 July 2025 (Phường Vạn Phúc, Quận Hà Đông)."""
    old = Area.objects.get(era=Area.Era.LEGACY, level=Area.Level.COMMUNE, code="09544")
    producer = make_producer(name="Hộ kinh doanh Lụa Vạn Phúc", area=old, tax_code="0100109138")
    product = product_of(producer, "Khăn lụa tơ tằm", number=21)
    make_certificate(product, stars=4)
    return product


TODAYS_ADDRESS = "Thôn Đông, Phường Hà Đông, Thành phố Hà Nội (trước đây: Phường Vạn Phúc, Quận Hà Đông)"


def test_catalogue_product_and_producer_pages_give_todays_address_with_the_former_units(client, lua):
    for url in (f"/san-pham-ocop/{lua.code}/", f"/chu-the-ocop/{lua.producer.code}/"):
        html = client.get(url).content.decode()
        assert TODAYS_ADDRESS in html, url
        assert "Quận Hà Đông, Thành phố Hà Nội" not in html, url


def test_catalogue_product_page_of_an_unrecognised_product_is_404(client, product_b):
    assert client.get(f"/san-pham-ocop/{product_b.code}/").status_code == 404


def test_catalogue_producer_page_lists_its_recognised_products(client, banh_chung, producer_a, producer_b):
    unrecognised = product_of(producer_a, "Mứt gừng chưa chứng nhận")
    html = client.get(f"/chu-the-ocop/{producer_a.code}/").content.decode()
    assert banh_chung.name in html and unrecognised.name not in html
    assert producer_a.phone in html
    assert client.get(f"/chu-the-ocop/{producer_b.code}/").status_code == 404


@pytest.mark.parametrize("item_count", [1, 3])
def test_catalogue_list_query_count(client, producer_a, item_count, django_assert_num_queries, media):
    for index in range(item_count):
        product = product_of(producer_a, f"Sản phẩm {index}")
        make_certificate(product)
        add_product_image(product=product, by=_system_officer(producer_a), upload=png_upload())
    page_cache.bump_version()
    # the catalogue's version (shared cache), count, page of products (thumbnail and province joined), their
    # current certificates, groups, provinces
    with django_assert_num_queries(6):
        html = listed(client)
    assert html.count('class="card-body"') == item_count


@pytest.mark.parametrize("item_count", [1, 3])
def test_catalogue_producer_page_query_count(client, producer_a, item_count, django_assert_num_queries):
    for index in range(item_count):
        make_certificate(product_of(producer_a, f"Sản phẩm {index}"))
    page_cache.bump_version()
    # the catalogue's version (shared cache), the producer, count, page of products, their current certificates
    with django_assert_num_queries(5):
        client.get(f"/chu-the-ocop/{producer_a.code}/")


def test_catalogue_pages_are_cached_until_a_change(client, banh_chung, django_assert_num_queries):
    listed(client)
    with django_assert_num_queries(1):  # the catalogue's version, from the cache all server processes share
        html = listed(client)
    assert STAR in html
    response = client.get("/san-pham-ocop/")
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    certificate = Certificate.objects.get(product=banh_chung)
    certificate.withdrawn_on = today()
    certificate.save(update_fields=["withdrawn_on"])  # as certificates.domain's withdrawal does
    assert banh_chung.name not in listed(client)
    html = listed(client, tat_ca="on")
    assert STAR not in html and "Đã thu hồi" in html


def test_catalogue_cache_key_changes_with_the_date(client, banh_chung, monkeypatch):
    # A certificate expiring at midnight: no record changes, yet the next day's page must drop the star.
    Certificate.objects.filter(product=banh_chung).update(expires_on=today())
    assert STAR in listed(client)
    tomorrow = today() + datetime.timedelta(days=1)
    monkeypatch.setattr(page_cache.timezone, "localdate", lambda *args: tomorrow)
    monkeypatch.setattr("certificates.templatetags.ocop.timezone.localdate", lambda *args: tomorrow)
    monkeypatch.setattr("public.templatetags.public_extras.timezone.localdate", lambda *args: tomorrow)
    monkeypatch.setattr("public.views.catalogue.timezone.localdate", lambda *args: tomorrow)
    assert STAR not in listed(client)
