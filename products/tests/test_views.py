import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.tests.factories import bomb_upload, png_declaring
from products.models import Product
from products.tests.test_domain import png_upload

DETAIL_SCOPE = [
    ("alice", 200),
    ("bob", 404),
    ("carol", 200),
    ("dave", 404),
    ("erin", 200),
    ("frank", 404),
    ("council", 200),
    ("advisor", 200),
    ("inspector", 200),
    ("minh", 200),
    ("root", 200),
]


@pytest.mark.parametrize(("persona", "status"), DETAIL_SCOPE)
def test_product_detail_is_visible_only_inside_scope(client, request, product_a, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(product_a.get_absolute_url()).status_code == status


@pytest.mark.parametrize(
    ("persona", "sees_a", "sees_b"),
    [
        ("alice", True, False),
        ("bob", False, True),
        ("carol", True, False),
        ("dave", False, True),
        ("erin", True, True),
        ("frank", False, False),
        ("root", True, True),
    ],
)
def test_product_list_is_filtered_by_scope(client, request, product_a, product_b, persona, sees_a, sees_b):
    client.force_login(request.getfixturevalue(persona))
    html = client.get(reverse("products:list")).content.decode()
    assert (product_a.name in html) == sees_a
    assert (product_b.name in html) == sees_b


@pytest.mark.parametrize("persona", ["bob", "dave", "frank"])
def test_outsider_gets_404_on_every_product_action(client, request, product_a, persona):
    client.force_login(request.getfixturevalue(persona))
    for name in ("edit", "delete", "image_add", "ip_add"):
        response = client.post(reverse(f"products:{name}", args=[product_a.code]), {})
        assert response.status_code == 404, name
    assert Product.objects.filter(pk=product_a.pk).exists()


def test_product_search_ignores_diacritics(client, erin, product_a, product_b):
    client.force_login(erin)
    html = client.get(reverse("products:list"), {"q": "MUT GUNG"}).content.decode()
    assert product_a.name in html
    assert product_b.name not in html


@pytest.mark.parametrize("count", [1, 3])
def test_product_list_query_count_does_not_grow_with_rows(
    client, erin, producer_a, criteria_set, django_assert_num_queries, count
):
    from products.domain import create_product

    for i in range(count):
        create_product(by=erin, producer=producer_a, criteria_set=criteria_set, name=f"Sản phẩm {i}")
    client.force_login(erin)
    with django_assert_num_queries(10):
        assert client.get(reverse("products:list")).status_code == 200


def test_producer_registers_a_product_through_the_form(client, alice, producer_a, criteria_set):
    client.force_login(alice)
    response = client.get(reverse("products:create"))
    assert response.status_code == 200
    response = client.post(
        reverse("products:create"),
        {
            "producer": producer_a.pk,
            "name": "Cao gừng",
            "criteria_set": criteria_set.pk,
            "gtin": "8934563138165",
            "food_safety_certificate_expires_on": "31/12/2027",
        },
    )
    product = Product.objects.get(name="Cao gừng")
    assert response.status_code == 302
    assert product.gtin == "08934563138165"
    assert product.food_safety_certificate_expires_on.isoformat() == "2027-12-31"


def test_bad_gtin_in_the_form_gets_a_message_and_creates_nothing(client, alice, producer_a, criteria_set):
    client.force_login(alice)
    response = client.post(
        reverse("products:create"),
        {
            "producer": producer_a.pk,
            "name": "Cao gừng",
            "criteria_set": criteria_set.pk,
            "gtin": "8934563138164",
        },
    )
    assert response.status_code == 200
    assert "sai chữ số kiểm tra" in response.content.decode()
    assert not Product.objects.filter(name="Cao gừng").exists()


def test_producer_cannot_pick_another_producer_in_the_form(client, alice, producer_b, criteria_set):
    client.force_login(alice)
    response = client.post(
        reverse("products:create"),
        {
            "producer": producer_b.pk,
            "name": "Chè giả",
            "criteria_set": criteria_set.pk,
        },
    )
    assert response.status_code == 200
    assert not Product.objects.filter(name="Chè giả").exists()


def test_image_upload_through_http_shows_a_thumbnail(client, alice, product_a, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(alice)
    client.post(reverse("products:image_add", args=[product_a.code]), {"image": png_upload(), "caption": "Hộp"})
    html = client.get(product_a.get_absolute_url()).content.decode()
    assert product_a.images.get().thumbnail.url in html


def test_oversized_upload_through_http_is_refused_with_a_message(client, alice, product_a, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    settings.MAX_IMAGE_BYTES = 500
    client.force_login(alice)
    response = client.post(
        reverse("products:image_add", args=[product_a.code]), {"image": png_upload(size=(600, 600))}, follow=True
    )
    assert "Ảnh quá lớn" in response.content.decode()
    assert product_a.images.count() == 0


def test_decompression_bomb_upload_through_http_is_refused_with_a_message(client, alice, product_a, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(alice)
    response = client.post(reverse("products:image_add", args=[product_a.code]), {"image": bomb_upload()}, follow=True)
    assert response.status_code == 200
    assert "Ảnh có quá nhiều điểm ảnh." in response.content.decode()
    assert product_a.images.count() == 0
    assert not any(tmp_path.rglob("*.*"))


def test_image_whose_pixels_do_not_decode_is_refused_with_a_message(client, alice, product_a, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    broken = SimpleUploadedFile("anh.png", png_declaring(100, 100, pixels=b"not zlib data" * 10))
    client.force_login(alice)
    response = client.post(reverse("products:image_add", args=[product_a.code]), {"image": broken}, follow=True)
    assert "Tệp không phải là ảnh hợp lệ." in response.content.decode()
    assert product_a.images.count() == 0


def test_product_pages_show_stars_only_from_a_current_certificate(client, erin, product_a):
    import datetime

    from areas.models import Area
    from certificates.models import Certificate
    from criteria.models import LegalVersion

    today = datetime.date.today()
    certificate = Certificate.objects.create(
        number="OCOP-TEST-1",
        product=product_a,
        stars=4,
        legal_version=LegalVersion.objects.get(code="QD26_2026"),
        province=product_a.producer.current_province,
        area_at_issue=Area.objects.get(pk=product_a.producer.area_id),
        decision_number="1/QĐ-UBND",
        decision_date=today,
        issued_on=today,
        expires_on=today + datetime.timedelta(days=1000),
    )
    client.force_login(erin)
    assert "★★★★" in client.get(reverse("products:list")).content.decode()
    assert "★★★★" in client.get(product_a.get_absolute_url()).content.decode()
    certificate.expires_on = today - datetime.timedelta(days=1)
    certificate.save()
    assert "★★★★" not in client.get(reverse("products:list")).content.decode()
    assert "★★★★" not in client.get(product_a.get_absolute_url()).content.decode()


def test_deleting_a_product_with_a_certificate_shows_why_and_keeps_it(client, alice, product_a):
    from public.tests.factories import make_certificate

    make_certificate(product_a)
    client.force_login(alice)
    response = client.post(reverse("products:delete", args=[product_a.code]), follow=True)
    assert response.redirect_chain == [(product_a.get_absolute_url(), 302)]
    assert "Không thể xoá sản phẩm đã có giấy chứng nhận OCOP" in response.content.decode()
    assert Product.objects.filter(pk=product_a.pk).exists()
