"""The public home page, the programme's shop window: search, certified products by star and province, the newest
recognised ones, the next public trade events, the nearest sales points and the stamp check, for anonymous
visitors at "/" and for everyone at "/ocop/"; a signed-in user still gets their work page at "/"."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import _system_officer, make_producer
from criteria.models import CriteriaSet
from market.domain.sales_points import save_sales_point, set_products
from market.models import SalesPoint
from market.tests.conftest import make_fair
from products.domain import create_product
from programme.domain import save_event
from programme.models import Event, EventKind

from .factories import make_certificate

pytestmark = pytest.mark.django_db

HOME = "/"
SHOP = "/ocop/"


def today() -> datetime.date:
    return timezone.localdate()


def certified(producer, name: str, *, stars: int, days_ago: int = 365, **certificate):
    criteria_set = CriteriaSet.objects.get(legal_version__code="QD26_2026", number=7)
    product = create_product(
        by=_system_officer(producer), producer=producer, criteria_set=criteria_set, name=name, specification="Hộp"
    )
    issued_on = today() - datetime.timedelta(days=days_ago)
    expires_on = certificate.pop("expires_on", issued_on + datetime.timedelta(days=3 * 365))
    make_certificate(product, stars=stars, issued_on=issued_on, expires_on=expires_on, **certificate)
    return product


def point(*, by, area, name, lat=None, lon=None, decided=datetime.date(2025, 5, 1), **extra) -> SalesPoint:
    return save_sales_point(
        sales_point=SalesPoint(
            name=name,
            operator="HTX Dịch vụ",
            address="Số 1 Quang Trung",
            area=area,
            opening_hours="8:00–20:00 hằng ngày",
            decision_number="5/QĐ-UBND",
            decision_date=decided,
            latitude=Decimal(lat) if lat is not None else None,
            longitude=Decimal(lon) if lon is not None else None,
            **extra,
        ),
        by=by,
    )


def page(client, url=HOME, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def block(html: str, element_id: str) -> str:
    """The inside of the element with this id (an <ul>, <ol> or <section>)."""
    match = re.search(rf'<(ul|ol|section)[^>]* id="{element_id}"[^>]*>(.*?)</\1>', html, re.S)
    assert match, element_id
    return match.group(2)


def star_counts(html: str) -> dict[int, int]:
    found = re.findall(r'data-stars="(\d)">\s*<span class="star-count">(\d+)</span>', block(html, "star-counts"))
    return {int(stars): int(count) for stars, count in found}


@pytest.fixture
def shelf(producer_a, producer_b):
    """Hà Nội's certified products: three showing a star, one expired, one withdrawn."""
    return {
        "three": certified(producer_a, "Mứt gừng Phú Nghĩa", stars=3, days_ago=300),
        "four": certified(producer_b, "Chè búp Chương Mỹ", stars=4, days_ago=30),
        "five": certified(producer_a, "Gạo nếp cái hoa vàng", stars=5, days_ago=100),
        "expired": certified(
            producer_a, "Miến dong hết hạn", stars=4, days_ago=2000, expires_on=today() - datetime.timedelta(days=1)
        ),
        "withdrawn": certified(producer_b, "Tương bần bị thu hồi", stars=5, days_ago=10, withdrawn_on=today()),
    }


@pytest.fixture
def ninh_binh_product(commune_nb):
    producer = make_producer(name="HTX Cói Kim Sơn", area=commune_nb, tax_code="2700283212")
    return certified(producer, "Chiếu cói Kim Sơn", stars=4, days_ago=5)


def test_shop_window_offers_the_search_box_of_the_catalogue(client):
    html = page(client)
    search = re.search(r'<form[^>]*id="shop-search"[^>]*>(.*?)</form>', html, re.S)
    assert 'action="/san-pham-ocop/"' in search.group(0)
    assert 'name="q"' in search.group(1)
    assert 'name="tinh"' in search.group(1)
    assert '<label for="shop-q">Tìm sản phẩm</label>' in search.group(1)


def test_shop_window_search_lands_in_the_catalogue_with_its_results(client, shelf):
    html = page(client, reverse("public:catalogue"), q="chuong my", tinh="01")
    assert "Chè búp Chương Mỹ" in html
    assert "Mứt gừng Phú Nghĩa" not in html


def test_shop_window_counts_only_products_showing_each_star(client, shelf):
    assert star_counts(page(client)) == {3: 1, 4: 1, 5: 1}


def test_shop_window_star_counts_equal_the_catalogue_behind_each_link(client, shelf, ninh_binh_product):
    html = page(client)
    assert star_counts(html) == {3: 1, 4: 2, 5: 1}
    for stars, count in star_counts(html).items():
        assert f'href="/san-pham-ocop/?sao={stars}"' in html
        listed = page(client, reverse("public:catalogue"), sao=str(stars))
        assert f"{count} sản phẩm" in listed


