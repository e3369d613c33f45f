import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from audit.models import AuditEntry
from conftest import make_producer
from products import domain
from products.models import Product

from .conftest import valid_tax_code

URL = "/api/v1/products/"

# Who sees which of product A (producer A, commune X) and product B (producer B, commune Y), both in Hà Nội.
VISIBLE = {
    "alice": {"a"},
    "bob": {"b"},
    "carol": {"a"},
    "dave": {"b"},
    "erin": {"a", "b"},
    "frank": set(),
    "council": {"a", "b"},
    "advisor": {"a", "b"},
    "minh": {"a", "b"},
    "root": {"a", "b"},
}


def png_upload() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 80, 20)).save(buffer, format="PNG")
    return SimpleUploadedFile("anh.png", buffer.getvalue(), content_type="image/png")


def audit_entries(product_pk: int):
    content_type = ContentType.objects.get_for_model(Product)
    return AuditEntry.objects.filter(content_type=content_type, object_id=str(product_pk))


def test_products_anonymous_is_refused(api, product_a):
    assert api.get(URL).status_code == 403
    assert api.get(f"{URL}{product_a.code}/").status_code == 403


@pytest.mark.parametrize("persona", VISIBLE)
def test_products_list_is_the_persona_scope(api_as, persona, product_a, product_b):
    response = api_as(persona).get(URL)

    assert response.status_code == 200
    codes = {row["code"] for row in response.json()["results"]}
    assert codes == {{"a": product_a, "b": product_b}[key].code for key in VISIBLE[persona]}


@pytest.mark.parametrize("persona", VISIBLE)
def test_products_outside_scope_are_404(api_as, persona, product_a, product_b):
    client = api_as(persona)
    for key, product in (("a", product_a), ("b", product_b)):
        expected = 200 if key in VISIBLE[persona] else 404
        assert client.get(f"{URL}{product.code}/").status_code == expected
        if expected == 404:
            assert client.patch(f"{URL}{product.code}/", {"name": "Đổi tên"}).status_code == 404
            assert client.delete(f"{URL}{product.code}/").status_code == 404


