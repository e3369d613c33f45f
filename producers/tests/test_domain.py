import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Role
from areas.models import Area
from audit.models import AuditEntry
from conftest import make_producer, make_user
from notifications.models import Notification
from producers import domain
from producers.models import Producer

FIELDS = {
    "name": "HTX Mây tre đan Phú Vinh",
    "kind": "cooperative",
    "tax_code": "0300588569",
    "representative_name": "Trần Văn Bình",
    "representative_gender": "male",
    "street_address": "Thôn Phú Vinh",
    "phone": "0987654321",
}


def test_create_producer_on_current_commune_scopes_it_to_that_commune_and_province(commune_x, hanoi, carol):
    producer = domain.create_producer(by=carol, area=commune_x, **FIELDS)
    assert producer.current_commune == commune_x
    assert producer.current_province == hanoi
    assert producer.status == Producer.Status.PENDING


def test_create_producer_on_legacy_commune_rolls_up_to_todays_units(hanoi, commune_x, root):
    legacy = Area.objects.get(era=Area.Era.LEGACY, level=Area.Level.COMMUNE, code="10033")  # Phú Nghĩa, Chương Mỹ
    producer = domain.create_producer(by=root, area=legacy, **FIELDS)
    assert producer.area == legacy
    assert producer.current_commune == commune_x
    assert producer.current_province == hanoi


def test_create_producer_refuses_a_district_or_province_as_address(root, hanoi):
    district = Area.objects.get(era=Area.Era.LEGACY, level=Area.Level.DISTRICT, code="277")
    for area in (district, hanoi):
        with pytest.raises(ValidationError) as error:
            domain.create_producer(by=root, area=area, **FIELDS)
        assert "area" in error.value.error_dict
    assert not Producer.objects.filter(tax_code=FIELDS["tax_code"]).exists()


def test_duplicate_tax_code_is_refused_and_changes_nothing(producer_a, commune_y, root):
    count = Producer.objects.count()
    with pytest.raises(ValidationError) as error:
        domain.create_producer(by=root, area=commune_y, **{**FIELDS, "tax_code": producer_a.tax_code})
    assert "Đã có chủ thể đăng ký với mã số thuế này" in error.value.message_dict["tax_code"][0]
    assert Producer.objects.count() == count


def test_create_producer_is_audited_with_values(commune_x, carol):
    producer = domain.create_producer(by=carol, area=commune_x, **FIELDS)
    entry = AuditEntry.objects.get(object_id=str(producer.pk), action="create")
    assert entry.actor == carol
    assert entry.changes["tax_code"] == [None, "0300588569"]


def test_update_producer_records_before_and_after(producer_a, alice):
    domain.update_producer(producer=producer_a, by=alice, phone="0911222333")
    entry = AuditEntry.objects.filter(object_id=str(producer_a.pk), action="update").get()
    assert entry.changes == {"phone": ["0912345678", "0911222333"]}


def test_producer_changing_its_tax_code_after_verification_goes_back_to_pending(producer_a, alice):
    domain.update_producer(producer=producer_a, by=alice, tax_code="0101243150")
    producer_a.refresh_from_db()
    assert producer_a.status == Producer.Status.PENDING


def test_other_producer_cannot_update(producer_a, bob):
    with pytest.raises(PermissionDenied):
        domain.update_producer(producer=producer_a, by=bob, phone="0911222333")


def test_commune_officer_verifies_a_producer_of_their_commune(commune_x, carol):
    producer = make_producer(name="Hộ kinh doanh Hoa", area=commune_x, tax_code="001190012345", verified=False)
    domain.verify_producer(producer=producer, by=carol, approve=True)
    producer.refresh_from_db()
    assert producer.status == Producer.Status.VERIFIED
    assert producer.verified_at is not None
    assert AuditEntry.objects.filter(object_id=str(producer.pk), action="transition").exists()


@pytest.mark.parametrize(
    ("approve", "note", "message"),
    [
        (True, "", "Hồ sơ chủ thể Hộ kinh doanh Hoa đã được xác minh: chủ thể có thể đăng ký sản phẩm OCOP."),
        (False, "Không tìm thấy cơ sở", "Hồ sơ chủ thể Hộ kinh doanh Hoa không được xác minh: Không tìm thấy cơ sở"),
    ],
)
def test_verification_is_told_to_the_producers_users(commune_x, carol, approve, note, message):
    producer = make_producer(name="Hộ kinh doanh Hoa", area=commune_x, tax_code="001190012345", verified=False)
    hoa = make_user("hoa", Role.PRODUCER, producer=producer)
    domain.verify_producer(producer=producer, by=carol, approve=approve, note=note)
    assert list(Notification.objects.values_list("recipient", "message", "url")) == [
        (hoa.pk, message, producer.get_absolute_url())
    ]


def test_officer_of_another_commune_cannot_verify(commune_x, dave):
    producer = make_producer(name="Hộ kinh doanh Hoa", area=commune_x, tax_code="001190012345", verified=False)
    with pytest.raises(PermissionDenied):
        domain.verify_producer(producer=producer, by=dave, approve=True)


def test_refusing_verification_needs_a_reason(commune_x, carol):
    producer = make_producer(name="Hộ kinh doanh Hoa", area=commune_x, tax_code="001190012345", verified=False)
    with pytest.raises(ValidationError):
        domain.verify_producer(producer=producer, by=carol, approve=False, note=" ")
    domain.verify_producer(producer=producer, by=carol, approve=False, note="Không tìm thấy cơ sở sản xuất")
    assert Producer.objects.get(pk=producer.pk).status == Producer.Status.REJECTED


def test_producer_with_products_cannot_be_deleted(product_a, erin):
    with pytest.raises(ValidationError):
        domain.delete_producer(producer=product_a.producer, by=erin)
    assert Producer.objects.filter(pk=product_a.producer_id).exists()


def test_province_officer_deletes_a_producer_without_products_and_it_is_audited(producer_b, erin):
    pk = producer_b.pk
    domain.delete_producer(producer=producer_b, by=erin)
    assert not Producer.objects.filter(pk=pk).exists()
    assert AuditEntry.objects.get(object_id=str(pk), action="delete").changes["name"][0] == producer_b.name


def test_commune_officer_cannot_register_a_producer_in_another_commune(commune_y, carol):
    with pytest.raises(ValidationError) as error:
        domain.create_producer(by=carol, area=commune_y, **FIELDS)
    assert "trên địa bàn mình quản lý" in error.value.message_dict["area"][0]
    assert not Producer.objects.filter(tax_code=FIELDS["tax_code"]).exists()


def test_province_officer_registers_anywhere_in_the_province_but_not_outside(commune_y, commune_nb, erin):
    assert domain.create_producer(by=erin, area=commune_y, **FIELDS).current_commune == commune_y
    with pytest.raises(ValidationError):
        domain.create_producer(by=erin, area=commune_nb, **{**FIELDS, "tax_code": "0101243150"})


@pytest.mark.parametrize(("raw", "stored"), [("0912 345 678", "0912345678"), ("+84 912.345.678", "+84912345678")])
def test_phone_numbers_are_kept_as_digits(commune_x, carol, raw, stored):
    assert domain.create_producer(by=carol, area=commune_x, **{**FIELDS, "phone": raw}).phone == stored


@pytest.mark.parametrize("raw", ["12", "0912-abc", "09123456789012", "09+12345678"])
def test_bad_phone_numbers_are_refused(commune_x, carol, raw):
    with pytest.raises(ValidationError) as error:
        domain.create_producer(by=carol, area=commune_x, **{**FIELDS, "phone": raw})
    assert "phone" in error.value.error_dict
