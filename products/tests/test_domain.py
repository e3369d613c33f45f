import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from audit.models import AuditEntry
from conftest import make_producer
from criteria.models import CriteriaSet
from products import domain
from products.models import Product


def png_upload(name="anh.png", size=(64, 48), fmt="PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 20)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_official_code_is_province_commune_serial_year(product_a, commune_x):
    year = timezone.localdate().year
    assert product_a.official_code == f"01-{commune_x.code}-1-{year}"


def test_serials_count_up_within_a_commune(producer_a, criteria_set, alice):
    first = domain.create_product(by=alice, producer=producer_a, criteria_set=criteria_set, name="Mứt gừng")
    second = domain.create_product(by=alice, producer=producer_a, criteria_set=criteria_set, name="Gừng sấy")
    assert (first.commune_serial, second.commune_serial) == (1, 2)
    assert second.official_code.split("-")[2] == "2"


def test_legacy_producer_gets_a_code_of_todays_commune(root, criteria_set, commune_x):
    from areas.models import Area

    legacy = Area.objects.get(era=Area.Era.LEGACY, level=Area.Level.COMMUNE, code="10033")
    producer = make_producer(name="HTX cũ", area=legacy, tax_code="0101243150")
    product = domain.create_product(by=root, producer=producer, criteria_set=criteria_set, name="Miến dong")
    assert product.official_code.startswith(f"01-{commune_x.code}-")


def test_unverified_producer_cannot_register_a_product(commune_x, criteria_set, root):
    producer = make_producer(name="HTX mới", area=commune_x, tax_code="0101243150", verified=False)
    with pytest.raises(ValidationError) as error:
        domain.create_product(by=root, producer=producer, criteria_set=criteria_set, name="Mứt")
    assert "chưa được xã xác minh" in error.value.messages[0]
    assert not Product.objects.filter(producer=producer).exists()


def test_producer_cannot_register_for_another_producer(producer_b, criteria_set, alice):
    with pytest.raises(PermissionDenied):
        domain.create_product(by=alice, producer=producer_b, criteria_set=criteria_set, name="Chè")


@pytest.mark.parametrize(
    ("raw", "stored"), [("8934563138165", "08934563138165"), ("", ""), ("08934563138165", "08934563138165")]
)
def test_gtin_is_checked_and_stored_as_gtin14(raw, stored):
    assert domain.normalise_gtin(raw) == stored


@pytest.mark.parametrize("raw", ["8934563138164", "12345", "89345631381AB"])
def test_bad_gtin_is_refused(raw):
    with pytest.raises(ValidationError) as error:
        domain.normalise_gtin(raw)
    assert "gtin" in error.value.error_dict


def test_association_registers_only_tourism_products(commune_x, root):
    from producers.domain import update_producer

    producer = make_producer(name="Hội du lịch cộng đồng", area=commune_x, tax_code="0101243150")
    update_producer(producer=producer, by=root, kind="association")
    food = CriteriaSet.objects.get(legal_version__code="QD26_2026", number=1)
    with pytest.raises(ValidationError):
        domain.create_product(by=root, producer=producer, criteria_set=food, name="Rau")
    tourism = CriteriaSet.objects.get(legal_version__code="QD26_2026", number=26)
    assert domain.create_product(by=root, producer=producer, criteria_set=tourism, name="Làng cổ").pk


def test_update_product_is_audited_and_keeps_the_official_code(product_a, alice):
    code = product_a.official_code
    domain.update_product(product=product_a, by=alice, name="Mứt gừng non Phú Nghĩa")
    product_a.refresh_from_db()
    assert product_a.official_code == code
    entry = AuditEntry.objects.get(object_id=str(product_a.pk), action="update")
    assert entry.changes["name"] == ["Mứt gừng Phú Nghĩa", "Mứt gừng non Phú Nghĩa"]


def test_image_gets_a_thumbnail(product_a, alice, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    image = domain.add_product_image(product=product_a, by=alice, upload=png_upload(size=(1200, 900)))
    assert image.image_format == "png"
    with Image.open(image.thumbnail.path) as thumb:
        assert max(thumb.size) == 480


def test_file_that_is_not_an_image_is_refused_whatever_its_name(product_a, alice, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("anh.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        domain.add_product_image(product=product_a, by=alice, upload=fake)
    assert "không phải là ảnh" in error.value.messages[0]
    assert product_a.images.count() == 0


def test_gif_is_refused_as_a_format(product_a, alice, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError) as error:
        domain.add_product_image(product=product_a, by=alice, upload=png_upload("a.gif", fmt="GIF"))
    assert error.value.code == "image_format"


def test_oversized_image_is_refused(product_a, alice, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    settings.MAX_IMAGE_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        domain.add_product_image(product=product_a, by=alice, upload=png_upload(size=(800, 800)))
    assert error.value.code == "image_too_large"
    assert product_a.images.count() == 0


def test_ip_titles_are_added_and_removed_with_audit(product_a, alice):
    title = domain.add_ip_title(
        product=product_a, by=alice, kind="trademark", number="4-0123456-000", title="Mứt gừng Phú Nghĩa"
    )
    domain.remove_ip_title(title=title, by=alice)
    notes = list(AuditEntry.objects.filter(object_id=str(product_a.pk)).values_list("note", flat=True))
    assert "Thêm tài sản trí tuệ" in notes
    assert "Xoá tài sản trí tuệ" in notes


def test_an_ip_title_takes_only_its_editable_fields(product_a, alice):
    with pytest.raises(TypeError):
        domain.add_ip_title(product=product_a, by=alice, id=999, kind="trademark", number="4-01", title="Mứt gừng")
    assert not product_a.ip_titles.exists()


def _deletions(pk: int) -> int:
    return AuditEntry.objects.filter(object_id=str(pk), action="delete").count()


def test_product_with_a_dossier_cannot_be_deleted(product_a, alice):
    from dossiers.domain import create_application
    from dossiers.models import ApplicationKind

    create_application(product=product_a, kind=ApplicationKind.FIRST, by=alice)
    with pytest.raises(ValidationError) as error:
        domain.delete_product(product=product_a, by=alice)
    assert error.value.messages == [
        "Không thể xoá sản phẩm đã có hồ sơ sản phẩm: lịch sử của sản phẩm phải được giữ lại."
    ]
    assert Product.objects.filter(pk=product_a.pk).exists()
    assert _deletions(product_a.pk) == 0


def test_product_with_a_certificate_and_stamps_cannot_be_deleted(product_a, alice):
    from public.tests.factories import make_batch, make_certificate

    make_batch(product_a, make_certificate(product_a), alice)
    with pytest.raises(ValidationError) as error:
        domain.delete_product(product=product_a, by=alice)
    assert error.value.messages == [
        "Không thể xoá sản phẩm đã có giấy chứng nhận OCOP, lô tem: lịch sử của sản phẩm phải được giữ lại."
    ]
    assert Product.objects.filter(pk=product_a.pk).exists()
    assert _deletions(product_a.pk) == 0


def test_product_without_history_is_deleted(product_a, alice):
    pk = product_a.pk
    domain.delete_product(product=product_a, by=alice)
    assert not Product.objects.filter(pk=pk).exists()
    assert _deletions(pk) == 1