def test_product_detail(api_as, alice, product_a, producer_a, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    domain.add_product_image(product=product_a, by=alice, upload=png_upload(), caption="Hộp mứt")
    domain.add_ip_title(product=product_a, by=alice, kind="trademark", number="4-0123456-000", title="Phú Nghĩa")

    body = api_as("alice").get(f"{URL}{product_a.code}/").json()

    assert body["official_code"] == product_a.official_code
    assert body["producer"]["code"] == producer_a.code
    assert body["producer"]["url"] == f"http://testserver/api/v1/producers/{producer_a.code}/"
    criteria_set = product_a.criteria_set
    assert body["criteria_set"] == {
        "number": 7,
        "code": criteria_set.code,
        "name": criteria_set.name,
        "name_en": criteria_set.name_en,
        "legal_version": "QD26_2026",
    }
    [image] = body["images"]
    assert image["caption"] == "Hộp mứt"
    assert image["image"].startswith(f"http://testserver/media/products/{product_a.code}/")
    assert image["thumbnail"].startswith(f"http://testserver/media/products/{product_a.code}/thumbs/")
    assert body["ip_titles"] == [
        {"kind": "trademark", "status": "granted", "number": "4-0123456-000", "title": "Phú Nghĩa", "issued_on": None}
    ]


def test_products_filters(api_as, product_a, product_b, producer_a):
    client = api_as("erin")

    assert [row["code"] for row in client.get(URL, {"q": "mut gung"}).json()["results"]] == [product_a.code]
    assert client.get(URL, {"q": product_b.official_code}).json()["results"][0]["code"] == product_b.code
    assert client.get(URL, {"producer": producer_a.code}).json()["count"] == 1
    assert client.get(URL, {"criteria_set": 7}).json()["count"] == 2
    assert client.get(URL, {"criteria_set": 8}).json()["count"] == 0
    assert client.get(URL, {"criteria_set": "bảy"}).status_code == 400


@pytest.mark.parametrize("item_count", [1, 3])
def test_products_list_query_count_is_constant(
    api_as, root, producer_a, criteria_set, tmp_path, settings, django_assert_num_queries, item_count
):
    settings.MEDIA_ROOT = tmp_path
    for n in range(item_count):
        product = domain.create_product(by=root, producer=producer_a, criteria_set=criteria_set, name=f"Mứt {n}")
        domain.add_product_image(product=product, by=root, upload=png_upload())
        domain.add_ip_title(product=product, by=root, kind="trademark", number=f"4-{n}", title="Phú Nghĩa")
    client = api_as("minh")

    # session, user, count, page, images, IP titles, and the session refresh (savepoint, update, release)
    with django_assert_num_queries(9):
        response = client.get(URL)

    assert response.json()["count"] == item_count


def test_product_create_by_producer_gets_official_code(api_as, alice, producer_a, commune_x):
    response = api_as("alice").post(
        URL, {"producer": producer_a.code, "criteria_set": 7, "name": "Gừng sấy dẻo", "gtin": "8934563138165"}
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["official_code"] == f"01-{commune_x.code}-1-{timezone.localdate().year}"
    assert body["gtin"] == "08934563138165"
    product = Product.objects.get(code=body["code"])
    entry = audit_entries(product.pk).get()
    assert (entry.action, entry.actor) == ("create", alice)
    assert entry.changes["name"] == [None, "Gừng sấy dẻo"]


def test_product_create_bad_gtin_is_400_and_creates_nothing(api_as, producer_a):
    response = api_as("alice").post(
        URL, {"producer": producer_a.code, "criteria_set": 7, "name": "Gừng sấy", "gtin": "8934563138166"}
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"gtin": ["Mã GTIN 8934563138166 sai chữ số kiểm tra."]}
    assert not Product.objects.exists()
    assert not AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(Product)).exists()


def test_product_create_for_a_producer_not_seen_is_400(api_as, producer_b):
    response = api_as("alice").post(URL, {"producer": producer_b.code, "criteria_set": 7, "name": "Chè"})

    assert response.status_code == 400
    assert response.json()["errors"] == {"producer": [f"Không có chủ thể nào mã {producer_b.code}."]}
    assert not Product.objects.exists()


def test_product_create_unknown_criteria_set_is_400(api_as, producer_a):
    response = api_as("alice").post(URL, {"producer": producer_a.code, "criteria_set": 27, "name": "Mứt"})

    assert response.status_code == 400
    assert response.json()["errors"] == {"criteria_set": ["Không có bộ sản phẩm số 27."]}


def test_product_create_for_unverified_producer_is_400(api_as, commune_x):
    producer = make_producer(name="HTX mới", area=commune_x, tax_code=valid_tax_code(), verified=False)

    response = api_as("carol").post(URL, {"producer": producer.code, "criteria_set": 7, "name": "Mứt"})

    assert response.status_code == 400
    assert "chưa được xã xác minh" in response.json()["errors"]["non_field_errors"][0]


@pytest.mark.parametrize("persona", ["council", "inspector", "minh"])
def test_product_create_by_who_only_sees_the_producer_is_403(api_as, persona, producer_a):
    response = api_as(persona).post(URL, {"producer": producer_a.code, "criteria_set": 7, "name": "Mứt"})

    assert response.status_code == 403
    assert not Product.objects.exists()


def test_product_update_is_audited(api_as, carol, product_a):
    response = api_as("carol").patch(f"{URL}{product_a.code}/", {"specification": "Hộp 500 g", "criteria_set": 8})

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["specification"], body["criteria_set"]["number"]) == ("Hộp 500 g", 8)
    assert body["official_code"] == product_a.official_code
    entry = audit_entries(product_a.pk).get(action="update")
    assert entry.actor == carol
    assert entry.changes["specification"] == ["Hộp 250 g", "Hộp 500 g"]


def test_product_update_bad_gtin_is_400(api_as, product_a):
    response = api_as("alice").patch(f"{URL}{product_a.code}/", {"gtin": "123"})

    assert response.status_code == 400
    assert response.json()["errors"] == {"gtin": ["Mã GTIN phải có 8, 12, 13 hoặc 14 chữ số."]}
    product_a.refresh_from_db()
    assert product_a.gtin == ""


@pytest.mark.parametrize("persona", ["council", "minh"])
def test_product_update_by_who_only_sees_it_is_403(api_as, persona, product_a):
    assert api_as(persona).patch(f"{URL}{product_a.code}/", {"name": "Đổi tên"}).status_code == 403
    product_a.refresh_from_db()
    assert product_a.name == "Mứt gừng Phú Nghĩa"


def test_product_delete_is_audited(api_as, alice, product_a):
    pk = product_a.pk

    assert api_as("alice").delete(f"{URL}{product_a.code}/").status_code == 204

    assert not Product.objects.filter(pk=pk).exists()
    entry = audit_entries(pk).get(action="delete")
    assert entry.actor == alice
    assert entry.changes["official_code"] == [product_a.official_code, None]


def test_product_delete_by_who_only_sees_it_is_403(api_as, product_a):
    assert api_as("council").delete(f"{URL}{product_a.code}/").status_code == 403
    assert Product.objects.filter(pk=product_a.pk).exists()


def test_product_with_a_dossier_cannot_be_deleted(api_as, alice, product_a):
    from dossiers.domain import create_application
    from dossiers.models import ApplicationKind

    create_application(product=product_a, kind=ApplicationKind.FIRST, by=alice)
    response = api_as("alice").delete(f"{URL}{product_a.code}/")
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "non_field_errors": ["Không thể xoá sản phẩm đã có hồ sơ sản phẩm: lịch sử của sản phẩm phải được giữ lại."]
    }
    assert Product.objects.filter(pk=product_a.pk).exists()
    assert not audit_entries(product_a.pk).filter(action="delete").exists()