def test_shop_window_showcase_lists_the_newest_recognised_products_with_star_and_area(client, shelf):
    showcase = block(page(client), "showcase")
    names = re.findall(r"<h3><a [^>]*>([^<]+)</a></h3>", showcase)
    assert names == ["Chè búp Chương Mỹ", "Gạo nếp cái hoa vàng", "Mứt gừng Phú Nghĩa"]
    assert 'aria-label="4 sao OCOP"' in showcase
    assert "Phường Chương Mỹ, Thành phố Hà Nội" in showcase


def test_shop_window_province_filter_narrows_counts_showcase_and_sales_points(
    client, shelf, ninh_binh_product, erin, frank, commune_x, commune_nb
):
    point(by=erin, area=commune_x, name="Điểm bán Phú Nghĩa")
    point(by=frank, area=commune_nb, name="Điểm bán Kim Sơn")
    html = page(client, tinh="37")
    assert star_counts(html) == {3: 0, 4: 1, 5: 0}
    assert 'href="/san-pham-ocop/?sao=4&amp;tinh=37"' in html
    showcase = block(html, "showcase")
    assert ("Chiếu cói Kim Sơn" in showcase, "Chè búp Chương Mỹ" in showcase) == (True, False)
    points = block(html, "sales-points")
    assert ("Điểm bán Kim Sơn" in points, "Điểm bán Phú Nghĩa" in points) == (True, False)
    assert '<option value="37" selected>' in html


def test_shop_window_refuses_an_unknown_province_with_a_message_and_shows_the_country(client, shelf):
    html = page(client, tinh="99")
    assert 'id="tinh-errors"' in html
    assert star_counts(html) == {3: 1, 4: 1, 5: 1}


def test_shop_window_lists_only_public_events_still_to_come(client, erin, hanoi):
    coming = make_fair(by=erin, area=hanoi, topic="Tuần hàng OCOP Hà Nội", days_ahead=12)
    running = make_fair(by=erin, area=hanoi, topic="Hội chợ đang diễn ra", days_ahead=-1)
    make_fair(by=erin, area=hanoi, topic="Hội chợ mùa xuân", days_ahead=-40)
    day = today() + datetime.timedelta(days=5)
    save_event(
        event=Event(
            kind=EventKind.TRAINING,
            topic="Lớp tập huấn cán bộ OCOP",
            starts_on=day,
            ends_on=day,
            place="Hội trường Sở",
            area=hanoi,
            organiser="Sở Nông nghiệp",
        ),
        by=erin,
    )
    events = block(page(client), "upcoming-events")
    topics = re.findall(r'<a href="/su-kien/[^"]+/">([^<]+)</a>', events)
    assert topics == [running.topic, coming.topic]
    assert 'href="/su-kien/"' in block(page(client), "events")


def test_shop_window_puts_the_nearest_sales_point_first_given_a_location(client, erin, commune_x):
    point(by=erin, area=commune_x, name="Điểm Sóc Sơn", lat="21.25", lon="105.85", decided=datetime.date(2025, 9, 1))
    point(by=erin, area=commune_x, name="Điểm Hoàn Kiếm", lat="21.03", lon="105.85", decided=datetime.date(2025, 2, 1))
    points = block(page(client, lat="21.03", lon="105.85"), "sales-points")
    assert points.index("Điểm Hoàn Kiếm") < points.index("Điểm Sóc Sơn")
    assert "cách bạn khoảng 0,0 km" in points
    assert "8:00–20:00 hằng ngày" in points


def test_shop_window_refuses_bad_coordinates_with_a_message_and_the_newest_points(client, erin, commune_x):
    point(by=erin, area=commune_x, name="Điểm Sóc Sơn", lat="21.25", lon="105.85", decided=datetime.date(2025, 9, 1))
    point(by=erin, area=commune_x, name="Điểm Hoàn Kiếm", lat="21.03", lon="105.85", decided=datetime.date(2025, 2, 1))
    for bad in ({"lat": "1e9", "lon": "abc"}, {"lat": "21.03"}, {"lat": "95", "lon": "105.85"}):
        html = page(client, **bad)
        assert "Vị trí không hợp lệ; dưới đây là các điểm bán mới được công nhận." in html, bad
        points = block(html, "sales-points")
        assert points.index("Điểm Sóc Sơn") < points.index("Điểm Hoàn Kiếm"), bad
        assert "cách bạn" not in points, bad


def test_shop_window_without_a_location_lists_the_newest_open_sales_points(client, erin, commune_x):
    point(by=erin, area=commune_x, name="Điểm cũ", decided=datetime.date(2024, 1, 1))
    point(by=erin, area=commune_x, name="Điểm mới", decided=datetime.date(2025, 9, 1))
    point(by=erin, area=commune_x, name="Điểm đã đóng cửa", decided=datetime.date(2025, 10, 1), is_open=False)
    points = block(page(client), "sales-points")
    names = re.findall(r"<h3><a [^>]*>([^<]+)</a></h3>", points)
    assert names == ["Điểm mới", "Điểm cũ"]


def test_sales_point_page_shows_its_address_and_only_the_carried_products_showing_a_star(
    client, erin, commune_x, shelf
):
    shop = point(by=erin, area=commune_x, name="Điểm bán Phú Nghĩa")
    # Both went on the shelf a week ago, while the expired one still showed its star.
    a_week_ago = today() - datetime.timedelta(days=7)
    set_products(sales_point=shop, products=[shelf["three"], shelf["expired"]], by=erin, today=a_week_ago)
    url = reverse("public:sales_point", args=[shop.code])
    assert f'href="{url}"' in page(client)
    html = page(client, url)
    assert "Số 1 Quang Trung, Xã Phú Nghĩa, Thành phố Hà Nội" in html
    assert ("Mứt gừng Phú Nghĩa" in html, "Miến dong hết hạn" in html) == (True, False)


def test_sales_point_page_of_a_closed_point_is_404(client, erin, commune_x):
    closed = point(by=erin, area=commune_x, name="Điểm đã đóng cửa", is_open=False)
    assert client.get(reverse("public:sales_point", args=[closed.code])).status_code == 404


def test_shop_window_stamp_check_form_goes_to_the_check_page(client):
    stamp_check = block(page(client), "stamp-check")
    assert 'action="/kiem-tra-tem/"' in stamp_check
    assert 'name="ma"' in stamp_check
    assert client.get(reverse("public:check"), {"ma": "ABC"}).status_code == 200


def test_shop_window_links_producers_and_officers_to_sign_up_and_sign_in(client):
    accounts = block(page(client), "for-producers")
    links = (reverse("accounts:login"), reverse("accounts:register"))
    assert [f'href="{link}"' in accounts for link in links] == [True, True]


def test_home_gives_a_signed_in_officer_the_work_page_and_the_shop_window_at_ocop(client, erin, shelf):
    client.force_login(erin)
    work = page(client)
    assert "Xin chào, Erin" in work
    assert 'id="star-counts"' not in work
    assert star_counts(page(client, SHOP)) == {3: 1, 4: 1, 5: 1}


def test_shop_window_cached_page_shows_a_withdrawal_at_once(client, shelf):
    assert star_counts(page(client)) == {3: 1, 4: 1, 5: 1}
    certificate = shelf["four"].certificates.get()
    certificate.withdrawn_on = today()
    certificate.save()
    html = page(client)
    assert star_counts(html) == {3: 1, 4: 0, 5: 1}
    assert "Chè búp Chương Mỹ" not in block(html, "showcase")


def test_shop_window_is_served_from_the_cache_the_second_time(client, shelf, django_assert_max_num_queries):
    page(client)
    with django_assert_max_num_queries(1):  # the catalogue's version, read from the shared cache
        page(client)


@pytest.mark.parametrize("item_count", (1, 3))
def test_shop_window_queries_do_not_grow_with_products_points_and_events(
    client, item_count, producer_a, erin, hanoi, commune_x, django_assert_num_queries
):
    for n in range(item_count):
        product = certified(producer_a, f"Sản phẩm số {n}", stars=3 + n % 3, days_ago=10 + n)
        shop = point(by=erin, area=commune_x, name=f"Điểm bán số {n}")
        set_products(sales_point=shop, products=[product], by=erin)
        make_fair(by=erin, area=hanoi, topic=f"Hội chợ số {n}", days_ahead=3 + n)
    with django_assert_num_queries(QUERIES):
        page(client)


QUERIES = 7


def test_shop_window_cached_page_shows_a_new_event_at_once(client, erin, hanoi):
    assert "Tuần hàng OCOP Hà Nội" not in page(client)
    make_fair(by=erin, area=hanoi, topic="Tuần hàng OCOP Hà Nội")
    assert "Tuần hàng OCOP Hà Nội" in block(page(client), "upcoming-events")


@pytest.mark.parametrize("item_count", (1, 3))
def test_sales_point_page_queries_do_not_grow_with_its_products(
    client, item_count, producer_a, erin, commune_x, django_assert_num_queries
):
    shop = point(by=erin, area=commune_x, name="Điểm bán Phú Nghĩa")
    products = [certified(producer_a, f"Sản phẩm số {n}", stars=4) for n in range(item_count)]
    set_products(sales_point=shop, products=products, by=erin)
    with django_assert_num_queries(5):
        page(client, reverse("public:sales_point", args=[shop.code]))


def test_product_where_to_buy_links_each_sales_point_to_its_page(client, erin, commune_x, shelf):
    shop = point(by=erin, area=commune_x, name="Điểm bán Phú Nghĩa")
    set_products(sales_point=shop, products=[shelf["three"]], by=erin)
    html = page(client, reverse("public:product", args=[shelf["three"].code]))
    assert f'<a href="{reverse("public:sales_point", args=[shop.code])}">Điểm bán Phú Nghĩa</a>' in html
